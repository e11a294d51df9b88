import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCore } from '../electron/core/core';
import { setupAccounts, signIn } from './api';
import { BUDGETS, check, type BudgetCheck } from './budgets';
import { writeDataset, type DatasetStats } from './dataset';
import { measureOpen, type OpenResult } from './open';
import { createRng } from './prng';
import { measureRenderer, type RendererSize } from './renderer-size';
import { measureSave, type SaveResult } from './save';
import { measureDiskSync, type DiskResult } from './disk';
import { measureSearch, type SearchResult } from './search';
import type { Summary } from './stats';
import { measureTally, type TallyResult } from './tally';
import { measureExchange, type ExchangeResult } from './exchange';

// `npm run bench -- --visits 100000`: generates deterministic synthetic data through the core
// layer, measures it (issue #10), prints a table with pass/fail against the budgets and writes
// the same figures as JSON under bench/results/ (git-ignored). Not part of `npm test`.

type Args = { visits: number; seed: number; samples: number; searchPersons: number; build: boolean; exchange: boolean; exchangeRows: number; keep: boolean; reuse: string | null };

function parseArgs(argv: string[]): Args {
  const args: Args = { visits: 10_000, seed: 20251015, samples: 1_000, searchPersons: 30, build: true, exchange: true, exchangeRows: 100_000, keep: false, reuse: null };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = (): number => {
      const raw = argv[(i += 1)];
      const n = Number(raw?.replace(/_/g, ''));
      if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} needs a positive whole number, got ${raw}`);
      return n;
    };
    if (flag === '--visits') args.visits = value();
    else if (flag === '--seed') args.seed = value();
    else if (flag === '--samples') args.samples = value();
    else if (flag === '--search-persons') args.searchPersons = value();
    else if (flag === '--exchange-rows') args.exchangeRows = value();
    else if (flag === '--no-build') args.build = false;
    else if (flag === '--no-exchange') args.exchange = false;
    else if (flag === '--keep') args.keep = true;
    else if (flag === '--reuse') {
      // Measure again a data folder kept by an earlier run (--keep), without generating: for re-runs when the machine is quieter.
      args.reuse = argv[(i += 1)] ?? null;
      if (!args.reuse || !fs.existsSync(args.reuse)) throw new Error('--reuse needs a data folder kept by --keep');
    }
    else if (flag === '--help') {
      process.stdout.write(
        'npm run bench -- [--visits N=10000] [--seed S] [--samples N=1000] [--search-persons N=30] [--exchange-rows N=100000] [--no-build] [--no-exchange] [--keep] [--reuse DATA_DIR]\n',
      );
      process.exit(0);
    } else throw new Error(`unknown flag ${flag} (try --help)`);
  }
  return args;
}

const log = (line: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};
const ms = (x: number): string => (Number.isFinite(x) ? (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0)) : '—');
const fmtSummary = (s: Summary): string => (s.n ? `p50 ${ms(s.p50)} ms · p99 ${ms(s.p99)} ms (n=${s.n})` : 'not available');

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    os: fs.existsSync('/etc/debian_version') ? `Debian ${fs.readFileSync('/etc/debian_version', 'utf8').trim()}` : os.platform(),
    loadAverageAtStart: os.loadavg().map((x) => Number(x.toFixed(2))),
  };
}

function existingDataset(core: ReturnType<typeof openCore>): DatasetStats {
  const count = (sql: string): number => (core.ctx.sqlite.prepare(sql).get() as { n: number }).n;
  return {
    visits: count('SELECT count(*) AS n FROM visits'),
    serviceRecords: count('SELECT count(*) AS n FROM service_records'),
    persons: count('SELECT count(*) AS n FROM persons'),
    seconds: Number.NaN,
    visitsPerSecond: Number.NaN,
    batchSize: 0,
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const repoRoot = path.resolve(import.meta.dirname, '..');
  const startedAt = new Date();
  const info = machine();
  log(`${args.visits} visits, seed ${args.seed}; ${info.cpus} × ${info.cpuModel}, Node ${info.node}, load ${info.loadAverageAtStart.join(' ')}`);

  const dataDir = args.reuse ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bhts-bench-'));
  const core = openCore({ dataDir, appVersion: 'bench' });
  let dataset: DatasetStats;
  let open: OpenResult;
  let search: SearchResult;
  let tally: TallyResult;
  let save: SaveResult;
  let disk: DiskResult;
  let exchange: ExchangeResult | null = null;
  try {
    const accounts = args.reuse ? null : await setupAccounts(core, createRng(args.seed).uuid);
    log(accounts ? 'generating…' : `reusing ${dataDir} (no generation)`);
    const step = Math.max(10_000, Math.round(args.visits / 10));
    let nextReport = step;
    dataset = !accounts ? existingDataset(core) : writeDataset(core, {
      seed: args.seed,
      visits: args.visits,
      staffIds: accounts.staffIds,
      policeId: accounts.policeId,
      batchSize: args.visits >= 500_000 ? 20_000 : 5_000,
      onProgress: (done) => {
        if (done >= nextReport) {
          log(`  ${done} visits`);
          nextReport += step;
        }
      },
    });
    log(`generated ${dataset.visits} visits, ${dataset.serviceRecords} service records, ${dataset.persons} persons in ${dataset.seconds.toFixed(1)} s`);
    core.ctx.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    core.ctx.sqlite.pragma('optimize');

    log('open + migrate (child processes)…');
    open = measureOpen(core.ctx.dbFile);
    const staff = await signIn(core, 'nv.hoa');
    const head = await signIn(core, 'gd.lan');
    log('person search…');
    search = await measureSearch(core, staff, { seed: args.seed, persons: args.searchPersons });
    log('tally…');
    tally = await measureTally(core, head);
    if (args.exchange) {
      log('import / export…');
      exchange = await measureExchange(core, head, { rows: args.exchangeRows, repoRoot });
    }
    log('disk floor (fdatasync)…');
    disk = measureDiskSync(dataDir);
    log('save one visit vs bare insert…');
    // A reused folder already holds the visits a first run saved with this seed: new ones, new seed.
    save = await measureSave(core, staff, staff.user?.id ?? '', { seed: args.reuse ? Date.now() % 1_000_000_007 : args.seed, samples: args.samples, warmup: 50 });
  } finally {
    core.close();
    if (!args.keep && !args.reuse) fs.rmSync(dataDir, { recursive: true, force: true });
    else log(`kept ${dataDir}`);
  }
  let renderer: RendererSize | null = null;
  try {
    log(args.build ? 'building the renderer into out-bench/…' : 'renderer size (no build)…');
    renderer = measureRenderer(repoRoot, { build: args.build });
  } catch (error) {
    log(`renderer build failed: ${(error as Error).message.slice(0, 500)}`);
  }

  const checks: BudgetCheck[] = [
    check('save one visit p99', save.api.n ? save.api.p99 : null, 'ms', BUDGETS.saveP99Ms),
    check('save p99 ÷ bare insert p99', save.ratioP99, '×', BUDGETS.saveRatioP99),
    check('person search p99 (all kinds)', search.all.p99, 'ms', BUDGETS.searchP99Ms),
    check('full tally, one year (p50)', tally.periods.year.api.p50, 'ms', BUDGETS.tallyYearMs),
    check('full tally, one day (p50)', tally.periods.day.api.p50, 'ms', BUDGETS.tallyDayMs),
    check(`import ${exchange?.import?.rows ?? args.exchangeRows} rows`, exchange?.import?.seconds ?? null, 's', BUDGETS.importSeconds),
    check(`.xlsx export ${exchange?.xlsx?.rows ?? args.exchangeRows} rows`, exchange?.xlsx?.seconds ?? null, 's', BUDGETS.xlsxExportSeconds),
    check('.xlsx export peak RSS', exchange?.xlsx?.peakRssMb ?? null, 'MB', BUDGETS.xlsxExportPeakMb),
    check(`.xlsx report export ${exchange?.reportXlsx?.rows ?? args.exchangeRows} rows`, exchange?.reportXlsx?.seconds ?? null, 's', BUDGETS.xlsxExportSeconds),
    check('.xlsx report export peak RSS', exchange?.reportXlsx?.peakRssMb ?? null, 'MB', BUDGETS.xlsxExportPeakMb),
    check('cold open + migrate, new file (p50)', open.fresh.p50, 'ms', BUDGETS.openMs),
    check(`cold open, ${args.visits} visits (p50)`, open.existing.p50, 'ms', BUDGETS.openMs),
  ];

  const lines: string[] = [];
  lines.push(`Bàn Hỗ Trợ Số bench — ${dataset.visits.toLocaleString('en')} visits (${dataset.serviceRecords.toLocaleString('en')} service records, ${dataset.persons.toLocaleString('en')} persons), seed ${args.seed}`);
  lines.push(`Machine: ${info.cpus} × ${info.cpuModel}, ${info.memoryGb} GB, ${info.os}, Node ${info.node}; load average at start ${info.loadAverageAtStart.join(' ')}`);
  lines.push('');
  lines.push('| measure | result |');
  lines.push('|---|---|');
  lines.push(
    args.reuse
      ? `| generate | not run: measured again on ${args.reuse} |`
      : `| generate (writeVisit, ${dataset.batchSize} visits per transaction) | ${dataset.seconds.toFixed(1)} s (${Math.round(dataset.visitsPerSecond)} visits/s) |`,
  );
  lines.push(`| save one visit — ${save.path} | ${fmtSummary(save.api)} |`);
  lines.push(`| save one visit — bare better-sqlite3 (prepared INSERTs, own transaction, synchronous=FULL) | ${fmtSummary(save.bare)} |`);
  lines.push(`| floor: the issue's reference insert (visit + records, two tables without secondary indexes or triggers, own transaction, synchronous=FULL) | ${fmtSummary(save.floor.reference)} |`);
  lines.push(`| floor: the smallest durable SQLite commit (one row of a one-row table, synchronous=FULL) | ${fmtSummary(save.floor.onePage)} |`);
  lines.push(`| floor: the smallest write of our API, drafts.save via core.invoke (one row upserted) | ${fmtSummary(save.floor.smallestApiWrite)} |`);
  lines.push(`| disk floor: fdatasync after writing 4 KiB / 160 KiB (~40 WAL pages, one save) in the data folder | ${fmtSummary(disk.page)} / ${fmtSummary(disk.save)} |`);
  lines.push(`| overhead of our layer (p50 / p99) | ${save.ratioP50.toFixed(1)}× / ${save.ratioP99.toFixed(1)}× |`);
  lines.push(`| WAL checkpoints after replies, off the save path (electron/core/db/checkpoint.ts) | ${save.checkpoints.count} during the samples; last ${save.checkpoints.lastMs === null ? '—' : `${save.checkpoints.lastMs.toFixed(1)} ms`} |`);
  for (const kind of ['cccd', 'phone', 'name'] as const) {
    lines.push(`| person search as you type — ${kind === 'name' ? 'name without diacritics' : kind === 'cccd' ? 'CCCD prefix' : 'phone prefix'} | ${fmtSummary(search.byKind[kind])} |`);
  }
  for (const period of ['day', 'month', 'year'] as const) {
    const p = tally.periods[period];
    lines.push(`| full tally (reports.tally), one ${period} (${p.visits.toLocaleString('en')} visits) | ${fmtSummary(p.api)} |`);
    lines.push(`| floor: GROUP BY day × service × outcome, one ${period} | ${fmtSummary(p.floor)} |`);
  }
  if (exchange) {
    for (const line of exchange.lines) lines.push(line);
  }
  lines.push(`| open + migrate a new database (fresh process) | ${fmtSummary(open.fresh)} |`);
  lines.push(`| open the ${args.visits.toLocaleString('en')}-visit database (fresh process) | ${fmtSummary(open.existing)} |`);
  lines.push(
    renderer
      ? `| built renderer (${renderer.dir}) | ${(renderer.bytes / 1024).toFixed(0)} KiB in ${renderer.files} files; JS ${(renderer.jsBytes / 1024).toFixed(0)} KiB (${(renderer.jsGzipBytes / 1024).toFixed(0)} KiB gzip), CSS ${(renderer.cssBytes / 1024).toFixed(0)} KiB |`
      : '| built renderer | not built (run without --no-build) |',
  );
  lines.push('| spreadsheet reference (issue #10, not measured here) | 100k rows, 1,460 COUNTIFS: LibreOffice 7.4 ≈ 18 s to recalculate; a sheet stops at 1,048,576 rows |');
  lines.push('');
  lines.push('| budget | value | limit | result |');
  lines.push('|---|---|---|---|');
  for (const c of checks) {
    const value = c.value === null ? '—' : c.unit === '×' ? `${c.value.toFixed(2)}×` : `${c.unit === 's' ? c.value.toFixed(2) : ms(c.value)} ${c.unit}`;
    const limit = c.unit === '×' ? `≤ ${c.budget}×` : `< ${c.budget} ${c.unit}`;
    lines.push(`| ${c.name} | ${value} | ${limit} | ${c.pass === null ? 'not measured' : c.pass ? 'PASS' : 'FAIL'} |`);
  }
  const table = lines.join('\n');
  process.stdout.write(`\n${table}\n`);

  const resultsDir = path.join(repoRoot, 'bench', 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `bench-${args.visits}-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  const json = { startedAt: startedAt.toISOString(), args, machine: { ...info, loadAverageAtEnd: os.loadavg() }, dataset, save, disk, search, tally, exchange, open, renderer, checks, table };
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(`\nJSON: ${path.relative(repoRoot, file)}\n`);
  if (checks.some((c) => c.pass === false)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 2;
});
