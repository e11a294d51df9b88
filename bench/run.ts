import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCore } from '../electron/core/core';
import { invokeOk, setupAccounts, signIn } from './api';
import { BUDGETS, FRAME_MS, check, ratio, type BudgetCheck } from './budgets';
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
import { writeTodayVisits, pickUiPersons } from './today';
import { measureUi, type UiResult } from './ui';
import { runLanLoad, type LanLoadResult } from './lan-load';
import { withTestKeys } from '../tests/helpers/keys';
import { formatEncryption, measureEncryption } from './encryption';

// `npm run bench -- --visits 100000`: generates deterministic synthetic data through the core
// layer at N and at N/10 (issue #24: growth with data), measures both in the same run, prints a
// table with every budget as a ratio against a floor named exactly (bench/budgets.ts) plus what the
// user feels in Chromium, and writes the same figures as JSON under bench/results/ (git-ignored).
// Exit status 1 only when a budget fails. Not part of `npm test`.

type Args = { visits: number; seed: number; samples: number; searchPersons: number; build: boolean; exchange: boolean; exchangeRows: number; keep: boolean; reuse: string | null; growth: boolean; ui: boolean; todayVisits: number; lan: boolean };

function parseArgs(argv: string[]): Args {
  const args: Args = { visits: 100_000, seed: 20251015, samples: 1_000, searchPersons: 30, build: true, exchange: true, exchangeRows: 100_000, keep: false, reuse: null, growth: true, ui: true, todayVisits: 10_000, lan: true };
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
    else if (flag === '--no-growth') args.growth = false;
    else if (flag === '--no-ui') args.ui = false;
    else if (flag === '--no-lan') args.lan = false;
    else if (flag === '--today-visits') args.todayVisits = value();
    else if (flag === '--keep') args.keep = true;
    else if (flag === '--reuse') {
      // Measure again a data folder kept by an earlier run (--keep), without generating: for re-runs when the machine is quieter.
      args.reuse = argv[(i += 1)] ?? null;
      if (!args.reuse || !fs.existsSync(args.reuse)) throw new Error('--reuse needs a data folder kept by --keep');
    }
    else if (flag === '--help') {
      process.stdout.write(
        'npm run bench -- [--visits N=100000] [--seed S] [--samples N=1000] [--search-persons N=30] [--exchange-rows N=100000] [--today-visits N=10000]\n' +
          '                 [--no-growth] [--no-ui] [--no-lan] [--no-build] [--no-exchange] [--keep] [--reuse DATA_DIR]\n' +
          '  Measures N and N/10 visits in the same run (--no-growth: N only); --reuse measures a kept folder (N only).\n',
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

type SizeResult = {
  visits: number;
  dataset: DatasetStats;
  search: SearchResult;
  tally: TallyResult;
  save: SaveResult;
  open: OpenResult | null;
  disk: DiskResult | null;
  exchange: ExchangeResult | null;
  ui: UiResult | null;
  today: { written: number; refused: number; day: string } | null;
};

const YEAR_PERIOD = { id: 'bench-year-2025', name: 'Năm 2025', from: '2025-01-01', to: '2025-12-31' };

/** Generates (or reuses) one data folder and measures it. `full`: also open, import/export, disk, UI. */
async function measureSize(args: Args, visits: number, repoRoot: string, rendererDir: string | null, full: boolean): Promise<SizeResult> {
  const dataDir = args.reuse ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bhts-bench-'));
  let core = openCore(withTestKeys({ dataDir, appVersion: 'bench' }));
  const result: Partial<SizeResult> = { visits, open: null, disk: null, exchange: null, ui: null, today: null };
  try {
    const accounts = args.reuse ? null : await setupAccounts(core, createRng(args.seed).uuid);
    log(accounts ? `${visits.toLocaleString('en')} visits: generating…` : `reusing ${dataDir} (no generation)`);
    const step = Math.max(10_000, Math.round(visits / 10));
    let nextReport = step;
    result.dataset = !accounts ? existingDataset(core) : writeDataset(core, {
      seed: args.seed,
      visits,
      staffIds: accounts.staffIds,
      policeId: accounts.policeId,
      batchSize: visits >= 500_000 ? 20_000 : 5_000,
      onProgress: (done) => {
        if (done >= nextReport) {
          log(`  ${done} visits`);
          nextReport += step;
        }
      },
    });
    const { dataset } = result;
    log(`generated ${dataset.visits} visits, ${dataset.serviceRecords} service records, ${dataset.persons} persons in ${dataset.seconds.toFixed(1)} s`);
    core.ctx.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    core.ctx.sqlite.pragma('optimize');

    if (full) {
      log('open + migrate (child processes)…');
      result.open = measureOpen(core.ctx.dbFile, core.ctx.keyring.dbKey());
    }
    const staff = await signIn(core, 'nv.hoa');
    const head = await signIn(core, 'gd.lan');
    log('person search…');
    const searchers = [staff, ...(await Promise.all(['nv.ybhim', 'nv.tuan', 'nv.hhen'].map((u) => signIn(core, u))))];
    result.search = await measureSearch(core, searchers, { seed: args.seed, persons: args.searchPersons });
    log('tally…');
    result.tally = await measureTally(core, head);
    if (full && args.exchange) {
      log('import / export…');
      result.exchange = await measureExchange(core, head, { rows: args.exchangeRows, repoRoot });
    }
    if (full) {
      log('disk floor (fdatasync)…');
      result.disk = measureDiskSync(dataDir);
    }
    log('save one visit vs bare insert…');
    // A reused folder already holds the visits a first run saved with this seed: new ones, new seed.
    result.save = await measureSave(core, staff, staff.user?.id ?? '', { seed: args.reuse ? Date.now() % 1_000_000_007 : args.seed, samples: args.samples, warmup: 50 });
    if (full && args.ui && rendererDir) {
      const staffIds = (core.ctx.sqlite.prepare("SELECT id FROM users WHERE username LIKE 'nv.%' ORDER BY username").all() as { id: string }[]).map((u) => u.id);
      log(`UI: ${args.todayVisits.toLocaleString('en')} visits today for the log…`);
      result.today = writeTodayVisits(core, { seed: args.seed ^ 0x70da7, visits: args.todayVisits, staffIds });
      const periods = await invokeOk<Record<string, unknown>>(core, head, 'settings.get', {});
      const existing = (periods['targets.periods'] as { id: string }[] | undefined) ?? [];
      if (!existing.some((p) => p.id === YEAR_PERIOD.id)) await invokeOk(core, head, 'settings.update', { key: 'targets.periods', value: [...existing, YEAR_PERIOD] });
      const persons = pickUiPersons(core, 40, args.seed);
      core.ctx.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      core.close();
      log('UI latencies in Chromium (built renderer, real core)…');
      result.ui = await measureUi({ dataDir, rendererDir, staffUsername: 'nv.hoa', headUsername: 'gd.lan', persons, yearPeriodId: YEAR_PERIOD.id });
      core = openCore(withTestKeys({ dataDir, appVersion: 'bench' }));
    }
  } finally {
    core.close();
    if (!args.keep && !args.reuse) fs.rmSync(dataDir, { recursive: true, force: true });
    else log(`kept ${dataDir}`);
  }
  return result as SizeResult;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const repoRoot = path.resolve(import.meta.dirname, '..');
  const startedAt = new Date();
  const info = machine();
  const small = Math.max(1_000, Math.round(args.visits / 10));
  const growth = args.growth && !args.reuse;
  log(`${args.visits} visits${growth ? ` against ${small}` : ''}, seed ${args.seed}; ${info.cpus} × ${info.cpuModel}, Node ${info.node}, load ${info.loadAverageAtStart.join(' ')}`);

  let renderer: RendererSize | null = null;
  try {
    log(args.build ? 'building the renderer into out-bench/…' : 'renderer size (no build)…');
    renderer = measureRenderer(repoRoot, { build: args.build });
  } catch (error) {
    log(`renderer build failed: ${(error as Error).message.slice(0, 500)}`);
  }
  const rendererDir = renderer ? path.join(repoRoot, renderer.dir) : null;

  const smaller = growth ? await measureSize(args, small, repoRoot, rendererDir, false) : null;
  const larger = await measureSize(args, args.visits, repoRoot, rendererDir, true);
  const { dataset, search, tally, save, open, disk, exchange, ui } = larger;

  // Issue #22: a host process and ten paced desks on loopback (bench/lan-load.ts, also `npm run loadtest`).
  let lan: LanLoadResult | null = null;
  if (args.lan) {
    log('LAN: host process, one desk, then ten desks saving every 200 ms…');
    lan = await runLanLoad({ desks: 10, visits: 200, paceMs: 200, races: 20, timeoutMs: 120_000, baselineSaves: 200 });
  }
  const growthNote = smaller ? `${smaller.dataset.visits.toLocaleString('en')} → ${dataset.visits.toLocaleString('en')} visits` : '';
  const notMeasured = (why: string) => why;
  // Issue #18: save, tally and import with encryption beside the plain figures, as ratios (the same
  // services on a plain and an encrypted database, interleaved in this run: bench/encryption.ts).
  const encryption = await measureEncryption({ saves: Math.min(args.samples, 300), importRows: Math.min(args.exchangeRows, 20_000), tallies: 15 });
  const checks: BudgetCheck[] = [
    check('save one visit p99', 'the same rows by bare prepared INSERTs into the same schema (same indexes and triggers), own transaction, same PRAGMAs, p99', ratio(save.api.p99, save.bare.p99), '×', BUDGETS.saveRatioP99),
    check(`import ${exchange?.import?.rows ?? args.exchangeRows} rows`, 'the rows it wrote by bare prepared INSERTs into a freshly migrated database (same schema), one transaction', ratio(exchange?.import?.seconds, exchange?.importFloor?.seconds), '×', BUDGETS.importRatio, exchange ? undefined : notMeasured('--no-exchange')),
    check('full tally, one year (p50)', 'the naive GROUP BY day × service × outcome over the records with a covering index, p50', ratio(tally.periods.year.api.p50, tally.periods.year.floor.p50), '×', BUDGETS.tallyYearRatio),
    check('growth: full tally, one year (p50)', `the same at N/10 (${growthNote})`, ratio(tally.periods.year.api.p50, smaller?.tally.periods.year.api.p50), '×', BUDGETS.growth, smaller ? undefined : '--no-growth or --reuse'),
    check('growth: person search p99', `the same at N/10 (${growthNote})`, ratio(search.all.p99, smaller?.search.all.p99), '×', BUDGETS.growth, smaller ? undefined : '--no-growth or --reuse'),
    check('growth: save one visit p99', `the same at N/10 (${growthNote})`, ratio(save.api.p99, smaller?.save.api.p99), '×', BUDGETS.growth, smaller ? undefined : '--no-growth or --reuse'),
    check("one desk's LAN save p99", 'the local save p99 (the same save in-process, same run)', ratio(lan?.oneDeskSaveP99Ms, lan?.localSaveP99Ms), '×', BUDGETS.lanOneDeskRatio, lan ? undefined : '--no-lan'),
    check('ten desks each saving every 200 ms, save p99', 'the local save p99 (the same save in-process, same run)', ratio(lan?.saveP99Ms, lan?.localSaveP99Ms), '×', BUDGETS.lanTenDesksRatio, lan ? (lan.lost || lan.duplicated || lan.doubleCalls ? `lost ${lan.lost}, duplicated ${lan.duplicated}, double calls ${lan.doubleCalls}` : undefined) : '--no-lan'),
    ...encryption.map((f) => check(`encrypted ÷ plain: ${f.metric}`, 'the same on a plain database, interleaved, same run', f.ratio, '×', BUDGETS.encryptedRatio)),
    check('UI: end of a QR burst → form filled, painted (p99)', 'one 60 Hz frame, 16.7 ms', ui?.qrToForm.n ? ui.qrToForm.p99 : null, 'ms', BUDGETS.uiP99Ms, ui ? undefined : '--no-ui'),
    check('UI: keystroke in person search → results painted (p99)', 'one 60 Hz frame, 16.7 ms', ui?.searchKey.n ? ui.searchKey.p99 : null, 'ms', BUDGETS.uiP99Ms, ui ? undefined : '--no-ui'),
    check('UI: dashboard, one year chosen → painted (p99)', 'one 60 Hz frame, 16.7 ms', ui?.dashboardYear.n ? ui.dashboardYear.p99 : null, 'ms', BUDGETS.uiP99Ms, ui ? undefined : '--no-ui'),
    check(`UI: scrolling today's log (${(ui?.logScroll.rows ?? 0).toLocaleString('en')} rows), longest frame`, 'one 60 Hz frame, 16.7 ms', ui?.logScroll.frames.n ? ui.logScroll.longestFrameMs : null, 'ms', BUDGETS.uiP99Ms, ui ? undefined : '--no-ui'),
    check('.xlsx export peak RSS', 'the process at start', exchange?.xlsx?.peakRssMb ?? null, 'MB', BUDGETS.xlsxExportPeakMb),
    check('.xlsx report export peak RSS', 'the process at start', exchange?.reportXlsx?.peakRssMb ?? null, 'MB', BUDGETS.xlsxExportPeakMb),
  ];
  for (const c of checks) if (c.pass === false) c.note = explain(c.name, larger, smaller);

  const lines: string[] = [];
  lines.push(`Bàn Hỗ Trợ Số bench — ${dataset.visits.toLocaleString('en')} visits (${dataset.serviceRecords.toLocaleString('en')} service records, ${dataset.persons.toLocaleString('en')} persons)${smaller ? ` against ${smaller.dataset.visits.toLocaleString('en')}` : ''}, seed ${args.seed}`);
  lines.push(`Machine: ${info.cpus} × ${info.cpuModel}, ${info.memoryGb} GB, ${info.os}, Node ${info.node}; load average at start ${info.loadAverageAtStart.join(' ')}`);
  lines.push('');
  lines.push('Budgets (ratios measured in this run; exit status 1 when one fails):');
  lines.push('');
  lines.push('| budget | floor (what it is divided by) | value | limit | result |');
  lines.push('|---|---|---|---|---|');
  for (const c of checks) {
    const value = c.value === null ? '—' : c.unit === '×' ? `${c.value.toFixed(2)}×` : `${ms(c.value)} ${c.unit}`;
    const limit = `≤ ${c.budget}${c.unit === '×' ? '×' : ` ${c.unit}`}`;
    lines.push(`| ${c.name} | ${c.floor} | ${value} | ${limit} | ${c.pass === null ? `not measured${c.note ? ` (${c.note})` : ''}` : c.pass ? 'PASS' : `FAIL — ${c.note ?? ''}`} |`);
  }
  lines.push('');
  lines.push('Absolute figures, for reference only (they depend on the machine):');
  lines.push('');
  const sizes = smaller ? [smaller, larger] : [larger];
  lines.push(`| measure | ${sizes.map((s) => `${s.dataset.visits.toLocaleString('en')} visits`).join(' | ')} |`);
  lines.push(`|---|${sizes.map(() => '---').join('|')}|`);
  const row = (what: string, f: (s: SizeResult) => string) => lines.push(`| ${what} | ${sizes.map(f).join(' | ')} |`);
  row('generate (writeVisit, large transactions)', (s) => (Number.isFinite(s.dataset.seconds) ? `${s.dataset.seconds.toFixed(1)} s (${Math.round(s.dataset.visitsPerSecond)} visits/s)` : 'reused'));
  row(`save one visit — ${save.path}`, (s) => fmtSummary(s.save.api));
  row('save one visit — bare prepared INSERTs into the same schema, own transaction, same PRAGMAs (floor)', (s) => fmtSummary(s.save.bare));
  row("floor: the issue #10 reference insert (two tables without secondary indexes or triggers)", (s) => fmtSummary(s.save.floor.reference));
  row('floor: the smallest durable SQLite commit (one row, synchronous=FULL)', (s) => fmtSummary(s.save.floor.onePage));
  row('floor: the smallest write of our API (drafts.save, one row upserted)', (s) => fmtSummary(s.save.floor.smallestApiWrite));
  for (const kind of ['cccd', 'phone', 'name'] as const) {
    row(`person search as you type — ${kind === 'name' ? 'name without diacritics' : kind === 'cccd' ? 'a complete CCCD (staff: masked, so complete numbers only)' : 'a complete phone'}`, (s) => fmtSummary(s.search.byKind[kind]));
  }
  for (const period of ['day', 'month', 'year'] as const) {
    row(`full tally (reports.tally), one ${period}`, (s) => `${fmtSummary(s.tally.periods[period].api)}; ${s.tally.periods[period].visits.toLocaleString('en')} visits`);
    row(`floor: covering-index GROUP BY day × service × outcome, one ${period}`, (s) => fmtSummary(s.tally.periods[period].floor));
  }
  lines.push('');
  lines.push(`At ${dataset.visits.toLocaleString('en')} visits:`);
  lines.push('');
  lines.push('| measure | result |');
  lines.push('|---|---|');
  if (disk) lines.push(`| disk floor: fdatasync after writing 4 KiB / 160 KiB in the data folder | ${fmtSummary(disk.page)} / ${fmtSummary(disk.save)} |`);
  lines.push(`| WAL checkpoints after replies, off the save path | ${save.checkpoints.count} during the samples; last ${save.checkpoints.lastMs === null ? '—' : `${save.checkpoints.lastMs.toFixed(1)} ms`} |`);
  if (exchange) for (const line of exchange.lines) lines.push(line);
  if (open) {
    lines.push(`| open + migrate a new database (fresh process) | ${fmtSummary(open.fresh)} |`);
    lines.push(`| open the ${args.visits.toLocaleString('en')}-visit database (fresh process) | ${fmtSummary(open.existing)} |`);
  }
  if (ui) {
    lines.push(`| UI: end of a QR burst → form filled, painted | ${fmtSummary(ui.qrToForm)} |`);
    lines.push(`| UI: keystroke in person search → results painted | ${fmtSummary(ui.searchKey)}; of which to the API's answer ${fmtSummary(ui.answers.searchKey)} |`);
    lines.push(`| UI: dashboard, one year chosen → painted | ${fmtSummary(ui.dashboardYear)}; of which to the API's answer ${fmtSummary(ui.answers.dashboardYear)} |`);
    lines.push(`| UI: scrolling today's log, ${ui.logScroll.rows.toLocaleString('en')} rows — frames | ${fmtSummary(ui.logScroll.frames)}; longest ${ms(ui.logScroll.longestFrameMs)} ms (floor: one frame ${FRAME_MS.toFixed(1)} ms) |`);
    for (const e of ui.errors) lines.push(`| UI error | ${e.replace(/\|/g, '/').slice(0, 300)} |`);
  }
  lines.push(
    renderer
      ? `| built renderer (${renderer.dir}) | ${(renderer.bytes / 1024).toFixed(0)} KiB in ${renderer.files} files; JS ${(renderer.jsBytes / 1024).toFixed(0)} KiB (${(renderer.jsGzipBytes / 1024).toFixed(0)} KiB gzip), CSS ${(renderer.cssBytes / 1024).toFixed(0)} KiB |`
      : '| built renderer | not built (run without --no-build) |',
  );
  for (const f of encryption) lines.push(`| encryption: ${f.metric} | plain ${ms(f.plainMs)} ms, encrypted ${ms(f.encryptedMs)} ms: ×${f.ratio.toFixed(2)} |`);
  const table = lines.join('\n');
  process.stdout.write(`\n${table}\n`);
  process.stdout.write(`\n${formatEncryption(encryption)}`);

  const resultsDir = path.join(repoRoot, 'bench', 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `bench-${args.visits}-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  const json = { encryption, startedAt: startedAt.toISOString(), seconds: (Date.now() - startedAt.getTime()) / 1000, args, machine: { ...info, loadAverageAtEnd: os.loadavg() }, larger, smaller, renderer, lan, checks, table };
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(`\nJSON: ${path.relative(repoRoot, file)} (${json.seconds.toFixed(0)} s)\n`);
  if (checks.some((c) => c.pass === false)) process.exitCode = 1;
}

/** A failing budget is explained with the figures behind it, never loosened. */
function explain(name: string, larger: SizeResult, smaller: SizeResult | null): string {
  if (name.startsWith('save one visit')) return `api p99 ${ms(larger.save.api.p99)} ms vs floor p99 ${ms(larger.save.bare.p99)} ms; the issue #10 reference insert p99 ${ms(larger.save.floor.reference.p99)} ms`;
  if (name.startsWith('import')) return `import ${larger.exchange?.import?.seconds.toFixed(2)} s vs bare ${larger.exchange?.importFloor?.seconds.toFixed(2)} s`;
  if (name.startsWith('growth: full tally')) return `${ms(smaller?.tally.periods.year.api.p50 ?? Number.NaN)} → ${ms(larger.tally.periods.year.api.p50)} ms`;
  if (name.startsWith('growth: person search')) return `${ms(smaller?.search.all.p99 ?? Number.NaN)} → ${ms(larger.search.all.p99)} ms (cccd ${ms(larger.search.byKind.cccd.p99)}, phone ${ms(larger.search.byKind.phone.p99)}, name ${ms(larger.search.byKind.name.p99)})`;
  if (name.startsWith('growth: save')) return `${ms(smaller?.save.api.p99 ?? Number.NaN)} → ${ms(larger.save.api.p99)} ms; floor ${ms(smaller?.save.bare.p99 ?? Number.NaN)} → ${ms(larger.save.bare.p99)} ms`;
  if (name.startsWith('full tally')) return `api p50 ${ms(larger.tally.periods.year.api.p50)} ms vs floor ${ms(larger.tally.periods.year.floor.p50)} ms`;
  if (name.startsWith('UI: keystroke')) return `p50 ${ms(larger.ui?.searchKey.p50 ?? Number.NaN)} ms, of which to the API's answer p50 ${ms(larger.ui?.answers.searchKey.p50 ?? Number.NaN)} · p99 ${ms(larger.ui?.answers.searchKey.p99 ?? Number.NaN)} ms; the rest is the page's own work`;
  if (name.startsWith('UI: dashboard')) return `p50 ${ms(larger.ui?.dashboardYear.p50 ?? Number.NaN)} ms, of which to the API's answer p50 ${ms(larger.ui?.answers.dashboardYear.p50 ?? Number.NaN)} ms; the rest is drawing the page`;
  if (name.startsWith('UI')) return 'see the UI rows of the reference table';
  return '';
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 2;
});
