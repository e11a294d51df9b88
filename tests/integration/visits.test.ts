import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../electron/core/context';
import type { MethodInput } from '../../shared/api/contract';
import { callApi, mustCall, openTestCore, sessionWithRoles, setupAdmin, type TestCore } from '../helpers/core';

// Issue #4 at the API: real SQLite in a temp folder, driven through dispatch (roles, zod, handlers).

let core: TestCore;
let clock: Date;
let staff: Session;
let head: Session;

beforeEach(async () => {
  // 09:00 in Vietnam on 10 March 2026.
  clock = new Date('2026-03-10T02:00:00.000Z');
  core = openTestCore({ now: () => clock });
  await setupAdmin(core);
  staff = await sessionWithRoles(core, ['staff']);
  head = await sessionWithRoles(core, ['head']);
});
afterEach(() => core.dispose());

type SaveInput = MethodInput<'visits.save'>;
const sql = <T>(query: string, ...params: unknown[]) => core.ctx.sqlite.prepare(query).all(...params) as T[];
const one = <T>(query: string, ...params: unknown[]) => core.ctx.sqlite.prepare(query).get(...params) as T;

const person = (over: Partial<NonNullable<SaveInput['person']>> = {}): NonNullable<SaveInput['person']> => ({
  fullName: 'Nguyễn Văn An',
  cccd: '066090001234',
  phone: '0912 345 678',
  category: 'citizen',
  neighbourhood: 'Tổ dân phố 1',
  ...over,
});
const visitInput = (over: Partial<SaveInput> = {}): SaveInput => ({
  id: crypto.randomUUID(),
  person: person(),
  consent: 'yes',
  services: [
    { id: crypto.randomUUID(), serviceKey: 'digital_signature', outcome: 'completed', detail: { provider: 'VNPT-CA' } },
    { id: crypto.randomUUID(), serviceKey: 'dak_lak_so', outcome: 'pending', detail: { variant: 'zalo_mini_app', accountRegistered: false } },
  ],
  ...over,
});
const countedSignatures = () =>
  one<{ n: number }>("SELECT count(DISTINCT person_key) n FROM service_records WHERE service_key = 'digital_signature' AND outcome = 'completed' AND is_voided = 0").n;

describe('visits.save', () => {
  it('double submit (sequential and concurrent) creates one visit; staff is the session user, time is the core clock', async () => {
    const input = visitInput();
    const results = await Promise.all([callApi(core, staff, 'visits.save', input), callApi(core, staff, 'visits.save', input)]);
    const again = await mustCall(core, staff, 'visits.save', input);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.map((r) => (r.ok ? r.value.created : null)).sort()).toEqual([false, true]);
    expect(again.created).toBe(false);
    expect(one('SELECT count(*) n FROM visits')).toEqual({ n: 1 });
    expect(one('SELECT count(*) n FROM service_records')).toEqual({ n: 2 });
    expect(one("SELECT count(*) n FROM audit_log WHERE action = 'visit.create'")).toEqual({ n: 1 });
    expect(one('SELECT staff_id, visited_at, visit_day FROM visits')).toEqual({ staff_id: staff.user!.id, visited_at: clock.toISOString(), visit_day: '2026-03-10' });
  });

  it('refuses a staffId or visitedAt sent by the page', async () => {
    const result = await callApi(core, staff, 'visits.save', { ...visitInput(), staffId: 'user-head' } as SaveInput);
    expect(result.ok).toBe(false);
    expect(one('SELECT count(*) n FROM visits')).toEqual({ n: 0 });
  });

  it('an invalid CCCD is a field error with the domain code, and nothing is saved', async () => {
    const result = await callApi(core, staff, 'visits.save', visitInput({ person: person({ cccd: '003090001234' }) }));
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: [{ path: 'person.cccd', code: 'cccd.province' }] } });
    expect(one('SELECT (SELECT count(*) FROM visits) v, (SELECT count(*) FROM persons) p, (SELECT count(*) FROM service_records) s')).toEqual({ v: 0, p: 0, s: 0 });
  });

  it('checks each service detail against its own schema; services the head adds take free text', async () => {
    const bad = await callApi(core, staff, 'visits.save', visitInput({ services: [{ id: crypto.randomUUID(), serviceKey: 'vneid_activation', outcome: 'completed', detail: { levelAfter: '3' } }] }));
    expect(bad).toMatchObject({ ok: false, error: { fields: [{ path: 'services.0.detail', code: 'invalid_detail' }] } });
    expect((await callApi(core, staff, 'services.upsert', { key: 'land_tax', nameVi: 'Thuế đất', nameEn: 'Land tax', isActive: true, sortOrder: 10 })).ok).toBe(false);
    const services = await mustCall(core, head, 'services.upsert', { key: 'land_tax', nameVi: 'Hỗ trợ nộp thuế đất', nameEn: 'Land tax payment', isActive: true, sortOrder: 10 });
    expect(services.map((s) => s.key)).toContain('land_tax');
    const saved = await mustCall(core, staff, 'visits.save', visitInput({ services: [{ id: crypto.randomUUID(), serviceKey: 'land_tax', outcome: 'completed', detail: { text: 'Nộp qua VNeID' } }] }));
    expect(saved.created).toBe(true);
    await mustCall(core, head, 'services.upsert', { key: 'land_tax', nameVi: 'Hỗ trợ nộp thuế đất', nameEn: 'Land tax payment', isActive: false, sortOrder: 10 });
    expect((await mustCall(core, staff, 'services.list', {})).map((s) => s.key)).not.toContain('land_tax');
    const inactive = await callApi(core, staff, 'visits.save', visitInput({ services: [{ id: crypto.randomUUID(), serviceKey: 'land_tax', outcome: 'completed' }] }));
    expect(inactive).toMatchObject({ ok: false, error: { fields: [{ path: 'services.0.serviceKey', code: 'unknown_service' }] } });
  });

  it('an anonymous visit without consent is saved; consent "no" with a person is refused', async () => {
    expect((await mustCall(core, staff, 'visits.save', visitInput({ person: null, consent: 'no' }))).personId).toBeNull();
    const refused = await callApi(core, staff, 'visits.save', visitInput({ consent: 'no' }));
    expect(refused).toMatchObject({ ok: false, error: { fields: [{ path: 'consent', code: 'consent_required' }] } });
  });

  it('links the queue ticket in the same transaction', async () => {
    const ticketId = crypto.randomUUID();
    await mustCall(core, staff, 'queue.issue', { id: ticketId, isPriority: false });
    await mustCall(core, staff, 'queue.callNext', {});
    const input = visitInput({ ticketId });
    await mustCall(core, staff, 'visits.save', input);
    await mustCall(core, staff, 'visits.save', input);
    expect(one('SELECT state, visit_id FROM queue_tickets WHERE id = ?', ticketId)).toEqual({ state: 'done', visit_id: input.id });
    // A ticket is never served twice: a second visit on it is refused and not saved.
    const second = await callApi(core, staff, 'visits.save', visitInput({ ticketId }));
    expect(second.ok).toBe(false);
    expect(one('SELECT count(*) n FROM visits')).toEqual({ n: 1 });
  });
});

describe('persons.search', () => {
  beforeEach(async () => {
    await mustCall(core, staff, 'visits.save', visitInput());
    await mustCall(core, staff, 'visits.save', visitInput({ person: person({ fullName: 'Đặng Thị Hoa', cccd: '066185004321', phone: '0987654321' }) }));
    await mustCall(core, staff, 'visits.save', visitInput({ person: person({ fullName: "H'Hen Niê", cccd: '066195000777', phone: null }) }));
  });

  it('folds diacritics and case: "nguyen van a", "NGUYEN VAN A", "Nguyễn Văn A" all find Nguyễn Văn An', async () => {
    for (const query of ['nguyen van a', 'NGUYEN VAN A', 'Nguyễn Văn A', 'Nguyê\u0303n Va\u0306n A']) {
      const hits = await mustCall(core, staff, 'persons.search', { query });
      expect(hits.map((h) => h.fullName), query).toEqual(['Nguyễn Văn An']);
    }
  });

  it('"đ" matches "d", word prefixes match, apostrophes fold', async () => {
    expect((await mustCall(core, staff, 'persons.search', { query: 'dang' })).map((h) => h.fullName)).toEqual(['Đặng Thị Hoa']);
    expect((await mustCall(core, staff, 'persons.search', { query: 'thi hoa' })).map((h) => h.fullName)).toEqual(['Đặng Thị Hoa']);
    expect((await mustCall(core, staff, 'persons.search', { query: 'h’hen' })).map((h) => h.fullName)).toEqual(["H'Hen Niê"]);
    expect(await mustCall(core, staff, 'persons.search', { query: 'zzz' })).toEqual([]);
  });

  it('finds by CCCD and phone (complete numbers for staff, issue #17), masked for staff and full for the head', async () => {
    expect(await mustCall(core, staff, 'persons.search', { query: '066185' })).toEqual([]);
    const byCccd = await mustCall(core, staff, 'persons.search', { query: '066185004321' });
    expect(byCccd).toMatchObject([{ fullName: 'Đặng Thị Hoa', cccd: '066******321', phone: '098****321', masked: true }]);
    const byPhone = await mustCall(core, staff, 'persons.search', { query: '+84 987 654 321' });
    expect(byPhone.map((h) => h.fullName)).toEqual(['Đặng Thị Hoa']);
    const forHead = await mustCall(core, head, 'persons.search', { query: '0987' });
    expect(forHead).toMatchObject([{ cccd: '066185004321', phone: '0987654321', masked: false }]);
  });

  it('opening a full unmasked record is audited; a masked one is not', async () => {
    const [hit] = await mustCall(core, staff, 'persons.search', { query: 'dang' });
    const before = one<{ n: number }>("SELECT count(*) n FROM audit_log WHERE action = 'person.view_unmasked'").n;
    expect((await mustCall(core, staff, 'persons.get', { personId: hit!.id })).cccd).toBe('066******321');
    expect(one<{ n: number }>("SELECT count(*) n FROM audit_log WHERE action = 'person.view_unmasked'").n).toBe(before);
    expect((await mustCall(core, head, 'persons.get', { personId: hit!.id })).cccd).toBe('066185004321');
    expect(one<{ n: number }>("SELECT count(*) n FROM audit_log WHERE action = 'person.view_unmasked'").n).toBe(before + 1);
  });
});

describe('today\'s log, edit and void', () => {
  it('lists masked for staff and unmasked for the head, with filters', async () => {
    const a = visitInput();
    const b = visitInput({ person: person({ fullName: 'Trần Thị Bình', cccd: '066301000555', phone: null }), services: [{ id: crypto.randomUUID(), serviceKey: 'vneid_activation', outcome: 'failed', failureReason: 'otp_sim', detail: { levelBefore: 'none' } }] });
    await mustCall(core, staff, 'visits.save', a);
    await mustCall(core, staff, 'visits.save', b);
    const forStaff = await mustCall(core, staff, 'visits.list', { from: '2026-03-10', to: '2026-03-10' });
    expect(forStaff.total).toBe(2);
    expect(forStaff.rows.find((r) => r.id === a.id)).toMatchObject({ cccd: '066******234', phone: '091****678', personName: 'Nguyễn Văn An', staffId: staff.user!.id });
    const forHead = await mustCall(core, head, 'visits.list', { from: '2026-03-10', to: '2026-03-10' });
    expect(forHead.rows.find((r) => r.id === a.id)).toMatchObject({ cccd: '066090001234', phone: '0912345678' });
    // The head's unmasked list is audited once per opened list, the staff's masked one not at all.
    const audits = () => one<{ n: number }>("SELECT count(*) n FROM audit_log WHERE action = 'visits.view_unmasked'").n;
    expect(audits()).toBe(1);
    await mustCall(core, head, 'visits.list', { from: '2026-03-10', to: '2026-03-10', offset: 1 });
    expect(audits()).toBe(1);
    expect(one<{ summary_json: string }>("SELECT summary_json FROM audit_log WHERE action = 'visits.view_unmasked'").summary_json).not.toContain('066090001234');
    expect((await mustCall(core, staff, 'visits.list', { from: '2026-03-10', to: '2026-03-10', outcome: 'failed' })).rows.map((r) => r.id)).toEqual([b.id]);
    expect((await mustCall(core, staff, 'visits.list', { from: '2026-03-10', to: '2026-03-10', serviceKey: 'dak_lak_so' })).rows.map((r) => r.id)).toEqual([a.id]);
    expect((await mustCall(core, staff, 'visits.list', { from: '2026-03-10', to: '2026-03-10', staffId: head.user!.id })).total).toBe(0);
    expect((await mustCall(core, staff, 'visits.list', { from: '2026-03-11', to: '2026-03-11' })).total).toBe(0);
  });

  it('an edit needs a reason, recomputes the counting columns and audits before/after with masked values only', async () => {
    const input = visitInput();
    await mustCall(core, staff, 'visits.save', input);
    const base = { visitId: input.id, consent: 'yes' as const, services: input.services };
    const noReason = await callApi(core, staff, 'visits.update', { ...base, reason: '  ', person: person() });
    expect(noReason).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: [{ path: 'reason' }] } });

    // Staff only saw the masked CCCD/phone: sending no cccd/phone keeps the stored ones.
    const { cccd: _c, phone: _p, ...withoutIds } = person({ category: 'official', agency: 'UBND phường Tân Lập' });
    const edited = await mustCall(core, staff, 'visits.update', {
      ...base,
      reason: 'Chọn nhầm đối tượng',
      person: withoutIds,
      services: [{ ...input.services[0]!, outcome: 'pending' }, input.services[1]!],
    });
    expect(edited.categorySnapshot).toBe('official');
    expect(edited.cccd).toBe('066******234');
    const records = sql<{ category_snapshot: string; person_key: string | null; outcome: string }>('SELECT category_snapshot, person_key, outcome FROM service_records ORDER BY service_key');
    expect(records.map((r) => [r.category_snapshot, r.person_key !== null])).toEqual([['official', true], ['official', true]]);
    expect(records.map((r) => r.outcome)).toEqual(['pending', 'pending']);
    expect(one('SELECT count(*) n FROM persons')).toEqual({ n: 1 });

    const audit = one<{ summary_json: string }>("SELECT summary_json FROM audit_log WHERE action = 'visit.update'");
    const summary = JSON.parse(audit.summary_json) as { reason: string; before: Record<string, unknown>; after: Record<string, unknown> };
    expect(summary.reason).toBe('Chọn nhầm đối tượng');
    expect(summary.before).toMatchObject({ category: 'citizen', cccd: '066******234', services: ['dak_lak_so:pending', 'digital_signature:completed'] });
    expect(summary.after).toMatchObject({ category: 'official', services: ['dak_lak_so:pending', 'digital_signature:pending'] });
    expect(audit.summary_json).not.toContain('066090001234');
    expect(audit.summary_json).not.toContain('0912345678');
  });

  it('an edit that drops a service deletes its record, a reviewed one is kept; a new CCCD moves the counting key', async () => {
    const input = visitInput();
    await mustCall(core, staff, 'visits.save', input);
    const [signature, dakLakSo] = input.services;
    const keyBefore = one<{ person_key: string }>('SELECT person_key FROM service_records WHERE id = ?', dakLakSo!.id).person_key;
    const edited = await mustCall(core, staff, 'visits.update', {
      visitId: input.id, reason: 'Sai CCCD, bỏ dịch vụ chọn nhầm', consent: 'yes', person: person({ cccd: '066090005678' }), services: [dakLakSo!],
    });
    expect(edited.services.map((s) => s.serviceKey)).toEqual(['dak_lak_so']);
    expect(one('SELECT count(*) n FROM service_records WHERE id = ?', signature!.id)).toEqual({ n: 0 });
    const keyAfter = one<{ person_key: string }>('SELECT person_key FROM service_records WHERE id = ?', dakLakSo!.id).person_key;
    expect(keyAfter).not.toBe(keyBefore);
    expect(keyAfter).toBe(one<{ person_key: string }>("SELECT person_key FROM persons WHERE cccd = '066090005678'").person_key);

    // A signature record the police reviewed cannot be dropped by an edit.
    const other = visitInput();
    await mustCall(core, staff, 'visits.save', other);
    core.ctx.sqlite.prepare("INSERT INTO review_history (service_record_id, status, at) VALUES (?, 'confirmed', '2026-03-10T03:00:00.000Z')").run(other.services[0]!.id);
    const refused = await callApi(core, staff, 'visits.update', { visitId: other.id, reason: 'x', consent: 'yes', person: person(), services: [other.services[1]!] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'record_referenced' } });
    expect(one('SELECT count(*) n FROM service_records WHERE visit_id = ?', other.id)).toEqual({ n: 2 });
  });

  it('void needs a reason, keeps the visit stored and leaves every count', async () => {
    const input = visitInput();
    await mustCall(core, staff, 'visits.save', input);
    expect(countedSignatures()).toBe(1);
    expect((await callApi(core, staff, 'visits.void', { visitId: input.id, reason: '' })).ok).toBe(false);
    const voided = await mustCall(core, staff, 'visits.void', { visitId: input.id, reason: 'Nhập trùng' });
    expect(voided.isVoided).toBe(true);
    expect(countedSignatures()).toBe(0);
    expect(one('SELECT count(*) n FROM service_records WHERE is_voided = 1')).toEqual({ n: 2 });
    expect((await mustCall(core, staff, 'visits.list', { from: '2026-03-10', to: '2026-03-10' })).total).toBe(0);
    expect((await mustCall(core, staff, 'visits.list', { from: '2026-03-10', to: '2026-03-10', includeVoided: true })).total).toBe(1);
    expect(one("SELECT count(*) n FROM audit_log WHERE action = 'visit.void'")).toEqual({ n: 1 });
    expect((await callApi(core, staff, 'visits.update', { visitId: input.id, reason: 'x', consent: 'yes', person: person(), services: input.services })).ok).toBe(false);
  });

  it('pages through 10,000 rows quickly', async () => {
    const ctx = core.ctx;
    const insertVisit = ctx.sqlite.prepare("INSERT INTO visits (id, staff_id, visited_at, visit_day, consent, created_at, updated_at) VALUES (?, ?, ?, '2026-03-10', 'unknown', ?, ?)");
    const insertRecord = ctx.sqlite.prepare("INSERT INTO service_records (id, visit_id, service_key, outcome, visit_day, visited_at, created_at, updated_at) VALUES (?, ?, 'dak_lak_so', 'completed', '2026-03-10', ?, ?, ?)");
    ctx.sqlite.transaction(() => {
      for (let i = 0; i < 10_000; i += 1) {
        const id = crypto.randomUUID();
        const at = new Date(Date.parse('2026-03-10T01:00:00.000Z') + i * 1000).toISOString();
        insertVisit.run(id, staff.user!.id, at, at, at);
        insertRecord.run(crypto.randomUUID(), id, at, at, at);
      }
    })();
    const started = performance.now();
    const page = await mustCall(core, staff, 'visits.list', { from: '2026-03-10', to: '2026-03-10', offset: 9_800, limit: 200 });
    const elapsed = performance.now() - started;
    expect(page.total).toBe(10_000);
    expect(page.rows).toHaveLength(200);
    expect(page.rows[0]!.services).toHaveLength(1);
    expect(elapsed).toBeLessThan(500);
  });
});

describe('follow-ups', () => {
  it('finishing a pending service makes a follow-up visit on its own day; the original stays pending', async () => {
    const input = visitInput();
    await mustCall(core, staff, 'visits.save', input);
    const list = await mustCall(core, staff, 'followups.list', {});
    expect(list.returned).toEqual([]);
    expect(list.pending).toMatchObject([{ visitId: input.id, serviceKey: 'dak_lak_so', visitDay: '2026-03-10', person: { fullName: 'Nguyễn Văn An', cccd: '066******234' } }]);
    const pendingRecord = list.pending[0]!.recordId;

    // Wrong service for that record: refused.
    const wrong = await callApi(core, staff, 'visits.save', visitInput({ followUpOf: input.id, services: [{ id: crypto.randomUUID(), serviceKey: 'vneid_activation', outcome: 'completed', followUpOfRecord: pendingRecord }] }));
    expect(wrong).toMatchObject({ ok: false, error: { fields: [{ path: 'services.0.followUpOfRecord', code: 'not_pending' }] } });

    clock = new Date('2026-03-12T03:00:00.000Z');
    const { cccd: _c, phone: _p, ...picked } = person({ personId: list.pending[0]!.person!.id });
    const followUp = visitInput({ followUpOf: input.id, person: picked, services: [{ id: crypto.randomUUID(), serviceKey: 'dak_lak_so', outcome: 'completed', followUpOfRecord: pendingRecord, detail: { variant: 'zalo_mini_app', accountRegistered: true } }] });
    await mustCall(core, staff, 'visits.save', followUp);
    expect((await mustCall(core, staff, 'followups.list', {})).pending).toEqual([]);
    expect(one('SELECT outcome FROM service_records WHERE id = ?', pendingRecord)).toEqual({ outcome: 'pending' });
    const finished = one<{ visit_day: string; person_key: string | null; follow_up_of_record: string }>("SELECT visit_day, person_key, follow_up_of_record FROM service_records WHERE visit_id = ?", followUp.id);
    expect(finished).toMatchObject({ visit_day: '2026-03-12', follow_up_of_record: pendingRecord });
    expect(finished.person_key).not.toBeNull();
    expect(one('SELECT follow_up_of FROM visits WHERE id = ?', followUp.id)).toEqual({ follow_up_of: input.id });
    expect(one('SELECT count(*) n FROM persons')).toEqual({ n: 1 });

    // Voiding the follow-up puts the service back on the list.
    await mustCall(core, staff, 'visits.void', { visitId: followUp.id, reason: 'Nhầm người' });
    expect((await mustCall(core, staff, 'followups.list', {})).pending.map((p) => p.recordId)).toEqual([pendingRecord]);
  });
});

describe('drafts', () => {
  it('are kept per user until cleared, and only for roles that log visits', async () => {
    expect(await mustCall(core, staff, 'drafts.get', { name: 'intake' })).toEqual({ value: null, savedAt: null });
    await mustCall(core, staff, 'drafts.save', { name: 'intake', value: '{"fullName":"Nguyễn"}' });
    expect((await mustCall(core, staff, 'drafts.get', { name: 'intake' })).value).toBe('{"fullName":"Nguyễn"}');
    const other = await sessionWithRoles(core, ['staff'], 'staff2');
    expect((await mustCall(core, other, 'drafts.get', { name: 'intake' })).value).toBeNull();
    expect((await callApi(core, head, 'drafts.get', { name: 'intake' })).ok).toBe(false);
    await mustCall(core, staff, 'drafts.clear', { name: 'intake' });
    expect((await mustCall(core, staff, 'drafts.get', { name: 'intake' })).value).toBeNull();
  });
});
