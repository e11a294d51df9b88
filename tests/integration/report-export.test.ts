import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../electron/core/context';
import { auditHead, verifyAuditChain } from '../../electron/core/audit/audit';
import { writeVisit, type VisitWrite } from '../../electron/core/visits/write';
import { callApi, mustCall, openTestCore, sessionWithRoles, setupAdmin, type TestCore } from '../helpers/core';

// Issue #8: the report export. The .xlsx is read back with exceljs and must hold the tally's
// totals; the CSV opens with Vietnamese intact and the chosen separator.

let core: TestCore;
let head: Session;
let staffId: string;

beforeEach(async () => {
  core = openTestCore({ now: () => new Date('2026-03-12T03:00:00.000Z') });
  const admin = await setupAdmin(core);
  staffId = admin.user!.id;
  head = await sessionWithRoles(core, ['head']);
  await mustCall(core, head, 'settings.update', { key: 'targets.smartphoneUsers', value: 20 });
  await mustCall(core, head, 'settings.update', { key: 'targets.officials', value: 4 });
  seed();
});
afterEach(() => core.dispose());

type Svc = { key: string; outcome: 'completed' | 'pending' | 'failed'; review?: 'confirmed' | 'rejected' };
function visit(at: string, person: { name: string; cccd: string; category?: 'official' | 'citizen'; phone?: string; hood?: string } | null, services: Svc[], voided = false): VisitWrite {
  return {
    id: crypto.randomUUID(),
    visitedAt: at,
    staffId,
    consent: person ? 'yes' : 'unknown',
    isVoided: voided,
    voidReason: voided ? 'nhập nhầm' : null,
    person: person && {
      fullName: person.name, cccd: person.cccd, birthDate: null, birthYear: null, gender: null, phone: person.phone ?? null, address: null,
      category: person.category ?? 'citizen', agency: person.category === 'official' ? 'UBND phường Tân Lập' : null, neighbourhood: person.hood ?? 'Tổ dân phố 3',
    },
    services: services.map((s) => ({
      id: crypto.randomUUID(), serviceKey: s.key, outcome: s.outcome, failureReason: s.outcome === 'failed' ? 'otp_sim' : null, detail: {},
      ...(s.review ? { reviewStatus: s.review } : {}),
    })),
  };
}

function seed() {
  const visits = [
    // 23:30 on 9 March in Vietnam is still 9 March (16:30 UTC).
    visit('2026-03-09T16:30:00.000Z', { name: 'Nguyễn Thị Hường', cccd: '066190000011', phone: '0912345678', hood: 'Buôn Ea Tu' }, [
      { key: 'dak_lak_so', outcome: 'completed' }, { key: 'digital_signature', outcome: 'completed', review: 'confirmed' },
    ]),
    visit('2026-03-10T01:00:00.000Z', { name: 'Đặng Văn Đức', cccd: '066085000012', category: 'official' }, [{ key: 'digital_signature', outcome: 'completed' }]),
    visit('2026-03-10T02:00:00.000Z', { name: 'H’Hen Niê', cccd: '066195000013' }, [{ key: 'vneid_activation', outcome: 'failed' }, { key: 'dak_lak_so', outcome: 'pending' }]),
    visit('2026-03-10T03:00:00.000Z', null, [{ key: 'online_public_service', outcome: 'completed' }]),
    visit('2026-03-11T03:00:00.000Z', { name: 'Trần Bá Lộc', cccd: '066080000014' }, [{ key: 'dak_lak_so', outcome: 'completed' }], true),
  ];
  core.ctx.sqlite.transaction(() => visits.forEach((v) => writeVisit(core.ctx, { id: staffId, name: 'admin' }, v)))();
}

const RANGE = { from: '2026-03-09', to: '2026-03-11' };

function cellValues(row: ExcelJS.Row): unknown[] {
  const values: unknown[] = [];
  row.eachCell({ includeEmpty: true }, (cell) => values.push(cell.value));
  return values;
}

// Exports run in a worker thread booted through tsx from source here (slow on a loaded 2-core box).
describe('report export', { timeout: 120_000 }, () => {
  it('writes an .xlsx whose "Tổng hợp" totals are the tally, with date cells, frozen headers, and the detail and signature sheets', async () => {
    const tally = await mustCall(core, head, 'reports.tally', RANGE);
    expect(tally.visits).toBe(4);
    const jobId = crypto.randomUUID();
    const file = await mustCall(core, head, 'reports.export', { ...RANGE, format: 'xlsx', jobId });
    // Written in a worker thread; its progress stays readable for the page after the call.
    expect(await mustCall(core, head, 'reports.exportProgress', { jobId })).toEqual({ rows: 7, total: 7, done: true });
    expect(file.fileName).toBe('bao-cao-2026-03-09_2026-03-11.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Tổng hợp', 'Chi tiết', 'Chữ ký số']);

    const summary = workbook.getWorksheet('Tổng hợp')!;
    const header = cellValues(summary.getRow(1)) as string[];
    expect(header.slice(0, 3)).toEqual(['Ngày', 'Số lượt', 'Số người']);
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(summary.getColumn(1).width).toBeGreaterThan(10);
    // One row per day, real dates.
    const first = summary.getRow(2).getCell(1);
    expect(first.value).toBeInstanceOf(Date);
    expect((first.value as Date).toISOString().slice(0, 10)).toBe('2026-03-09');
    expect(first.numFmt).toBe('dd/mm/yyyy');
    expect(summary.getRow(3).getCell(2).value).toBe(tally.days[1]!.visits);

    let totalRow: ExcelJS.Row | undefined;
    summary.eachRow((row) => {
      if (row.getCell(1).value === 'Tổng cộng') totalRow = row;
    });
    expect(totalRow).toBeDefined();
    const col = (name: string) => header.indexOf(name) + 1;
    expect(totalRow!.getCell(col('Số lượt')).value).toBe(tally.visits);
    expect(totalRow!.getCell(col('Số người')).value).toBe(tally.persons);
    expect(totalRow!.getCell(col('Cài đặt ứng dụng Đắk Lắk Số – Hoàn thành')).value).toBe(tally.services.dak_lak_so!.completed);
    expect(totalRow!.getCell(col('Cài đặt ứng dụng Đắk Lắk Số – Đang làm dở')).value).toBe(1);
    expect(totalRow!.getCell(col('CT7 mới')).value).toBe(tally.target7.count);
    expect(totalRow!.getCell(col('CT8a mới')).value).toBe(tally.target8a.count);
    expect(totalRow!.getCell(col('CT8b mới')).value).toBe(tally.target8b.count);

    // The targets block: goals from the settings (ceil 30 % of 20 = 6; ceil 50 % of 4 = 2).
    const targetRows: unknown[][] = [];
    summary.eachRow((row) => {
      const first = String(row.getCell(1).value ?? '');
      if (first.startsWith('Chỉ tiêu ')) targetRows.push(cellValues(row));
    });
    expect(targetRows).toEqual([
      ['Chỉ tiêu 7 (Đắk Lắk Số)', tally.target7.count, null, tally.cumulative.target7, 6, tally.target7.count / 6],
      ['Chỉ tiêu 8a (cán bộ)', 1, 0, 1, 2, 0.5],
      ['Chỉ tiêu 8b (người dân)', 1, 1, 1, 100, 0.01],
    ]);

    // Detail: one row per service record, voided ones marked, the head sees CCCD and phone in full.
    const detail = workbook.getWorksheet('Chi tiết')!;
    expect(detail.rowCount).toBe(1 + 7);
    expect(detail.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const detailHeader = cellValues(detail.getRow(1)) as string[];
    const hRow = detail.getRow(2);
    expect(hRow.getCell(detailHeader.indexOf('Họ và tên') + 1).value).toBe('Nguyễn Thị Hường');
    expect(hRow.getCell(detailHeader.indexOf('Số CCCD') + 1).value).toBe('066190000011');
    expect(hRow.getCell(detailHeader.indexOf('Số điện thoại') + 1).value).toBe('0912345678');
    expect(hRow.getCell(detailHeader.indexOf('Tổ dân phố') + 1).value).toBe('Buôn Ea Tu');
    const time = hRow.getCell(detailHeader.indexOf('Thời gian') + 1).value as Date;
    expect(time.toISOString()).toBe('2026-03-09T23:30:00.000Z'); // Vietnam wall clock
    const voided = detail.getRow(8);
    expect(voided.getCell(detailHeader.indexOf('Đã hủy') + 1).value).toBe('Có');

    const signatures = workbook.getWorksheet('Chữ ký số')!;
    const sigHeader = cellValues(signatures.getRow(1)) as string[];
    expect(signatures.rowCount).toBe(3);
    const statuses = [2, 3].map((r) => signatures.getRow(r).getCell(sigHeader.indexOf('Trạng thái duyệt') + 1).value);
    expect(statuses).toEqual(['Đã xác nhận', 'Chờ duyệt']);

    const audit = core.ctx.sqlite.prepare("SELECT actor_name, summary_json FROM audit_log WHERE action = 'report.export'").all() as { actor_name: string; summary_json: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_name).toBe('head');
    expect(JSON.parse(audit[0]!.summary_json)).toMatchObject({ from: '2026-03-09', to: '2026-03-11', format: 'xlsx', fileName: file.fileName, rows: 7 });
  });

  it('writes CSV with a UTF-8 BOM, Vietnamese intact, and the chosen separator', async () => {
    const semicolon = await mustCall(core, head, 'reports.export', { ...RANGE, format: 'csv', separator: ';', table: 'detail' });
    const bytes = Buffer.from(semicolon.contentBase64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3));
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]!.split(';').slice(0, 4)).toEqual(['Ngày', 'Thời gian', 'Họ và tên', 'Số CCCD']);
    expect(lines).toHaveLength(8);
    expect(lines[1]!.split(';').slice(0, 4)).toEqual(['2026-03-09', '2026-03-09 23:30', 'Nguyễn Thị Hường', '066190000011']);
    expect(text).toContain('H’Hen Niê');
    expect(text).toContain('Đặng Văn Đức');
    expect(text.normalize('NFC')).toBe(text);

    const comma = await mustCall(core, head, 'reports.export', { ...RANGE, format: 'csv', separator: ',', table: 'summary' });
    const summaryText = Buffer.from(comma.contentBase64, 'base64').toString('utf8').replace(/^\uFEFF/, '');
    const rows = summaryText.trimEnd().split('\r\n').map((line) => line.split(','));
    expect(rows[0]!.slice(0, 4)).toEqual(['Ngày', 'Số lượt', 'Số người', 'Hỗ trợ dịch vụ công trực tuyến – Hoàn thành']);
    expect(rows.at(-1)!.slice(0, 3)).toEqual(['Tổng cộng', '4', '3']);
    expect(comma.fileName).toBe('bao-cao-2026-03-09_2026-03-11.csv');
  });

  it('masks CCCD and phone for a role that does not need them, and refuses staff', async () => {
    // The role matrix gives exports to the head only; the masking rule is checked on the writer.
    const staff = await sessionWithRoles(core, ['staff']);
    const refused = await callApi(core, staff, 'reports.export', { ...RANGE, format: 'xlsx' });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('forbidden');
    const { writeReportCsv } = await import('../../electron/core/report-exports/report-file');
    const tally = await mustCall(core, head, 'reports.tally', RANGE);
    const masked = writeReportCsv({ sqlite: core.ctx.sqlite, tally, services: [], masking: { unmasked: false } }, 'detail', ';').bytes.toString('utf8');
    expect(masked).toContain('066******011');
    expect(masked).toContain('091****678');
    expect(masked).not.toContain('066190000011');
  });

  it('prints with the audit chain head that includes the print itself, and audits the PDF with its file name', async () => {
    const before = auditHead(core.ctx);
    const printed = await mustCall(core, head, 'reports.printData', { from: '2026-03-10', to: '2026-03-10' });
    const after = auditHead(core.ctx);
    expect(after.seq).toBe(before.seq + 1);
    expect(printed.auditHead).toEqual({ seq: after.seq, short: after.short });
    expect(printed.auditHead.short).toMatch(/^#\d+-[0-9a-f]{12}$/);
    expect(printed.tally).toMatchObject({ from: '2026-03-10', to: '2026-03-10', visits: 3 });
    expect(printed.centerName).toBe('Trung tâm phục vụ Hành chính công phường Tân Lập');
    expect(printed.printedBy).toBe('Người dùng head');
    expect(printed.serviceNames.map((s) => s.key)).toContain('dak_lak_so');
    const pdf = await mustCall(core, head, 'reports.savePdf', { from: '2026-03-10', to: '2026-03-10', fileName: 'bao-cao-2026-03-10.pdf' });
    // Outside Electron nothing is saved by the core: main prints after this call (electron/main/print.ts).
    expect(pdf).toEqual({ saved: false, fileName: 'bao-cao-2026-03-10.pdf' });
    const rows = core.ctx.sqlite.prepare("SELECT action, summary_json FROM audit_log WHERE action IN ('report.print', 'report.pdf') ORDER BY seq").all() as { action: string; summary_json: string }[];
    expect(rows.map((r) => [r.action, JSON.parse(r.summary_json)])).toEqual([
      ['report.print', { from: '2026-03-10', to: '2026-03-10' }],
      ['report.pdf', { from: '2026-03-10', to: '2026-03-10', fileName: 'bao-cao-2026-03-10.pdf' }],
    ]);
    expect(verifyAuditChain(core.ctx).ok).toBe(true);
    const reversed = await callApi(core, head, 'reports.printData', { from: '2026-03-11', to: '2026-03-10' });
    expect(reversed.ok ? 'ok' : reversed.error.code).toBe('invalid_input');
  });
});


describe('export worker start-up', () => {
  it('reports a worker that cannot start as WorkerStartError, so the export falls back to writing in-process', async () => {
    const { runExportInWorker, WorkerStartError } = await import('../../electron/core/report-exports/run-export');
    const tally = await mustCall(core, head, 'reports.tally', RANGE);
    const job = { dbFile: core.ctx.dbFile, dbKeyHex: core.ctx.keyring.secrets().dbKey, nativeBinding: undefined, tally, services: [], masking: { unmasked: false }, format: 'csv' as const, table: 'summary' as const, separator: ';' as const };
    const missing = { file: new URL('file:///nonexistent/report-export-worker.js'), workerData: {} };
    await expect(runExportInWorker(job, null, 0, missing)).rejects.toBeInstanceOf(WorkerStartError);
  });
});
