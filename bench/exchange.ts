import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Session } from '../electron/core/context';
import type { Core } from '../electron/core/core';
import { END_DAY } from './generate';

// Issue #10: the data export (data.export, .csv and .xlsx), the head's report export
// (reports.export .xlsx: tally + detail rows) over a range holding about `rows` service records,
// and the import of that .csv into an empty database (importData, the path of the CLI and of
// data.import: validation, writeVisit per visit, one transaction, the tally after). Each runs in a
// child process (bench/exchange-child.ts) so that its peak RSS is its own.

export type ExchangeRun = { label: string; rows: number; seconds: number; cpuSeconds: number; peakRssMb: number; baselineRssMb: number; bytes: number };
export type ExchangeResult = { from: string; to: string; import: ExchangeRun | null; importFloor: ExchangeRun | null; xlsx: ExchangeRun | null; csv: ExchangeRun | null; reportXlsx: ExchangeRun | null; errors: string[]; lines: string[] };

/** Flushes a file a child wrote, so that its writeback is not charged to the next measure's fsyncs. */
function settle(file: string): void {
  if (!fs.existsSync(file)) return;
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function child(args: string[]): Omit<ExchangeRun, 'label'> {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'exchange-child.ts'), ...args], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(run.stderr.slice(-1500));
  // The file it wrote (an export) is flushed before the next child starts.
  settle(args[args.length - 1] ?? '');
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Omit<ExchangeRun, 'label'>;
}

/** The latest `from` such that from..END_DAY holds at least `rows` service records (all of them if fewer). */
function rangeForRows(core: Core, rows: number): { from: string; to: string } {
  const perDay = core.ctx.sqlite.prepare('SELECT visit_day AS day, count(*) AS n FROM service_records WHERE visit_day <= ? GROUP BY visit_day ORDER BY visit_day DESC').all(END_DAY) as { day: string; n: number }[];
  let sum = 0;
  let from = END_DAY;
  for (const { day, n } of perDay) {
    sum += n;
    from = day;
    if (sum >= rows) break;
  }
  return { from, to: END_DAY };
}

export async function measureExchange(core: Core, _head: Session, options: { rows: number; repoRoot: string }): Promise<ExchangeResult> {
  const { from, to } = rangeForRows(core, options.rows);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bhts-bench-exchange-'));
  const result: ExchangeResult = { from, to, import: null, importFloor: null, xlsx: null, csv: null, reportXlsx: null, errors: [], lines: [] };
  // Let the child processes see everything written so far.
  core.ctx.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const attempt = (label: string, fn: () => Omit<ExchangeRun, 'label'>): ExchangeRun | null => {
    try {
      return { label, ...fn() };
    } catch (error) {
      result.errors.push(`${label}: ${(error as Error).message}`);
      return null;
    }
  };
  try {
    const csvFile = path.join(work, 'data.csv');
    result.csv = attempt('data.export .csv', () => child(['export', core.ctx.dataDir, 'data.export', JSON.stringify({ from, to, format: 'csv' }), csvFile]));
    result.xlsx = attempt('data.export .xlsx', () => child(['export', core.ctx.dataDir, 'data.export', JSON.stringify({ from, to, format: 'xlsx' }), path.join(work, 'data.xlsx')]));
    result.reportXlsx = attempt('reports.export .xlsx', () => child(['export', core.ctx.dataDir, 'reports.export', JSON.stringify({ from, to, format: 'xlsx' }), path.join(work, 'report.xlsx')]));
    if (result.csv) {
      const importDir = path.join(work, 'import-target');
      fs.mkdirSync(importDir);
      result.import = attempt('import .csv', () => child(['import', importDir, csvFile]));
      if (result.import) {
        const floorDir = path.join(work, 'bulk-floor-target');
        fs.mkdirSync(floorDir);
        result.importFloor = attempt('bulk insert floor', () => child(['bulk', floorDir, importDir]));
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const line = (what: string, run: ExchangeRun | null): string =>
    `| ${what} | ${run ? `${run.seconds.toFixed(2)} s (CPU ${run.cpuSeconds.toFixed(2)} s), ${run.rows.toLocaleString('en')} rows, ${(run.bytes / 2 ** 20).toFixed(1)} MiB, peak RSS ${run.peakRssMb.toFixed(0)} MB (process at start ${run.baselineRssMb.toFixed(0)} MB) |` : 'not measured |'}`;
  result.lines = [
    line(`data export .csv (data.export, ${from}…${to})`, result.csv),
    line('data export .xlsx (data.export, same range)', result.xlsx),
    line('report export .xlsx (reports.export: tally + detail rows, same range)', result.reportXlsx),
    line('data import of that .csv into an empty database (importData)', result.import),
    line('floor: the rows that import wrote, bare prepared INSERTs into a freshly migrated database (same indexes and triggers), one transaction', result.importFloor),
    ...result.errors.map((e) => `| error | ${e.replace(/\|/g, '/').replace(/\n/g, ' ').slice(0, 300)} |`),
  ];
  return result;
}

