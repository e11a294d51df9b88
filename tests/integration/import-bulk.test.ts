import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { contentId, importData, type ImportOptions } from '../../electron/core/exchange/import';
import { canonicalJson } from '../../electron/core/exchange/format';
import { bulkTriggerRole, planBulkLoad, worthBulkLoad } from '../../electron/core/exchange/bulk-load';
import { computeTally, targetCountsDrift } from '../../electron/core/reports/counting';
import { dayCountsDrift } from '../../electron/core/reports/day-counts';
import { personNameWordsDrift } from '../../electron/core/persons/name-words';
import { freshCores, openTestCore, tempDir, type TestCore } from '../helpers/core';
import { HEADER, makeCsv } from '../helpers/import-csv';
import { keyFileArgs } from '../helpers/keys';
import { openKeyed } from '../helpers/keys';

// Issue #10: a large import sets the secondary indexes and the counting triggers aside and
// rebuilds them once (exchange/bulk-load.ts). These tests hold it to the row-by-row path: the same
// rows, the same counting tables (and no drift), the same schema afterwards, and nothing changed
// by a preview, a refused file or a rollback.

const CLI_ACTOR = { id: null, name: 'cli' };
const NOW = () => new Date('2026-03-01T03:00:00.000Z');
const freshCore = freshCores({ now: NOW });

/** The report without the staff account ids in its tally (each database makes its own). */
const run = async (core: TestCore, csv: string, over: Partial<ImportOptions> = {}) => {
  const report = await importData(core.ctx, CLI_ACTOR, { fileName: 'data.csv', bytes: Buffer.from(csv, 'utf8'), commit: true, skipInvalid: false, ...over });
  return { ...report, tally: report.tally && { ...report.tally, byStaff: report.tally.byStaff.map(({ staffId: _id, ...rest }) => rest) } };
};

const schemaOf = (sqlite: Database) => sqlite.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name`).all();

/** Everything an import writes, with each database's own random ids (persons, staff) replaced by stable keys. */
function contentOf(sqlite: Database): Record<string, unknown[]> {
  const all = (sql: string) => sqlite.prepare(sql).all();
  const personRef = `coalesce(p.cccd, p.full_name || '|' || coalesce(p.phone, ''))`;
  const tables = new Set((all(`SELECT name FROM sqlite_master WHERE type = 'table'`) as { name: string }[]).map((t) => t.name));
  const content: Record<string, unknown[]> = {
    persons: all(`SELECT person_key, cccd, full_name, name_folded, birth_date, birth_year, gender, phone, address, category, agency, neighbourhood, redacted_at
                    FROM persons p ORDER BY 1, 3, 8, 12`),
    visits: all(`SELECT v.id, ${personRef} AS person, u.username, v.visited_at, v.visit_day, v.category_snapshot, v.agency_snapshot, v.consent, v.is_voided
                   FROM visits v LEFT JOIN persons p ON p.id = v.person_id JOIN users u ON u.id = v.staff_id ORDER BY v.id`),
    service_records: all(`SELECT id, visit_id, service_key, outcome, failure_reason, detail_json, visit_day, visited_at, person_key, category_snapshot,
                            is_15_plus, is_voided, review_status, review_reason FROM service_records ORDER BY id`),
    target_counts: all('SELECT * FROM target_counts ORDER BY target, person_key'),
    users: all('SELECT username, full_name, is_active FROM users ORDER BY username'),
  };
  if (tables.has('day_service_counts')) {
    content.day_service_counts = all('SELECT * FROM day_service_counts WHERE records <> 0 ORDER BY 1, 2, 3');
    content.day_staff_visits = all('SELECT d.visit_day, u.username, d.visits FROM day_staff_visits d JOIN users u ON u.id = d.staff_id WHERE visits <> 0 ORDER BY 1, 2');
    content.day_neighbourhood_visits = all('SELECT * FROM day_neighbourhood_visits WHERE visits <> 0 ORDER BY 1, 2');
    content.person_days = all('SELECT * FROM person_days ORDER BY 1, 2');
    content.day_persons = all('SELECT * FROM day_persons WHERE persons <> 0 ORDER BY 1, 2');
  }
  if (tables.has('person_name_words')) {
    content.person_name_words = all(`SELECT w.suffix, ${personRef} AS person FROM person_name_words w JOIN persons p ON p.id = w.person_id ORDER BY 1, 2`);
  }
  // Person keys are keyed hashes with each database's own secret: compare them as the CCCD they stand for.
  const cccdOfKey = new Map((all('SELECT person_key, cccd FROM persons WHERE person_key IS NOT NULL') as { person_key: string; cccd: string }[]).map((p) => [p.person_key, p.cccd]));
  for (const [table, rows] of Object.entries(content)) {
    content[table] = rows
      .map((row) => {
        const r = row as Record<string, unknown>;
        return 'person_key' in r && typeof r.person_key === 'string' ? { ...r, person_key: cccdOfKey.get(r.person_key) ?? r.person_key } : r;
      })
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }
  return content;
}

function expectNoDrift(core: TestCore): void {
  expect(Object.values(targetCountsDrift(core.ctx)).every((n) => n === 0)).toBe(true);
  expect(Object.values(dayCountsDrift(core.ctx.sqlite)).every((n) => n === 0)).toBe(true);
  expect(personNameWordsDrift(core.ctx.sqlite)).toBe(0);
  expect(core.ctx.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
}

describe('bulk import (indexes and counting triggers set aside, rebuilt once)', () => {
  it('classifies every trigger on the imported tables (a new counting trigger needs its rebuild in bulk-load.ts)', () => {
    const core = freshCore();
    const triggers = core.ctx.sqlite
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('persons', 'visits', 'service_records')`)
      .all() as { name: string }[];
    expect(triggers.length).toBeGreaterThan(0);
    expect(triggers.filter((t) => bulkTriggerRole(t.name) === null)).toEqual([]);
    expect(planBulkLoad(core.ctx.sqlite)).not.toBeNull();
  });

  it('decides by size: a few thousand new records, at least half of what is stored', () => {
    expect(worthBulkLoad(100_000, 0)).toBe(true);
    expect(worthBulkLoad(100_000, 150_000)).toBe(true);
    expect(worthBulkLoad(100_000, 1_000_000)).toBe(false);
    expect(worthBulkLoad(500, 0)).toBe(false);
  });

  it('gives exactly what row-by-row writing gives, into an empty database and on top of stored data', async () => {
    const first = makeCsv(400, 7, 'a');
    const second = makeCsv(1500, 11, 'b');
    const rowByRow = freshCore();
    const bulk = freshCore();
    const schemaBefore = schemaOf(bulk.ctx.sqlite);

    const a1 = await run(rowByRow, first, { bulkLoad: false });
    const b1 = await run(bulk, first, { bulkLoad: true });
    expect(a1.errors).toEqual([]);
    expect(b1).toEqual(a1);
    expect(contentOf(bulk.ctx.sqlite)).toEqual(contentOf(rowByRow.ctx.sqlite));

    const a2 = await run(rowByRow, second, { bulkLoad: false });
    const b2 = await run(bulk, second, { bulkLoad: true });
    expect(a2.errors).toEqual([]);
    expect(b2).toEqual(a2);
    expect(a2.imported).toBeGreaterThan(1000);
    expect(contentOf(bulk.ctx.sqlite)).toEqual(contentOf(rowByRow.ctx.sqlite));
    const tallyOf = (core: TestCore) => {
      const t = computeTally(core.ctx, '2025-01-01', '2025-06-30');
      return { ...t, byStaff: t.byStaff.map(({ staffId: _id, ...rest }) => rest) };
    };
    expect(tallyOf(bulk)).toEqual(tallyOf(rowByRow));
    expectNoDrift(bulk);
    expectNoDrift(rowByRow);
    // Every index and trigger is back, as it was.
    expect(schemaOf(bulk.ctx.sqlite)).toEqual(schemaBefore);

    // Re-importing the same files adds nothing, whichever path.
    const again = await run(bulk, `${second}`, { bulkLoad: true });
    expect(again).toMatchObject({ imported: 0, skipped: b2.imported + b2.skipped, errors: [], committed: true });
    expect(contentOf(bulk.ctx.sqlite)).toEqual(contentOf(rowByRow.ctx.sqlite));
  });

  it('chooses the bulk path by itself for a large file, with the same result', async () => {
    const csv = makeCsv(2500, 3, 'c');
    const auto = freshCore();
    const rowByRow = freshCore();
    const report = await run(auto, csv);
    expect(report.errors).toEqual([]);
    expect(await run(rowByRow, csv, { bulkLoad: false })).toEqual(report);
    expect(contentOf(auto.ctx.sqlite)).toEqual(contentOf(rowByRow.ctx.sqlite));
    expectNoDrift(auto);
  });

  it('changes nothing, schema and planner statistics included, on a preview or a refused file', async () => {
    const core = freshCore();
    await run(core, makeCsv(300, 5, 'd'), { bulkLoad: false });
    core.ctx.sqlite.exec('ANALYZE');
    const stats = () => core.ctx.sqlite.prepare('SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY tbl, idx').all();
    const before = { schema: schemaOf(core.ctx.sqlite), stats: stats(), content: contentOf(core.ctx.sqlite) };
    expect(before.stats.length).toBeGreaterThan(5);

    const preview = await run(core, makeCsv(1200, 9, 'e'), { bulkLoad: true, commit: false });
    expect(preview.imported).toBeGreaterThan(1000);
    expect(preview.committed).toBe(false);
    expect({ schema: schemaOf(core.ctx.sqlite), stats: stats(), content: contentOf(core.ctx.sqlite) }).toEqual(before);

    const bad = `${makeCsv(1200, 9, 'e')}x-1,2025-03-03T08:00:00+07:00,nv1,Người Sai,012345678901,,,,citizen,,,yes,dak_lak_so,completed,,,,,no\n`;
    const refused = await run(core, bad, { bulkLoad: true });
    expect(refused.committed).toBe(false);
    expect(refused.errors.length).toBeGreaterThan(0);
    expect({ schema: schemaOf(core.ctx.sqlite), stats: stats(), content: contentOf(core.ctx.sqlite) }).toEqual(before);

    // A committed bulk import puts the statistics of the indexes it rebuilt back.
    await run(core, makeCsv(1200, 9, 'e'), { bulkLoad: true });
    expect(stats()).toEqual(before.stats);
    expect(schemaOf(core.ctx.sqlite)).toEqual(before.schema);
    expectNoDrift(core);
  });

  it('treats a visit id written earlier in the same file as the row-by-row path does (compared after the load)', async () => {
    const row = (id: string, outcome: string) => `${id},2025-03-03T08:00:00+07:00,nv1,Người Một,,,,0905000001,citizen,,,yes,dak_lak_so,${outcome},${outcome === 'failed' ? 'other' : ''},,,,no`;
    // The id a row without visit_id gets (derived from its content), learnt from a scratch import.
    const scratch = freshCore();
    await run(scratch, `${HEADER}\n${row('', 'completed')}\n`);
    const derivedId = (scratch.ctx.sqlite.prepare('SELECT id FROM visits').get() as { id: string }).id;
    // The derived id is the one earlier versions gave (re-importing an old file adds nothing).
    const visitCells = {
      visited_at: '2025-03-03T01:00:00.000Z', staff: 'nv1', full_name: 'nguoi mot', cccd: '', birth_date: '', gender: '', phone: '0905000001',
      category: 'citizen', agency: '', neighbourhood: '', consent: 'yes', voided: 'no',
    };
    expect(derivedId).toBe(contentId(`${canonicalJson(visitCells)}#0`));
    for (const outcome of ['completed', 'failed']) {
      // The same visit given again with that id: skipped when equal, refused when it differs.
      const csv = `${HEADER}\n${row('', 'completed')}\n${row(derivedId, outcome)}\n`;
      const bulk = freshCore();
      const rowByRow = freshCore();
      const report = await run(bulk, csv, { bulkLoad: true, skipInvalid: true });
      expect(report).toMatchObject(outcome === 'completed' ? { imported: 1, skipped: 1, errors: [] } : { imported: 1, refused: 1 });
      expect(await run(rowByRow, csv, { bulkLoad: false, skipInvalid: true })).toEqual(report);
      expect(contentOf(bulk.ctx.sqlite)).toEqual(contentOf(rowByRow.ctx.sqlite));
    }
  });
});

describe('a bulk import killed at any moment', () => {
  it('leaves the database either exactly as before or with the whole file (SIGKILL during the load, the index builds or the commit)', async () => {
    const dir = tempDir();
    const dbFile = path.join(dir, 'ward.sqlite');
    const seeded = openTestCore({ dataDir: dir, dbFile, now: NOW });
    await run(seeded, makeCsv(200, 21, 'k0'), { bulkLoad: false });
    seeded.close();
    const file = path.join(dir, 'big.csv');
    fs.writeFileSync(file, makeCsv(4000, 23, 'k1'));
    const snapshot = () => {
      const db = openKeyed(dbFile, { readonly: true });
      try {
        return {
          integrity: db.pragma('integrity_check', { simple: true }),
          schema: schemaOf(db),
          visits: db.prepare('SELECT count(*) AS n FROM visits').get(),
          records: db.prepare('SELECT count(*) AS n FROM service_records').get(),
          targets: db.prepare('SELECT count(*) AS n FROM target_counts').get(),
        };
      } finally {
        db.close();
      }
    };
    const before = snapshot();
    const outcomes: string[] = [];
    // Kill after the first progress line plus a random delay: often mid-load, sometimes in the
    // index builds, the rebuilds or the commit, sometimes after it.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const child = spawn('npx', ['tsx', 'electron/cli/index.ts', 'import', '--db', dbFile, ...keyFileArgs(dbFile), file, '--json'], {
        cwd: path.join(__dirname, '..', '..'),
        env: { ...process.env, BHTS_CLI_PROGRESS: '1' },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      await new Promise<void>((resolve) => {
        let killed = false;
        child.stderr.on('data', (chunk: Buffer) => {
          if (killed || !chunk.toString().includes('progress')) return;
          killed = true;
          setTimeout(() => {
            if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
          }, Math.floor(Math.random() * 400));
        });
        child.on('close', () => resolve());
      });
      const after = snapshot();
      expect(after.integrity).toBe('ok');
      expect(after.schema).toEqual(before.schema);
      if (JSON.stringify(after) === JSON.stringify(before)) outcomes.push('as before');
      else {
        // The whole file went in: counts exact, nothing half-done.
        const reopened = openTestCore({ dataDir: dir, dbFile, now: NOW });
        try {
          expectNoDrift(reopened);
          expect((reopened.ctx.sqlite.prepare(`SELECT count(*) AS n FROM visits WHERE id LIKE 'k1-%'`).get() as { n: number }).n).toBeGreaterThan(3000);
        } finally {
          reopened.dispose();
        }
        outcomes.push('complete');
        break;
      }
    }
    expect(outcomes.length).toBeGreaterThan(0);
  }, 180_000);
});
