import { maskCccd } from '../../../shared/domain/cccd';
import { maskPhone } from '../../../shared/domain/phone';
import type { PersonView } from '../../../shared/api/visits';
import type { PersonsTable } from '../db/schema';

// DOMAIN.md "Personal data": CCCD and phone are shown masked except to a role that needs them
// (PERMISSIONS 'persons.unmasked'). Masking happens here, in the core, so a masked caller never
// receives the digits at all.

export function personView(row: PersonsTable, unmasked: boolean): PersonView {
  return {
    id: row.id,
    fullName: row.full_name,
    cccd: row.cccd ? (unmasked ? row.cccd : maskCccd(row.cccd)) : null,
    phone: row.phone ? (unmasked ? row.phone : maskPhone(row.phone)) : null,
    hasCccd: row.person_key !== null,
    birthDate: row.birth_date,
    birthYear: row.birth_year,
    gender: row.gender,
    address: row.address,
    category: row.category,
    agency: row.agency,
    neighbourhood: row.neighbourhood,
    masked: !unmasked,
  };
}

export function maskedOrNull(value: string | null, unmasked: boolean, mask: (s: string) => string): string | null {
  if (value === null) return null;
  return unmasked ? value : mask(value);
}
