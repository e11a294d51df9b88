import fs from 'node:fs';
import { openCore } from '../electron/core/core';
import { importData } from '../electron/core/exchange/import';
import { invokeOk, signIn } from './api';
import { withTestKeys } from '../tests/helpers/keys';

// Child process of bench/exchange.ts, so that its peak resident memory (getrusage maxRSS) is the
// cost of one export or import and nothing else. Prints one JSON line.
//   export <dataDir> <method> <inputJson> <outFile>   — through the API as the head (core.invoke)
//   import <dataDir> <file>                            — importData into the (empty) data folder
//   bulk <dataDir> <sourceDataDir>                     — the import's floor (issue #24): the rows the
//        import wrote in <sourceDataDir>, inserted by bare prepared INSERTs into the same schema
//        (a freshly migrated database: same indexes, same triggers, same PRAGMAs) in one transaction

type Report = { seconds: number; cpuSeconds: number; rows: number; bytes: number; peakRssMb: number; baselineRssMb: number; detail?: unknown };

const mb = (kb: number): number => kb / 1024;
// CPU time (user + system) of this process: less sensitive than wall time to other processes on a shared machine.
const cpuOf = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
};

async function main(): Promise<void> {
  const [mode, dataDir, ...rest] = process.argv.slice(2);
  if (!mode || !dataDir) throw new Error('usage: exchange-child.ts export|import <dataDir> …');
  const core = openCore(withTestKeys({ dataDir, appVersion: 'bench' }));
  try {
    if (mode === 'export') {
      const [methodName, inputJson, outFile] = rest;
      if (!methodName || !inputJson || !outFile) throw new Error('export needs <method> <inputJson> <outFile>');
      const head = await signIn(core, 'gd.lan');
      const baselineRssMb = mb(process.resourceUsage().maxRSS);
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const file = await invokeOk<{ contentBase64: string; rows: number; fileName: string }>(core, head, methodName, JSON.parse(inputJson));
      const bytes = Buffer.from(file.contentBase64, 'base64');
      fs.writeFileSync(outFile, bytes);
      const seconds = (performance.now() - t0) / 1000;
      const report: Report = { seconds, cpuSeconds: cpuOf(cpu0), rows: file.rows, bytes: bytes.length, peakRssMb: mb(process.resourceUsage().maxRSS), baselineRssMb };
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } else if (mode === 'import') {
      const [file] = rest;
      if (!file) throw new Error('import needs <file>');
      const bytes = fs.readFileSync(file);
      const baselineRssMb = mb(process.resourceUsage().maxRSS);
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const result = await importData(core.ctx, { id: null, name: 'bench' }, { fileName: file, bytes, commit: true, skipInvalid: false });
      const seconds = (performance.now() - t0) / 1000;
      if (!result.committed) throw new Error(`import refused: ${JSON.stringify(result.errors.slice(0, 5))}`);
      const report: Report = {
        seconds, cpuSeconds: cpuOf(cpu0), rows: result.rows, bytes: bytes.length, peakRssMb: mb(process.resourceUsage().maxRSS), baselineRssMb,
        detail: { imported: result.imported, skipped: result.skipped, refused: result.refused, newStaff: result.newStaff.length },
      };
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } else if (mode === 'bulk') {
      const [sourceDir] = rest;
      if (!sourceDir) throw new Error('bulk needs <sourceDataDir>');
      const source = openCore(withTestKeys({ dataDir: sourceDir, appVersion: 'bench' }));
      // Read before the clock starts: the floor is the writing, not the reading.
      // In the order their foreign keys need (an import's own row first: visits carry its id).
      const existing = new Set((source.ctx.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name));
      const tables = ['imports', 'persons', 'visits', 'service_records', 'review_history'].filter((t) => existing.has(t));
      const rowsOf = (table: string): Record<string, unknown>[] => source.ctx.sqlite.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Record<string, unknown>[];
      const staff = rowsOf('users').filter((u) => !core.ctx.sqlite.prepare('SELECT 1 FROM users WHERE id = ? OR username = ?').get(u.id, u.username));
      const data = tables.map((table) => ({ table, rows: rowsOf(table) }));
      source.close();
      const insertInto = (table: string, sample: Record<string, unknown>) => {
        const columns = Object.keys(sample);
        return core.ctx.sqlite.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      };
      // The accounts the import made for unknown staff names, outside the measure (the import makes them too, but few).
      if (staff[0]) {
        const insertUser = insertInto('users', staff[0]);
        core.ctx.sqlite.transaction(() => {
          for (const user of staff) insertUser.run(...Object.values(user));
        })();
      }
      const statements = data.map(({ table, rows }) => ({ rows, insert: rows[0] ? insertInto(table, rows[0]) : null }));
      const baselineRssMb = mb(process.resourceUsage().maxRSS);
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      core.ctx.sqlite.transaction(() => {
        for (const { rows, insert } of statements) for (const row of rows) insert?.run(...Object.values(row));
      }).immediate();
      const seconds = (performance.now() - t0) / 1000;
      const rows = statements.reduce((n, s) => n + s.rows.length, 0);
      const report: Report = { seconds, cpuSeconds: cpuOf(cpu0), rows, bytes: 0, peakRssMb: mb(process.resourceUsage().maxRSS), baselineRssMb, detail: Object.fromEntries(data.map((d) => [d.table, d.rows.length])) };
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } else throw new Error(`unknown mode ${mode}`);
  } finally {
    core.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
