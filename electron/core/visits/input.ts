import type { z } from 'zod';
import { detailSchemaFor } from '../../../shared/visits';
import type { ApiFieldError } from '../../../shared/api/result';
import type { personInputSchema, serviceInputSchema } from '../../../shared/api/visits';
import type { CoreContext } from '../context';
import { fail } from '../errors';
import type { PersonWrite, ServiceWrite } from './write';
import { cachedStatement } from '../db/statement-cache';

// Turns the API's parsed input into writeVisit's shapes, and checks what the contract's zod
// schema cannot: each service's details against its own schema (shared/visits.ts), and that a
// new record only uses an active service of the catalogue.

type PersonInputParsed = z.output<typeof personInputSchema>;
type ServiceInputParsed = z.output<typeof serviceInputSchema>;

export function toPersonWrite(person: PersonInputParsed, keep: { cccd: string | null; phone: string | null } | null = null): PersonWrite {
  return {
    personId: person.personId ?? null,
    fullName: person.fullName,
    // undefined = keep the stored value (an edit by a role that only saw it masked).
    cccd: person.cccd === undefined ? (keep?.cccd ?? null) : person.cccd || null,
    birthDate: person.birthDate ?? null,
    birthYear: person.birthYear ?? null,
    gender: person.gender ?? null,
    phone: person.phone === undefined ? (keep?.phone ?? null) : person.phone || null,
    address: person.address ?? null,
    category: person.category,
    agency: person.agency ?? null,
    neighbourhood: person.neighbourhood ?? null,
  };
}

export function toServiceWrites(ctx: CoreContext, services: ServiceInputParsed[], allowInactive: ReadonlySet<string> = new Set()): ServiceWrite[] {
  const errors: ApiFieldError[] = [];
  const active = new Set((cachedStatement(ctx.sqlite, 'SELECT key FROM services WHERE is_active = 1').all() as { key: string }[]).map((r) => r.key));
  const writes = services.map((service, index): ServiceWrite => {
    if (!active.has(service.serviceKey) && !allowInactive.has(service.serviceKey)) {
      errors.push({ path: `services.${index}.serviceKey`, code: 'unknown_service' });
    }
    const parsed = detailSchemaFor(service.serviceKey).safeParse(service.detail ?? {});
    if (!parsed.success) errors.push({ path: `services.${index}.detail`, code: 'invalid_detail' });
    const detail = parsed.success ? Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined && v !== '')) : {};
    return {
      id: service.id,
      serviceKey: service.serviceKey,
      outcome: service.outcome,
      failureReason: service.failureReason ?? null,
      detail,
      followUpOfRecord: service.followUpOfRecord ?? null,
    };
  });
  if (errors.length > 0) fail('invalid_input', { fields: errors });
  return writes;
}

/**
 * DOMAIN.md: a pending service finished later is recorded on a follow-up visit linked to the first.
 * Each `followUpOfRecord` must be a pending, non-voided record of the same service (and of the
 * `followUpOf` visit when one is given).
 */
export function checkFollowUps(ctx: CoreContext, followUpOf: string | null, services: ServiceWrite[]): void {
  const errors: ApiFieldError[] = [];
  if (followUpOf) {
    const original = ctx.sqlite.prepare('SELECT id FROM visits WHERE id = ?').get(followUpOf);
    if (!original) errors.push({ path: 'followUpOf', code: 'not_found' });
  }
  services.forEach((service, index) => {
    if (!service.followUpOfRecord) return;
    const record = ctx.sqlite
      .prepare('SELECT visit_id, service_key, outcome, is_voided FROM service_records WHERE id = ?')
      .get(service.followUpOfRecord) as { visit_id: string; service_key: string; outcome: string; is_voided: number } | undefined;
    if (!record || record.is_voided === 1 || record.outcome !== 'pending' || record.service_key !== service.serviceKey || (followUpOf !== null && record.visit_id !== followUpOf)) {
      errors.push({ path: `services.${index}.followUpOfRecord`, code: 'not_pending' });
    }
  });
  if (errors.length > 0) fail('invalid_input', { fields: errors });
}
