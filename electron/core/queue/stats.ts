import type { BoardCall, BoardState, QueueStats, StaffStats } from '../../../shared/api/queue';
import type { CoreContext } from '../context';
import { getSetting } from '../settings/settings';
import type { TicketRow } from './tickets';

// Issue #5 point 7: today's figures, computed from the stored transitions (queue_events), so
// waiting and serving times are exact to the event.

type EventRow = { ticket_id: string; from_state: string | null; to_state: string; at: string; actor_id: string | null };

const seconds = (fromIso: string, toIso: string) => Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000));
const average = (values: number[]) => (values.length === 0 ? null : Math.round(values.reduce((sum, v) => sum + v, 0) / values.length));

export function queueStats(ctx: CoreContext, day: string): QueueStats {
  const tickets = ctx.sqlite.prepare('SELECT * FROM queue_tickets WHERE day = ? ORDER BY seq').all(day) as TicketRow[];
  const events = ctx.sqlite
    .prepare('SELECT e.ticket_id, e.from_state, e.to_state, e.at, e.actor_id FROM queue_events e JOIN queue_tickets t ON t.id = e.ticket_id WHERE t.day = ? ORDER BY e.id')
    .all(day) as EventRow[];
  const byTicket = new Map<string, EventRow[]>();
  for (const event of events) byTicket.set(event.ticket_id, [...(byTicket.get(event.ticket_id) ?? []), event]);

  const waits: number[] = [];
  const services: number[] = [];
  const perStaff = new Map<string, number[]>();
  const servedCount = new Map<string, number>();
  for (const ticket of tickets) {
    const history = byTicket.get(ticket.id) ?? [];
    const issuedAt = history[0]?.at ?? ticket.created_at;
    // Waiting time: from the ticket's issue to its first call.
    const firstCall = history.find((e) => e.to_state === 'called');
    if (firstCall) waits.push(seconds(issuedAt, firstCall.at));
    if (ticket.state === 'done') {
      const staffId = ticket.served_by ?? history.at(-1)?.actor_id ?? null;
      if (staffId) servedCount.set(staffId, (servedCount.get(staffId) ?? 0) + 1);
      // Service time: from "start serving" to done (tickets linked straight from a call have none).
      const started = history.findLast((e) => e.to_state === 'serving');
      const doneEvent = history.findLast((e) => e.to_state === 'done');
      if (started && doneEvent) {
        const length = seconds(started.at, doneEvent.at);
        services.push(length);
        if (staffId) perStaff.set(staffId, [...(perStaff.get(staffId) ?? []), length]);
      }
    }
  }
  const names = new Map(
    (ctx.sqlite.prepare('SELECT id, full_name FROM users').all() as { id: string; full_name: string }[]).map((u) => [u.id, u.full_name]),
  );
  const staff: StaffStats[] = [...servedCount.entries()]
    .map(([staffId, served]) => ({ staffId, staffName: names.get(staffId) ?? staffId, served, averageServiceSeconds: average(perStaff.get(staffId) ?? []) }))
    .sort((a, b) => b.served - a.served || a.staffName.localeCompare(b.staffName, 'vi'));
  const count = (state: TicketRow['state']) => tickets.filter((t) => t.state === state).length;
  return {
    day,
    issued: tickets.length,
    served: count('done'),
    noShows: count('no_show'),
    cancelled: count('cancelled'),
    waiting: count('waiting'),
    averageWaitSeconds: average(waits),
    longestWaitSeconds: waits.length === 0 ? null : Math.max(...waits),
    averageServiceSeconds: average(services),
    perStaff: staff,
  };
}

const BOARD_RECENT = 6;

/**
 * The display board (issue #5 point 5). Public, so it reads ticket labels, desks and call times
 * only — the SELECT below names no other column, so a name can never reach the board.
 */
export function boardState(ctx: CoreContext, day: string): BoardState {
  const rows = ctx.sqlite
    .prepare(
      `SELECT e.id AS callId, e.ticket_id AS ticketId, e.at AS at, e.from_state AS fromState, t.label AS label, t.desk AS desk, t.state AS state
       FROM queue_events e JOIN queue_tickets t ON t.id = e.ticket_id
       WHERE e.to_state = 'called' AND t.day = ? ORDER BY e.id DESC LIMIT 40`,
    )
    .all(day) as { callId: number; ticketId: string; at: string; fromState: string | null; label: string; desk: number | null; state: string }[];
  const seen = new Set<string>();
  const calls: (BoardCall & { state: string })[] = [];
  for (const row of rows) {
    if (seen.has(row.ticketId)) continue;
    seen.add(row.ticketId);
    calls.push({ callId: row.callId, label: row.label, desk: row.desk, at: row.at, isRecall: row.fromState === 'called', state: row.state });
  }
  const strip = ({ state: _state, ...call }: BoardCall & { state: string }): BoardCall => call;
  const [latest, ...rest] = calls;
  const { waiting } = ctx.sqlite.prepare(`SELECT count(*) AS waiting FROM queue_tickets WHERE day = ? AND state = 'waiting'`).get(day) as { waiting: number };
  return {
    day,
    centerName: getSetting(ctx, 'center.name'),
    current: latest ? strip(latest) : null,
    recent: rest.slice(0, BOARD_RECENT).map(strip),
    waitingCount: waiting,
  };
}
