import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeVisit, type PersonWrite, type VisitWrite } from '../../electron/core/visits/write';
import type { Session } from '../../electron/core/context';
import { verifyAuditChain } from '../../electron/core/audit/audit';
import { EXPORT_HEADER_ROW } from '../../electron/core/review/export';
import { reviewRowsQuery } from '../../electron/core/review/list';
import { callApi, mustCall, openTestCore, sessionWithRoles, setupAdmin, type TestCore } from '../helpers/core';

// Issue #6: police review of digital-signature registrations, through the real API on a real
// SQLite file. Records are made with the visit write path (the same one the form uses).

let core: TestCore;
let clock: Date;
let admin: Session;
let staff: Session;
let police: Session;
let head: Session;

beforeEach(async () => {
  clock = new Date('2026-03-12T02:00:00.000Z');
  core = openTestCore({ now: () => clock });
  admin = await setupAdmin(core);
  staff = await sessionWithRoles(core, ['staff']);
  police = await sessionWithRoles(core, ['police']);
  head = await sessionWithRoles(core, ['head']);
});
afterEach(() => core.dispose());

const tick = (minutes = 1) => {
  clock = new Date(clock.getTime() + minutes * 60_000);
};

const person = (over: Partial<PersonWrite> = {}): PersonWrite => ({
  fullName: 'Nguyễn Văn An', cccd: '066090001234', birthDate: null, birthYear: null, gender: null, phone: '0912345678',
  address: null, category: 'citizen', agency: null, neighbourhood: 'Tổ dân phố 1', ...over,
});

/** Logs one visit with a signature registration; returns the service record id. */
function logSignature(over: { person?: PersonWrite | null; visitedAt?: string; outcome?: 'completed' | 'pending' | 'failed'; isVoided?: boolean; serviceKey?: string } = {}): string {
  const recordId = crypto.randomUUID();
  const visit: VisitWrite = {
    id: crypto.randomUUID(),
    visitedAt: over.visitedAt ?? '2026-03-10T03:00:00.000Z',
    staffId: staff.user!.id,
    person: over.person === undefined ? person() : over.person,
    consent: over.person === null ? 'no' : 'yes',
    isVoided: over.isVoided ?? false,
    services: [{
      id: recordId, serviceKey: over.serviceKey ?? 'digital_signature', outcome: over.outcome ?? 'completed',
      failureReason: over.outcome === 'failed' ? 'otp_sim' : null, detail: { provider: 'VNPT-CA' },
    }],
  };
  core.ctx.sqlite.transaction(() => writeVisit(core.ctx, { id: staff.user!.id, name: 'staff' }, visit))();
  return recordId;
}

const auditActions = (action: string) =>
  core.ctx.sqlite.prepare('SELECT actor_name, entity_id, summary_json FROM audit_log WHERE action = ? ORDER BY seq').all(action) as {
    actor_name: string; entity_id: string | null; summary_json: string;
  }[];

describe('review.decide: only the police decide', () => {
  it('refuses every other role with forbidden and changes nothing', async () => {
    const id = logSignature();
    const adminStaff = await sessionWithRoles(core, ['staff', 'head', 'admin'], 'all-but-police');
    for (const session of [staff, head, admin, adminStaff]) {
      for (const [method, input] of [
        ['review.decide', { serviceRecordId: id, decision: 'confirmed' }],
        ['review.decide', { serviceRecordId: id, decision: 'rejected', reason: 'wrong_person', note: 'Sai người' }],
        ['review.decide', { serviceRecordId: id, decision: 'returned', note: 'Kiểm tra lại?' }],
        ['review.bulkConfirm', { serviceRecordIds: [id] }],
        ['review.export', {}],
      ] as const) {
        const result = await callApi(core, session, method, input as never);
        expect(result.ok ? 'ok' : result.error.code, `${session.user!.username} ${method}`).toBe('forbidden');
      }
    }
    const row = core.ctx.sqlite.prepare('SELECT review_status, reviewed_by FROM service_records WHERE id = ?').get(id);
    expect(row).toEqual({ review_status: 'pending', reviewed_by: null });
    expect(core.ctx.sqlite.prepare('SELECT count(*) n FROM review_history').get()).toEqual({ n: 0 });

    const decided = await mustCall(core, police, 'review.decide', { serviceRecordId: id, decision: 'confirmed' });
    expect(decided).toEqual({ serviceRecordId: id, status: 'confirmed', changed: true });
  });

  it('lets police and head read the list, and nobody else', async () => {
    logSignature();
    expect((await mustCall(core, police, 'review.list', {})).total).toBe(1);
    expect((await mustCall(core, head, 'review.list', {})).total).toBe(1);
    for (const session of [staff, admin]) {
      const result = await callApi(core, session, 'review.list', {});
      expect(result.ok ? 'ok' : result.error.code).toBe('forbidden');
    }
    // The desk side is staff only.
    for (const session of [police, head, admin]) {
      const result = await callApi(core, session, 'review.returnedForStaff', {});
      expect(result.ok ? 'ok' : result.error.code).toBe('forbidden');
    }
  });

  it('requires a reason key and text to reject, and a question to return', async () => {
    const id = logSignature();
    const bad = [
      { serviceRecordId: id, decision: 'rejected', note: 'Không thấy' },
      { serviceRecordId: id, decision: 'rejected', reason: 'wrong_person' },
      { serviceRecordId: id, decision: 'rejected', reason: 'wrong_person', note: '   ' },
      { serviceRecordId: id, decision: 'rejected', reason: 'made_up', note: 'x' },
      { serviceRecordId: id, decision: 'returned' },
      { serviceRecordId: id, decision: 'pending' },
    ];
    for (const input of bad) {
      const result = await callApi(core, police, 'review.decide', input as never);
      expect(result.ok ? 'ok' : result.error.code, JSON.stringify(input)).toBe('invalid_input');
    }
    expect(core.ctx.sqlite.prepare('SELECT review_status FROM service_records WHERE id = ?').get(id)).toEqual({ review_status: 'pending' });
  });

  it('refuses records that are not signature registrations, unknown ids and voided visits', async () => {
    const other = logSignature({ serviceKey: 'dak_lak_so' });
    const voided = logSignature({ isVoided: true });
    const codeOf = async (serviceRecordId: string) => {
      const result = await callApi(core, police, 'review.decide', { serviceRecordId, decision: 'confirmed' });
      return result.ok ? 'ok' : result.error.code;
    };
    expect(await codeOf(other)).toBe('not_found');
    expect(await codeOf(crypto.randomUUID())).toBe('not_found');
    expect(await codeOf(voided)).toBe('review_voided');
  });
});

describe('review history', () => {
  it('keeps every decision when the police change their mind, with who, when and why', async () => {
    const id = logSignature();
    tick();
    await mustCall(core, police, 'review.decide', { serviceRecordId: id, decision: 'confirmed' });
    tick();
    await mustCall(core, police, 'review.decide', { serviceRecordId: id, decision: 'rejected', reason: 'not_found_in_vneid', note: 'Không tìm thấy trên VNeID' });
    // A double submit of the same decision is a no-op: no second history row, no second audit entry.
    const repeat = await mustCall(core, police, 'review.decide', { serviceRecordId: id, decision: 'rejected', reason: 'not_found_in_vneid', note: 'Không tìm thấy trên VNeID' });
    expect(repeat.changed).toBe(false);
    tick();
    const police2 = await sessionWithRoles(core, ['police'], 'police-2');
    await mustCall(core, police2, 'review.decide', { serviceRecordId: id, decision: 'confirmed', note: 'Đã tìm thấy sau khi cập nhật' });

    const history = await mustCall(core, head, 'review.history', { serviceRecordId: id });
    expect(history.registeredByName).toBe('Người dùng staff');
    expect(history.current).toEqual({ status: 'confirmed', reason: null, note: 'Đã tìm thấy sau khi cập nhật' });
    expect(history.entries.map((e) => [e.status, e.reason, e.note, e.actorName, e.side, e.at])).toEqual([
      ['confirmed', null, null, 'Người dùng police', 'police', '2026-03-12T02:01:00.000Z'],
      ['rejected', 'not_found_in_vneid', 'Không tìm thấy trên VNeID', 'Người dùng police', 'police', '2026-03-12T02:02:00.000Z'],
      ['confirmed', null, 'Đã tìm thấy sau khi cập nhật', 'Người dùng police-2', 'police', '2026-03-12T02:03:00.000Z'],
    ]);
    const row = core.ctx.sqlite.prepare('SELECT review_status, review_reason, reviewed_by, reviewed_at FROM service_records WHERE id = ?').get(id);
    expect(row).toEqual({ review_status: 'confirmed', review_reason: null, reviewed_by: police2.user!.id, reviewed_at: '2026-03-12T02:03:00.000Z' });

    const audits = auditActions('review.decide');
    expect(audits.map((a) => [a.actor_name, a.entity_id, JSON.parse(a.summary_json)])).toEqual([
      ['police', id, { from: 'pending', to: 'confirmed' }],
      ['police', id, { from: 'confirmed', to: 'rejected', reason: 'not_found_in_vneid' }],
      ['police-2', id, { from: 'rejected', to: 'confirmed' }],
    ]);
    expect(verifyAuditChain(core.ctx).ok).toBe(true);
  });

  it('bulk-confirms a selection atomically, skipping ones already confirmed', async () => {
    const ids = [logSignature(), logSignature({ person: person({ fullName: 'Trần Thị Bình', cccd: '066191004321' }) }), logSignature({ person: null })];
    await mustCall(core, police, 'review.decide', { serviceRecordId: ids[0]!, decision: 'confirmed' });

    const refused = await callApi(core, police, 'review.bulkConfirm', { serviceRecordIds: [ids[1]!, crypto.randomUUID()] });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('not_found');
    expect(core.ctx.sqlite.prepare('SELECT review_status FROM service_records WHERE id = ?').get(ids[1])).toEqual({ review_status: 'pending' });

    expect(await mustCall(core, police, 'review.bulkConfirm', { serviceRecordIds: ids })).toEqual({ confirmed: 2, unchanged: 1 });
    const statuses = core.ctx.sqlite.prepare(`SELECT DISTINCT review_status s FROM service_records WHERE service_key = 'digital_signature'`).all();
    expect(statuses).toEqual([{ s: 'confirmed' }]);
    expect(core.ctx.sqlite.prepare('SELECT count(*) n FROM review_history').get()).toEqual({ n: 3 });
    expect(auditActions('review.decide')).toHaveLength(3);
  });
});

describe('returned to the desk', () => {
  it('shows the question to staff (CCCD masked); the answer puts the record back to pending, history kept', async () => {
    const id = logSignature();
    const rejectedId = logSignature({ person: person({ fullName: 'Trần Thị Bình', cccd: '066191004321' }) });
    tick();
    await mustCall(core, police, 'review.decide', { serviceRecordId: id, decision: 'returned', note: 'Số điện thoại đăng ký có đúng chính chủ không?' });
    await mustCall(core, police, 'review.decide', { serviceRecordId: rejectedId, decision: 'rejected', reason: 'wrong_person', note: 'CCCD của người khác' });

    const lists = await mustCall(core, staff, 'review.returnedForStaff', {});
    expect(lists.returned).toEqual([expect.objectContaining({
      serviceRecordId: id, fullName: 'Nguyễn Văn An', cccdMasked: '066******234', status: 'returned',
      note: 'Số điện thoại đăng ký có đúng chính chủ không?', reviewerName: 'Người dùng police', staffName: 'Người dùng staff',
    })]);
    expect(lists.rejected).toEqual([expect.objectContaining({ serviceRecordId: rejectedId, reason: 'wrong_person', note: 'CCCD của người khác', cccdMasked: '066******321' })]);
    expect(JSON.stringify(lists)).not.toContain('066090001234');

    // The police cannot answer on the desk's behalf.
    const byPolice = await callApi(core, police, 'review.answer', { serviceRecordId: id, answer: 'x' });
    expect(byPolice.ok ? 'ok' : byPolice.error.code).toBe('forbidden');
    // Only a returned record takes an answer.
    const notReturned = await callApi(core, staff, 'review.answer', { serviceRecordId: rejectedId, answer: 'Đã gọi' });
    expect(notReturned.ok ? 'ok' : notReturned.error.code).toBe('review_not_returned');

    tick();
    const answered = await mustCall(core, staff, 'review.answer', { serviceRecordId: id, answer: 'Đã gọi lại, đúng chính chủ.' });
    expect(answered).toEqual({ serviceRecordId: id, status: 'pending', changed: true });
    // A double submit of the same answer is harmless.
    expect((await mustCall(core, staff, 'review.answer', { serviceRecordId: id, answer: 'Đã gọi lại, đúng chính chủ.' })).changed).toBe(false);
    expect((await mustCall(core, staff, 'review.returnedForStaff', {})).returned).toEqual([]);

    const row = core.ctx.sqlite.prepare('SELECT review_status, review_note, reviewed_by FROM service_records WHERE id = ?').get(id);
    expect(row).toEqual({ review_status: 'pending', review_note: 'Đã gọi lại, đúng chính chủ.', reviewed_by: null });
    const history = await mustCall(core, police, 'review.history', { serviceRecordId: id });
    expect(history.entries.map((e) => [e.status, e.note, e.side, e.actorName])).toEqual([
      ['returned', 'Số điện thoại đăng ký có đúng chính chủ không?', 'police', 'Người dùng police'],
      ['pending', 'Đã gọi lại, đúng chính chủ.', 'desk', 'Người dùng staff'],
    ]);
    expect(auditActions('review.answer').map((a) => JSON.parse(a.summary_json))).toEqual([{ from: 'returned', to: 'pending' }]);

    // The police see it pending again and can decide.
    const list = await mustCall(core, police, 'review.list', { status: 'pending' });
    expect(list.rows.map((r) => r.serviceRecordId)).toEqual([id]);
    await mustCall(core, police, 'review.decide', { serviceRecordId: id, decision: 'confirmed' });
    expect((await mustCall(core, police, 'review.history', { serviceRecordId: id })).entries).toHaveLength(3);
  });

  it('drops rejections older than the shown window from the desk list', async () => {
    const id = logSignature();
    await mustCall(core, police, 'review.decide', { serviceRecordId: id, decision: 'rejected', reason: 'duplicate', note: 'Đã đăng ký trước' });
    expect((await mustCall(core, staff, 'review.returnedForStaff', {})).rejected).toHaveLength(1);
    tick(31 * 24 * 60);
    expect((await mustCall(core, staff, 'review.returnedForStaff', {})).rejected).toHaveLength(0);
  });
});

describe('review.list', () => {
  it('lists signature records newest first with full CCCD, filters, and audits each call once', async () => {
    const an = logSignature({ visitedAt: '2026-03-09T03:00:00.000Z' });
    const dang = logSignature({
      visitedAt: '2026-03-10T16:59:00.000Z', // 23:59 on 10/03 in Vietnam
      person: person({ fullName: 'Đặng Thị Hoa', cccd: '066191004321', neighbourhood: 'Buôn Ko Tam' }),
    });
    const official = logSignature({
      visitedAt: '2026-03-10T17:00:00.000Z', // 00:00 on 11/03 in Vietnam
      person: person({ fullName: "H'Hen Niê", cccd: '066185002222', category: 'official', agency: 'UBND phường Tân Lập' }),
    });
    const child = logSignature({ visitedAt: '2026-03-11T02:00:00.000Z', person: person({ fullName: 'Lê Minh Khang', cccd: '066215003333' }) });
    const failed = logSignature({ visitedAt: '2026-03-11T03:00:00.000Z', outcome: 'failed', person: null });
    logSignature({ isVoided: true });
    logSignature({ serviceKey: 'vneid_activation' });
    await mustCall(core, police, 'review.decide', { serviceRecordId: an, decision: 'confirmed' });

    const ids = async (filter: Parameters<typeof mustCall<'review.list'>>[3]) => (await mustCall(core, police, 'review.list', filter)).rows.map((r) => r.serviceRecordId);
    const everything = await mustCall(core, police, 'review.list', {});
    expect(everything.rows.map((r) => r.serviceRecordId)).toEqual([failed, child, official, dang, an]);
    expect(everything.total).toBe(5);
    expect(everything.counts).toEqual({ pending: 4, confirmed: 1, rejected: 0, returned: 0 });
    const dangRow = everything.rows.find((r) => r.serviceRecordId === dang)!;
    expect(dangRow).toMatchObject({ fullName: 'Đặng Thị Hoa', cccd: '066191004321', visitDay: '2026-03-10', provider: 'VNPT-CA', staffName: 'Người dùng staff', isUnder15: false });
    expect(everything.rows.find((r) => r.serviceRecordId === child)!.isUnder15).toBe(true);

    expect(await ids({ search: 'dang' })).toEqual([dang]);
    expect(await ids({ search: 'ĐẶNG thị' })).toEqual([dang]);
    expect(await ids({ search: 'h’hen' })).toEqual([official]);
    expect(await ids({ search: '0661' })).toEqual([official, dang]);
    expect(await ids({ search: '066090' })).toEqual([an]);
    expect(await ids({ search: '066 215' })).toEqual([child]);
    expect(await ids({ search: '%' })).toEqual([]);
    expect(await ids({ fromDay: '2026-03-10', toDay: '2026-03-10' })).toEqual([dang]);
    expect(await ids({ fromDay: '2026-03-11' })).toEqual([failed, child, official]);
    expect(await ids({ status: 'confirmed' })).toEqual([an]);
    expect(await ids({ outcome: 'failed' })).toEqual([failed]);
    expect(await ids({ group: 'official' })).toEqual([official]);
    expect(await ids({ group: 'citizen' })).toEqual([failed, child, dang, an]);
    expect(await ids({ neighbourhood: 'Buôn Ko Tam' })).toEqual([dang]);
    expect(await ids({ flaggedUnder15: true })).toEqual([child]);
    const filteredCounts = await mustCall(core, police, 'review.list', { status: 'pending', fromDay: '2026-03-09', toDay: '2026-03-10' });
    expect(filteredCounts.counts).toEqual({ pending: 1, confirmed: 1, rejected: 0, returned: 0 });

    // Head sees the list too; every call of either is one audit entry, with no name or CCCD in it.
    await mustCall(core, head, 'review.list', { search: 'Đặng' });
    const views = auditActions('review.view');
    expect(views).toHaveLength(18);
    expect(views.at(-1)!.actor_name).toBe('head');
    expect(JSON.parse(views.at(-1)!.summary_json)).toEqual({ filter: { search: 'name' }, rows: 1, total: 1 });
    expect(JSON.parse(views[4]!.summary_json)).toEqual({ filter: { search: 'cccd' }, rows: 2, total: 2 });
    const allSummaries = views.map((v) => v.summary_json).join('\n');
    expect(allSummaries).not.toMatch(/dang|Đặng|0661/i);
  });
});

describe('the tallies read the review status (DOMAIN.md "Targets")', () => {
  it('drops a rejected registration from 8b, counts a returned one like pending, and reports the confirmed ones', async () => {
    const an = logSignature();
    const binh = logSignature({ person: person({ fullName: 'Trần Thị Bình', cccd: '066191004321' }) });
    const tally = async () => (await mustCall(core, head, 'reports.tally', { from: '2026-03-10', to: '2026-03-10' })).target8b;
    expect(await tally()).toMatchObject({ count: 2, confirmed: 0 });

    await mustCall(core, police, 'review.decide', { serviceRecordId: an, decision: 'confirmed' });
    await mustCall(core, police, 'review.decide', { serviceRecordId: binh, decision: 'rejected', reason: 'wrong_person', note: 'Sai người' });
    expect(await tally()).toMatchObject({ count: 1, confirmed: 1 });

    // The police change their mind: returned counts like pending again.
    await mustCall(core, police, 'review.decide', { serviceRecordId: binh, decision: 'returned', note: 'Kiểm tra lại số CCCD?' });
    expect(await tally()).toMatchObject({ count: 2, confirmed: 1 });
    await mustCall(core, staff, 'review.answer', { serviceRecordId: binh, answer: 'Đúng số CCCD.' });
    await mustCall(core, police, 'review.bulkConfirm', { serviceRecordIds: [an, binh] });
    expect(await tally()).toMatchObject({ count: 2, confirmed: 2 });
  });
});

describe('review state machine (property)', () => {
  type Action =
    | { kind: 'confirm' | 'answer'; record: number; text: string }
    | { kind: 'reject'; record: number; reason: 'not_found_in_vneid' | 'wrong_person' | 'under_age' | 'duplicate' | 'other'; text: string }
    | { kind: 'return'; record: number; text: string }
    | { kind: 'bulk'; records: number[] };
  const text = fc.constantFrom('Kiểm tra lại', 'Đã gọi lại', 'Không thấy trên VNeID', "H'Hen Niê xác nhận");
  const record = fc.integer({ min: 0, max: 2 });
  const action: fc.Arbitrary<Action> = fc.oneof(
    fc.record({ kind: fc.constantFrom('confirm' as const, 'answer' as const), record, text }),
    fc.record({ kind: fc.constant('reject' as const), record, reason: fc.constantFrom('not_found_in_vneid', 'wrong_person', 'under_age', 'duplicate', 'other'), text }),
    fc.record({ kind: fc.constant('return' as const), record, text }),
    fc.record({ kind: fc.constant('bulk' as const), records: fc.uniqueArray(record, { minLength: 1, maxLength: 3 }) }),
  );

  it('keeps the status, the history and the desk list in step with every decision and answer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 12 }), async (actions) => {
        const ids = [logSignature(), logSignature({ person: null }), logSignature({ person: person({ fullName: 'Trần Thị Bình', cccd: '066191004321' }) })];
        const model = ids.map(() => ({ status: 'pending', reason: null as string | null, note: null as string | null, changes: 0 }));
        for (const a of actions) {
          if (a.kind === 'bulk') {
            const result = await mustCall(core, police, 'review.bulkConfirm', { serviceRecordIds: a.records.map((i) => ids[i]!) });
            let confirmed = 0;
            for (const i of a.records) {
              const m = model[i]!;
              if (!(m.status === 'confirmed' && m.note === null)) {
                Object.assign(m, { status: 'confirmed', reason: null, note: null, changes: m.changes + 1 });
                confirmed += 1;
              }
            }
            expect(result.confirmed).toBe(confirmed);
            continue;
          }
          const m = model[a.record]!;
          const id = ids[a.record]!;
          if (a.kind === 'answer') {
            const result = await callApi(core, staff, 'review.answer', { serviceRecordId: id, answer: a.text });
            if (m.status === 'returned') {
              expect(result.ok).toBe(true);
              Object.assign(m, { status: 'pending', reason: null, note: a.text, changes: m.changes + 1 });
            } else if (!result.ok) {
              expect(result.error.code).toBe('review_not_returned');
            } else {
              // Only a repeat of the answer just given is accepted, as a no-op.
              expect(result.value.changed).toBe(false);
              expect(m).toMatchObject({ status: 'pending', note: a.text });
            }
            continue;
          }
          const input =
            a.kind === 'reject' ? { serviceRecordId: id, decision: 'rejected' as const, reason: a.reason, note: a.text }
            : a.kind === 'return' ? { serviceRecordId: id, decision: 'returned' as const, note: a.text }
            : { serviceRecordId: id, decision: 'confirmed' as const, note: a.text };
          const next = { status: input.decision, reason: a.kind === 'reject' ? a.reason : null, note: a.text };
          const same = m.status === next.status && m.reason === next.reason && m.note === next.note;
          const result = await mustCall(core, police, 'review.decide', input);
          expect(result.changed).toBe(!same);
          if (!same) Object.assign(m, { ...next, changes: m.changes + 1 });
        }
        for (const [i, id] of ids.entries()) {
          const history = await mustCall(core, police, 'review.history', { serviceRecordId: id });
          const m = model[i]!;
          expect(history.current).toEqual({ status: m.status, reason: m.reason, note: m.note });
          expect(history.entries).toHaveLength(m.changes);
          if (m.changes > 0) expect(history.entries.at(-1)).toMatchObject({ status: m.status, reason: m.reason, note: m.note });
        }
        // Earlier runs' records share the database: look at this run's only.
        const desk = await mustCall(core, staff, 'review.returnedForStaff', {});
        const mine = (items: { serviceRecordId: string }[]) => items.map((r) => r.serviceRecordId).filter((id) => ids.includes(id)).sort();
        expect(mine(desk.returned)).toEqual(ids.filter((_, i) => model[i]!.status === 'returned').sort());
        expect(mine(desk.rejected)).toEqual(ids.filter((_, i) => model[i]!.status === 'rejected').sort());
      }),
      { numRuns: 40 },
    );
    expect(verifyAuditChain(core.ctx).ok).toBe(true);
  });
});

describe('migration 0007', () => {
  it('lets the list walk an index newest first instead of sorting every signature record', () => {
    const { sql, parameters } = reviewRowsQuery(core.ctx, { status: 'pending' }, 500).compile();
    const plan = (core.ctx.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters) as { detail: string }[]).map((r) => r.detail);
    expect(plan[0]).toContain('USING INDEX service_records_review_list');
    expect(plan.join('\n')).not.toContain('TEMP B-TREE');
  });
});

describe('review.export', () => {
  it('writes the filtered list to .xlsx with the full CCCD as text and Vietnamese intact, audited', async () => {
    logSignature({ person: person({ fullName: 'Đặng Thị Hoa', cccd: '066191004321' }) });
    const other = logSignature({ visitedAt: '2026-03-11T03:00:00.000Z', person: person({ fullName: "H'Hen Niê", cccd: '066185002222', category: 'official', agency: 'UBND phường' }) });
    await mustCall(core, police, 'review.decide', { serviceRecordId: other, decision: 'rejected', reason: 'wrong_person', note: 'Không khớp ảnh' });

    const file = await mustCall(core, police, 'review.export', { group: 'official' });
    expect(file.rows).toBe(1);
    expect(file.fileName).toMatch(/^duyet-chu-ky-so-\d{8}-\d{4}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(EXPORT_HEADER_ROW).values as unknown[]).slice(1);
    const values = (sheet.getRow(EXPORT_HEADER_ROW + 1).values as unknown[]).slice(1);
    const byHeader = Object.fromEntries(header.map((h, i) => [String(h), values[i]]));
    expect(byHeader).toMatchObject({
      'Họ và tên': "H'Hen Niê", 'Số CCCD': '066185002222', 'Đối tượng': 'Cán bộ, công chức, viên chức', 'Trạng thái duyệt': 'Từ chối',
      'Lý do từ chối': 'Sai người', 'Ghi chú': 'Không khớp ảnh', 'Thời gian tiếp nhận': '11/03/2026 10:00', 'Cán bộ duyệt': 'Người dùng police',
    });
    expect(sheet.getRow(EXPORT_HEADER_ROW + 2).getCell(1).value).toBeNull();
    expect(String(sheet.getCell('A3').value)).toContain('Cán bộ, công chức, viên chức');

    const audits = auditActions('review.export');
    expect(audits.map((a) => JSON.parse(a.summary_json))).toEqual([{ filter: { group: 'official' }, rows: 1, fileName: file.fileName }]);
  });
});
