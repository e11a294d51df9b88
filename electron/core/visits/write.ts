import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import { validateCccd } from '../../../shared/domain/cccd';
import { normalizePhone } from '../../../shared/domain/phone';
import { foldName, normalizeText } from '../../../shared/domain/fold';
import { isAtLeast15OnDay, isIsoDay, vnDayOf } from '../../../shared/domain/vnday';
import type { ApiFieldError } from '../../../shared/api/result';
import type { Actor, CoreContext } from '../context';
import type { Category, FailureReason, Outcome, PersonsTable, ReviewStatus } from '../db/schema';
import { appendAudit } from '../audit/audit';
import { fail } from '../errors';
import { personKeyOf } from '../persons/person-key';
import { perConnection } from '../db/statement-cache';

// The one write path for visits and their service records, used by the visit form's API
// (visits.save) and by the data import. It validates identity fields exactly as DOMAIN.md says,
// upserts the person by person key, and copies the counting facts onto each service record
// (Vietnam day, person key, category snapshot, "15 or older that day", voided) so that counting is
// set-based SQL and past tallies survive redaction (DOMAIN.md "Personal data", "Targets").

export type PersonWrite = {
  /** An existing person picked from search (used when there is no CCCD to identify them). */
  personId?: string | null;
  fullName: string;
  cccd: string | null;
  birthDate: string | null;
  birthYear: number | null;
  gender: 'male' | 'female' | null;
  phone: string | null;
  address: string | null;
  category: Category;
  agency: string | null;
  neighbourhood: string | null;
};

export type ServiceWrite = {
  id: string;
  serviceKey: string;
  outcome: Outcome;
  failureReason: FailureReason | null;
  detail: Record<string, unknown>;
  followUpOfRecord?: string | null;
  reviewStatus?: ReviewStatus | null;
  reviewReason?: string | null;
};

export type VisitWrite = {
  id: string;
  /** UTC ISO-8601 instant. */
  visitedAt: string;
  staffId: string;
  person: PersonWrite | null;
  consent: 'yes' | 'no' | 'unknown';
  ticketId?: string | null;
  followUpOf?: string | null;
  note?: string | null;
  isVoided?: boolean;
  voidReason?: string | null;
  services: ServiceWrite[];
};

export type WriteOptions = {
  /** Imports pad Excel-stripped leading zeros (DOMAIN.md); the form does not. */
  importMode?: boolean;
  /** Audit each visit (the form); an import audits once for the whole file instead. */
  audit?: boolean;
  /** Field paths are prefixed with this (e.g. 'person') so that the UI can place the error. */
  fieldPrefix?: string;
  /** The services catalogue read once by the caller for many visits (an import); otherwise read per call. */
  serviceKeys?: ReadonlySet<string>;
  /** A large import's person lookups (newPersonCache). */
  personCache?: PersonCache;
};

type WriteStatements = {
  visitById: Statement;
  serviceKeys: Statement;
  personByKey: Statement;
  personById: Statement;
  updatePerson: Statement;
  insertPerson: Statement;
  insertVisit: Statement;
  insertService: Statement;
};

// Issue #10: preparing these on every call was ~19 % of an import's CPU: once per connection.
const statementsOf = perConnection((sqlite): WriteStatements => {
  return {
    visitById: sqlite.prepare('SELECT id, person_id FROM visits WHERE id = ?'),
    serviceKeys: sqlite.prepare('SELECT key FROM services'),
    personByKey: sqlite.prepare('SELECT * FROM persons WHERE person_key = ?'),
    personById: sqlite.prepare('SELECT * FROM persons WHERE id = ?'),
    // Positional parameters (issue #10): binding by name looks every @name up on an object built
    // per row, ~3.5 µs per INSERT (~0.85 s of a 100k-row import). Arguments follow the column lists.
    updatePerson: sqlite.prepare(
      `UPDATE persons SET full_name = ?, name_folded = ?, cccd = ?, person_key = ?, birth_date = ?, birth_year = ?,
         gender = ?, phone = ?, address = ?, category = ?, agency = ?, neighbourhood = ?, updated_at = ?, redacted_at = NULL
       WHERE id = ?`,
    ),
    insertPerson: sqlite.prepare(
      `INSERT INTO persons (full_name, name_folded, cccd, person_key, birth_date, birth_year, gender, phone, address,
         category, agency, neighbourhood, updated_at, id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertVisit: sqlite.prepare(
      `INSERT INTO visits (id, person_id, staff_id, visited_at, visit_day, category_snapshot, agency_snapshot, consent,
         ticket_id, follow_up_of, note, is_voided, void_reason, voided_at, voided_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertService: sqlite.prepare(
      `INSERT INTO service_records (id, visit_id, service_key, outcome, failure_reason, detail_json, visit_day, visited_at,
         person_key, category_snapshot, is_15_plus, is_voided, follow_up_of_record, review_status, review_reason,
         created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
});

/** The keys of the services catalogue. An import reads it once and passes it as `WriteOptions.serviceKeys`. */
export function readServiceKeys(ctx: CoreContext): ReadonlySet<string> {
  return new Set((statementsOf(ctx.sqlite).serviceKeys.all() as { key: string }[]).map((r) => r.key));
}

export type NormalizedPerson = Omit<PersonWrite, 'personId'> & { personKey: string | null; nameFolded: string };

/** Validates and normalises a person's identity fields for a visit on `visitDay`. Throws `invalid_input` with field errors. */
export function normalizePerson(person: PersonWrite, visitDay: string, options: WriteOptions = {}): NormalizedPerson {
  const prefix = options.fieldPrefix ?? 'person';
  const errors: ApiFieldError[] = [];
  const fullName = normalizeText(person.fullName);
  if (!fullName) errors.push({ path: `${prefix}.fullName`, code: 'required' });
  let birthDate = person.birthDate;
  let birthYear = person.birthYear ?? (birthDate ? Number(birthDate.slice(0, 4)) : null);
  let gender = person.gender;
  if (birthDate && !isIsoDay(birthDate)) errors.push({ path: `${prefix}.birthDate`, code: 'birth_date_invalid' });
  else if (birthDate && birthDate > visitDay) errors.push({ path: `${prefix}.birthDate`, code: 'future_birth' });
  else if (birthYear !== null && (birthYear < 1900 || birthYear > Number(visitDay.slice(0, 4)))) {
    errors.push({ path: `${prefix}.birthDate`, code: 'future_birth' });
  }
  let cccd: string | null = null;
  if (person.cccd && person.cccd.trim() !== '') {
    const checked = validateCccd(person.cccd, {
      visitDay,
      ...(birthDate ? { birthDate } : {}),
      ...(birthYear !== null ? { birthYear } : {}),
      ...(gender ? { gender } : {}),
      importMode: options.importMode ?? false,
    });
    if (!checked.ok) {
      errors.push({ path: `${prefix}.${checked.error.field}`, code: checked.error.code });
    } else {
      cccd = checked.value.cccd;
      // DOMAIN.md: a blank birth date or gender is filled from the number (year only).
      birthYear = birthYear ?? checked.value.birthYear;
      gender = gender ?? checked.value.gender;
      birthDate = birthDate ?? checked.value.birthDate;
    }
  }
  let phone: string | null = null;
  if (person.phone && person.phone.trim() !== '') {
    const checked = normalizePhone(person.phone, { importMode: options.importMode ?? false });
    if (!checked.ok) errors.push({ path: `${prefix}.phone`, code: checked.error.code });
    else phone = checked.value.phone;
  }
  if (person.category === 'official' && !(person.agency ?? '').trim()) errors.push({ path: `${prefix}.agency`, code: 'required' });
  if (errors.length > 0) fail('invalid_input', { fields: errors });
  return {
    fullName,
    nameFolded: foldName(fullName),
    cccd,
    personKey: null,
    birthDate: birthDate ?? null,
    birthYear,
    gender: gender ?? null,
    phone,
    address: person.address ? normalizeText(person.address) || null : null,
    category: person.category,
    agency: person.agency ? normalizeText(person.agency) || null : null,
    neighbourhood: person.neighbourhood ? normalizeText(person.neighbourhood) || null : null,
  };
}

/**
 * For a large import (issue #10): persons found by key without a query per visit. `storedKeys` are
 * the person keys stored when the import began (only those are looked up), `written` the rows this
 * import wrote, as they stand now; `keyOfCccd` saves the HMAC of a CCCD seen again. Valid only
 * while nothing but the import's own upserts writes persons (inside its transaction).
 */
export type PersonCache = { storedKeys: ReadonlySet<string>; written: Map<string, PersonsTable>; keyOfCccd: Map<string, string> };

export function newPersonCache(ctx: CoreContext): PersonCache {
  const storedKeys = new Set(ctx.sqlite.prepare('SELECT person_key FROM persons WHERE person_key IS NOT NULL').pluck().all() as string[]);
  return { storedKeys, written: new Map(), keyOfCccd: new Map() };
}

/** Finds or creates the person and writes the submitted fields. Call inside a transaction. */
export function upsertPerson(
  ctx: CoreContext, person: PersonWrite, normalized: NormalizedPerson, cache?: PersonCache,
): { personId: string; personKey: string | null; created: boolean } {
  const now = ctx.now().toISOString();
  let personKey: string | null = null;
  if (normalized.cccd) {
    personKey = cache?.keyOfCccd.get(normalized.cccd) ?? personKeyOf(ctx, normalized.cccd);
    cache?.keyOfCccd.set(normalized.cccd, personKey);
  }
  const statements = statementsOf(ctx.sqlite);
  let existing: PersonsTable | undefined;
  if (personKey) {
    existing = cache
      ? (cache.written.get(personKey) ?? (cache.storedKeys.has(personKey) ? (statements.personByKey.get(personKey) as PersonsTable | undefined) : undefined))
      : (statements.personByKey.get(personKey) as PersonsTable | undefined);
  }
  if (!existing && person.personId) {
    existing = statements.personById.get(person.personId) as PersonsTable | undefined;
    // A picked person who already has another CCCD is a different person: never merge two keys.
    if (existing?.person_key && personKey && existing.person_key !== personKey) existing = undefined;
  }
  const row = {
    full_name: normalized.fullName,
    name_folded: normalized.nameFolded,
    cccd: normalized.cccd ?? existing?.cccd ?? null,
    person_key: personKey ?? existing?.person_key ?? null,
    birth_date: normalized.birthDate ?? existing?.birth_date ?? null,
    birth_year: normalized.birthYear ?? existing?.birth_year ?? null,
    gender: normalized.gender ?? existing?.gender ?? null,
    phone: normalized.phone ?? existing?.phone ?? null,
    address: normalized.address ?? existing?.address ?? null,
    category: normalized.category,
    agency: normalized.category === 'official' ? normalized.agency : (normalized.agency ?? null),
    neighbourhood: normalized.neighbourhood ?? existing?.neighbourhood ?? null,
    updated_at: now,
  };
  // In the order of updatePerson's and insertPerson's columns.
  const values = [
    row.full_name, row.name_folded, row.cccd, row.person_key, row.birth_date, row.birth_year, row.gender, row.phone, row.address,
    row.category, row.agency, row.neighbourhood, row.updated_at,
  ];
  if (existing) {
    statements.updatePerson.run(values, existing.id);
    if (cache && row.person_key) cache.written.set(row.person_key, { ...existing, ...row, redacted_at: null });
    return { personId: existing.id, personKey: row.person_key, created: false };
  }
  const id = randomUUID();
  statements.insertPerson.run(values, id, now);
  if (cache && row.person_key) cache.written.set(row.person_key, { ...row, id, created_at: now, redacted_at: null });
  return { personId: id, personKey: row.person_key, created: true };
}

export type WriteVisitResult = { visitId: string; personId: string | null; created: boolean };

/** A visit that passed every check of `checkVisit`: writing it raises no AppError. */
export type CheckedVisit = { visit: VisitWrite; visitDay: string; normalized: NormalizedPerson | null };

/**
 * Every check of a visit, without writing anything: services (known, not twice, failure reason
 * iff failed), consent, and the person's identity fields (DOMAIN.md). Throws `invalid_input` with
 * field errors, services first. An import checks all its visits first and then writes them (no
 * savepoint per visit: issue #10), so nothing that can refuse a visit may move to the write step.
 */
export function checkVisit(ctx: CoreContext, visit: VisitWrite, options: WriteOptions = {}): CheckedVisit {
  const visitDay = vnDayOf(visit.visitedAt);
  if (visit.services.length === 0) fail('invalid_input', { fields: [{ path: 'services', code: 'too_small' }] });
  // DOMAIN.md/issue #4: without consent only an anonymous visit is saved.
  if (visit.consent === 'no' && visit.person) fail('invalid_input', { fields: [{ path: 'consent', code: 'consent_required' }] });
  const serviceErrors: ApiFieldError[] = [];
  const activeServices = options.serviceKeys ?? readServiceKeys(ctx);
  const seenKeys = new Set<string>();
  visit.services.forEach((service, index) => {
    if (!activeServices.has(service.serviceKey)) serviceErrors.push({ path: `services.${index}.serviceKey`, code: 'unknown_service' });
    if (seenKeys.has(service.serviceKey)) serviceErrors.push({ path: `services.${index}.serviceKey`, code: 'duplicate_service' });
    seenKeys.add(service.serviceKey);
    if (service.outcome === 'failed' && !service.failureReason) serviceErrors.push({ path: `services.${index}.failureReason`, code: 'required' });
    if (service.outcome !== 'failed' && service.failureReason) serviceErrors.push({ path: `services.${index}.failureReason`, code: 'only_when_failed' });
  });
  if (serviceErrors.length > 0) fail('invalid_input', { fields: serviceErrors });
  const normalized = visit.person ? normalizePerson(visit.person, visitDay, options) : null;
  return { visit, visitDay, normalized };
}

/**
 * Writes a visit that `checkVisit` accepted and whose id is not stored yet: upserts the person,
 * inserts the visit and its service records with their counting facts. Must run inside the
 * caller's transaction.
 */
export function insertCheckedVisit(ctx: CoreContext, actor: Actor, checked: CheckedVisit, options: WriteOptions = {}): WriteVisitResult {
  const { visit, visitDay, normalized } = checked;
  const statements = statementsOf(ctx.sqlite);
  const person = visit.person && normalized ? upsertPerson(ctx, visit.person, normalized, options.personCache) : null;
  const now = ctx.now().toISOString();
  const isVoided = visit.isVoided ? 1 : 0;
  statements.insertVisit.run(
    visit.id,
    person?.personId ?? null,
    visit.staffId,
    visit.visitedAt,
    visitDay,
    normalized?.category ?? null,
    normalized?.agency ?? null,
    visit.consent,
    visit.ticketId ?? null,
    visit.followUpOf ?? null,
    visit.note ? normalizeText(visit.note) : null,
    isVoided,
    visit.isVoided ? (visit.voidReason ?? null) : null,
    visit.isVoided ? now : null,
    visit.isVoided ? actor.id : null,
    now,
    now,
  );
  const is15Plus = normalized && (normalized.birthDate || normalized.birthYear !== null)
    ? (isAtLeast15OnDay({ ...(normalized.birthDate ? { birthDate: normalized.birthDate } : {}), ...(normalized.birthYear !== null ? { birthYear: normalized.birthYear } : {}) }, visitDay) ? 1 : 0)
    : null;
  const { insertService } = statements;
  const personKey = person?.personKey ?? null;
  const category = normalized?.category ?? null;
  for (const service of visit.services) {
    const isSignature = service.serviceKey === 'digital_signature';
    insertService.run(
      service.id,
      visit.id,
      service.serviceKey,
      service.outcome,
      service.failureReason,
      JSON.stringify(service.detail ?? {}),
      visitDay,
      visit.visitedAt,
      personKey,
      category,
      is15Plus,
      isVoided,
      service.followUpOfRecord ?? null,
      // Issue #4: signature records start with review status `pending`.
      isSignature ? (service.reviewStatus ?? 'pending') : null,
      isSignature ? (service.reviewReason ?? null) : null,
      now,
      now,
    );
  }
  if (options.audit !== false) {
    appendAudit(ctx, actor, {
      action: 'visit.create',
      entity: 'visit',
      entityId: visit.id,
      summary: { services: visit.services.map((s) => `${s.serviceKey}:${s.outcome}`), anonymous: !person, consent: visit.consent },
    });
  }
  return { visitId: visit.id, personId: person?.personId ?? null, created: true };
}

/** True when a visit with this id is stored (writeVisit is idempotent by visit id). */
export function visitIsStored(ctx: CoreContext, visitId: string): boolean {
  return statementsOf(ctx.sqlite).visitById.get(visitId) !== undefined;
}

/**
 * Writes one visit with its services. Idempotent by visit id: an id already stored returns
 * `created: false` and changes nothing (a double submit or retried request makes one visit).
 * Must run inside the caller's transaction.
 */
export function writeVisit(ctx: CoreContext, actor: Actor, visit: VisitWrite, options: WriteOptions = {}): WriteVisitResult {
  const existing = statementsOf(ctx.sqlite).visitById.get(visit.id) as { id: string; person_id: string | null } | undefined;
  if (existing) return { visitId: existing.id, personId: existing.person_id, created: false };
  return insertCheckedVisit(ctx, actor, checkVisit(ctx, visit, options), options);
}

/** Today's Vietnam day from the core clock. */
export function todayVn(ctx: CoreContext): string {
  return vnDayOf(ctx.now().toISOString());
}
