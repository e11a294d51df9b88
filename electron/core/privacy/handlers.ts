import type { HandlerMap } from '../api/handlers-type';
import { actorOf } from '../context';
import { fail } from '../errors';
import { appendAudit } from '../audit/audit';
import { getSetting } from '../settings/settings';
import type { PersonDataReport, RetentionReport } from '../../../shared/api/privacy';
import { redactPerson, retentionCutoffDay } from './redact';

type PersonRow = {
  id: string; full_name: string | null; cccd: string | null; birth_date: string | null; birth_year: number | null; gender: string | null;
  phone: string | null; address: string | null; category: string; agency: string | null; neighbourhood: string | null;
  created_at: string; updated_at: string; redacted_at: string | null;
};

// Persons whose newest visit (or, without visits, their record) is older than the cutoff.
const EXPIRED_PERSONS = `FROM persons p
  WHERE p.redacted_at IS NULL
    AND coalesce((SELECT max(v.visit_day) FROM visits v WHERE v.person_id = p.id), substr(p.created_at, 1, 10)) < ?`;

export const privacyHandlers: HandlerMap<'privacy.runRetention' | 'privacy.retentionPreview' | 'privacy.personReport' | 'privacy.erase'> = {
  // Issue #20: how many persons the retention run would redact, asked before it runs (reads only).
  'privacy.retentionPreview': ({ core }) => {
    const cutoffDay = retentionCutoffDay(core.now(), getSetting(core, 'privacy.retentionMonths'));
    if (!cutoffDay) return { cutoffDay, persons: 0 };
    const row = core.sqlite.prepare(`SELECT count(*) AS n ${EXPIRED_PERSONS}`).get(cutoffDay) as { n: number };
    return { cutoffDay, persons: row.n };
  },

  'privacy.runRetention': ({ core, session }) => {
    const cutoffDay = retentionCutoffDay(core.now(), getSetting(core, 'privacy.retentionMonths'));
    const report: RetentionReport = { cutoffDay, redactedPersons: 0, redactedTickets: 0 };
    if (!cutoffDay) return report;
    const at = core.now().toISOString();
    core.sqlite
      .transaction(() => {
        const expired = core.sqlite.prepare(`SELECT p.id ${EXPIRED_PERSONS}`).all(cutoffDay) as { id: string }[];
        for (const { id } of expired) if (redactPerson(core, id, at)) report.redactedPersons++;
        // Names called out at the queue are personal data too.
        report.redactedTickets = core.sqlite.prepare('UPDATE queue_tickets SET name = NULL WHERE day < ? AND name IS NOT NULL').run(cutoffDay).changes;
        appendAudit(core, actorOf(session), { action: 'privacy.retention', entity: 'persons', entityId: null, summary: { ...report } });
      })
      .immediate();
    return report;
  },

  'privacy.personReport': ({ core, session }, input) => {
    const person = core.sqlite.prepare('SELECT * FROM persons WHERE id = ?').get(input.personId) as PersonRow | undefined;
    if (!person) return fail('not_found');
    const visits = core.sqlite
      .prepare('SELECT id, visited_at, consent, note, is_voided FROM visits WHERE person_id = ? ORDER BY visited_at')
      .all(input.personId) as { id: string; visited_at: string; consent: string; note: string | null; is_voided: number }[];
    const servicesOf = core.sqlite.prepare(
      'SELECT service_key, outcome, failure_reason, detail_json, review_status FROM service_records WHERE visit_id = ? ORDER BY created_at, id',
    );
    const report: PersonDataReport = {
      person: {
        id: person.id, fullName: person.full_name, cccd: person.cccd, birthDate: person.birth_date, birthYear: person.birth_year,
        gender: person.gender, phone: person.phone, address: person.address, category: person.category, agency: person.agency,
        neighbourhood: person.neighbourhood, createdAt: person.created_at, updatedAt: person.updated_at, redactedAt: person.redacted_at,
      },
      visits: visits.map((visit) => ({
        id: visit.id,
        visitedAt: visit.visited_at,
        consent: visit.consent,
        note: visit.note,
        isVoided: visit.is_voided === 1,
        services: (servicesOf.all(visit.id) as { service_key: string; outcome: string; failure_reason: string | null; detail_json: string; review_status: string | null }[]).map((s) => ({
          serviceKey: s.service_key,
          outcome: s.outcome,
          failureReason: s.failure_reason,
          detail: JSON.parse(s.detail_json) as Record<string, unknown>,
          reviewStatus: s.review_status,
        })),
      })),
    };
    // DOMAIN.md: every view of an unmasked record is audited.
    core.sqlite.transaction(() => appendAudit(core, actorOf(session), { action: 'privacy.view', entity: 'person', entityId: person.id, summary: { visits: visits.length } })).immediate();
    return report;
  },

  'privacy.erase': ({ core, session }, input) => {
    const at = core.now().toISOString();
    core.sqlite
      .transaction(() => {
        const exists = core.sqlite.prepare('SELECT redacted_at FROM persons WHERE id = ?').get(input.personId) as { redacted_at: string | null } | undefined;
        if (!exists) fail('not_found');
        if (!redactPerson(core, input.personId, at)) fail('conflict');
        appendAudit(core, actorOf(session), { action: 'privacy.erase', entity: 'person', entityId: input.personId, summary: { reason: input.reason } });
      })
      .immediate();
    return { personId: input.personId, redactedAt: at };
  },
};
