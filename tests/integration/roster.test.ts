import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../electron/core/context';
import { writeVisit, type VisitWrite } from '../../electron/core/visits/write';
import { callApi, mustCall, openTestCore, sessionWithRoles, setupAdmin, type TestCore } from '../helpers/core';

// Issue #8: the officials roster changes the 8a goal (DOMAIN.md "Goals") and lists the officials
// not yet registered, per agency.

let core: TestCore;
let head: Session;
let admin: Session;

beforeEach(async () => {
  core = openTestCore({ now: () => new Date('2026-03-12T03:00:00.000Z') });
  admin = await setupAdmin(core);
  head = await sessionWithRoles(core, ['head']);
});
afterEach(() => core.dispose());

const ROSTER_CSV = [
  'Họ và tên;Số CCCD;Cơ quan/đơn vị',
  'Nguyễn Văn An;066090000001;UBND phường',
  'Trần Thị Bình;066190000002;UBND phường',
  'Lê Văn Cường;066085000003;Trường THCS Tân Lập',
  // Excel dropped the leading zero: padded back on import (DOMAIN.md "Office realities").
  'H\u2019Hen Niê;66188000004;Trường THCS Tân Lập',
  'Y Bhim Êban;;Trạm y tế',
].join('\r\n');

// Windows-1258 has the base letters with circumflex, breve and horn precomposed and writes the five
// tone marks as combining characters after them (DOMAIN.md: `ê` 0xEA + combining tilde 0xDE).
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/;
function windows1258(text: string): Buffer {
  const legacyForm = text.normalize('NFD').replace(/(\P{M})(\p{M}*)/gu, (_all, base: string, marks: string) => {
    const chars = [...marks];
    return (base + chars.filter((c) => !TONE_MARKS.test(c)).join('')).normalize('NFC') + chars.filter((c) => TONE_MARKS.test(c)).join('');
  });
  return iconv.encode(legacyForm, 'windows-1258');
}

const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64');

function signatureVisit(cccd: string, fullName: string, over: { category?: 'official' | 'citizen'; agency?: string; review?: 'rejected' | 'confirmed'; day?: string } = {}): VisitWrite {
  return {
    id: crypto.randomUUID(),
    visitedAt: `${over.day ?? '2026-03-10'}T02:00:00.000Z`,
    staffId: admin.user!.id,
    consent: 'yes',
    person: {
      fullName, cccd, birthDate: null, birthYear: null, gender: null, phone: null, address: null,
      category: over.category ?? 'official', agency: over.category === 'citizen' ? null : (over.agency ?? 'UBND phường'), neighbourhood: null,
    },
    services: [{ id: crypto.randomUUID(), serviceKey: 'digital_signature', outcome: 'completed', failureReason: null, detail: {}, reviewStatus: over.review ?? 'pending' }],
  };
}

const write = (visit: VisitWrite) => core.ctx.sqlite.transaction(() => writeVisit(core.ctx, { id: admin.user!.id, name: 'admin' }, visit))();

describe('officials roster', () => {
  it('replaces the officials setting as the base of the 8a goal, and clearing it restores the setting', async () => {
    await mustCall(core, head, 'settings.update', { key: 'targets.officials', value: 10 });
    let tally = await mustCall(core, head, 'reports.tally', { from: '2026-03-01', to: '2026-03-31' });
    expect(tally.target8a.goal).toBe(5);
    expect(tally.bases.officialsSource).toBe('setting');

    const result = await mustCall(core, head, 'roster.import', { fileName: 'can-bo.csv', contentBase64: b64(ROSTER_CSV) });
    expect(result).toEqual({ imported: 5, agencies: 3, errors: [], headerFound: true });
    tally = await mustCall(core, head, 'reports.tally', { from: '2026-03-01', to: '2026-03-31' });
    // ceil(50 % × 5) = 3, whatever the setting says.
    expect(tally.target8a.goal).toBe(3);
    expect(tally.bases).toMatchObject({ officials: 5, officialsSource: 'roster' });

    await mustCall(core, head, 'roster.clear', {});
    tally = await mustCall(core, head, 'reports.tally', { from: '2026-03-01', to: '2026-03-31' });
    expect(tally.target8a.goal).toBe(5);
  });

  it('lists the officials not yet registered per agency: rejected, citizen-category and voided records do not register', async () => {
    await mustCall(core, head, 'roster.import', { fileName: 'can-bo.csv', contentBase64: b64(ROSTER_CSV) });
    write(signatureVisit('066090000001', 'Nguyễn Văn An', { review: 'confirmed' }));
    write(signatureVisit('066190000002', 'Trần Thị Bình', { review: 'rejected' }));
    write(signatureVisit('066085000003', 'Lê Văn Cường', { category: 'citizen' }));
    write({ ...signatureVisit('066188000004', 'H’Hen Niê', { agency: 'Trường THCS Tân Lập' }), isVoided: true, voidReason: 'nhầm' });

    const summary = await mustCall(core, head, 'roster.summary', {});
    expect(summary.size).toBe(5);
    expect(summary.agencies).toEqual([
      { agency: 'Trạm y tế', total: 1, registered: 0 },
      { agency: 'Trường THCS Tân Lập', total: 2, registered: 0 },
      { agency: 'UBND phường', total: 2, registered: 1 },
    ]);

    const all = await mustCall(core, head, 'roster.unregistered', { agency: null });
    expect(all.officials.map((o) => o.fullName)).toEqual(['Y Bhim Êban', 'H’Hen Niê', 'Lê Văn Cường', 'Trần Thị Bình']);
    const school = await mustCall(core, head, 'roster.unregistered', { agency: 'Trường THCS Tân Lập' });
    expect(school.officials).toEqual([
      { fullName: 'H’Hen Niê', cccdMasked: '066******004', agency: 'Trường THCS Tân Lập' },
      { fullName: 'Lê Văn Cường', cccdMasked: '066******003', agency: 'Trường THCS Tân Lập' },
    ]);

    // Registering later moves the person off the list.
    write(signatureVisit('066085000003', 'Lê Văn Cường', { agency: 'Trường THCS Tân Lập', day: '2026-03-11' }));
    const after = await mustCall(core, head, 'roster.unregistered', { agency: 'Trường THCS Tân Lập' });
    expect(after.officials.map((o) => o.fullName)).toEqual(['H’Hen Niê']);

    const actions = core.ctx.sqlite.prepare("SELECT action, summary_json FROM audit_log WHERE action LIKE 'roster.%' ORDER BY seq").all() as { action: string; summary_json: string }[];
    expect(actions.map((a) => a.action)).toEqual(['roster.import', 'roster.unregistered.print', 'roster.unregistered.print', 'roster.unregistered.print']);
    expect(JSON.parse(actions[0]!.summary_json)).toMatchObject({ fileName: 'can-bo.csv', after: 5, agencies: 3 });
  });

  it('reads an .xlsx roster with the CCCD stored as a number, and a Windows-1258 CSV', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('DS');
    sheet.addRow(['DANH SÁCH CÁN BỘ']);
    sheet.addRow(['STT', 'Họ tên', 'CCCD', 'Đơn vị']);
    sheet.addRow([1, 'Đặng Thị Hoa', 66190000002, 'UBND phường']);
    sheet.addRow([2, 'Phạm Văn Dũng', '066085000003', 'Công an phường']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await mustCall(core, head, 'roster.import', { fileName: 'ds.xlsx', contentBase64: b64(xlsx) })).toMatchObject({ imported: 2, agencies: 2 });
    write(signatureVisit('066190000002', 'Đặng Thị Hoa'));
    expect((await mustCall(core, head, 'roster.summary', {})).agencies).toEqual([
      { agency: 'Công an phường', total: 1, registered: 0 },
      { agency: 'UBND phường', total: 1, registered: 1 },
    ]);

    // "Save as CSV" on a Vietnamese PC: Windows-1258 with combining accents, `;`.
    const legacy = windows1258('Họ và tên;CCCD;Cơ quan\r\nNguyễn Văn Quyết;066090000001;Hội Nông dân\r\n');
    expect(legacy.includes(0x3f)).toBe(false); // no '?': every letter had a Windows-1258 form
    expect(await mustCall(core, head, 'roster.import', { fileName: 'ds.csv', contentBase64: b64(legacy) })).toMatchObject({ imported: 1 });
    const list = await mustCall(core, head, 'roster.unregistered', { agency: null });
    expect(list.officials).toEqual([{ fullName: 'Nguyễn Văn Quyết', cccdMasked: '066******001', agency: 'Hội Nông dân' }]);
  });

  it('refuses a file with bad rows as a whole and keeps the roster', async () => {
    await mustCall(core, head, 'roster.import', { fileName: 'can-bo.csv', contentBase64: b64(ROSTER_CSV) });
    const bad = 'Họ và tên,CCCD,Cơ quan\nA,003090000001,X\n,066090000009,Y\nB,066090000001,\nC,066090000007,Z\nD,066090000007,Z\n';
    const result = await mustCall(core, head, 'roster.import', { fileName: 'bad.csv', contentBase64: b64(bad) });
    expect(result.imported).toBe(0);
    expect(result.errors).toEqual([
      { row: 2, code: 'cccd_invalid' },
      { row: 3, code: 'name_required' },
      { row: 4, code: 'agency_required' },
      { row: 6, code: 'cccd_duplicate' },
    ]);
    expect((await mustCall(core, head, 'roster.summary', {})).size).toBe(5);
    const noHeader = await mustCall(core, head, 'roster.import', { fileName: 'x.csv', contentBase64: b64('a;b\n1;2\n') });
    expect(noHeader).toMatchObject({ imported: 0, headerFound: false });
    const wrongType = await callApi(core, head, 'roster.import', { fileName: 'x.pdf', contentBase64: b64('x') });
    expect(wrongType.ok).toBe(false);
  });

  it('belongs to the head: staff may neither import nor read it', async () => {
    const staff = await sessionWithRoles(core, ['staff']);
    const refused = await callApi(core, staff, 'roster.import', { fileName: 'can-bo.csv', contentBase64: b64(ROSTER_CSV) });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('forbidden');
    const list = await callApi(core, staff, 'roster.unregistered', { agency: null });
    expect(list.ok ? 'ok' : list.error.code).toBe('forbidden');
  });
});
