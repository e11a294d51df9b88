import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../electron/core/context';
import { mustCall, openTestCore, sessionWithRoles, setupAdmin, type TestCore } from '../helpers/core';

// Issue #15 at the API, against a real SQLite file: a name written with the look-alike Ð is found by
// "duc", a phone written "+84 0…" with en dashes is stored normalised, and a returning person's
// earlier visits are listed by person (visits.list personId) for the intake.

let core: TestCore;
let staff: Session;
beforeEach(async () => {
  core = openTestCore({ now: () => new Date('2026-03-10T02:00:00.000Z') });
  await setupAdmin(core);
  staff = await sessionWithRoles(core, ['staff']);
});
afterEach(() => core.dispose());

const save = (fullName: string, cccd: string, phone: string | null, outcome: 'completed' | 'pending' = 'completed') =>
  mustCall(core, staff, 'visits.save', {
    id: crypto.randomUUID(),
    person: { fullName, cccd, phone, category: 'citizen' },
    consent: 'yes',
    services: [{ id: crypto.randomUUID(), serviceKey: 'dak_lak_so', outcome, detail: {} }],
  });

describe('intake data at the API', () => {
  it('finds Ðặng Văn Ðức (ETH look-alikes) by "duc" and "dang van", and H’Ƀlơ by "blo"', async () => {
    await save('Ðặng Văn Ðức', '066081002468', null);
    await save("H'Ƀlơ Niê", '066193001357', null);
    expect((await mustCall(core, staff, 'persons.search', { query: 'duc' })).map((p) => p.fullName)).toEqual(['Ðặng Văn Ðức']);
    expect((await mustCall(core, staff, 'persons.search', { query: 'dang van' })).map((p) => p.fullName)).toEqual(['Ðặng Văn Ðức']);
    expect((await mustCall(core, staff, 'persons.search', { query: 'Đức' })).map((p) => p.fullName)).toEqual(['Ðặng Văn Ðức']);
    expect((await mustCall(core, staff, 'persons.search', { query: "h'blo" })).map((p) => p.fullName)).toEqual(["H'Ƀlơ Niê"]);
  });

  it('stores a phone written "+84 0912–345–678" as 0912345678', async () => {
    const { personId } = await save('Trần Văn Bình', '066203004512', '+84\u00A00912\u2013345\u2013678');
    expect(core.ctx.sqlite.prepare('SELECT phone FROM persons WHERE id = ?').get(personId)).toEqual({ phone: '0912345678' });
  });

  it('lists one person’s earlier visits, newest first, with their outcomes', async () => {
    const first = await save('Ksor H\'Bia', '066192001122', null, 'pending');
    await save('Nay Y Siu', '066087003344', null);
    const second = await save('Ksor H\'Bia', '066192001122', null);
    expect(second.personId).toBe(first.personId);
    const list = await mustCall(core, staff, 'visits.list', { from: '2000-01-01', to: '2026-03-10', personId: first.personId });
    expect(list.total).toBe(2);
    expect(list.rows.map((r) => r.id)).toEqual(expect.arrayContaining([first.visitId, second.visitId]));
    expect(list.rows.every((r) => r.personId === first.personId)).toBe(true);
    expect(list.rows.flatMap((r) => r.services.map((s) => s.outcome)).sort()).toEqual(['completed', 'pending']);
  });
});
