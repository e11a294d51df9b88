import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeVisit, type VisitWrite } from '../../electron/core/visits/write';
import { AppError } from '../../electron/core/errors';
import { openTestCore, setupAdmin, type TestCore } from '../helpers/core';

let core: TestCore;
let staffId: string;
beforeEach(async () => {
  core = openTestCore();
  const session = await setupAdmin(core);
  staffId = session.user!.id;
});
afterEach(() => core.dispose());

const actor = () => ({ id: staffId, name: 'admin' });
const person = (over: Partial<NonNullable<VisitWrite['person']>> = {}): NonNullable<VisitWrite['person']> => ({
  fullName: 'Nguyễn Văn An', cccd: '066090001234', birthDate: null, birthYear: null, gender: null, phone: '0912 345 678',
  address: null, category: 'citizen', agency: null, neighbourhood: 'Tổ dân phố 1', ...over,
});
const visit = (over: Partial<VisitWrite> = {}): VisitWrite => ({
  id: crypto.randomUUID(), visitedAt: '2026-03-10T16:59:00.000Z', staffId, person: person(), consent: 'yes',
  services: [{ id: crypto.randomUUID(), serviceKey: 'digital_signature', outcome: 'completed', failureReason: null, detail: {} }], ...over,
});
const write = (v: VisitWrite) => core.ctx.sqlite.transaction(() => writeVisit(core.ctx, actor(), v))();

describe('writeVisit', () => {
  it('is idempotent by visit id', () => {
    const v = visit();
    expect(write(v).created).toBe(true);
    expect(write(v).created).toBe(false);
    expect(core.ctx.sqlite.prepare('SELECT count(*) n FROM visits').get()).toEqual({ n: 1 });
    expect(core.ctx.sqlite.prepare('SELECT count(*) n FROM service_records').get()).toEqual({ n: 1 });
  });

  it('copies the counting facts onto the service record (Vietnam day, key, snapshot, age, review)', () => {
    const v = visit();
    write(v);
    const row = core.ctx.sqlite.prepare('SELECT * FROM service_records').get() as Record<string, unknown>;
    // 16:59 UTC = 23:59 in Vietnam, the same day.
    expect(row.visit_day).toBe('2026-03-10');
    expect(row.person_key).toMatch(/^[0-9a-f]{64}$/);
    expect(row.category_snapshot).toBe('citizen');
    expect(row.is_15_plus).toBe(1);
    expect(row.review_status).toBe('pending');
    const p = core.ctx.sqlite.prepare('SELECT * FROM persons').get() as Record<string, unknown>;
    expect(p).toMatchObject({ birth_year: 1990, gender: 'male', phone: '0912345678', name_folded: 'nguyen van an' });
  });

  it('recognises a returning person by CCCD and keeps one person', () => {
    write(visit());
    write(visit({ person: person({ fullName: 'Nguyễn Văn An', phone: '0987654321' }) }));
    expect(core.ctx.sqlite.prepare('SELECT count(*) n, max(phone) phone FROM persons').get()).toEqual({ n: 1, phone: '0987654321' });
  });

  it('refuses an invalid CCCD with a field error and saves nothing', () => {
    let caught: unknown;
    try {
      write(visit({ person: person({ cccd: '003090001234' }) }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).fields).toEqual([{ path: 'person.cccd', code: 'cccd.province' }]);
    expect(core.ctx.sqlite.prepare('SELECT (SELECT count(*) FROM visits) v, (SELECT count(*) FROM persons) p').get()).toEqual({ v: 0, p: 0 });
  });

  it('refuses a birth year that contradicts the CCCD, and personal data without consent', () => {
    expect(() => write(visit({ person: person({ birthYear: 1991 }) }))).toThrow(AppError);
    expect(() => write(visit({ consent: 'no' }))).toThrow(AppError);
    expect(write(visit({ consent: 'no', person: null })).created).toBe(true);
  });
});
