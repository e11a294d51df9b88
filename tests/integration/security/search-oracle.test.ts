import { beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../electron/core/context';
import { DIGIT_SEARCHES_PER_WINDOW } from '../../../electron/core/persons/search-limit';
import { callApi, freshCores, mustCall, sessionWithRoles, setupAdmin, type TestCore } from '../../helpers/core';

// Issue #17 High 1: a masked role read a full CCCD in 32 prefix queries (and a phone in 42) by
// adding one digit at a time and watching whether the person stayed in the results.

const newCore = freshCores();
let core: TestCore;
let staff: Session;

const saveVisit = (fullName: string, cccd: string, phone: string | null) =>
  mustCall(core, staff, 'visits.save', {
    id: crypto.randomUUID(),
    person: { fullName, cccd, phone, category: 'citizen', neighbourhood: 'Tổ dân phố 1' },
    consent: 'yes',
    services: [{ id: crypto.randomUUID(), serviceKey: 'dak_lak_so', outcome: 'completed', detail: { variant: 'zalo_mini_app', accountRegistered: true } }],
  });

beforeEach(async () => {
  core = newCore();
  await setupAdmin(core);
  staff = await sessionWithRoles(core, ['staff']);
  await saveVisit('Đặng Thị Hoa', '066185004321', '0987654321');
  await saveVisit('Nguyễn Văn An', '066090001234', '0912345678');
});

/** The attack: extend a known prefix digit by digit, keeping the digit that keeps the target listed. */
async function recoverByPrefix(session: Session, name: string, start: string, length: number): Promise<string> {
  let known = start;
  while (known.length < length) {
    let next: string | null = null;
    for (let d = 0; d <= 9 && next === null; d++) {
      const result = await callApi(core, session, 'persons.search', { query: `${known}${d}` });
      if (result.ok && result.value.some((p) => p.fullName === name)) next = `${known}${d}`;
    }
    if (next === null) return known;
    known = next;
  }
  return known;
}

describe('persons.search for a masked role', () => {
  it('no prefix of a CCCD or phone finds anyone, so the digit-by-digit attack learns nothing', async () => {
    for (let n = 1; n < 12; n++) expect(await mustCall(core, staff, 'persons.search', { query: '066185004321'.slice(0, n) }), `cccd prefix ${n}`).toEqual([]);
    for (let n = 1; n < 10; n++) expect(await mustCall(core, staff, 'persons.search', { query: '0987654321'.slice(0, n) }), `phone prefix ${n}`).toEqual([]);
    expect(await recoverByPrefix(staff, 'Đặng Thị Hoa', '066', 12)).toBe('066');
    expect(await recoverByPrefix(staff, 'Đặng Thị Hoa', '09', 10)).toBe('09');
  });

  it('a complete CCCD or phone (any accepted spelling) finds the person, masked', async () => {
    expect(await mustCall(core, staff, 'persons.search', { query: '066185004321' })).toMatchObject([{ fullName: 'Đặng Thị Hoa', cccd: '066******321', phone: '098****321', masked: true }]);
    for (const query of ['0987654321', '0987 654 321', '+84 987 654 321', '84987654321']) {
      expect((await mustCall(core, staff, 'persons.search', { query })).map((p) => p.fullName), query).toEqual(['Đặng Thị Hoa']);
    }
    expect(await mustCall(core, staff, 'persons.search', { query: '066185004320' })).toEqual([]);
  });

  it(`number lookups are limited to ${DIGIT_SEARCHES_PER_WINDOW} a minute per user; names still search`, async () => {
    for (let i = 0; i < DIGIT_SEARCHES_PER_WINDOW; i++) expect((await callApi(core, staff, 'persons.search', { query: `0661850${String(i).padStart(5, '0')}` })).ok).toBe(true);
    const refused = await callApi(core, staff, 'persons.search', { query: '066185004321' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited', message: 'errors.rate_limited' } });
    expect((await mustCall(core, staff, 'persons.search', { query: 'dang' })).map((p) => p.fullName)).toEqual(['Đặng Thị Hoa']);
    // Another user has a budget of their own.
    const other = await sessionWithRoles(core, ['staff'], 'staff-2');
    expect((await mustCall(core, other, 'persons.search', { query: '066185004321' })).map((p) => p.fullName)).toEqual(['Đặng Thị Hoa']);
  });
});
