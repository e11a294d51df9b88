import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/cli';
import { openCore } from '../../electron/core/core';
import { computeTally, tallyForCli } from '../../electron/core/reports/counting';
import { importData } from '../../electron/core/exchange/import';
import { undoImport } from '../../electron/core/exchange/undo';
import { wardMappingSchema } from '../../shared/api/ward';
import type { Core } from '../../electron/core/core';
import { freshCores, tempDir } from '../helpers/core';
import { person, seedStaff, seedVisits } from '../helpers/visits-fixture';
import { withTestKeys } from '../helpers/keys';
import { keyFileArgs } from '../helpers/keys';

// Issue #16: the ward's own logs, imported through the CLI (in-process main(), the same code the
// command runs) and through the core, on real SQLite files. Fixtures: tests/fixtures/import/ward/
// make-ward-fixtures.ts (fake people, valid CCCDs).

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'import', 'ward');
const fixture = (name: string) => path.join(FIXTURES, name);

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function newDb(): string {
  const dir = tempDir('bhts-ward-');
  dirs.push(dir);
  return path.join(dir, 'ward.sqlite');
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (write: (s: string) => void) => new Writable({ write: (chunk, _enc, done) => { write(String(chunk)); done(); } });
  const code = await main(args, { out: sink((s) => (stdout += s)), err: sink((s) => (stderr += s)) });
  return { code, stdout, stderr };
}

function withDb<T>(db: string, read: (core: Core) => T): T {
  const core = openCore(withTestKeys({ dataDir: path.dirname(db), dbFile: db, appVersion: 'test' }));
  try {
    return read(core);
  } finally {
    core.close();
  }
}

const tallyOf = (core: Core, from = '2025-07-01', to = '2025-09-30') => tallyForCli(computeTally(core.ctx, from, to));

describe('ward logs through the CLI', () => {
  it('title block + one row per service: imported with the tally it gives, the title/totals/signature rows listed as skipped', async () => {
    const db = newDb();
    const run = await cli(['import', '--db', db, ...keyFileArgs(db), fixture('ward-long.xlsx'), '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ imported: 4, skipped: 0, refused: 0, errors: [], committed: true, legalBasis: 'Sổ theo dõi của trung tâm' });
    expect(report.sheets[0]).toMatchObject({ sheet: 'Sổ theo dõi', headerLine: 6 });
    const skipped = report.skippedRows.filter((r: { kind: string }) => r.kind !== 'blank').map((r: { line: number; kind: string }) => `${r.line}:${r.kind}`);
    expect(skipped).toEqual(['1:title', '2:title', '4:title', '12:totals', '14:signature', '15:signature', '17:signature']);
    const tally = withDb(db, (core) => tallyOf(core));
    expect(tally).toMatchObject({ visits: 4, persons: 4, target7: { count: 2 }, target8a: { count: 1 }, target8b: { count: 1 } });
    expect(tally.services.vneid_activation).toEqual({ completed: 0, pending: 1, failed: 0 });
    withDb(db, (core) => {
      // Lost zeros restored (CCCD 66090001234 → 066090001234, phone 905123456 → 0905123456), birth as a year, the file's legal basis on every visit.
      const an = core.ctx.sqlite.prepare("SELECT cccd, phone, birth_year, birth_date FROM persons WHERE full_name = 'Nguyễn Văn An'").get();
      expect(an).toEqual({ cccd: '066090001234', phone: '0905123456', birth_year: 1990, birth_date: null });
      expect(core.ctx.sqlite.prepare('SELECT DISTINCT legal_basis, import_id IS NOT NULL AS has FROM visits').all()).toEqual([{ legal_basis: 'Sổ theo dõi của trung tâm', has: 1 }]);
      const days = core.ctx.sqlite.prepare('SELECT visit_day FROM visits ORDER BY visit_day').all();
      expect(days).toEqual([{ visit_day: '2025-07-15' }, { visit_day: '2025-07-16' }, { visit_day: '2025-07-17' }, { visit_day: '2025-07-17' }]);
    });
    // Re-importing the same file adds nothing.
    const again = await cli(['import', '--db', db, ...keyFileArgs(db), fixture('ward-long.xlsx'), '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, skipped: 4 });
    expect(withDb(db, (core) => tallyOf(core))).toEqual(tally);
  });

  it('wide layout (a column per service, marks x/X/✓/có/Đã cài/Hoàn thành/Chưa xong, a two-level header)', async () => {
    const db = newDb();
    const run = await cli(['import', '--db', db, ...keyFileArgs(db), fixture('ward-wide.xlsx'), '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ imported: 4, errors: [] });
    const tally = withDb(db, (core) => tallyOf(core));
    expect(tally).toMatchObject({ visits: 4, persons: 4, target7: { count: 3 }, target8a: { count: 1 }, target8b: { count: 1 } });
    expect(tally.services).toMatchObject({
      dak_lak_so: { completed: 3, pending: 0 }, vneid_activation: { completed: 1, pending: 1 }, digital_signature: { completed: 2, pending: 1 },
    });
  });

  it('Google Sheets checkboxes (TRUE/FALSE cells); an under-15 signature flagged, counted in no target', async () => {
    const db = newDb();
    const run = await cli(['import', '--db', db, ...keyFileArgs(db), fixture('ward-checkboxes.xlsx'), '--json']);
    expect(run.code).toBe(0);
    const tally = withDb(db, (core) => tallyOf(core));
    expect(tally).toMatchObject({ visits: 3, target7: { count: 2 }, target8a: { count: 1 }, target8b: { count: 0, underAgeFlagged: 1 } });
  });

  it('month sheets without a category column: refused without --mapping, naming the category; imported with it', async () => {
    const db = newDb();
    const refused = await cli(['import', '--db', db, ...keyFileArgs(db), fixture('ward-months.xlsx')]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('the category is missing');
    expect(refused.stdout).toContain('Không cột nào cho biết đối tượng');
    expect(refused.stdout).toContain('No column gives the category');
    expect(withDb(db, (core) => tallyOf(core).visits)).toBe(0);
    const run = await cli(['import', '--db', db, ...keyFileArgs(db), fixture('ward-months.xlsx'), '--mapping', fixture('ward-months.mapping.json'), '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ imported: 4, legalBasis: 'Sổ theo dõi của trung tâm, tháng 7–8/2025' });
    expect(report.sheets.map((s: { sheet: string }) => s.sheet)).toEqual(['Tháng 7', 'Tháng 8']);
    const tally = withDb(db, (core) => tallyOf(core));
    // Giang (July and August), Hạnh, Khánh: persons counted once, on their earliest day.
    expect(tally).toMatchObject({ visits: 4, persons: 3, target7: { count: 3 }, target8b: { count: 2 } });
    expect(withDb(db, (core) => tallyOf(core, '2025-08-01', '2025-08-31'))).toMatchObject({ target7: { count: 1 }, target8b: { count: 1 } });
  });

  it('an unknown column refuses the file, listing the candidate mappings', async () => {
    const db = newDb();
    const dir = path.dirname(db);
    const file = path.join(dir, 'odd.csv');
    fs.writeFileSync(file, 'Họ và tên;Số CCCD;Ngày;Cài Đắk Lắk Số;Đối tượng;Mã hồ sơ\nA Lăng;066190000301;10/09/2025;x;Người dân;HS-1\n');
    const refused = await cli(['import', '--db', db, ...keyFileArgs(db), file]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/“Mã hồ sơ” → \? {2}candidates: skip \| visited_at .* service:<key>/);
    expect(refused.stdout).toContain('dòng 1, cột “Mã hồ sơ”');
    expect(refused.stdout).toContain('line 1, column “Mã hồ sơ”');
    const mapping = path.join(dir, 'odd.json');
    fs.writeFileSync(mapping, JSON.stringify({ columns: { 'Mã hồ sơ': 'skip' } }));
    expect((await cli(['import', '--db', db, ...keyFileArgs(db), file, '--mapping', mapping])).code).toBe(0);
  });

  it('a CSV whose CCCD and phone lost their digits (6.6195E+10) is refused whole, naming the column and why', async () => {
    const db = newDb();
    const run = await cli(['import', '--db', db, ...keyFileArgs(db), fixture('ward-lost-digits.csv'), '--json', '--skip-invalid']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.errors).toEqual([
      { sheet: 'ward-lost-digits.csv', line: 2, column: 'Số CCCD', reason: 'lost_digits' },
      { sheet: 'ward-lost-digits.csv', line: 2, column: 'Số điện thoại', reason: 'lost_digits' },
    ]);
    expect(report.messages[0].vi).toContain('dòng 2, cột “Số CCCD”: Bảng tính đã đổi số thành dạng 6.6195E+10');
    expect(report.messages[0].en).toContain('line 2, column “Số CCCD”: The spreadsheet turned the number into 6.6195E+10');
    // The other row is valid, and still nothing is imported.
    expect(withDb(db, (core) => core.ctx.sqlite.prepare('SELECT count(*) AS n FROM visits').get())).toEqual({ n: 0 });
  });

  it('row errors carry the sheet, line and header in Vietnamese and English', async () => {
    const db = newDb();
    const file = path.join(path.dirname(db), 'bad.csv');
    fs.writeFileSync(file, 'Họ và tên;Số CCCD;Ngày;Cài Đắk Lắk Số;Đối tượng\nA Lăng;066190000399;10/09/2025;hơi hơi;Người dân\nY Đăm;999190000301;10/09/2025;x;Người dân\n');
    const run = await cli(['import', '--db', db, ...keyFileArgs(db), file, '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.errors).toEqual([
      { sheet: 'bad.csv', line: 2, column: 'Cài Đắk Lắk Số', reason: 'unknown_mark' },
      { sheet: 'bad.csv', line: 3, column: 'Số CCCD', reason: 'cccd.province' },
    ]);
    expect(report.messages.map((m: { vi: string; en: string }) => m.vi)).toEqual([
      'trang “bad.csv”, dòng 2, cột “Cài Đắk Lắk Số”: Không hiểu dấu đánh trong cột dịch vụ: dùng x, ✓, có, Hoàn thành, Chưa xong hoặc ghép giá trị này trong bước ghép giá trị',
      'trang “bad.csv”, dòng 3, cột “Số CCCD”: Mã tỉnh trong số CCCD không đúng',
    ]);
    expect(report.messages[1].en).toBe('sheet “bad.csv”, line 3, column “Số CCCD”: Wrong province code in the CCCD');
  });
});

const newCore = freshCores();
const CLI_ACTOR = { id: null, name: 'cli' };
const read = (name: string) => fs.readFileSync(fixture(name));
const MONTHS_MAPPING = { version: 1 as const, columns: {}, category: 'citizen' as const };

describe('what an import changes, duplicates and undo', () => {
  it('the preview lists persons whose counting day moves earlier and the months whose figures change, on a database with later visits', async () => {
    const core = newCore();
    const staff = seedStaff(core);
    // September, in the app: Giang (who is in the July/August log) installs Đắk Lắk Số and signs.
    seedVisits(core, staff, [
      { at: '10/09/2025 09:00', person: person({ fullName: 'Võ Văn Giang', cccd: '066088009012', birthYear: 1988 }), services: [{ key: 'dak_lak_so' }, { key: 'digital_signature' }] },
    ]);
    const septemberBefore = JSON.stringify(tallyOf(core, '2025-09-01', '2025-09-30'));
    const report = await importData(core.ctx, CLI_ACTOR, { fileName: 'ward-months.xlsx', bytes: read('ward-months.xlsx'), commit: false, skipInvalid: false, mapping: MONTHS_MAPPING });
    expect(report.committed).toBe(false);
    expect(report.changes!.added).toEqual({ visits: 4, persons: 2, target7: 2, target8a: 0, target8b: 1 });
    expect(report.changes!.shiftedPersons).toEqual([
      { sheet: 'Tháng 7', line: 7, cccdMasked: '066******012', target: 'target7', before: '2025-09-10', after: '2025-07-21' },
      { sheet: 'Tháng 7', line: 7, cccdMasked: '066******012', target: 'target8b', before: '2025-09-10', after: '2025-08-12' },
    ]);
    expect(report.changes!.periods).toEqual([
      { month: '2025-07', figure: 'visits', before: 0, after: 2 },
      { month: '2025-07', figure: 'target7', before: 0, after: 2 },
      { month: '2025-07', figure: 'target8b', before: 0, after: 1 },
      { month: '2025-08', figure: 'visits', before: 0, after: 2 },
      { month: '2025-08', figure: 'target7', before: 0, after: 1 },
      { month: '2025-08', figure: 'target8b', before: 0, after: 1 },
      { month: '2025-09', figure: 'target7', before: 1, after: 0 },
      { month: '2025-09', figure: 'target8b', before: 1, after: 0 },
    ]);
    // A preview writes nothing.
    expect(JSON.stringify(tallyOf(core, '2025-09-01', '2025-09-30'))).toBe(septemberBefore);
    expect(core.ctx.sqlite.prepare('SELECT count(*) AS n FROM visits').get()).toEqual({ n: 1 });
  });

  it('a row matching a visit the app logged (same CCCD, service and day) is skipped as a probable duplicate unless kept', async () => {
    const core = newCore();
    const staff = seedStaff(core);
    seedVisits(core, staff, [{ at: '13/08/2025 10:15', person: person({ fullName: 'Bùi Văn Khánh', cccd: '066075001122', birthYear: 1975 }), services: [{ key: 'dak_lak_so' }] }]);
    const options = { fileName: 'ward-months.xlsx', bytes: read('ward-months.xlsx'), commit: true, skipInvalid: false, mapping: MONTHS_MAPPING };
    const report = await importData(core.ctx, CLI_ACTOR, options);
    expect(report.duplicates).toEqual([{ sheet: 'Tháng 8', line: 8, column: 'Cài Đắk Lắk Số', reason: 'probable_duplicate' }]);
    expect(report.imported).toBe(3);
    expect(tallyOf(core).visits).toBe(4);
    // Kept: a second import of the file with keepDuplicates adds just that row's visit.
    const kept = await importData(core.ctx, CLI_ACTOR, { ...options, keepDuplicates: true });
    expect(kept).toMatchObject({ imported: 1, skipped: 3, duplicates: [] });
    expect(tallyOf(core).visits).toBe(5);
    expect(tallyOf(core).target7.count).toBe(3);
  });

  it('undo of an import restores the tally byte for byte, audited; re-import after it adds the visits again; undo twice is refused', async () => {
    const core = newCore();
    const staff = seedStaff(core);
    seedVisits(core, staff, [{ at: '10/09/2025 09:00', person: person({ fullName: 'Võ Văn Giang', cccd: '066088009012', birthYear: 1988 }), services: [{ key: 'digital_signature' }] }]);
    const tallyBefore = JSON.stringify(computeTally(core.ctx, '2025-07-01', '2025-09-30'));
    const personsBefore = core.ctx.sqlite.prepare('SELECT id, cccd FROM persons ORDER BY id').all();
    const report = await importData(core.ctx, CLI_ACTOR, { fileName: 'ward-months.xlsx', bytes: read('ward-months.xlsx'), commit: true, skipInvalid: false, mapping: MONTHS_MAPPING });
    expect(report.imported).toBe(4);
    const tallyImported = JSON.stringify(computeTally(core.ctx, '2025-07-01', '2025-09-30'));
    expect(tallyImported).not.toBe(tallyBefore);
    const importId = report.importId!;
    expect(core.ctx.sqlite.prepare('SELECT count(*) AS n FROM visits WHERE import_id = ?').get(importId)).toEqual({ n: 4 });
    expect(undoImport(core.ctx, CLI_ACTOR, importId)).toEqual({ importId, visits: 4 });
    expect(JSON.stringify(computeTally(core.ctx, '2025-07-01', '2025-09-30'))).toBe(tallyBefore);
    // The persons only the import named are gone with it; Giang, logged in the app, stays.
    expect(core.ctx.sqlite.prepare('SELECT id, cccd FROM persons ORDER BY id').all()).toEqual(personsBefore);
    const audit = core.ctx.sqlite.prepare("SELECT action, entity_id FROM audit_log WHERE action LIKE 'data.import%' ORDER BY seq").all();
    expect(audit).toEqual([{ action: 'data.import', entity_id: 'ward-months.xlsx' }, { action: 'data.import.undo', entity_id: importId }]);
    expect(() => undoImport(core.ctx, CLI_ACTOR, importId)).toThrow('import_already_undone');
    const again = await importData(core.ctx, CLI_ACTOR, { fileName: 'ward-months.xlsx', bytes: read('ward-months.xlsx'), commit: true, skipInvalid: false, mapping: MONTHS_MAPPING });
    expect(again.imported).toBe(4);
    expect(JSON.stringify(computeTally(core.ctx, '2025-07-01', '2025-09-30'))).toBe(tallyImported);
  });
});

describe('the value map (marks, categories, services, outcomes)', () => {
  it('the detection lists every distinct value of the mapped columns with its rows, the guess and the mapping’s answer', async () => {
    const core = newCore();
    const report = await importData(core.ctx, CLI_ACTOR, { fileName: 'ward-wide.xlsx', bytes: read('ward-wide.xlsx'), commit: false, skipInvalid: false });
    const marks = report.detection!.values.find((g) => g.kind === 'marks')!;
    expect(marks.columns).toEqual(['Cài Đắk Lắk Số', 'Kích hoạt VNeID', 'Đăng ký chữ ký số']);
    // x and X are one value (compared folded), counted once per row.
    expect(marks.values).toEqual([
      { text: 'Chưa xong', rows: 2, guess: 'pending', mapped: null },
      { text: '✓', rows: 1, guess: 'completed', mapped: null },
      { text: 'có', rows: 1, guess: 'completed', mapped: null },
      { text: 'Đã cài', rows: 1, guess: 'completed', mapped: null },
      { text: 'Hoàn thành', rows: 1, guess: 'completed', mapped: null },
      { text: 'x', rows: 1, guess: 'completed', mapped: null },
    ]);
    expect(report.detection!.values.find((g) => g.kind === 'category')).toEqual({
      kind: 'category', columns: ['Đối tượng'], omitted: 0,
      values: [{ text: 'Người dân', rows: 3, guess: 'citizen', mapped: null }, { text: 'CBCC', rows: 1, guess: 'official', mapped: null }],
    });
  });

  it('a value the app cannot guess is listed with "?" by the CLI and refused with its line and column; the value map from --mapping FILE.json imports it', async () => {
    const db = newDb();
    const refused = await cli(['import', '--db', db, ...keyFileArgs(db), fixture('ward-wizard.xlsx')]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('“Tự làm” (2 rows) → ?  candidates: completed | pending | failed | none');
    const mappingFile = path.join(path.dirname(db), 'wizard.mapping.json');
    fs.writeFileSync(mappingFile, JSON.stringify({ columns: { 'Liên lạc': 'phone' } }));
    const unknown = await cli(['import', '--db', db, ...keyFileArgs(db), fixture('ward-wizard.xlsx'), '--mapping', mappingFile, '--json']);
    expect(unknown.code).toBe(1);
    const report = JSON.parse(unknown.stdout);
    expect(report.errors).toEqual([
      { sheet: 'Tháng 9', line: 7, column: 'Đăng ký chữ ký số', reason: 'unknown_mark' },
      { sheet: 'Tháng 9', line: 8, column: 'Cài Đắk Lắk Số', reason: 'unknown_mark' },
    ]);
    expect(report.messages[0].vi).toContain('trang “Tháng 9”, dòng 7, cột “Đăng ký chữ ký số”: Không hiểu dấu đánh');
    expect(report.messages[0].en).toContain('sheet “Tháng 9”, line 7, column “Đăng ký chữ ký số”: Unknown mark');
    expect(withDb(db, (core) => tallyOf(core).visits)).toBe(0);
    // The mapping as the wizard saves it: JSON, read back by the same schema, every value written out.
    const saved = { version: 1, columns: { 'Liên lạc': 'phone' }, values: { marks: { 'Tự làm': 'completed', x: 'completed', '✓': 'completed' }, category: { 'Người dân': 'citizen' } } };
    expect(wardMappingSchema.parse(JSON.parse(JSON.stringify(saved)))).toEqual(saved);
    fs.writeFileSync(mappingFile, JSON.stringify(saved, null, 2));
    const run = await cli(['import', '--db', db, ...keyFileArgs(db), fixture('ward-wizard.xlsx'), '--mapping', mappingFile, '--json']);
    expect(run.code).toBe(0);
    const imported = JSON.parse(run.stdout);
    expect(imported).toMatchObject({ imported: 4, errors: [] });
    expect(imported.values.find((g: { kind: string }) => g.kind === 'marks').values).toContainEqual({ text: 'Tự làm', rows: 2, guess: null, mapped: 'completed' });
    expect(withDb(db, (core) => tallyOf(core, '2025-09-01', '2025-09-30'))).toMatchObject({ visits: 4, persons: 4, target7: { count: 3 }, target8b: { count: 3 } });
    withDb(db, (core) => expect(core.ctx.sqlite.prepare("SELECT phone FROM persons WHERE full_name = 'Lý Thị Thu'").get()).toEqual({ phone: '0387333444' }));
  });

  it('the value map overrides a guess and answers categories, services and outcomes of the one-row-per-service layout', async () => {
    const core = newCore();
    const csv = [
      'Ngày;Họ và tên;Số CCCD;Năm sinh;Đối tượng;Cơ quan;Nội dung hỗ trợ;Kết quả;Lý do',
      '04/08/2025;Nguyễn Văn An;066090001234;1990;CB;UBND phường;Hỗ trợ app tỉnh;OK rồi;',
      '04/08/2025;Lê Thị Bình;066185002345;1985;Người dân;;Ký số;Hỏng;Mất sóng điện thoại',
      '05/08/2025;Hồ Văn Cường;066080003456;1980;Người dân;;Kích hoạt VNeID;x;',
    ].join('\n');
    const bytes = Buffer.from(csv, 'utf8');
    const guessOnly = await importData(core.ctx, CLI_ACTOR, { fileName: 'nhat-ky.csv', bytes, commit: false, skipInvalid: false });
    expect(guessOnly.errors.map((e) => `${e.line}:${e.column}:${e.reason}`)).toEqual([
      '2:Đối tượng:unknown_category', '2:Kết quả:unknown_outcome', '2:Nội dung hỗ trợ:unknown_service', '3:Kết quả:unknown_outcome',
    ]);
    const mapping = wardMappingSchema.parse({
      values: { category: { cb: 'official' }, service: { 'Hỗ trợ app tỉnh': 'dak_lak_so' }, outcome: { 'OK RỒI': 'completed', hỏng: 'failed', x: 'pending' } },
    });
    const report = await importData(core.ctx, CLI_ACTOR, { fileName: 'nhat-ky.csv', bytes, commit: true, skipInvalid: false, mapping });
    expect(report).toMatchObject({ imported: 3, errors: [], committed: true });
    const rows = core.ctx.sqlite.prepare('SELECT s.service_key, s.outcome, s.failure_reason, v.category_snapshot FROM service_records s JOIN visits v ON v.id = s.visit_id ORDER BY v.visited_at, s.service_key').all();
    // "x" would be guessed completed; the map says pending. The failed one's free-text reason read as the app's key.
    expect(rows).toEqual([
      { service_key: 'dak_lak_so', outcome: 'completed', failure_reason: null, category_snapshot: 'official' },
      { service_key: 'digital_signature', outcome: 'failed', failure_reason: 'no_smartphone', category_snapshot: 'citizen' },
      { service_key: 'vneid_activation', outcome: 'pending', failure_reason: null, category_snapshot: 'citizen' },
    ]);
  });

  it('a value map that is not the app’s is refused by the schema', () => {
    expect(wardMappingSchema.safeParse({ values: { marks: { x: 'done' } } }).success).toBe(false);
    expect(wardMappingSchema.safeParse({ values: { category: { CB: 'officer' } } }).success).toBe(false);
    expect(wardMappingSchema.safeParse({ values: { colour: {} } }).success).toBe(false);
  });
});

describe('ward logs as other tools write them', () => {
  it('a Google Sheets CSV (comma, TRUE/FALSE text) and an Excel-saved CSV (title block, serial dates, ISO date, free-text failure reason)', async () => {
    const db = newDb();
    const dir = path.dirname(db);
    const sheets = path.join(dir, 'sheets.csv');
    fs.writeFileSync(sheets, [
      'STT,Họ và tên,Số CCCD,Năm sinh,SĐT,Đối tượng,Ngày hỗ trợ,Cài Đắk Lắk Số,Kích hoạt VNeID,Đăng ký chữ ký số',
      '1,Lương Đình Nam,066099003333,1999,0912000111,Người dân,01/09/2025,TRUE,TRUE,FALSE',
      '2,Mai Thị Oanh,066187004444,1987,,Công dân,2/9/2025,FALSE,FALSE,TRUE',
    ].join('\n'));
    const run = await cli(['import', '--db', db, ...keyFileArgs(db), sheets, '--json']);
    expect(run.code, run.stdout).toBe(0);
    expect(withDb(db, (core) => tallyOf(core, '2025-09-01', '2025-09-30'))).toMatchObject({ visits: 2, target7: { count: 1 }, target8b: { count: 1 } });
    const excel = path.join(dir, 'excel.csv');
    fs.writeFileSync(excel, [
      'UBND PHƯỜNG TÂN LẬP;;;;;CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', ';;;;;Độc lập - Tự do - Hạnh phúc', '', 'SỔ THEO DÕI',
      'STT;Ngày;Họ và tên;CCCD;Năm sinh;Điện thoại;Đối tượng;Nội dung hỗ trợ;Kết quả;Lý do',
      '1;45873;Nguyễn Văn An;66090001234;1990;905123456;Người dân;Cài đặt Đắk Lắk Số;Hoàn thành;',
      '2;04/08/2025 08:30;Lê Văn Bình;66085002345;1985;;Người dân;Kích hoạt định danh điện tử;Không thành công;Không có điện thoại thông minh',
      '3;2025-08-05;Hồ Văn Cường;66080003456;1980;;Người dân;Ký số;Đạt;',
      ';;;;;;;;;', 'Tổng cộng: 3 lượt;;;;;;;;;', ';NGƯỜI LẬP BIỂU',
    ].join('\r\n'));
    const second = await cli(['import', '--db', db, ...keyFileArgs(db), excel, '--json']);
    expect(second.code, second.stdout).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ imported: 3, errors: [] });
    withDb(db, (core) => {
      const rows = core.ctx.sqlite.prepare("SELECT v.visit_day, s.service_key, s.outcome, s.failure_reason FROM visits v JOIN service_records s ON s.visit_id = v.id WHERE v.visit_day LIKE '2025-08%' ORDER BY v.visited_at").all();
      expect(rows).toEqual([
        { visit_day: '2025-08-04', service_key: 'dak_lak_so', outcome: 'completed', failure_reason: null },
        { visit_day: '2025-08-04', service_key: 'vneid_activation', outcome: 'failed', failure_reason: 'no_smartphone' },
        { visit_day: '2025-08-05', service_key: 'digital_signature', outcome: 'completed', failure_reason: null },
      ]);
    });
  });
});

describe('ward logs, more layouts', () => {
  it('a title line without separators over a semicolon CSV, headers with notes in brackets, variants and providers written in the service columns', async () => {
    const db = newDb();
    const dir = path.dirname(db);
    const file = path.join(dir, 'notes.csv');
    fs.writeFileSync(file, [
      'SỔ THEO DÕI HỖ TRỢ THÁNG 8', '',
      'STT;Ngày hỗ trợ (dd/mm/yyyy);Họ và tên;Số CCCD (12 số);Năm sinh;Tổ dân phố;Giới tính;Đắk Lắk Số;VNeID;Chữ ký số',
      '1;04/08/2025;Nguyễn Văn An;066090001234;1990;Tổ 5;Nam;Zalo;Mức 2;VNPT',
      '2;04/08/2025;Lê Thị Bình;066185002345;1985;Tổ 1;Nữ;x;;',
    ].join('\n'));
    const mapping = path.join(dir, 'notes.json');
    fs.writeFileSync(mapping, JSON.stringify({ category: 'citizen' }));
    const run = await cli(['import', '--db', db, ...keyFileArgs(db), file, '--mapping', mapping, '--json']);
    expect(run.code, run.stdout).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.sheets[0]).toMatchObject({ headerLine: 3, columns: ['skip', 'visited_at', 'full_name', 'cccd', 'birth_date', 'neighbourhood', 'gender', 'service:dak_lak_so', 'service:vneid_activation', 'service:digital_signature'] });
    expect(withDb(db, (core) => tallyOf(core, '2025-08-01', '2025-08-31'))).toMatchObject({ visits: 2, persons: 2, target7: { count: 2 }, target8b: { count: 1 }, services: { vneid_activation: { completed: 1 } } });
  });

  it('a summary sheet and a roster beside the month sheets (no day, nor a person and a service, in the header) are not read as logs', async () => {
    const db = newDb();
    const file = path.join(path.dirname(db), 'with-summary.xlsx');
    const workbook = new ExcelJS.Workbook();
    const july = workbook.addWorksheet('Tháng 7');
    july.addRow(['SỔ THEO DÕI THÁNG 7/2025']);
    july.addRow(['STT', 'Họ và tên', 'Số CCCD', 'Năm sinh', 'Đối tượng', 'Ngày', 'Cài Đắk Lắk Số', 'Đăng ký chữ ký số']);
    july.addRow([1, 'Võ Văn Giang', 66088009012, 1988, 'Người dân', new Date(Date.UTC(2025, 6, 21)), 'x', 'x']);
    const summary = workbook.addWorksheet('Tổng hợp');
    summary.addRow(['TỔNG HỢP']);
    summary.addRow(['Tháng', 'Cài Đắk Lắk Số', 'Đăng ký chữ ký số']);
    summary.addRow(['Tháng 7', 1, 1]);
    const roster = workbook.addWorksheet('Danh sách cán bộ');
    roster.addRow(['STT', 'Họ và tên', 'Chức vụ', 'Đơn vị']);
    roster.addRow([1, 'Trần Văn Hùng', 'Giám đốc', 'Trung tâm phục vụ HCC']);
    fs.writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));
    const run = await cli(['import', '--db', db, ...keyFileArgs(db), file, '--json']);
    expect(run.code, run.stdout).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.sheets.map((s: { sheet: string; headerLine: number | null }) => [s.sheet, s.headerLine])).toEqual([['Tháng 7', 2], ['Tổng hợp', null], ['Danh sách cán bộ', null]]);
    expect(withDb(db, (core) => tallyOf(core))).toMatchObject({ visits: 1, target7: { count: 1 }, target8b: { count: 1 } });
  });
});
