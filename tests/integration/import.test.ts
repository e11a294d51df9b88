import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importData, type ImportOptions } from '../../electron/core/exchange/import';
import { exportData } from '../../electron/core/exchange/export';
import { computeTally } from '../../electron/core/reports/counting';
import { verifyAuditChain } from '../../electron/core/audit/audit';
import type { Tally } from '../../shared/api/reports';
import { callApi, mustCall, openTestCore, sessionWithRoles, tempDir, type TestCore } from '../helpers/core';
import { cccdFor, person, seedStaff, seedVisits, type VisitSpec } from '../helpers/visits-fixture';
import { keyFileArgs } from '../helpers/keys';
import { openKeyed } from '../helpers/keys';

// Issue #7 point 4/5: the import of the data format (.csv in UTF-8 or Windows-1258, comma or
// semicolon; .xlsx), its error report, idempotence, one transaction; and export → import.

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'import');
const CLI_ACTOR = { id: null, name: 'cli' };

let core: TestCore;
beforeEach(() => {
  core = openTestCore({ now: () => new Date('2026-03-01T03:00:00.000Z') });
});
afterEach(() => core.dispose());

const run = (bytes: Uint8Array | string, over: Partial<ImportOptions> = {}) =>
  importData(core.ctx, CLI_ACTOR, { fileName: 'data.csv', bytes: typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes, commit: true, skipInvalid: false, ...over });
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const count = (table: string) => (core.ctx.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('data.import', () => {
  it('reads a Windows-1258, semicolon-separated file with Vietnamese headers and Excel-stripped zeros', async () => {
    const report = await run(fixture('vi-windows1258-semicolon.csv'), { fileName: 'excel.csv' });
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ rows: 5, imported: 4, skipped: 0, committed: true, newStaff: ['Lê Thị Hoa'] });
    const ngocAnh = core.ctx.sqlite.prepare(`SELECT * FROM persons WHERE cccd = '066190001234'`).get() as Record<string, unknown>;
    // Text is NFC after decoding (Windows-1258 writes tone marks as combining characters).
    expect(ngocAnh).toMatchObject({ full_name: 'Nguyễn Thị Ngọc Ánh', phone: '0912345678', birth_date: '1990-03-02', gender: 'female', neighbourhood: 'Tổ dân phố 3' });
    expect((ngocAnh.full_name as string) === (ngocAnh.full_name as string).normalize('NFC')).toBe(true);
    expect(core.ctx.sqlite.prepare(`SELECT phone, category FROM persons WHERE full_name = 'Đặng Văn Hùng'`).get()).toEqual({ phone: '0987654321', category: 'official' });
    // Two rows with the same visit content and different services are one visit.
    expect(count('visits')).toBe(4);
    expect(count('service_records')).toBe(5);
    const t = computeTally(core.ctx, '2025-07-15', '2025-07-16');
    // 23:59 and 00:01 Vietnam time fall on their own days.
    expect(t.days.map((d) => d.visits)).toEqual([2, 2]);
    expect(t).toMatchObject({ visits: 4, persons: 3, target7: { count: 1 }, target8a: { count: 1, confirmed: 0 }, target8b: { count: 1, confirmed: 1, underAgeFlagged: 1 } });
    expect(t.services.vneid_activation).toEqual({ completed: 0, pending: 0, failed: 1 });
    // The unknown staff name became an inactive account that can never sign in.
    const hoa = core.ctx.sqlite.prepare(`SELECT username, is_active, password_hash FROM users WHERE full_name = 'Lê Thị Hoa'`).get() as Record<string, unknown>;
    expect(hoa).toMatchObject({ is_active: 0 });
    expect(String(hoa.password_hash).startsWith('scrypt$')).toBe(false);
    const actions = (core.ctx.sqlite.prepare('SELECT action, actor_name FROM audit_log ORDER BY seq').all() as { action: string; actor_name: string }[]);
    expect(actions).toEqual([
      { action: 'account.create_for_import', actor_name: 'cli' },
      { action: 'data.import', actor_name: 'cli' },
    ]);
    expect(verifyAuditChain(core.ctx).ok).toBe(true);
  });

  it('reports every bad row by line and column, and imports nothing by default', async () => {
    const report = await run(fixture('bad-row.csv'));
    // Line numbers are the file's lines: the first record spans lines 2–3 (a quoted line break).
    expect(report.errors).toEqual([
      { line: 4, column: 'cccd', reason: 'cccd.province' },
      { line: 5, column: 'failure_reason', reason: 'required' },
      { line: 5, column: 'phone', reason: 'phone.invalid' },
    ]);
    expect(report).toMatchObject({ imported: 0, refused: 2, committed: false });
    expect(count('visits')).toBe(0);
    expect(count('persons')).toBe(0);
    expect(count('audit_log')).toBe(0);
  });

  it('imports the valid visits with skipInvalid and keeps the multi-line detail intact', async () => {
    const report = await run(fixture('bad-row.csv'), { skipInvalid: true });
    expect(report).toMatchObject({ imported: 2, refused: 2, committed: true });
    expect(report.errors).toHaveLength(3);
    expect(count('visits')).toBe(2);
    expect(count('persons')).toBe(2);
    const detail = core.ctx.sqlite.prepare(`SELECT detail_json FROM service_records WHERE service_key = 'online_public_service'`).get() as { detail_json: string };
    expect(JSON.parse(detail.detail_json)).toEqual({ procedureName: 'Đăng ký thường trú (hồ sơ nộp qua Cổng DVC, ghi chú "gấp")' });
  });

  it('adds nothing when the same file is imported again (ids given or derived from content)', async () => {
    await run(fixture('vi-windows1258-semicolon.csv'));
    await run(fixture('bad-row.csv'), { skipInvalid: true });
    const before = { visits: count('visits'), records: count('service_records'), persons: count('persons'), users: count('users') };
    const again = await run(fixture('vi-windows1258-semicolon.csv'));
    expect(again).toMatchObject({ imported: 0, skipped: 4, errors: [], committed: true, newStaff: [] });
    const againBad = await run(fixture('bad-row.csv'), { skipInvalid: true });
    expect(againBad).toMatchObject({ imported: 0, skipped: 2 });
    expect({ visits: count('visits'), records: count('service_records'), persons: count('persons'), users: count('users') }).toEqual(before);
  });

  it('refuses a visit id already stored with different content, naming the column', async () => {
    const header = 'visit_id,visited_at,full_name,cccd,service,outcome,failure_reason\n';
    const id = 'b2000000-0000-4000-8000-000000000001';
    await run(`${header}${id},2025-07-15T02:00:00Z,Võ Thị Sáu,066190000201,dak_lak_so,completed,\n`);
    const changed = await run(`${header}${id},2025-07-15T02:00:00Z,Võ Thị Sáu,066190000201,dak_lak_so,failed,other\n`);
    expect(changed.errors).toEqual([{ line: 2, column: 'outcome', reason: 'changed_content' }]);
    expect(changed.committed).toBe(false);
    const otherPerson = await run(`${header}${id},2025-07-15T02:00:00Z,Võ Thị Sáu,066190000202,dak_lak_so,completed,\n`);
    expect(otherPerson.errors).toEqual([{ line: 2, column: 'cccd', reason: 'changed_content' }]);
    expect(core.ctx.sqlite.prepare('SELECT outcome FROM service_records').all()).toEqual([{ outcome: 'completed' }]);
  });

  it('requires rows of one visit_id to agree on the visit columns, and the required columns', async () => {
    const header = 'visit_id,visited_at,full_name,cccd,service,outcome\n';
    const id = 'c3000000-0000-4000-8000-000000000001';
    const report = await run(`${header}${id},2025-07-15T02:00:00Z,A Lăng,066190000301,dak_lak_so,completed\n${id},2025-07-15T02:30:00Z,A Lăng,066190000301,digital_signature,completed\n`);
    expect(report.errors).toEqual([{ line: 3, column: 'visited_at', reason: 'visit_fields_differ' }]);
    const missing = await run('visited_at,service\n2025-07-15T02:00:00Z,dak_lak_so\n');
    expect(missing.errors).toEqual([{ line: 1, column: 'outcome', reason: 'missing_column' }]);
    const unknown = await run('visited_at,service,outcome,ghi chu them\n2025-07-15T02:00:00Z,dak_lak_so,completed,x\n');
    expect(unknown.errors).toEqual([{ line: 1, column: 'ghi chu them', reason: 'unknown_column' }]);
    expect(count('visits')).toBe(0);
  });

  it('reads .xlsx: Excel date cells as Vietnam time, numbers that lost their leading zero', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sheet1');
    sheet.addRow(['Thời gian', 'Họ và tên', 'Số CCCD', 'Ngày sinh', 'Số điện thoại', 'Dịch vụ', 'Kết quả']);
    // Excel keeps wall-clock times; exceljs hands them over as UTC instants with the same digits.
    sheet.addRow([new Date(Date.UTC(2025, 6, 15, 23, 59)), 'Y Moan Niê', 66085000401, new Date(Date.UTC(1985, 0, 20)), 905123456, 'Cài đặt ứng dụng Đắk Lắk Số', 'completed']);
    sheet.getCell('A2').numFmt = 'dd/mm/yyyy hh:mm';
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const report = await run(bytes, { fileName: 'tu-excel.xlsx' });
    expect(report.errors).toEqual([]);
    expect(report.imported).toBe(1);
    expect(core.ctx.sqlite.prepare('SELECT visited_at, visit_day FROM visits').get()).toEqual({ visited_at: '2025-07-15T16:59:00.000Z', visit_day: '2025-07-15' });
    expect(core.ctx.sqlite.prepare('SELECT cccd, phone, birth_date FROM persons').get()).toEqual({ cccd: '066085000401', phone: '0905123456', birth_date: '1985-01-20' });
  });

  it('previews without writing: the report and the tally the import would give', async () => {
    const report = await run(fixture('vi-windows1258-semicolon.csv'), { commit: false });
    expect(report).toMatchObject({ imported: 4, committed: false, newStaff: ['Lê Thị Hoa'] });
    expect(report.tally).toMatchObject({ from: '2025-07-15', to: '2025-07-16', visits: 4, target7: { count: 1 } });
    expect([count('visits'), count('persons'), count('users'), count('audit_log')]).toEqual([0, 0, 0, 0]);
  });

  it('is reachable for head and admin only through the API', async () => {
    const head = await sessionWithRoles(core, ['head']);
    const staff = await sessionWithRoles(core, ['staff']);
    const contentBase64 = fixture('vi-windows1258-semicolon.csv').toString('base64');
    const preview = await mustCall(core, head, 'data.import', { fileName: 'a.csv', contentBase64, commit: false });
    expect(preview.imported).toBe(4);
    const refused = await callApi(core, staff, 'data.import', { fileName: 'a.csv', contentBase64, commit: true });
    expect(refused.ok ? null : refused.error.code).toBe('forbidden');
    const done = await mustCall(core, head, 'data.import', { fileName: 'a.csv', contentBase64, commit: true });
    expect(done.committed).toBe(true);
    expect(count('visits')).toBe(4);
  });
});

/** The tally without the staff ids, which are each database's own account ids. */
const comparable = (t: Tally) => ({ ...t, byStaff: t.byStaff.map(({ staffId: _id, ...rest }) => rest) });

describe('export → import into an empty database', () => {
  const AN = person({ fullName: 'Nguyễn Văn An', cccd: cccdFor(1990, 'male', 11), phone: '0912000111', neighbourhood: 'Tổ dân phố 1' });
  const EM = person({ fullName: 'Đặng Văn Em', cccd: cccdFor(1980, 'male', 12), category: 'official', agency: 'UBND phường Tân Lập', birthDate: '1980-05-06', gender: 'male' });
  const CHILD = person({ fullName: "H'Hen Niê", cccd: cccdFor(2012, 'female', 13) });
  const specs: VisitSpec[] = [
    { at: '15/07/2025 08:00', person: AN, services: [{ key: 'dak_lak_so' }, { key: 'digital_signature', review: 'confirmed' }] },
    { at: '15/07/2025 23:59', person: EM, services: [{ key: 'digital_signature', review: 'rejected', reviewReason: 'Sai số CCCD' }] },
    { at: '16/07/2025 00:01', person: EM, services: [{ key: 'digital_signature', review: 'returned', reviewReason: 'Cần ảnh chân dung' }] },
    { at: '16/07/2025 09:00', person: CHILD, services: [{ key: 'digital_signature' }, { key: 'vneid_activation', outcome: 'failed', failureReason: 'under_age' }] },
    { at: '16/07/2025 10:00', person: null, services: [{ key: 'online_public_service', outcome: 'pending' }] },
    { at: '17/07/2025 10:00', person: AN, services: [{ key: 'dak_lak_so' }], voided: true },
    { at: '18/07/2025 10:00', person: person({ fullName: 'Chị Mai', phone: '0905000222' }), services: [{ key: 'dak_lak_so', outcome: 'pending' }] },
  ];

  for (const format of ['csv', 'xlsx'] as const) {
    it(`gives the same tally field for field (${format})`, async () => {
      const staffId = seedStaff(core);
      seedVisits(core, staffId, specs);
      const original = computeTally(core.ctx, '2025-07-14', '2025-07-19');
      const exported = await exportData(core.ctx, { id: staffId, name: 'nhanvien1' }, { from: '2025-07-14', to: '2025-07-19', format });
      expect(exported.rows).toBe(9);
      expect((core.ctx.sqlite.prepare(`SELECT action FROM audit_log WHERE action = 'data.export'`).all())).toHaveLength(1);

      const other = openTestCore({ dataDir: tempDir() });
      try {
        seedStaff(other);
        const report = await importData(other.ctx, CLI_ACTOR, { fileName: exported.fileName, bytes: exported.content, commit: true, skipInvalid: false });
        expect(report.errors).toEqual([]);
        expect(report).toMatchObject({ imported: 7, newStaff: [] });
        expect(comparable(computeTally(other.ctx, '2025-07-14', '2025-07-19'))).toEqual(comparable(original));
        // And back again: importing the export into the original database adds nothing.
        const back = await importData(core.ctx, CLI_ACTOR, { fileName: exported.fileName, bytes: exported.content, commit: true, skipInvalid: false });
        expect(back).toMatchObject({ imported: 0, skipped: 7, errors: [] });
      } finally {
        other.dispose();
      }
    });
  }
});

describe('a killed import', () => {
  it('leaves the database as it was and intact (SIGKILL midway through one transaction)', async () => {
    const dir = tempDir();
    const dbFile = path.join(dir, 'ward.sqlite');
    const seeded = openTestCore({ dataDir: dir, dbFile });
    const staffId = seedStaff(seeded);
    seedVisits(seeded, staffId, [{ at: '01/07/2025 08:00', person: person({ cccd: cccdFor(1990, 'male', 1) }), services: [{ key: 'dak_lak_so' }] }]);
    seeded.close();
    const snapshot = () => {
      const db = openKeyed(dbFile, { readonly: true });
      try {
        return {
          integrity: db.pragma('integrity_check', { simple: true }),
          visits: db.prepare('SELECT count(*) AS n FROM visits').get(),
          records: db.prepare('SELECT count(*) AS n FROM service_records').get(),
          persons: db.prepare('SELECT count(*) AS n FROM persons').get(),
          users: db.prepare('SELECT count(*) AS n FROM users').get(),
          audit: db.prepare('SELECT count(*) AS n FROM audit_log').get(),
        };
      } finally {
        db.close();
      }
    };
    const before = snapshot();
    expect(before.integrity).toBe('ok');

    // A large file: 3000 visits of distinct persons, with a staff name to create.
    const lines = ['visited_at,staff,full_name,cccd,service,outcome'];
    for (let i = 0; i < 3000; i += 1) {
      lines.push(`${String(1 + (i % 28)).padStart(2, '0')}/08/2025 ${String(7 + (i % 10)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},Nhân viên Mới,Người ${i},${cccdFor(1960 + (i % 40), i % 2 ? 'female' : 'male', 1000 + i)},dak_lak_so,completed`);
    }
    const file = path.join(dir, 'big.csv');
    fs.writeFileSync(file, lines.join('\n'));

    const child = spawn('npx', ['tsx', 'electron/cli/index.ts', 'import', '--db', dbFile, ...keyFileArgs(dbFile), file, '--json'], {
      cwd: path.join(__dirname, '..', '..'),
      env: { ...process.env, BHTS_CLI_PROGRESS: '1' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    let killed = false;
    const killedAt = await new Promise<string>((resolve, reject) => {
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = [...stderr.matchAll(/progress (\d+)\/3000/g)].at(-1);
        if (match && Number(match[1]) >= 1000 && child.pid !== undefined && child.exitCode === null && !killed) {
          killed = true;
          // Kill the whole process group (npx → tsx → node) at once, like a power cut.
          process.kill(-child.pid!, 'SIGKILL');
          resolve(match[0]);
        }
      });
      child.on('exit', () => {
        if (!killed) reject(new Error(`the import ended before it could be killed: ${stdout}`));
      });
    });
    await new Promise((resolve) => child.on('close', resolve));
    expect(killedAt).toMatch(/progress \d+\/3000/);
    expect(stdout).toBe('');
    expect(snapshot()).toEqual(before);

    // The same file imported to the end afterwards works (nothing half-done was left in the way).
    const reopened = openTestCore({ dataDir: dir, dbFile });
    try {
      const report = await importData(reopened.ctx, CLI_ACTOR, { fileName: 'big.csv', bytes: fs.readFileSync(file), commit: true, skipInvalid: false });
      expect(report).toMatchObject({ imported: 3000, errors: [] });
    } finally {
      reopened.dispose();
    }
  }, 120_000);
});
