import { z } from 'zod';
import { method } from './define';
import { isoDaySchema } from './day';

// Issue #5: the help desk's local queue. States and transitions:
//   waiting → called → serving → done
//   called → called (recall) · called → no_show (by hand, or after N recalls) · no_show → waiting (rejoin)
//   waiting | called | no_show → cancelled · earlier days' waiting | called → expired
// Every transition is a row in queue_events with its time and actor.

export const TICKET_STATES = ['waiting', 'called', 'serving', 'done', 'no_show', 'cancelled', 'expired'] as const;
export type TicketStateName = (typeof TICKET_STATES)[number];

/** A ticket as the desk sees it (queue.read roles only: it may hold the citizen's name). */
export type QueueTicket = {
  id: string;
  day: string;
  seq: number;
  label: string;
  isPriority: boolean;
  priorityReason: string | null;
  serviceKey: string | null;
  name: string | null;
  state: TicketStateName;
  recallCount: number;
  desk: number | null;
  servedBy: string | null;
  visitId: string | null;
  createdAt: string;
  calledAt: string | null;
  noShowAt: string | null;
  /** Waiting tickets only: how many waiting tickets will be called before this one. */
  peopleAhead: number | null;
  /** No-show tickets only: until when the ticket may rejoin (UTC ISO), null when it may not. */
  rejoinUntil: string | null;
};

export type QueueService = { key: string; nameVi: string; nameEn: string };

export type QueueState = {
  day: string;
  desk: number;
  centerName: string;
  recallLimit: number;
  rejoinMinutes: number;
  priorityReasons: string[];
  services: QueueService[];
  /** Today's tickets in number order (after any earlier day's ticket still being served). */
  tickets: QueueTicket[];
};

export type IssuedTicket = { ticket: QueueTicket; peopleAhead: number; centerName: string };

/** One call shown on the display board: labels, desks and times only — never a name. */
export type BoardCall = { callId: number; label: string; desk: number | null; at: string; isRecall: boolean };
export type BoardState = {
  day: string;
  centerName: string;
  /** The latest call (the number now invited to the desk), or null. */
  current: BoardCall | null;
  /** The calls before it, newest first. */
  recent: BoardCall[];
  waitingCount: number;
};

export type StaffStats = { staffId: string; staffName: string; served: number; averageServiceSeconds: number | null };
export type QueueStats = {
  day: string;
  issued: number;
  served: number;
  noShows: number;
  cancelled: number;
  waiting: number;
  averageWaitSeconds: number | null;
  longestWaitSeconds: number | null;
  averageServiceSeconds: number | null;
  perStaff: StaffStats[];
};

/** What the intake screen (issue #4) reads to prefill a visit from a ticket. */
export type TicketForIntake = { id: string; label: string; serviceKey: string | null; name: string | null; isPriority: boolean; state: TicketStateName };

const ticketId = z.uuid();
const reason = z.string().trim().min(1).max(200);

export const queueMethods = {
  'queue.state': method<QueueState>()(z.strictObject({}), 'queue.read'),
  'queue.get': method<TicketForIntake>()(z.strictObject({ ticketId }), 'queue.read'),
  'queue.issue': method<IssuedTicket>()(
    z.strictObject({
      /** Made by the page: a repeated submit returns the same ticket (STYLE.md). */
      id: ticketId,
      isPriority: z.boolean(),
      priorityReason: z.string().trim().min(1).max(120).nullable().optional(),
      serviceKey: z.string().trim().min(1).max(64).nullable().optional(),
      name: z.string().trim().max(120).nullable().optional(),
    }),
    'queue.operate',
  ),
  'queue.callNext': method<{ ticket: QueueTicket | null; autoNoShow: QueueTicket | null }>()(z.strictObject({}), 'queue.operate'),
  /** Calls one waiting ticket out of order; the reason is stored with the event. */
  'queue.callTicket': method<QueueTicket>()(z.strictObject({ ticketId, reason }), 'queue.operate'),
  'queue.recall': method<QueueTicket>()(z.strictObject({ ticketId }), 'queue.operate'),
  'queue.startServing': method<QueueTicket>()(z.strictObject({ ticketId }), 'queue.operate'),
  /** Serving → done without a visit (e.g. the citizen only asked a question). */
  'queue.finish': method<QueueTicket>()(z.strictObject({ ticketId }), 'queue.operate'),
  'queue.noShow': method<QueueTicket>()(z.strictObject({ ticketId }), 'queue.operate'),
  'queue.rejoin': method<QueueTicket>()(z.strictObject({ ticketId }), 'queue.operate'),
  'queue.cancel': method<QueueTicket>()(z.strictObject({ ticketId, reason: reason.optional() }), 'queue.operate'),
  'queue.stats': method<QueueStats>()(z.strictObject({ day: isoDaySchema.optional() }), 'queue.read'),
  /** Public: the display board runs without sign-in, so it returns labels, desks and times only. */
  'queue.board': method<BoardState>()(z.strictObject({}), 'public'),
  /**
   * Opens the display board window. The core checks access and returns the chosen display; in
   * Electron, main sees the successful result and opens the window (`opened: true`). Elsewhere
   * (the browser transport) `opened` stays false and the page opens `#/board` itself.
   */
  'queue.openBoard': method<{ opened: boolean; display: number }>()(z.strictObject({}), 'queue.operate'),
};
