import type { Actor, CoreContext } from '../context';
import { fail } from '../errors';
import { findTicket, transition } from './tickets';

/**
 * Issue #5 point 3: the saved visit is linked to its ticket. Called by the visits domain (issue #4)
 * inside the visit's own transaction, so the visit and the ticket's `done` land together or not
 * at all. Sets `visit_id`, moves the ticket from `serving` (or `called`, when the helper opened the
 * form straight from a call) to `done`, and writes the queue event.
 * Throws `ticket_not_servable` when the ticket is in any other state (already done, cancelled,
 * expired, …): a ticket is never served twice. Linking the same visit again is a no-op, so a
 * repeated submit of the same visit id stays idempotent.
 */
export function linkVisitToTicket(ctx: CoreContext, actor: Actor, ticketId: string, visitId: string): void {
  const ticket = findTicket(ctx, ticketId);
  if (!ticket) {
    fail('not_found');
    return;
  }
  if (ticket.state === 'done' && ticket.visit_id === visitId) return;
  transition(ctx, actor, ticket, ['serving', 'called'], 'done', {
    errorCode: 'ticket_not_servable',
    reason: 'visit_saved',
    set: { visit_id: visitId, served_by: ticket.served_by ?? actor.id },
  });
}
