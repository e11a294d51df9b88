import { createHash, randomUUID } from 'node:crypto';
import { foldName } from '../../../shared/domain/fold';
import type { Actor, CoreContext } from '../context';
import { appendAudit } from '../audit/audit';

// The `staff` column of an import (issue #7, "we decide", README "Data format"): it names an
// account by username (case-insensitive) or, failing that, by full name (accents and case
// ignored). A name matching no account becomes an *inactive* staff account made for the import:
// it keeps who helped the citizen, can never sign in (no valid password hash, is_active = 0), and
// its creation is audited. A blank `staff` cell is attributed to one such account, "imported".
// The export writes the username, so export → import maps back to the same accounts.

/** Never a valid scrypt hash (accounts/passwords.ts verifyPassword refuses it). */
const NO_LOGIN_HASH = '!import-no-login';
const UNKNOWN_STAFF_USERNAME = 'imported';

export type StaffResolver = {
  /** The user id for a staff cell, creating the inactive account on first use. */
  idFor(name: string): string;
  /** The user id of an existing account for a staff cell, or null (never creates). */
  existingIdFor(name: string): string | null;
  /** Names for which an account was made during this import. */
  created(): string[];
};

export function resolveStaff(ctx: CoreContext, actor: Actor): StaffResolver {
  const users = ctx.sqlite.prepare('SELECT id, username, full_name FROM users ORDER BY created_at, id').all() as { id: string; username: string; full_name: string }[];
  const byUsername = new Map(users.map((u) => [u.username.toLowerCase(), u.id]));
  const byName = new Map<string, string>();
  for (const u of users) if (!byName.has(foldName(u.full_name))) byName.set(foldName(u.full_name), u.id);
  const createdNames: string[] = [];

  const existingIdFor = (name: string): string | null => {
    const trimmed = name.trim();
    if (trimmed === '') return byUsername.get(UNKNOWN_STAFF_USERNAME) ?? null;
    return byUsername.get(trimmed.toLowerCase()) ?? byName.get(foldName(trimmed)) ?? null;
  };

  const create = (fullName: string, username: string): string => {
    const id = randomUUID();
    const now = ctx.now().toISOString();
    ctx.sqlite
      .prepare(
        `INSERT INTO users (id, username, full_name, password_hash, roles_json, is_active, failed_attempts, locked_until, created_at, updated_at)
         VALUES (?, ?, ?, ?, '["staff"]', 0, 0, NULL, ?, ?)`,
      )
      .run(id, username, fullName, NO_LOGIN_HASH, now, now);
    appendAudit(ctx, actor, { action: 'account.create_for_import', entity: 'user', entityId: id, summary: { username, isActive: false } });
    byUsername.set(username, id);
    byName.set(foldName(fullName), id);
    return id;
  };

  return {
    existingIdFor,
    idFor(name) {
      const found = existingIdFor(name);
      if (found) return found;
      const trimmed = name.trim();
      if (trimmed === '') return create('Nhân viên không rõ (dữ liệu nhập)', UNKNOWN_STAFF_USERNAME);
      createdNames.push(trimmed);
      return create(trimmed, usernameFor(trimmed, byUsername));
    },
    created: () => [...createdNames],
  };
}

/** 'Nguyễn Văn Bình' → 'nguyen-van-binh-1a2b' (the accounts' username pattern, unique). */
function usernameFor(fullName: string, taken: Map<string, string>): string {
  const slug = foldName(fullName).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 22) || 'staff';
  const hash = createHash('sha256').update(fullName, 'utf8').digest('hex');
  for (let i = 0; i < 60; i += 4) {
    const candidate = `${slug}-${hash.slice(i, i + 4)}`;
    if (!taken.has(candidate)) return candidate;
  }
  return `${slug}-${randomUUID().slice(0, 8)}`;
}
