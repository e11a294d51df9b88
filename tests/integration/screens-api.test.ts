import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../electron/core/context';
import { newSession } from '../../electron/core/context';
import { callApi, mustCall, openTestCore, sessionWithRoles, setupAdmin, type TestCore } from '../helpers/core';

// Issue #20: the small core additions behind the finished screens, against a real SQLite file:
// review.counts (badges), auth.lockInfo (lock screen), privacy.retentionPreview (the retention
// confirmation), and the printed tally's director name and by-month rows.

let core: TestCore;
let clock = new Date('2026-03-10T02:00:00.000Z');
let staff: Session;

beforeEach(async () => {
  clock = new Date('2026-03-10T02:00:00.000Z');
  core = openTestCore({ now: () => clock });
  await setupAdmin(core);
  staff = await sessionWithRoles(core, ['staff'], 'nhanvien');
});
afterEach(() => core.dispose());

const auditCount = () => (core.ctx.sqlite.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

async function logSignature(fullName: string, cccd: string) {
  return mustCall(core, staff, 'visits.save', {
    id: crypto.randomUUID(),
    person: { fullName, cccd, category: 'citizen' },
    consent: 'yes',
    services: [{ id: crypto.randomUUID(), serviceKey: 'digital_signature', outcome: 'completed', detail: { provider: 'VNPT-CA' } }],
  });
}

describe('review.counts', () => {
  it('counts the records per status like the list does, is not audited, and is refused to staff', async () => {
    const police = await sessionWithRoles(core, ['police'], 'congan');
    for (const [name, cccd] of [['Nguyễn Văn An', '066090001234'], ['Đặng Thị Hoa', '066191004321'], ["H'Hen Niê", '066185002222']] as const) await logSignature(name, cccd);
    const list = await mustCall(core, police, 'review.list', {});
    const first = list.rows[0]!;
    await mustCall(core, police, 'review.decide', { serviceRecordId: first.serviceRecordId, decision: 'returned', note: 'Số điện thoại có đúng không?' });
    const before = auditCount();
    const counts = await mustCall(core, police, 'review.counts', {});
    expect(counts).toEqual({ pending: 2, confirmed: 0, rejected: 0, returned: 1 });
    expect((await mustCall(core, police, 'review.list', { status: 'pending' })).total).toBe(counts.pending);
    expect(auditCount()).toBe(before + 1); // the list above, not the counts
    expect(await callApi(core, staff, 'review.counts', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // The desk's badge: the returned case shows in its list.
    expect((await mustCall(core, staff, 'review.returnedForStaff', {})).returned).toHaveLength(1);
  });
});

describe('auth.lockInfo', () => {
  it('answers only a locked session of a signed-in user: attempts left, the admins, the reason', async () => {
    const signedOut = newSession();
    expect(await mustCall(core, signedOut, 'auth.lockInfo', {})).toBeNull();
    expect(await mustCall(core, staff, 'auth.lockInfo', {})).toBeNull(); // signed in, not locked
    await mustCall(core, staff, 'auth.lock', { reason: 'manual' });
    expect(await mustCall(core, staff, 'auth.lockInfo', {})).toEqual({ attemptsLeft: 5, maxAttempts: 5, admins: ['Quản Trị Viên'], reason: 'manual' });
    expect(await callApi(core, staff, 'auth.login', { username: 'nhanvien', password: 'sai-mat-khau' })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect(await callApi(core, staff, 'auth.login', { username: 'nhanvien', password: 'sai-mat-khau-2' })).toMatchObject({ ok: false });
    expect(await mustCall(core, staff, 'auth.lockInfo', {})).toMatchObject({ attemptsLeft: 3 });
    await mustCall(core, staff, 'auth.login', { username: 'nhanvien', password: 'matkhau-12345' });
    await mustCall(core, staff, 'auth.lock', { reason: 'idle' });
    expect(await mustCall(core, staff, 'auth.lockInfo', {})).toMatchObject({ attemptsLeft: 5, reason: 'idle' });
  });
});

describe('privacy.retentionPreview', () => {
  it('says how many persons the run would redact, changes nothing, and the run redacts that many', async () => {
    const head = await sessionWithRoles(core, ['head'], 'giamdoc');
    for (const [name, cccd] of [['Nguyễn Văn An', '066090001234'], ['Đặng Thị Hoa', '066191004321']] as const) await logSignature(name, cccd);
    expect(await mustCall(core, head, 'privacy.retentionPreview', {})).toEqual({ cutoffDay: null, persons: 0 });
    await mustCall(core, head, 'settings.update', { key: 'privacy.retentionMonths', value: 12 });
    clock = new Date('2027-06-01T02:00:00.000Z');
    await logSignature('Trần Văn Mới', '066088007777');
    const preview = await mustCall(core, head, 'privacy.retentionPreview', {});
    expect(preview).toEqual({ cutoffDay: '2026-06-01', persons: 2 });
    expect((core.ctx.sqlite.prepare('SELECT count(*) AS n FROM persons WHERE redacted_at IS NOT NULL').get() as { n: number }).n).toBe(0);
    const run = await mustCall(core, head, 'privacy.runRetention', {});
    expect(run.redactedPersons).toBe(preview.persons);
    expect(await mustCall(core, head, 'privacy.retentionPreview', {})).toMatchObject({ persons: 0 });
    expect(await callApi(core, staff, 'privacy.retentionPreview', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('reports.printData', () => {
  it('names the first head account as director, and summarises a long range by month with distinct persons', async () => {
    const admin = newSession();
    await mustCall(core, admin, 'auth.login', { username: 'admin', password: 'matkhau-admin-1' });
    await mustCall(core, admin, 'accounts.create', { id: crypto.randomUUID(), username: 'giamdoc', fullName: 'Trần Văn Giám', roles: ['head'], password: 'matkhau-gd-01' });
    const deputy = await sessionWithRoles(core, ['head'], 'phogiamdoc');
    // The same person twice in March (one person that month), once in April.
    await logSignature('Nguyễn Văn An', '066090001234');
    clock = new Date('2026-03-20T02:00:00.000Z');
    await logSignature('Nguyễn Văn An', '066090001234');
    clock = new Date('2026-04-02T02:00:00.000Z');
    await logSignature('Đặng Thị Hoa', '066191004321');

    const day = await mustCall(core, deputy, 'reports.printData', { from: '2026-03-10', to: '2026-03-10' });
    expect(day.directorName).toBe('Trần Văn Giám');
    expect(day.printedBy).toBe('Người dùng phogiamdoc');
    expect(day.months).toBeNull();
    expect((await mustCall(core, deputy, 'reports.printData', { from: '2026-03-01', to: '2026-03-31' })).months).toBeNull();

    const year = await mustCall(core, deputy, 'reports.printData', { from: '2026-01-01', to: '2026-12-31' });
    expect(year.months).toHaveLength(12);
    const march = year.months!.find((m) => m.month === '2026-03')!;
    const april = year.months!.find((m) => m.month === '2026-04')!;
    expect([march.visits, march.persons, march.completed, march.target8b]).toEqual([2, 1, 2, 1]);
    expect([april.visits, april.persons, april.target8b]).toEqual([1, 1, 1]);
    // Every month row adds up to the year's own figures (the rows are traceable to the tally).
    expect(year.months!.reduce((n, m) => n + m.visits, 0)).toBe(year.tally.visits);
    expect(year.months!.reduce((n, m) => n + m.target8b, 0)).toBe(year.tally.target8b.count);
    // A range cut mid-month keeps to the range.
    const cut = await mustCall(core, deputy, 'reports.printData', { from: '2026-03-15', to: '2026-05-10' });
    expect(cut.months!.map((m) => [m.month, m.visits])).toEqual([['2026-03', 1], ['2026-04', 1], ['2026-05', 0]]);
  });
});
