import type { QueueTicket } from '../../../shared/api/queue';
import type { Actor, CoreContext } from '../context';
import { appendAudit } from '../audit/audit';
import { fail } from '../errors';
import { getSetting } from '../settings/settings';
import {
  expireEarlierDays, formatLabel, mustFindTicket, nextEventTime, peopleAheadById, queueToday, rejoinDeadline, toTicket, transition,
  waitingInCallOrder, type TicketRow,
} from './tickets';

// The queue's actions (issue #5 points 1–3). Each runs inside one immediate transaction opened by
// the handler, and starts by closing earlier days' open tickets (point 4).

export type IssueInput = { id: string; isPriority: boolean; priorityReason?: string | null | undefined; serviceKey?: string | null | undefined; name?: string | null | undefined };

function withPeopleAhead(ctx: CoreContext, row: TicketRow): QueueTicket {
  return toTicket(ctx, row, row.state === 'waiting' ? peopleAheadById(ctx, row.day).get(row.id) ?? 0 : null);
}

export function issueTicket(ctx: CoreContext, actor: Actor, input: IssueInput): { ticket: QueueTicket; peopleAhead: number } {
  expireEarlierDays(ctx, actor);
  const existing = ctx.sqlite.prepare('SELECT * FROM queue_tickets WHERE id = ?').get(input.id) as TicketRow | undefined;
  // STYLE.md: ids are made by the page, so a repeated submit returns the ticket already issued.
  if (existing) {
    const ticket = withPeopleAhead(ctx, existing);
    return { ticket, peopleAhead: ticket.peopleAhead ?? 0 };
  }
  const priorityReason = input.isPriority ? input.priorityReason?.normalize('NFC') ?? null : null;
  if (priorityReason !== null && !getSetting(ctx, 'queue.priorityReasons').includes(priorityReason)) {
    fail('invalid_input', { fields: [{ path: 'priorityReason', code: 'invalid_value' }] });
  }
  const serviceKey = input.serviceKey ?? null;
  if (serviceKey !== null && !ctx.sqlite.prepare('SELECT 1 FROM services WHERE key = ? AND is_active = 1').get(serviceKey)) {
    fail('invalid_input', { fields: [{ path: 'serviceKey', code: 'invalid_value' }] });
  }
  const name = input.name?.normalize('NFC').trim() || null;
  const day = queueToday(ctx);
  const { lastSeq } = ctx.sqlite.prepare('SELECT COALESCE(MAX(seq), 0) AS lastSeq FROM queue_tickets WHERE day = ?').get(day) as { lastSeq: number };
  const seq = lastSeq + 1;
  const prefix = getSetting(ctx, input.isPriority ? 'queue.priorityPrefix' : 'queue.deskPrefix');
  const at = nextEventTime(ctx);
  ctx.sqlite
    .prepare(
      `INSERT INTO queue_tickets (id, day, seq, label, is_priority, priority_reason, service_key, name, state, recall_count, desk, served_by, visit_id, created_at, updated_at, called_at, no_show_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'waiting', 0, NULL, NULL, NULL, ?, ?, NULL, NULL)`,
    )
    .run(input.id, day, seq, formatLabel(prefix, seq), input.isPriority ? 1 : 0, priorityReason, serviceKey, name, at, at);
  ctx.sqlite.prepare('INSERT INTO queue_events (ticket_id, from_state, to_state, at, actor_id, reason) VALUES (?, NULL, ?, ?, ?, NULL)').run(input.id, 'waiting', at, actor.id);
  const ticket = withPeopleAhead(ctx, mustFindTicket(ctx, input.id));
  return { ticket, peopleAhead: ticket.peopleAhead ?? 0 };
}

/**
 * One desk calls one citizen at a time: before another call, the ticket now called must be served
 * or marked absent. A ticket already recalled N times (setting) is marked no-show automatically.
 */
function freeTheCallSlot(ctx: CoreContext, actor: Actor): TicketRow | null {
  // Issue #22: with several desks, each desk's own call blocks only that desk.
  const called = (actor.counter === undefined
    ? ctx.sqlite.prepare(`SELECT * FROM queue_tickets WHERE state = 'called' ORDER BY called_at`).all()
    : ctx.sqlite.prepare(`SELECT * FROM queue_tickets WHERE state = 'called' AND desk = ? ORDER BY called_at`).all(actor.counter)) as TicketRow[];
  const limit = getSetting(ctx, 'queue.noShowAfterRecalls');
  const blocking = called.find((row) => row.recall_count < limit);
  if (blocking) fail('ticket_already_called', { params: { label: blocking.label } });
  let autoNoShow: TicketRow | null = null;
  for (const row of called) autoNoShow = markNoShow(ctx, actor, row, 'max_recalls');
  return autoNoShow;
}

function markNoShow(ctx: CoreContext, actor: Actor, row: TicketRow, reason: string): TicketRow {
  const at = nextEventTime(ctx);
  return transition(ctx, actor, row, ['called'], 'no_show', { reason, set: { no_show_at: at } }).row;
}

function call(ctx: CoreContext, actor: Actor, row: TicketRow, reason: string | null): TicketRow {
  const at = nextEventTime(ctx);
  return transition(ctx, actor, row, ['waiting'], 'called', { reason, set: { desk: actor.counter ?? getSetting(ctx, 'desk.number'), called_at: at, recall_count: 0 } }).row;
}

export function callNext(ctx: CoreContext, actor: Actor): { ticket: QueueTicket | null; autoNoShow: QueueTicket | null } {
  expireEarlierDays(ctx, actor);
  const next = waitingInCallOrder(ctx, queueToday(ctx))[0];
  if (!next) {
    // Nobody waiting: refuse only if a call is still open, so the helper knows why nothing happens.
    const open = ctx.sqlite.prepare(`SELECT * FROM queue_tickets WHERE state = 'called' LIMIT 1`).get() as TicketRow | undefined;
    if (open && open.recall_count < getSetting(ctx, 'queue.noShowAfterRecalls')) fail('ticket_already_called', { params: { label: open.label } });
    return { ticket: null, autoNoShow: null };
  }
  const autoNoShow = freeTheCallSlot(ctx, actor);
  return { ticket: toTicket(ctx, call(ctx, actor, next, null)), autoNoShow: autoNoShow ? toTicket(ctx, autoNoShow) : null };
}

export function callTicket(ctx: CoreContext, actor: Actor, ticketId: string, reason: string): QueueTicket {
  expireEarlierDays(ctx, actor);
  const row = mustFindTicket(ctx, ticketId);
  if (row.state !== 'waiting') fail('ticket_wrong_state', { params: { label: row.label } });
  freeTheCallSlot(ctx, actor);
  const called = call(ctx, actor, row, reason);
  // Calling out of order is a judgement the head may want to see: it goes to the audit log too.
  appendAudit(ctx, actor, { action: 'queue.callOutOfOrder', entity: 'queue_ticket', entityId: row.id, summary: { label: row.label, reason } });
  return toTicket(ctx, called);
}

export function recall(ctx: CoreContext, actor: Actor, ticketId: string): QueueTicket {
  expireEarlierDays(ctx, actor);
  const row = mustFindTicket(ctx, ticketId);
  if (row.state !== 'called') fail('ticket_wrong_state', { params: { label: row.label } });
  // Issue #5 point 2: no-show after N recalls.
  if (row.recall_count >= getSetting(ctx, 'queue.noShowAfterRecalls')) return toTicket(ctx, markNoShow(ctx, actor, row, 'max_recalls'));
  const at = nextEventTime(ctx);
  return toTicket(ctx, transition(ctx, actor, row, ['called'], 'called', { reason: 'recall', set: { recall_count: row.recall_count + 1, called_at: at } }).row);
}

export function startServing(ctx: CoreContext, actor: Actor, ticketId: string): QueueTicket {
  expireEarlierDays(ctx, actor);
  const row = mustFindTicket(ctx, ticketId);
  return toTicket(ctx, transition(ctx, actor, row, ['called'], 'serving', { set: { served_by: actor.id } }).row);
}

export function finish(ctx: CoreContext, actor: Actor, ticketId: string): QueueTicket {
  const row = mustFindTicket(ctx, ticketId);
  return toTicket(ctx, transition(ctx, actor, row, ['serving'], 'done', { reason: 'finished_without_visit' }).row);
}

export function noShow(ctx: CoreContext, actor: Actor, ticketId: string): QueueTicket {
  expireEarlierDays(ctx, actor);
  const row = mustFindTicket(ctx, ticketId);
  if (row.state !== 'called') fail('ticket_wrong_state', { params: { label: row.label } });
  return toTicket(ctx, markNoShow(ctx, actor, row, 'by_hand'));
}

/** Issue #5 point 2: a no-show may rejoin within the set time and keeps its number (and its place). */
export function rejoin(ctx: CoreContext, actor: Actor, ticketId: string): QueueTicket {
  expireEarlierDays(ctx, actor);
  const row = mustFindTicket(ctx, ticketId);
  if (row.state !== 'no_show') fail('ticket_wrong_state', { params: { label: row.label } });
  const deadline = rejoinDeadline(ctx, row);
  if (row.day !== queueToday(ctx) || deadline === null || ctx.now().toISOString() > deadline) fail('rejoin_window_passed', { params: { label: row.label } });
  const rejoined = transition(ctx, actor, row, ['no_show'], 'waiting', { reason: 'rejoin', set: { recall_count: 0 } }).row;
  return withPeopleAhead(ctx, rejoined);
}

export function cancel(ctx: CoreContext, actor: Actor, ticketId: string, reason: string | null): QueueTicket {
  expireEarlierDays(ctx, actor);
  const row = mustFindTicket(ctx, ticketId);
  const cancelled = transition(ctx, actor, row, ['waiting', 'called', 'no_show'], 'cancelled', { reason }).row;
  appendAudit(ctx, actor, { action: 'queue.cancel', entity: 'queue_ticket', entityId: row.id, summary: { label: row.label, reason } });
  return toTicket(ctx, cancelled);
}
