import type { QueueTicket } from '../../../shared/api/queue';
import { vnDayOf } from '../../../shared/domain/vnday';
import type { Actor, CoreContext } from '../context';
import type { QueueTicketsTable, TicketState } from '../db/schema';
import { fail } from '../errors';
import { getSetting } from '../settings/settings';

// The queue's state machine on SQLite (issue #5). Every function here runs inside the caller's
// immediate transaction, so two calls can never interleave between a read and its write.

export type TicketRow = QueueTicketsTable;

/** The Vietnam day of the injectable clock (DOMAIN.md: days are Vietnam days whatever the PC zone). */
export function queueToday(ctx: CoreContext): string {
  return vnDayOf(ctx.now().toISOString());
}

export function findTicket(ctx: CoreContext, ticketId: string): TicketRow | undefined {
  return ctx.sqlite.prepare('SELECT * FROM queue_tickets WHERE id = ?').get(ticketId) as TicketRow | undefined;
}

export function mustFindTicket(ctx: CoreContext, ticketId: string): TicketRow {
  return findTicket(ctx, ticketId) ?? fail('not_found');
}

/**
 * The time written on the next event: the clock, but never earlier than the last event written.
 * DOMAIN.md "Office realities": PC clocks drift or are reset; the queue's history must stay in
 * order so that waiting and serving times are never negative.
 */
export function nextEventTime(ctx: CoreContext): string {
  const now = ctx.now().toISOString();
  const last = ctx.sqlite.prepare('SELECT at FROM queue_events ORDER BY id DESC LIMIT 1').get() as { at: string } | undefined;
  return last && last.at > now ? last.at : now;
}

/**
 * Moves a ticket from one of `from` to `to`, writing the event; `extra` sets more columns.
 * Throws `ticket_wrong_state` when the ticket is not in an allowed state (e.g. a second click on
 * "start serving", or another window acted first).
 */
export function transition(
  ctx: CoreContext,
  actor: Actor,
  ticket: TicketRow,
  from: readonly TicketState[],
  to: TicketState,
  options: { reason?: string | null; set?: Partial<Pick<TicketRow, 'recall_count' | 'desk' | 'served_by' | 'visit_id' | 'called_at' | 'no_show_at'>>; errorCode?: string } = {},
): { row: TicketRow; at: string } {
  if (!from.includes(ticket.state)) fail(options.errorCode ?? 'ticket_wrong_state', { params: { label: ticket.label } });
  const at = nextEventTime(ctx);
  const set = options.set ?? {};
  const columns = Object.keys(set) as (keyof typeof set)[];
  const assignments = ['state = @state', 'updated_at = @at', ...columns.map((column) => `${column} = @${column}`)].join(', ');
  ctx.sqlite.prepare(`UPDATE queue_tickets SET ${assignments} WHERE id = @id`).run({ ...set, state: to, at, id: ticket.id });
  ctx.sqlite
    .prepare('INSERT INTO queue_events (ticket_id, from_state, to_state, at, actor_id, reason) VALUES (?, ?, ?, ?, ?, ?)')
    .run(ticket.id, ticket.state, to, at, actor.id, options.reason ?? null);
  return { row: { ...ticket, ...set, state: to, updated_at: at }, at };
}

/**
 * Issue #5 point 4: at the first queue call of a new Vietnam day, tickets of earlier days still
 * waiting or called are closed as `expired` (kept, never deleted), each with its event.
 */
export function expireEarlierDays(ctx: CoreContext, actor: Actor): number {
  const today = queueToday(ctx);
  const stale = ctx.sqlite
    .prepare(`SELECT * FROM queue_tickets WHERE state IN ('waiting', 'called') AND day < ? ORDER BY day, seq`)
    .all(today) as TicketRow[];
  for (const ticket of stale) transition(ctx, actor, ticket, ['waiting', 'called'], 'expired', { reason: 'day_change' });
  return stale.length;
}

/** Waiting tickets in the order they will be called: priority first, then the lowest number (the oldest). */
export function waitingInCallOrder(ctx: CoreContext, day: string): TicketRow[] {
  return ctx.sqlite
    .prepare(`SELECT * FROM queue_tickets WHERE day = ? AND state = 'waiting' ORDER BY is_priority DESC, seq ASC`)
    .all(day) as TicketRow[];
}

export function rejoinDeadline(ctx: CoreContext, ticket: TicketRow): string | null {
  if (ticket.state !== 'no_show' || !ticket.no_show_at) return null;
  const minutes = getSetting(ctx, 'queue.rejoinMinutes');
  if (minutes <= 0) return null;
  return new Date(Date.parse(ticket.no_show_at) + minutes * 60_000).toISOString();
}

export function toTicket(ctx: CoreContext, row: TicketRow, peopleAhead: number | null = null): QueueTicket {
  return {
    id: row.id,
    day: row.day,
    seq: row.seq,
    label: row.label,
    isPriority: row.is_priority === 1,
    priorityReason: row.priority_reason,
    serviceKey: row.service_key,
    name: row.name,
    state: row.state,
    recallCount: row.recall_count,
    desk: row.desk,
    servedBy: row.served_by,
    visitId: row.visit_id,
    createdAt: row.created_at,
    calledAt: row.called_at,
    noShowAt: row.no_show_at,
    peopleAhead: row.state === 'waiting' ? peopleAhead : null,
    rejoinUntil: rejoinDeadline(ctx, row),
  };
}

/** "People ahead" for every waiting ticket of the day, by id. */
export function peopleAheadById(ctx: CoreContext, day: string): Map<string, number> {
  return new Map(waitingInCallOrder(ctx, day).map((row, index) => [row.id, index]));
}

export function formatLabel(prefix: string, seq: number): string {
  return `${prefix}-${String(seq).padStart(3, '0')}`;
}
