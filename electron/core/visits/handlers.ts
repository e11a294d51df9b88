import { can } from '../../../shared/roles';
import { maskCccd } from '../../../shared/domain/cccd';
import type { HandlerMap } from '../api/handlers-type';
import type { Session } from '../context';
import { actorOf } from '../context';
import { appendAudit } from '../audit/audit';
import { fail } from '../errors';
import { linkVisitToTicket } from '../queue/link';
import { writeVisit } from './write';
import { checkFollowUps, toPersonWrite, toServiceWrites } from './input';
import { getVisit, listFollowUps, listVisits } from './read';
import { storedIdentity, updateVisit, voidVisit } from './edit';
import { listServices, upsertService } from './catalogue';
import { clearDraft, getDraft, saveDraft } from './drafts';

const isUnmasked = (session: Session) => can(session.user?.roles, 'persons.unmasked');
const userIdOf = (session: Session): string => session.user?.id ?? fail('not_signed_in');

type VisitMethods =
  | 'visits.save' | 'visits.list' | 'visits.get' | 'visits.update' | 'visits.void' | 'visits.staff'
  | 'followups.list' | 'services.list' | 'services.upsert' | 'drafts.get' | 'drafts.save' | 'drafts.clear';

export const visitHandlers: HandlerMap<VisitMethods> = {
  'visits.save': ({ core, session }, input) => {
    const actor = actorOf(session);
    // Issue #4: the staff member is the session user and the time is the core's clock — never the page's.
    const staffId = userIdOf(session);
    const services = toServiceWrites(core, input.services);
    return core.sqlite
      .transaction(() => {
        checkFollowUps(core, input.followUpOf ?? null, services);
        const result = writeVisit(core, actor, {
          id: input.id,
          visitedAt: core.now().toISOString(),
          staffId,
          person: input.person ? toPersonWrite(input.person) : null,
          consent: input.consent,
          ticketId: input.ticketId ?? null,
          followUpOf: input.followUpOf ?? null,
          note: input.note ?? null,
          services,
        });
        // In the same transaction: the visit and the ticket's `done` land together or not at all.
        if (result.created && input.ticketId) linkVisitToTicket(core, actor, input.ticketId, result.visitId);
        return result;
      })
      .immediate();
  },

  'visits.list': ({ core, session }, input) => {
    const unmasked = isUnmasked(session);
    const list = listVisits(core, input, unmasked);
    // DOMAIN.md: a view of unmasked records is audited — once per opened list (its first page),
    // not once per page scrolled, with the filter and the count but no personal data.
    if (unmasked && (input.offset ?? 0) === 0 && list.rows.some((row) => row.cccd || row.phone)) {
      core.sqlite
        .transaction(() =>
          appendAudit(core, actorOf(session), {
            action: 'visits.view_unmasked',
            entity: 'visit',
            entityId: null,
            summary: { from: input.from, to: input.to, serviceKey: input.serviceKey ?? null, outcome: input.outcome ?? null, staffId: input.staffId ?? null, personId: input.personId ?? null, total: list.total },
          }),
        )
        .immediate();
    }
    return list;
  },

  'visits.get': ({ core, session }, input) => {
    const unmasked = isUnmasked(session);
    const visit = getVisit(core, input.visitId, unmasked) ?? fail('not_found');
    // DOMAIN.md: every view of an unmasked record goes to the audit log.
    if (unmasked && visit.person && (visit.person.cccd || visit.person.phone)) {
      core.sqlite
        .transaction(() =>
          appendAudit(core, actorOf(session), {
            action: 'person.view_unmasked',
            entity: 'visit',
            entityId: visit.id,
            summary: { personId: visit.person?.id ?? null, cccd: visit.person?.cccd ? maskCccd(visit.person.cccd) : null },
          }),
        )
        .immediate();
    }
    return visit;
  },

  'visits.update': ({ core, session }, input) => {
    const actor = actorOf(session);
    core.sqlite
      .transaction(() => {
        const stored = storedIdentity(core, input.visitId);
        // An existing service may stay on a visit even after the head deactivated it in the catalogue.
        const current = new Set((core.sqlite.prepare('SELECT service_key FROM service_records WHERE visit_id = ?').all(input.visitId) as { service_key: string }[]).map((r) => r.service_key));
        const services = toServiceWrites(core, input.services, current);
        const samePerson = !input.person?.personId || input.person.personId === stored.personId;
        const person = input.person
          ? toPersonWrite({ ...input.person, personId: input.person.personId ?? stored.personId }, samePerson ? stored : null)
          : null;
        updateVisit(core, actor, { visitId: input.visitId, reason: input.reason, person, consent: input.consent, note: input.note ?? null, services });
      })
      .immediate();
    return getVisit(core, input.visitId, isUnmasked(session)) ?? fail('not_found');
  },

  'visits.void': ({ core, session }, input) => {
    core.sqlite.transaction(() => voidVisit(core, actorOf(session), input.visitId, input.reason)).immediate();
    return getVisit(core, input.visitId, isUnmasked(session)) ?? fail('not_found');
  },

  'visits.staff': ({ core }) =>
    (core.sqlite
      .prepare(
        `SELECT id, full_name AS fullName FROM users
         WHERE id IN (SELECT DISTINCT staff_id FROM visits) OR EXISTS (SELECT 1 FROM json_each(users.roles_json) WHERE value = 'staff')
         ORDER BY full_name`,
      )
      .all() as { id: string; fullName: string }[]),

  // Issue #17 Medium 5: the head's follow-up list shows full numbers, so opening it is audited
  // (count and person ids); on a read-only database it stays masked.
  'followups.list': ({ core, session }) => {
    const unmasked = isUnmasked(session) && !core.sqlite.readonly;
    const list = listFollowUps(core, unmasked);
    const personIds = [...new Set(list.pending.flatMap((item) => (item.person && (item.person.cccd || item.person.phone) ? [item.person.id] : [])))];
    if (unmasked && personIds.length > 0) {
      core.sqlite
        .transaction(() => appendAudit(core, actorOf(session), { action: 'followups.view_unmasked', entity: 'person', entityId: null, summary: { results: personIds.length, personIds } }))
        .immediate();
    }
    return list;
  },

  'services.list': ({ core }, input) => listServices(core, input.includeInactive ?? false),

  'services.upsert': ({ core, session }, input) => {
    core.sqlite.transaction(() => upsertService(core, actorOf(session), input)).immediate();
    return listServices(core, true);
  },

  'drafts.get': ({ core, session }, input) => getDraft(core, userIdOf(session), input.name),
  'drafts.save': ({ core, session }, input) => saveDraft(core, userIdOf(session), input.name, input.value),
  'drafts.clear': ({ core, session }, input) => clearDraft(core, userIdOf(session), input.name),
};
