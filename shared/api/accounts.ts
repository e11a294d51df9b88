import { z } from 'zod';
import { method } from './define';
import { passwordSchema, roleSchema, usernameSchema, type SessionInfo } from './app';
import type { Role } from '../roles';
import { isIsoDay } from '../domain/vnday';

// Issue #3: accounts (admin only; never deleted), lock/recovery, and the audit log.

export type AccountSummary = {
  id: string;
  username: string;
  fullName: string;
  roles: Role[];
  isActive: boolean;
  /** Set while the account is locked out after failed sign-ins (UTC ISO). */
  lockedUntil: string | null;
  createdAt: string;
  updatedAt: string;
};

export type AuditEntry = {
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string;
  action: string;
  entity: string | null;
  entityId: string | null;
  summary: Record<string, unknown>;
  hash: string;
};

export type AuditPage = { entries: AuditEntry[]; total: number; offset: number; limit: number };

/**
 * `reason`: hash_mismatch = the entry was edited; rewritten = edited and its hash recomputed (seen
 * from the next entry's link); prev_hash_mismatch = its link to the previous entry was edited;
 * gap = an entry was deleted (brokenAtSeq is the missing one).
 */
export type AuditVerifyReport =
  | { ok: true; entries: number; headSeq: number; headHash: string }
  | { ok: false; entries: number; brokenAtSeq: number; reason: 'hash_mismatch' | 'rewritten' | 'prev_hash_mismatch' | 'gap' }
  /** Issue #18: the log no longer reaches the head sealed in the key store (cut), or holds another entry there. */
  | { ok: false; entries: number; brokenAtSeq: number; reason: 'cut' | 'head_rewritten'; sealedSeq: number };

export type AuditHead = { seq: number; hash: string; short: string };

const roles = z.array(roleSchema).min(1).max(4).transform((list) => [...new Set(list)]);
const fullName = z.string().trim().min(1).max(120);
/** Accounts made through the API get a caller-made UUID; older ones may hold any short id. */
const accountId = z.string().min(1).max(64);
const vnDay = z.string().refine(isIsoDay);

/** Filters of the audit log: Vietnam days (inclusive), actor username, action (exact or prefix with `.*`). */
export const auditFilterSchema = z.strictObject({
  fromDay: vnDay.optional(),
  toDay: vnDay.optional(),
  actor: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const AUDIT_PAGE_MAX = 200;

export const accountMethods = {
  /** Locks the screen (Ctrl+L, idle timer). Allowed while already locked (dispatch ALLOWED_WHEN_LOCKED). */
  /** Issue #20: for the lock screen of a signed-in user only (null otherwise): attempts left, whom to call, why it locked. */
  'auth.lockInfo': method<{ attemptsLeft: number; maxAttempts: number; admins: string[]; reason: 'manual' | 'idle' } | null>()(z.strictObject({}), 'public'),
  'auth.lock': method<SessionInfo>()(z.strictObject({ reason: z.enum(['manual', 'idle']).default('manual') }), 'session'),
  /**
   * Tells the core the user is at work on the page (typing a long form makes no API call), so the
   * core's own idle lock (dispatch.ts) follows the page's. Called at most once a minute.
   */
  'auth.touch': method<SessionInfo>()(z.strictObject({}), 'session'),
  /** Forgot password: the one-time recovery code sets a new administrator password. Rate-limited. */
  'auth.recover': method<SessionInfo & { recoveryCode: string }>()(
    z.strictObject({
      username: z.string().trim().toLowerCase().min(1).max(64),
      recoveryCode: z.string().trim().toUpperCase().min(1).max(64),
      newPassword: passwordSchema,
    }),
    'public',
  ),

  'accounts.list': method<AccountSummary[]>()(z.strictObject({}), 'accounts.manage'),
  'accounts.create': method<AccountSummary>()(
    z.strictObject({ id: z.uuid(), username: usernameSchema, fullName, roles, password: passwordSchema }),
    'accounts.manage',
  ),
  'accounts.update': method<AccountSummary>()(z.strictObject({ id: accountId, fullName, roles }), 'accounts.manage'),
  'accounts.deactivate': method<AccountSummary>()(z.strictObject({ id: accountId }), 'accounts.manage'),
  'accounts.reactivate': method<AccountSummary>()(z.strictObject({ id: accountId }), 'accounts.manage'),
  'accounts.resetPassword': method<AccountSummary>()(
    z.strictObject({ id: accountId, newPassword: passwordSchema }),
    'accounts.manage',
  ),

  'audit.list': method<AuditPage>()(
    z.strictObject({
      filter: auditFilterSchema.default({}),
      offset: z.number().int().min(0).max(100_000_000).default(0),
      limit: z.number().int().min(1).max(AUDIT_PAGE_MAX).default(50),
    }),
    'audit.read',
  ),
  'audit.verify': method<AuditVerifyReport>()(z.strictObject({}), 'audit.read'),
  /** The short form of the chain's head, printed on paper tallies to anchor the log. */
  'audit.head': method<AuditHead>()(z.strictObject({}), 'audit.read'),
  /** CSV (UTF-8 with BOM) of the filtered log; the page saves it where the user chooses. Audited. */
  'audit.export': method<{ fileName: string; csv: string; rows: number }>()(
    z.strictObject({ filter: auditFilterSchema.default({}) }),
    'audit.read',
  ),
};
