import { randomUUID } from 'node:crypto';
import { writeVisit, type PersonWrite, type ServiceWrite, type VisitWrite } from '../../electron/core/visits/write';
import type { Core } from '../../electron/core/core';
import type { Category, Outcome, ReviewStatus } from '../../electron/core/db/schema';
import { parseVnDateTime } from '../../shared/domain/vnday';

// Test fixtures for counting and import: visits written through the one real write path
// (visits/write.ts writeVisit), with times given as Vietnam wall-clock 'dd/MM/yyyy HH:mm'.

/** A valid CCCD: Đắk Lắk (066), century/gender digit for `year`, and a serial. */
export function cccdFor(year: number, gender: 'male' | 'female', serial: number): string {
  const digit = (year < 2000 ? 0 : 2) + (gender === 'female' ? 1 : 0);
  return `066${digit}${String(year % 100).padStart(2, '0')}${String(serial).padStart(6, '0')}`;
}

export type PersonSpec = Partial<PersonWrite> & { cccd?: string | null };

export function person(spec: PersonSpec = {}): PersonWrite {
  return {
    fullName: 'Nguyễn Văn An', cccd: null, birthDate: null, birthYear: null, gender: null, phone: null, address: null,
    category: 'citizen' as Category, agency: null, neighbourhood: null, ...spec,
  };
}

export type ServiceSpec = {
  key: string;
  outcome?: Outcome;
  failureReason?: ServiceWrite['failureReason'];
  review?: ReviewStatus;
  reviewReason?: string;
  followUpOfRecord?: string;
  id?: string;
};

export type VisitSpec = {
  /** Vietnam wall-clock time 'dd/MM/yyyy HH:mm'. */
  at: string;
  person?: PersonWrite | null;
  services: ServiceSpec[];
  voided?: boolean;
  id?: string;
  consent?: VisitWrite['consent'];
};

export function visitWrite(staffId: string, spec: VisitSpec): VisitWrite {
  const visitedAt = parseVnDateTime(spec.at);
  if (!visitedAt) throw new Error(`bad fixture time ${spec.at}`);
  return {
    id: spec.id ?? randomUUID(),
    visitedAt,
    staffId,
    person: spec.person === undefined ? null : spec.person,
    consent: spec.consent ?? (spec.person ? 'yes' : 'unknown'),
    isVoided: spec.voided ?? false,
    services: spec.services.map((s) => ({
      id: s.id ?? randomUUID(),
      serviceKey: s.key,
      outcome: s.outcome ?? 'completed',
      failureReason: s.failureReason ?? (s.outcome === 'failed' ? 'other' : null),
      detail: {},
      followUpOfRecord: s.followUpOfRecord ?? null,
      reviewStatus: s.review ?? null,
      reviewReason: s.reviewReason ?? null,
    })),
  };
}

/** Writes visits through writeVisit in one transaction; returns their ids. */
export function seedVisits(core: Core, staffId: string, specs: VisitSpec[]): string[] {
  const actor = { id: staffId, name: 'fixture' };
  return core.ctx.sqlite.transaction(() => specs.map((spec) => writeVisit(core.ctx, actor, visitWrite(staffId, spec)).visitId))();
}

/** A staff account to attribute fixture visits to (inserted directly: accounts are not under test here). */
export function seedStaff(core: Core, username = 'nhanvien1', fullName = 'Lê Thị Hoa'): string {
  const id = `staff-${username}`;
  const now = new Date().toISOString();
  core.ctx.sqlite
    .prepare(
      `INSERT INTO users (id, username, full_name, password_hash, roles_json, is_active, failed_attempts, locked_until, created_at, updated_at)
       VALUES (?, ?, ?, '!fixture', '["staff"]', 1, 0, NULL, ?, ?)`,
    )
    .run(id, username, fullName, now, now);
  return id;
}

/**
 * DOMAIN.md "Personal data": redaction nulls name, CCCD digits, phone, address and full birth date,
 * keeps the person key, and leaves the service records' counting facts alone.
 */
export function redactPerson(core: Core, cccdKeyOwnerId: string): void {
  core.ctx.sqlite
    .prepare(
      `UPDATE persons SET full_name = NULL, name_folded = NULL, cccd = NULL, phone = NULL, address = NULL, birth_date = NULL,
         redacted_at = ? WHERE id = ?`,
    )
    .run(new Date().toISOString(), cccdKeyOwnerId);
}
