import type { AuditEntry, AuditFilter } from '../../../shared/api/accounts';
import { addDays, VN_OFFSET_MS } from '../../../shared/domain/vnday';
import type { CoreContext } from '../context';
import type { AuditLogTable } from '../db/schema';

// Browsing the audit log (issue #3 point 5): filters by Vietnam day range, actor and action.

type Row = Omit<AuditLogTable, 'seq'> & { seq: number };

/** The UTC instant (ISO) at which a Vietnam day starts. */
export function vnDayStartUtc(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - VN_OFFSET_MS).toISOString();
}

function whereOf(filter: AuditFilter): { sql: string; params: string[] } {
  const clauses: string[] = [];
  const params: string[] = [];
  if (filter.fromDay) {
    clauses.push('at >= ?');
    params.push(vnDayStartUtc(filter.fromDay));
  }
  if (filter.toDay) {
    clauses.push('at < ?');
    params.push(vnDayStartUtc(addDays(filter.toDay, 1)));
  }
  if (filter.actor) {
    clauses.push('actor_name = ?');
    params.push(filter.actor.toLowerCase());
  }
  if (filter.action) {
    // "auth" finds auth.login, auth.login_failed…; "auth.login" finds exactly that action.
    // substr() instead of LIKE: no wildcard in the typed text can widen the match.
    clauses.push('(action = ? OR substr(action, 1, length(?) + 1) = ? || \'.\')');
    params.push(filter.action, filter.action, filter.action);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export function toAuditEntry(row: Row): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actorId: row.actor_id,
    actorName: row.actor_name,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    summary: JSON.parse(row.summary_json) as Record<string, unknown>,
    hash: row.hash,
  };
}

/** One page, newest first, and the number of matching entries. */
export function listAudit(ctx: CoreContext, filter: AuditFilter, offset: number, limit: number): { entries: AuditEntry[]; total: number } {
  const where = whereOf(filter);
  const total = (ctx.sqlite.prepare(`SELECT count(*) AS n FROM audit_log ${where.sql}`).get(...where.params) as { n: number }).n;
  const rows = ctx.sqlite
    .prepare(`SELECT * FROM audit_log ${where.sql} ORDER BY seq DESC LIMIT ? OFFSET ?`)
    .all(...where.params, limit, offset) as Row[];
  return { entries: rows.map(toAuditEntry), total };
}

/** Every matching row, oldest first (for the export). */
export function iterateAudit(ctx: CoreContext, filter: AuditFilter): IterableIterator<Row> {
  const where = whereOf(filter);
  return ctx.sqlite.prepare(`SELECT * FROM audit_log ${where.sql} ORDER BY seq`).iterate(...where.params) as IterableIterator<Row>;
}
