import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { importData, type ImportOptions } from '../../electron/core/exchange/import';
import { targetCountsDrift } from '../../electron/core/reports/counting';
import { dayCountsDrift } from '../../electron/core/reports/day-counts';
import { personNameWordsDrift } from '../../electron/core/persons/name-words';
import { freshCores, type TestCore } from '../helpers/core';
import { cccdFor } from '../helpers/visits-fixture';

// Issue #10: a large .csv is read in a worker thread while the import writes the visits already
// handed over (exchange/parser.ts). These tests hold that path to the in-process one: the same
// report (errors, counts, tally), the same rows and counting tables, and the in-process path taken
// again whenever the early hand-over cannot stand (rows of one visit far apart).

const CLI_ACTOR = { id: null, name: 'cli' };
const NOW = () => new Date('2026-03-01T03:00:00.000Z');
const HEADER = 'visit_id,visited_at,staff,full_name,cccd,birth_date,gender,phone,category,agency,neighbourhood,consent,service,outcome,failure_reason,detail,review_status,review_reason,voided';
const SERVICES = ['dak_lak_so', 'digital_signature', 'vneid_activation', 'online_public_service'];

/**
 * `visits` visits, rows of a visit adjacent (as an export writes them): returning persons,
 * officials, anonymous and phone-only visits, rows without visit_id, and with `bad` some bad rows
 * (unknown service, bad CCCD, a second row that disagrees with the first).
 */
function makeCsv(visits: number, seed: number, options: { bad?: boolean; idPrefix?: string } = {}): string[] {
  let state = seed;
  const rnd = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  const lines: string[] = [];
  for (let v = 0; v < visits; v += 1) {
    const at = `2025-0${1 + rnd(6)}-${String(1 + rnd(28)).padStart(2, '0')}T${String(7 + rnd(10)).padStart(2, '0')}:${String(rnd(60)).padStart(2, '0')}:00+07:00`;
    const kind = rnd(20);
    const serial = rnd(500);
    const gender = serial % 2 ? 'female' : 'male';
    const official = serial % 7 === 0;
    const anonymous = kind === 1;
    const phoneOnly = kind === 2;
    const name = anonymous ? '' : `Người Ê Đê ${serial}`;
    let cccd = anonymous || phoneOnly ? '' : cccdFor(1950 + (serial % 50), gender, 7000 + serial);
    const phone = phoneOnly ? `09050${String(serial).padStart(5, '0')}` : '';
    const id = kind === 3 ? '' : `${options.idPrefix ?? 'v'}-${v}`;
    const count = 1 + (rnd(3) === 0 ? 1 : 0);
    const first = rnd(4);
    const badRow = options.bad && rnd(40) === 0 ? rnd(3) : -1;
    if (badRow === 1) cccd = '123';
    for (let s = 0; s < count; s += 1) {
      const service = badRow === 0 && s === 0 ? 'không có' : SERVICES[(first + s) % 4]!;
      const outcome = ['completed', 'completed', 'pending', 'failed'][rnd(4)]!;
      const review = service === 'digital_signature' ? ['', 'confirmed', 'rejected'][rnd(3)]! : '';
      const shownName = badRow === 2 && s === 1 ? `${name} Khác` : name;
      lines.push([
        id, at, `nv${serial % 3}`, shownName, cccd, '', '', phone, anonymous ? '' : official ? 'official' : 'citizen', official && !anonymous ? 'UBND phường' : '',
        anonymous ? '' : `Tổ dân phố ${1 + (serial % 4)}`, anonymous ? '' : 'yes', service, outcome, outcome === 'failed' ? 'other' : '', '', review,
        review === 'rejected' ? 'Sai' : '', rnd(30) === 0 ? 'yes' : 'no',
      ].join(','));
    }
  }
  return lines;
}

const fileOf = (rows: string[]) => Buffer.from(`${[HEADER, ...rows].join('\n')}\n`, 'utf8');

const freshCore = freshCores({ now: NOW });

/** Imports and says how the file was read; the report without each database's staff ids. */
async function run(core: TestCore, bytes: Buffer, over: Partial<ImportOptions>) {
  const paths: string[] = [];
  const report = await importData(core.ctx, CLI_ACTOR, {
    fileName: 'data.csv', bytes, commit: true, skipInvalid: true, onReadPath: (path, reason) => paths.push(reason ? `${path}: ${reason}` : path), ...over,
  });
  return { paths, report: { ...report, tally: report.tally && { ...report.tally, byStaff: report.tally.byStaff.map(({ staffId: _id, ...rest }) => rest) } } };
}

/** Rows an import writes, each database's random ids (persons, staff) and person keys replaced by what they stand for. */
function contentOf(sqlite: Database): Record<string, unknown[]> {
  const all = (sql: string) => sqlite.prepare(sql).all();
  const person = `coalesce(p.cccd, p.full_name || '|' || coalesce(p.phone, ''))`;
  const key = (column: string) => `(SELECT cccd FROM persons WHERE person_key = ${column})`;
  return {
    persons: all(`SELECT ${key('p.person_key')}, cccd, full_name, name_folded, birth_date, birth_year, gender, phone, category, agency, neighbourhood FROM persons p ORDER BY 2, 3, 8`),
    visits: all(`SELECT v.id, ${person}, u.username, v.visited_at, v.category_snapshot, v.agency_snapshot, v.consent, v.is_voided
                   FROM visits v LEFT JOIN persons p ON p.id = v.person_id JOIN users u ON u.id = v.staff_id ORDER BY v.id`),
    visitOrder: all('SELECT id FROM visits ORDER BY rowid'),
    service_records: all(`SELECT id, visit_id, service_key, outcome, failure_reason, detail_json, visit_day, ${key('person_key')}, category_snapshot, is_15_plus, is_voided,
                            review_status, review_reason FROM service_records ORDER BY rowid`),
    target_counts: all(`SELECT target, ${key('person_key')}, record_id, visit_day, review_status FROM target_counts ORDER BY 1, 3`),
    day_service_counts: all('SELECT * FROM day_service_counts ORDER BY 1, 2, 3'),
    day_neighbourhood_visits: all('SELECT * FROM day_neighbourhood_visits ORDER BY 1, 2'),
    day_persons: all('SELECT * FROM day_persons ORDER BY 1, 2'),
    target_day_counts: all('SELECT * FROM target_day_counts ORDER BY 1, 2, 3'),
    person_name_words: all(`SELECT w.suffix, ${person} FROM person_name_words w JOIN persons p ON p.id = w.person_id ORDER BY 1, 2`),
    users: all('SELECT username, full_name, is_active FROM users ORDER BY username'),
    audit: all('SELECT action, entity, summary_json FROM audit_log ORDER BY seq'),
    schema: all(`SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY 1, 2`),
  };
}

function expectNoDrift(core: TestCore): void {
  expect(Object.values(targetCountsDrift(core.ctx)).every((n) => n === 0)).toBe(true);
  expect(Object.values(dayCountsDrift(core.ctx.sqlite)).every((n) => n === 0)).toBe(true);
  expect(personNameWordsDrift(core.ctx.sqlite)).toBe(0);
}

/** The same imports into two fresh databases, the last one read in a worker thread (or not) and in-process. */
async function bothWays(files: Buffer[], over: Partial<ImportOptions> = {}) {
  const results = [];
  for (const parseInWorker of [true, false]) {
    const core = freshCore();
    let last;
    for (const [index, bytes] of files.entries()) {
      last = await run(core, bytes, index === files.length - 1 ? { ...over, parseInWorker } : { parseInWorker: false });
    }
    results.push({ ...last!, content: contentOf(core.ctx.sqlite), core });
  }
  const [worker, inProcess] = results;
  expect(worker!.report).toEqual(inProcess!.report);
  expect(worker!.content).toEqual(inProcess!.content);
  expect(inProcess!.paths).toEqual([]);
  return { worker: worker!, inProcess: inProcess! };
}

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'import');

describe('import read in a worker thread (issue #10)', () => {
  it('reads the import fixtures (Windows-1258, semicolons, Vietnamese headers, bad rows) as in-process', async () => {
    for (const name of fs.readdirSync(FIXTURES).filter((file) => file.endsWith('.csv'))) {
      for (const skipInvalid of [true, false]) {
        const { worker } = await bothWays([fs.readFileSync(path.join(FIXTURES, name))], { skipInvalid });
        expect(worker.paths).toEqual(['worker']);
      }
    }
  });

  it('reads a file with quoted multi-line cells, CRLF and a BOM as in-process', async () => {
    const rows = makeCsv(2200, 18).map((row, index) => {
      if (index % 50 !== 0) return row;
      const cells = row.split(',');
      // A detail with a line break, a comma and quotes, for a service that keeps it as free text.
      cells[15] = `"Ghi chú, dòng 1\r\ndòng 2 ""trích"""`;
      return cells.join(',');
    });
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${[HEADER, ...rows].join('\r\n')}\r\n`, 'utf8')]);
    const { worker } = await bothWays([bytes]);
    expect(worker.paths).toEqual(['worker']);
    expect(worker.report.imported).toBeGreaterThan(2000);
  });

  it('gives the in-process report and database for a large file with bad rows (skipInvalid)', async () => {
    const { worker } = await bothWays([fileOf(makeCsv(3000, 11, { bad: true }))]);
    expect(worker.paths).toEqual(['worker']);
    expect(worker.report.imported).toBeGreaterThan(2000);
    expect(worker.report.refused).toBeGreaterThan(20);
    expect(worker.report.errors.map((e) => e.reason)).toEqual(expect.arrayContaining(['unknown_service', 'visit_fields_differ']));
    expectNoDrift(worker.core);
  });

  it('refuses the same file whole without skipInvalid, and previews without writing, as in-process', async () => {
    const file = fileOf(makeCsv(2500, 12, { bad: true }));
    const refused = await bothWays([file], { skipInvalid: false });
    expect(refused.worker.paths).toEqual(['worker']);
    expect(refused.worker.report.committed).toBe(false);
    expect(refused.worker.content.visits).toEqual([]);
    const preview = await bothWays([fileOf(makeCsv(2500, 13))], { commit: false });
    expect(preview.worker.paths).toEqual(['worker']);
    expect(preview.worker.report.tally).not.toBeNull();
    expect(preview.worker.content.visits).toEqual([]);
  });

  it('is chosen by itself for a large file, and writes what the in-process path writes', async () => {
    const bytes = fileOf(makeCsv(2500, 14));
    const core = freshCore();
    const { paths, report } = await run(core, bytes, {});
    expect(paths).toEqual(['worker']);
    const other = freshCore();
    const inProcess = await run(other, bytes, { parseInWorker: false });
    expect(report).toEqual(inProcess.report);
    expect(contentOf(core.ctx.sqlite)).toEqual(contentOf(other.ctx.sqlite));
    expectNoDrift(core);
  });

  it('starts again in-process when a row joins a visit handed over already (rows of one visit far apart)', async () => {
    const rows = makeCsv(2500, 15);
    // The first visit's id again at the end, with another service: it joins a visit written long before.
    const first = rows[0]!.split(',');
    first[12] = SERVICES.find((s) => !rows.slice(0, 2).some((row) => row.split(',')[12] === s) )!;
    const { worker } = await bothWays([fileOf([...rows, first.join(',')])]);
    expect(worker.paths).toEqual(['in-process: rows of a visit far apart']);
    expectNoDrift(worker.core);
  });

  it('gives the in-process result on top of stored data: visits already stored skipped or refused as changed', async () => {
    const earlier = makeCsv(600, 16, { idPrefix: 'a' });
    const later = [...earlier.slice(0, 200), ...makeCsv(3000, 17, { idPrefix: 'b' })];
    // One stored visit comes back with another outcome: refused as changed content.
    const changed = later[0]!.split(',');
    changed[13] = changed[13] === 'pending' ? 'completed' : 'pending';
    changed[14] = '';
    later[0] = changed.join(',');
    const { worker } = await bothWays([fileOf(earlier), fileOf(later)]);
    expect(worker.paths).toEqual(['worker']);
    expect(worker.report.skipped).toBeGreaterThan(0);
    expect(worker.report.errors.map((e) => e.reason)).toContain('changed_content');
    expectNoDrift(worker.core);
  });
});
