import { describe, expect, it } from 'vitest';
import { resources } from '../../shared/i18n';
import { errorKeyOf } from '../../shared/visits';
import type { CccdErrorCode } from '../../shared/domain/cccd';
import type { PhoneErrorCode } from '../../shared/domain/phone';
import type { QrErrorCode } from '../../shared/domain/qr';

// Issue #4: every error code of shared/domain (cccd, phone, qr) and of the visit write path has a
// message in both languages. The `satisfies` lists fail to compile when a domain code is added.
const CCCD = {
  'cccd.length': 1, 'cccd.digits': 1, 'cccd.province': 1, 'cccd.century': 1, 'cccd.future_birth': 1,
  'cccd.birth_date_invalid': 1, 'cccd.birth_year_mismatch': 1, 'cccd.gender_mismatch': 1,
} satisfies Record<CccdErrorCode, 1>;
const PHONE = { 'phone.invalid': 1 } satisfies Record<PhoneErrorCode, 1>;
const QR = { 'qr.shape': 1, 'qr.cccd': 1, 'qr.birth_date': 1, 'qr.issue_date': 1, 'qr.mismatch': 1 } satisfies Record<QrErrorCode, 1>;
const WRITE = ['required', 'too_small', 'birth_date_invalid', 'future_birth', 'consent_required', 'unknown_service', 'duplicate_service', 'only_when_failed', 'invalid_detail', 'not_pending', 'visit_voided', 'record_referenced', 'ticket_not_servable'];

const lookup = (tree: unknown, key: string): unknown => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);

describe('visit error messages', () => {
  it('exist in Vietnamese and English for every code', () => {
    for (const code of [...Object.keys(CCCD), ...Object.keys(PHONE), ...Object.keys(QR), ...WRITE]) {
      const key = errorKeyOf(code);
      expect(key.split('.').slice(2).join('.'), code).not.toContain('.');
      expect(typeof lookup(resources.vi, key), `vi ${key}`).toBe('string');
      expect(typeof lookup(resources.en, key), `en ${key}`).toBe('string');
      expect(lookup(resources.vi, key)).not.toEqual(lookup(resources.en, key));
    }
  });
});
