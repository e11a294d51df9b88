import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../electron/core/context';
import { callApi, mustCall, openTestCore, sessionWithRoles, setupAdmin, type TestCore } from '../helpers/core';
import { retentionCutoffDay } from '../../electron/core/privacy/redact';

// Issue #9 point 6: retention and data rights. Redaction keeps the person key and the counting
// facts, so the tallies before and after are identical; a returning person is still recognised.

let core: TestCore;
let clock = new Date('2025-03-10T02:00:00.000Z');
let staff: Session;
let head: Session;

beforeEach(async () => {
  clock = new Date('2025-03-10T02:00:00.000Z');
  core = openTestCore({ now: () => clock });
  await setupAdmin(core);
  staff = await sessionWithRoles(core, ['staff']);
  head = await sessionWithRoles(core, ['head']);
});
afterEach(() => core.dispose());

const one = <T>(sql: string, ...params: unknown[]) => core.ctx.sqlite.prepare(sql).get(...params) as T;

async function logVisit(fullName: string, cccd: string, extra: { note?: string; phone?: string; birthDate?: string } = {}) {
  const result = await mustCall(core, staff, 'visits.save', {
    id: crypto.randomUUID(),
    person: { fullName, cccd, category: 'citizen', address: 'Tổ dân phố 2, phường Tân Lập', ...(extra.phone ? { phone: extra.phone } : {}), ...(extra.birthDate ? { birthDate: extra.birthDate } : {}) },
    consent: 'yes',
    ...(extra.note ? { note: extra.note } : {}),
    services: [
      { id: crypto.randomUUID(), serviceKey: 'digital_signature', outcome: 'completed', detail: { provider: 'VNPT-CA' } },
      { id: crypto.randomUUID(), serviceKey: 'dak_lak_so', outcome: 'completed', detail: { variant: 'native', accountRegistered: true } },
    ],
  });
  return result.personId as string;
}

const tally = () => mustCall(core, head, 'reports.tally', { from: '2025-01-01', to: '2026-11-30' });

describe('retention and data rights', () => {
  it('redacts expired persons, keeps the person key, and leaves every tally unchanged', async () => {
    const oldPerson = await logVisit('Nguyễn Văn Cũ', '066090001234', { note: 'Anh Cũ, SĐT 0912345678', phone: '0912345678', birthDate: '1990-05-04' });
    clock = new Date('2026-10-20T03:00:00.000Z');
    const recentPerson = await logVisit('Trần Thị Mới', '066195004321');
    clock = new Date('2026-11-25T03:00:00.000Z');
    const before = await tally();
    expect(before.target7.count).toBe(2);
    const keyBefore = one<{ person_key: string }>('SELECT person_key FROM persons WHERE id = ?', oldPerson).person_key;

    // No retention period set: nothing happens.
    expect(await mustCall(core, head, 'privacy.runRetention', {})).toEqual({ cutoffDay: null, redactedPersons: 0, redactedTickets: 0 });
    await mustCall(core, head, 'settings.update', { key: 'privacy.retentionMonths', value: 12 });
    const report = await mustCall(core, head, 'privacy.runRetention', {});
    expect(report).toMatchObject({ cutoffDay: '2025-11-25', redactedPersons: 1 });

    const redacted = one<Record<string, unknown>>('SELECT * FROM persons WHERE id = ?', oldPerson);
    expect(redacted).toMatchObject({ full_name: null, name_folded: null, cccd: null, phone: null, address: null, birth_date: null, person_key: keyBefore, birth_year: 1990 });
    expect(redacted.redacted_at).toBe(clock.toISOString());
    expect(one<{ note: string | null }>('SELECT note FROM visits WHERE person_id = ?', oldPerson).note).toBeNull();
    // Nothing personal is left anywhere about them (the CCCD, the name, the phone).
    const everything = JSON.stringify(core.ctx.sqlite.prepare("SELECT * FROM persons").all()) + JSON.stringify(core.ctx.sqlite.prepare('SELECT * FROM visits').all());
    expect(everything).not.toContain('066090001234');
    expect(everything).not.toContain('Nguyễn Văn Cũ');
    expect(everything).not.toContain('0912345678');
    // The recent person is untouched.
    expect(one<{ full_name: string }>('SELECT full_name FROM persons WHERE id = ?', recentPerson).full_name).toBe('Trần Thị Mới');

    // Tallies before and after are identical.
    expect(await tally()).toEqual(before);

    // The redacted person comes back: recognised by the key, counted once.
    await logVisit('Nguyễn Văn Cũ', '066090001234');
    const after = await tally();
    expect(after.target7.count).toBe(2);
    expect(after.target8b.count).toBe(2);
    expect(one<{ n: number }>('SELECT count(DISTINCT person_key) AS n FROM persons').n).toBe(2);

    const audit = one<{ summary_json: string }>("SELECT summary_json FROM audit_log WHERE action = 'privacy.retention'");
    expect(JSON.parse(audit.summary_json)).toMatchObject({ redactedPersons: 1 });
  });

  it("prints everything held about a person, erases it on request, audited, tallies unchanged", async () => {
    const personId = await logVisit('Y Bhim Êban', '066085009999', { phone: '0987654321' });
    const before = await tally();
    const refused = await callApi(core, staff, 'privacy.personReport', { personId });
    expect(refused.ok ? null : refused.error.code).toBe('forbidden');

    const report = await mustCall(core, head, 'privacy.personReport', { personId });
    expect(report.person).toMatchObject({ fullName: 'Y Bhim Êban', cccd: '066085009999', phone: '0987654321' });
    expect(report.visits).toHaveLength(1);
    expect(report.visits[0]?.services.map((s) => s.serviceKey).sort()).toEqual(['dak_lak_so', 'digital_signature']);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'privacy.view' AND entity_id = ?", personId).n).toBe(1);

    const erased = await mustCall(core, head, 'privacy.erase', { personId, reason: 'Yêu cầu của công dân ngày 25/11/2026' });
    expect(erased.personId).toBe(personId);
    expect(one<Record<string, unknown>>('SELECT full_name, cccd, phone FROM persons WHERE id = ?', personId)).toEqual({ full_name: null, cccd: null, phone: null });
    expect(await tally()).toEqual(before);
    const again = await callApi(core, head, 'privacy.erase', { personId, reason: 'lần hai' });
    expect(again.ok ? null : again.error.code).toBe('conflict');
    expect(one<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'privacy.erase'").n).toBe(1);
  });

  it('computes the cutoff day in Vietnam time, clamping to the end of shorter months', () => {
    expect(retentionCutoffDay(new Date('2026-11-25T03:00:00Z'), null)).toBeNull();
    expect(retentionCutoffDay(new Date('2026-11-25T03:00:00Z'), 12)).toBe('2025-11-25');
    expect(retentionCutoffDay(new Date('2026-03-31T03:00:00Z'), 1)).toBe('2026-02-28');
    // 23:30 UTC on 31 Dec is already 1 Jan in Vietnam.
    expect(retentionCutoffDay(new Date('2026-12-31T23:30:00Z'), 6)).toBe('2026-07-01');
  });
});
