import type { HandlerMap } from '../api/handlers-type';
import { actorOf, type Actor, type CoreContext } from '../context';
import { getSetting } from '../settings/settings';
import * as actions from './actions';
import { boardState, queueStats } from './stats';
import { expireEarlierDays, mustFindTicket, peopleAheadById, queueToday, toTicket, type TicketRow } from './tickets';

// Issue #5: the queue's API. Write paths run in one immediate transaction each (STYLE.md), so
// the desk PC and a second window can never call the same ticket twice.

type QueueMethod =
  | 'queue.state' | 'queue.get' | 'queue.issue' | 'queue.callNext' | 'queue.callTicket' | 'queue.recall' | 'queue.startServing'
  | 'queue.finish' | 'queue.noShow' | 'queue.rejoin' | 'queue.cancel' | 'queue.stats' | 'queue.board' | 'queue.openBoard';

function write<T>(core: CoreContext, work: () => T): T {
  return core.sqlite.transaction(work).immediate();
}

function todaysQueue(core: CoreContext, actor: Actor) {
  return write(core, () => {
    expireEarlierDays(core, actor);
    const day = queueToday(core);
    // Today's tickets, plus any ticket of an earlier day still being served (a visit begun before
    // midnight must still be closable from the screen the next morning).
    const rows = core.sqlite
      .prepare(`SELECT * FROM queue_tickets WHERE day = ? OR (state = 'serving' AND day < ?) ORDER BY day, seq`)
      .all(day, day) as TicketRow[];
    const ahead = peopleAheadById(core, day);
    return { day, tickets: rows.map((row) => toTicket(core, row, ahead.get(row.id) ?? null)) };
  });
}

export const queueHandlers: HandlerMap<QueueMethod> = {
  'queue.state': ({ core, session }) => {
    const { day, tickets } = todaysQueue(core, actorOf(session));
    const services = core.sqlite.prepare('SELECT key, name_vi AS nameVi, name_en AS nameEn FROM services WHERE is_active = 1 ORDER BY sort_order, key').all() as {
      key: string; nameVi: string; nameEn: string;
    }[];
    return {
      day,
      desk: session.desk?.counter ?? getSetting(core, 'desk.number'),
      centerName: getSetting(core, 'center.name'),
      recallLimit: getSetting(core, 'queue.noShowAfterRecalls'),
      rejoinMinutes: getSetting(core, 'queue.rejoinMinutes'),
      priorityReasons: getSetting(core, 'queue.priorityReasons'),
      services,
      tickets,
    };
  },

  // Read by the intake screen (issue #4) to prefill a visit from the ticket being served.
  'queue.get': ({ core }, { ticketId }) => {
    const row = mustFindTicket(core, ticketId);
    return { id: row.id, label: row.label, serviceKey: row.service_key, name: row.name, isPriority: row.is_priority === 1, state: row.state };
  },

  'queue.issue': ({ core, session }, input) =>
    write(core, () => ({ ...actions.issueTicket(core, actorOf(session), input), centerName: getSetting(core, 'center.name') })),
  'queue.callNext': ({ core, session }) => write(core, () => actions.callNext(core, actorOf(session))),
  'queue.callTicket': ({ core, session }, { ticketId, reason }) => write(core, () => actions.callTicket(core, actorOf(session), ticketId, reason)),
  'queue.recall': ({ core, session }, { ticketId }) => write(core, () => actions.recall(core, actorOf(session), ticketId)),
  'queue.startServing': ({ core, session }, { ticketId }) => write(core, () => actions.startServing(core, actorOf(session), ticketId)),
  'queue.finish': ({ core, session }, { ticketId }) => write(core, () => actions.finish(core, actorOf(session), ticketId)),
  'queue.noShow': ({ core, session }, { ticketId }) => write(core, () => actions.noShow(core, actorOf(session), ticketId)),
  'queue.rejoin': ({ core, session }, { ticketId }) => write(core, () => actions.rejoin(core, actorOf(session), ticketId)),
  'queue.cancel': ({ core, session }, { ticketId, reason }) => write(core, () => actions.cancel(core, actorOf(session), ticketId, reason ?? null)),

  'queue.stats': ({ core }, { day }) => queueStats(core, day ?? queueToday(core)),

  // Public and polled every second by the board: read-only, labels/desks/times only.
  'queue.board': ({ core }) => boardState(core, queueToday(core)),

  // Main (Electron) opens the window when this succeeds; see electron/main/board-window.ts.
  'queue.openBoard': ({ core }) => ({ opened: false, display: getSetting(core, 'queue.boardDisplay') }),
};
