import { maskCccd } from '../../../shared/domain/cccd';
import { maskPhone } from '../../../shared/domain/phone';
import { normalizeText } from '../../../shared/domain/fold';
import type { ApiFieldError } from '../../../shared/api/result';
import type { Actor, CoreContext } from '../context';
import type { PersonsTable, ServiceRecordsTable, VisitsTable } from '../db/schema';
import { appendAudit } from '../audit/audit';
import { fail } from '../errors';
import { is15PlusFact } from './counting';
import { normalizePerson, upsertPerson, type PersonWrite, type ServiceWrite } from './write';

// Editing and voiding a visit (issue #4 point 6). Both need a reason, both are audited with a
// before/after summary that holds masked values only (DOMAIN.md "Personal data"). An edit of the
// person or the services recomputes the counting facts copied onto the visit's service records.

export type VisitEdit = {
  visitId: string;
  reason: string;
  person: PersonWrite | null;
  consent: 'yes' | 'no' | 'unknown';
  note: string | null;
  services: ServiceWrite[];
};

type Summary = Record<string, unknown>;

function summaryOf(ctx: CoreContext, visit: VisitsTable): Summary {
  const person = visit.person_id ? (ctx.sqlite.prepare('SELECT * FROM persons WHERE id = ?').get(visit.person_id) as PersonsTable | undefined) : undefined;
  const records = ctx.sqlite.prepare('SELECT * FROM service_records WHERE visit_id = ? ORDER BY service_key').all(visit.id) as ServiceRecordsTable[];
  return {
    personId: visit.person_id,
    cccd: person?.cccd ? maskCccd(person.cccd) : null,
    phone: person?.phone ? maskPhone(person.phone) : null,
    birthYear: person?.birth_year ?? null,
    category: visit.category_snapshot,
    consent: visit.consent,
    services: records.map((r) => `${r.service_key}:${r.outcome}${r.failure_reason ? `:${r.failure_reason}` : ''}`),
  };
}

function loadVisit(ctx: CoreContext, visitId: string): VisitsTable {
  const visit = ctx.sqlite.prepare('SELECT * FROM visits WHERE id = ?').get(visitId) as VisitsTable | undefined;
  return visit ?? fail('not_found');
}

/** Keep-values for an edit where the page sent no CCCD/phone (it only saw them masked). */
export function storedIdentity(ctx: CoreContext, visitId: string): { cccd: string | null; phone: string | null; personId: string | null } {
  const row = ctx.sqlite
    .prepare('SELECT p.id, p.cccd, p.phone FROM visits v LEFT JOIN persons p ON p.id = v.person_id WHERE v.id = ?')
    .get(visitId) as { id: string | null; cccd: string | null; phone: string | null } | undefined;
  return { cccd: row?.cccd ?? null, phone: row?.phone ?? null, personId: row?.id ?? null };
}

/** Applies an edit. Call inside a transaction. */
export function updateVisit(ctx: CoreContext, actor: Actor, edit: VisitEdit): void {
  const visit = loadVisit(ctx, edit.visitId);
  if (visit.is_voided === 1) fail('visit_voided');
  if (edit.consent === 'no' && edit.person) fail('invalid_input', { fields: [{ path: 'consent', code: 'consent_required' }] });
  const before = summaryOf(ctx, visit);

  const errors: ApiFieldError[] = [];
  const seen = new Set<string>();
  edit.services.forEach((service, index) => {
    if (seen.has(service.serviceKey)) errors.push({ path: `services.${index}.serviceKey`, code: 'duplicate_service' });
    seen.add(service.serviceKey);
    if (service.outcome === 'failed' && !service.failureReason) errors.push({ path: `services.${index}.failureReason`, code: 'required' });
    if (service.outcome !== 'failed' && service.failureReason) errors.push({ path: `services.${index}.failureReason`, code: 'only_when_failed' });
  });
  if (errors.length > 0) fail('invalid_input', { fields: errors });

  const normalized = edit.person ? normalizePerson(edit.person, visit.visit_day) : null;
  const person = edit.person && normalized ? upsertPerson(ctx, edit.person, normalized) : null;
  const now = ctx.now().toISOString();
  ctx.sqlite
    .prepare(
      `UPDATE visits SET person_id = ?, category_snapshot = ?, agency_snapshot = ?, consent = ?, note = ?, updated_at = ? WHERE id = ?`,
    )
    .run(person?.personId ?? null, normalized?.category ?? null, normalized?.agency ?? null, edit.consent, edit.note ? normalizeText(edit.note) || null : null, now, visit.id);

  const existing = new Map(
    (ctx.sqlite.prepare('SELECT * FROM service_records WHERE visit_id = ?').all(visit.id) as ServiceRecordsTable[]).map((r) => [r.id, r]),
  );
  const keptIds = new Set<string>();
  for (const service of edit.services) {
    const record = existing.get(service.id);
    if (record && record.service_key === service.serviceKey) {
      keptIds.add(record.id);
      ctx.sqlite
        .prepare('UPDATE service_records SET outcome = ?, failure_reason = ?, detail_json = ?, updated_at = ? WHERE id = ?')
        .run(service.outcome, service.failureReason, JSON.stringify(service.detail ?? {}), now, record.id);
    } else {
      if (ctx.sqlite.prepare('SELECT 1 FROM service_records WHERE id = ?').get(service.id)) fail('conflict');
      ctx.sqlite
        .prepare(
          `INSERT INTO service_records (id, visit_id, service_key, outcome, failure_reason, detail_json, visit_day, visited_at,
             is_voided, review_status, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
        )
        .run(service.id, visit.id, service.serviceKey, service.outcome, service.failureReason, JSON.stringify(service.detail ?? {}),
          visit.visit_day, visit.visited_at, service.serviceKey === 'digital_signature' ? 'pending' : null, now, now);
    }
  }
  for (const record of existing.values()) {
    if (keptIds.has(record.id)) continue;
    // A record the police reviewed, or one that a follow-up finished, is history: refuse to drop it.
    const referenced = ctx.sqlite
      .prepare('SELECT 1 FROM review_history WHERE service_record_id = ? UNION ALL SELECT 1 FROM service_records WHERE follow_up_of_record = ? LIMIT 1')
      .get(record.id, record.id);
    if (referenced) fail('record_referenced');
    ctx.sqlite.prepare('DELETE FROM service_records WHERE id = ?').run(record.id);
  }

  // DOMAIN.md: the counting facts on every record follow the edited person and snapshot.
  const is15Plus = normalized ? is15PlusFact(normalized.birthDate, normalized.birthYear, visit.visit_day) : null;
  ctx.sqlite
    .prepare('UPDATE service_records SET person_key = ?, category_snapshot = ?, is_15_plus = ?, updated_at = ? WHERE visit_id = ?')
    .run(person?.personKey ?? null, normalized?.category ?? null, is15Plus, now, visit.id);

  const after = summaryOf(ctx, loadVisit(ctx, visit.id));
  appendAudit(ctx, actor, { action: 'visit.update', entity: 'visit', entityId: visit.id, summary: { reason: edit.reason, before, after } });
}

/** Voids a visit and its service records: it stays stored and audited, and leaves every count. */
export function voidVisit(ctx: CoreContext, actor: Actor, visitId: string, reason: string): void {
  const visit = loadVisit(ctx, visitId);
  if (visit.is_voided === 1) return;
  const now = ctx.now().toISOString();
  ctx.sqlite
    .prepare('UPDATE visits SET is_voided = 1, void_reason = ?, voided_at = ?, voided_by = ?, updated_at = ? WHERE id = ?')
    .run(reason, now, actor.id, now, visitId);
  ctx.sqlite.prepare('UPDATE service_records SET is_voided = 1, updated_at = ? WHERE visit_id = ?').run(now, visitId);
  appendAudit(ctx, actor, { action: 'visit.void', entity: 'visit', entityId: visitId, summary: { reason, before: summaryOf(ctx, visit) } });
}
