import { createHash } from 'node:crypto';
import type { CoreContext, Actor } from '../context';
import type { AuditLogTable } from '../db/schema';
import type { AuditVerifyReport } from '../../../shared/api/accounts';
import { cachedStatement } from '../db/statement-cache';

// Issue #3: an append-only audit log; each entry carries the hash of the previous one so that
// verifyAuditChain() names the first entry where the chain was broken. Summaries never hold a
// password, and personal data only as masked values.

export const GENESIS_HASH = '0'.repeat(64);

export type AuditEntryInput = {
  action: string;
  entity?: string | null;
  entityId?: string | null;
  summary?: Record<string, unknown>;
};

// Every stored column but the row's own hash: what the hash covers.
type AuditRowForHash = Omit<AuditLogTable, 'seq' | 'hash'> & { seq: number };

export function hashAuditRow(row: AuditRowForHash): string {
  const canonical = JSON.stringify([
    row.seq, row.at, row.actor_id, row.actor_name, row.action, row.entity, row.entity_id, row.summary_json, row.prev_hash,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

// Issue #17 (Low): free text in an entry (a void or edit reason, a review note) may hold a CCCD
// or phone typed by hand. A run of 9 to 12 digits (CMND, phone without or with its 0, CCCD),
// spaces, dots or dashes allowed between them, keeps its first and last 3 digits, like the
// masked view. Only free-text keys are masked: file names and ids keep their digits.
const NUMBER_RUN = /(?<!\d)\d(?:[ .-]?\d){8,11}(?!\d)/g;
// Ids are kept whole: a UUID's digit-only groups could look like a run.
const UUID = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i;

export function maskNumberRuns(text: string): string {
  return text
    .split(UUID)
    .map((part, index) =>
      index % 2 === 1
        ? part
        : part.replace(NUMBER_RUN, (run) => {
            const digits = run.replace(/\D/g, '');
            return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 6)}${digits.slice(-3)}`;
          }),
    )
    .join('');
}

/** The summary keys that hold text a person typed (reasons, notes, questions, answers). */
const FREE_TEXT_KEYS = new Set(['reason', 'note', 'question', 'answer', 'comment']);

function maskNumbersIn(value: unknown, isFreeText = false): unknown {
  if (typeof value === 'string') return isFreeText ? maskNumberRuns(value) : value;
  if (Array.isArray(value)) return value.map((item) => maskNumbersIn(item, isFreeText));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskNumbersIn(v, isFreeText || FREE_TEXT_KEYS.has(k))]));
  return value;
}

/** Appends one entry. Call inside the transaction that makes the change, so both land or neither. */
export function appendAudit(ctx: CoreContext, actor: Actor, entry: AuditEntryInput): { seq: number; hash: string } {
  const last = cachedStatement(ctx.sqlite, 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
    | { seq: number; hash: string }
    | undefined;
  const row: AuditRowForHash = {
    seq: (last?.seq ?? 0) + 1,
    at: ctx.now().toISOString(),
    actor_id: actor.id,
    actor_name: actor.name,
    action: entry.action,
    entity: entry.entity ?? null,
    entity_id: entry.entityId ?? null,
    summary_json: JSON.stringify(maskNumbersIn(actor.desk ? { ...entry.summary, desk: actor.desk } : (entry.summary ?? {}))),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const hash = hashAuditRow(row);
  cachedStatement(
    ctx.sqlite,
    `INSERT INTO audit_log (seq, at, actor_id, actor_name, action, entity, entity_id, summary_json, prev_hash, hash)
       VALUES (@seq, @at, @actor_id, @actor_name, @action, @entity, @entity_id, @summary_json, @prev_hash, @hash)`,
  ).run({ ...row, hash });
  return { seq: row.seq, hash };
}

export type AuditVerifyResult = AuditVerifyReport;

export function verifyAuditChain(ctx: CoreContext): AuditVerifyResult {
  const rows = ctx.sqlite.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRowForHash & { hash: string }>;
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  let headSeq = 0;
  for (const row of rows) {
    entries += 1;
    // A deleted entry leaves a hole in the sequence: the first missing seq is where it broke.
    if (row.seq !== expectedSeq) return { ok: false, entries, brokenAtSeq: expectedSeq, reason: 'gap' };
    const selfConsistent = hashAuditRow(row) === row.hash;
    if (row.prev_hash !== prevHash) {
      // This entry is intact but does not follow the previous one: the previous entry was
      // edited and its hash recomputed. Otherwise this entry's own link was edited.
      return selfConsistent && row.seq > 1
        ? { ok: false, entries, brokenAtSeq: row.seq - 1, reason: 'rewritten' }
        : { ok: false, entries, brokenAtSeq: row.seq, reason: 'prev_hash_mismatch' };
    }
    if (!selfConsistent) return { ok: false, entries, brokenAtSeq: row.seq, reason: 'hash_mismatch' };
    prevHash = row.hash;
    headSeq = row.seq;
    expectedSeq += 1;
  }
  // Issue #18 point 3: a chain that verifies may still have been cut or rewritten as a whole; the
  // open that found it (head-seal.ts) wrote it into the log, where it stays on record.
  const broken = ctx.sqlite.prepare(`SELECT summary_json FROM audit_log WHERE action = 'audit.head_broken' ORDER BY seq DESC LIMIT 1`).get() as { summary_json: string } | undefined;
  if (broken) {
    const found = JSON.parse(broken.summary_json) as { kind: string; sealedSeq: number; foundSeq: number };
    return { ok: false, entries, brokenAtSeq: Math.min(found.sealedSeq, found.foundSeq + 1), reason: found.kind === 'cut' ? 'cut' : 'head_rewritten', sealedSeq: found.sealedSeq };
  }
  return { ok: true, entries, headSeq, headHash: prevHash };
}

/** The short form of the chain's head printed on paper tallies (issue #3/#8). */
export function auditHead(ctx: CoreContext): { seq: number; hash: string; short: string } {
  const last = ctx.sqlite.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
    | { seq: number; hash: string }
    | undefined;
  const seq = last?.seq ?? 0;
  const hash = last?.hash ?? GENESIS_HASH;
  return { seq, hash, short: `#${seq}-${hash.slice(0, 12)}` };
}
