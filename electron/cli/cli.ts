import fs from 'node:fs';
import path from 'node:path';
import { isIsoDay } from '../../shared/domain/vnday';
import { MAX_RANGE_DAYS } from '../../shared/api/reports';
import { openCore, type Core } from '../core/core';
import type { Actor } from '../core/context';
import { AppError } from '../core/errors';
import { computeTally, tallyForCli } from '../core/reports/counting';
import { importData } from '../core/exchange/import';
import { exportData } from '../core/exchange/export';
import { listImports, undoImport } from '../core/exchange/undo';
import { wardMappingSchema, CATEGORIES, MAPPABLE_FIELDS, OUTCOMES, type WardMapping } from '../../shared/api/ward';
import type { ImportError, ImportReport } from '../../shared/api/reports';
import { resources } from '../../shared/i18n';
import { keyringFromSecrets, type KeySealer } from '../core/keys/keyring';
import { newSecrets, openRecoveryCopy, readKeyStore, type Secrets } from '../core/keys/key-store';
import { isBesideDatabase, readKeyFile, writeKeyFile } from '../core/keys/key-file';

// Issue #7 point 6: the command line, run with `npm run -s cli -- <command> …` (tsx, no build
// step). It uses the same core layer as the app and acts as the audited actor `cli` with head and
// admin rights (whoever can read the database file can read everything anyway). A missing
// database file is created and migrated. Exit codes: 0 done, 1 refused or failed, 2 bad arguments.

const CLI_ACTOR: Actor = { id: null, name: 'cli' };

const USAGE = `Usage:
  npm run -s cli -- tally  --db FILE KEY --from YYYY-MM-DD --to YYYY-MM-DD [--json]
  npm run -s cli -- import --db FILE KEY PATH.csv|PATH.xlsx [--mapping FILE.json] [--legal-basis TEXT] [--keep-duplicates] [--preview] [--skip-invalid] [--json]
  npm run -s cli -- imports --db FILE KEY [--json]
  npm run -s cli -- undo-import --db FILE KEY --import ID
  npm run -s cli -- export --db FILE KEY --from YYYY-MM-DD --to YYYY-MM-DD --out PATH.csv|PATH.xlsx
KEY is --key-file PATH, or --recovery-code with the code on standard input.
The key file is exported by an admin (Settings, Backup). A --key-file that does not exist, with a
--db that does not exist, makes both: a new database and its key file.`;

class UsageError extends Error {}

type Parsed = { command: string; options: Map<string, string | true>; positional: string[] };

const VALUE_OPTIONS = new Set(['--db', '--from', '--to', '--out', '--mapping', '--legal-basis', '--import', '--key-file']);
const KEY_FLAGS = ['--recovery-code'];
const FLAG_OPTIONS: Record<string, readonly string[]> = {
  tally: ['--json', ...KEY_FLAGS],
  import: ['--skip-invalid', '--json', '--keep-duplicates', '--preview', ...KEY_FLAGS],
  export: [...KEY_FLAGS],
  imports: ['--json', ...KEY_FLAGS],
  'undo-import': [...KEY_FLAGS],
};

function parseArgs(argv: string[]): Parsed {
  const [command, ...rest] = argv;
  if (!command || !(command in FLAG_OPTIONS)) throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  const options = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i]!;
    if (VALUE_OPTIONS.has(arg)) {
      const value = rest[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      if (options.has(arg)) throw new UsageError(`${arg} given twice`);
      options.set(arg, value);
      i += 1;
    } else if (FLAG_OPTIONS[command]!.includes(arg)) {
      options.set(arg, true);
    } else if (arg.startsWith('--')) {
      throw new UsageError(`unknown option ${arg} for "${command}"`);
    } else {
      positional.push(arg);
    }
  }
  return { command, options, positional };
}

function required(parsed: Parsed, name: string): string {
  const value = parsed.options.get(name);
  if (typeof value !== 'string') throw new UsageError(`${name} is required`);
  return value;
}

function dayOption(parsed: Parsed, name: string): string {
  const value = required(parsed, name);
  if (!isIsoDay(value)) throw new UsageError(`${name} must be a date YYYY-MM-DD, got "${value}"`);
  return value;
}

function rangeOf(parsed: Parsed): { from: string; to: string } {
  const from = dayOption(parsed, '--from');
  const to = dayOption(parsed, '--to');
  if (from > to) throw new UsageError('--from is after --to');
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 >= MAX_RANGE_DAYS) throw new UsageError(`the range is longer than ${MAX_RANGE_DAYS} days`);
  return { from, to };
}

// Issue #18 point 5: the CLI has no OS keychain to seal with; its key comes from the admin's key
// file or the recovery code, and nothing it writes beside the database holds a key.
export const NO_OS_SEALER: KeySealer = { seal: () => null, unseal: () => null };

async function readStdin(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8').trim();
}

async function keysFor(parsed: Parsed, dbFile: string, input: NodeJS.ReadableStream, err: NodeJS.WritableStream): Promise<Secrets> {
  return secretsFromKeyOptions(parsed.options.get('--key-file'), parsed.options.has('--recovery-code'), dbFile, input, err);
}

/**
 * The keys of `dbFile` from `--key-file PATH` or `--recovery-code` (the code on standard input);
 * `cli serve` (serve-host.ts) takes them the same way. A missing key file beside a missing
 * database makes both, said on `err`.
 */
export async function secretsFromKeyOptions(keyFile: string | true | undefined, byCode: boolean, dbFile: string, input: NodeJS.ReadableStream, err: NodeJS.WritableStream): Promise<Secrets> {
  const dataDir = path.dirname(dbFile);
  if (typeof keyFile === 'string' && byCode) throw new UsageError('give --key-file or --recovery-code, not both');
  if (byCode) {
    const store = readKeyStore(dataDir);
    if (!store?.recovery) throw new AppError('key_missing', 'errors.key_missing');
    const secrets = openRecoveryCopy(store.recovery, store.installationId, await readStdin(input));
    if (!secrets) throw new AppError('bad_recovery', 'errors.bad_recovery');
    return secrets;
  }
  if (typeof keyFile !== 'string') throw new UsageError('--key-file PATH (or --recovery-code, the code on standard input) is required');
  if (isBesideDatabase(keyFile, dbFile)) throw new UsageError('the key file must not be in the database\'s folder');
  if (fs.existsSync(keyFile)) {
    const secrets = readKeyFile(keyFile);
    if (!secrets) throw new UsageError(`not a key file: ${keyFile}`);
    return secrets;
  }
  if (fs.existsSync(dbFile) || readKeyStore(dataDir)) throw new UsageError(`no such key file: ${keyFile} (an admin exports it from Settings, Backup)`);
  const secrets = newSecrets();
  writeKeyFile(keyFile, secrets);
  err.write(`made a new database ${dbFile} and its key file ${path.resolve(keyFile)}\n`);
  return secrets;
}

async function openDb(parsed: Parsed, input: NodeJS.ReadableStream, err: NodeJS.WritableStream): Promise<Core> {
  const dbFile = path.resolve(required(parsed, '--db'));
  const secrets = await keysFor(parsed, dbFile, input, err);
  const dataDir = path.dirname(dbFile);
  let keyring;
  try {
    keyring = keyringFromSecrets(dataDir, secrets, NO_OS_SEALER);
  } catch {
    throw new UsageError('the key file is of another installation than this database');
  }
  return openCore({ dataDir, dbFile, appVersion: 'cli', keyring });
}

async function run(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream, input: NodeJS.ReadableStream): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.command === 'tally') {
    const range = rangeOf(parsed);
    if (parsed.positional.length > 0) throw new UsageError(`unexpected argument "${parsed.positional[0]}"`);
    const core = await openDb(parsed, input, err);
    try {
      const tally = tallyForCli(computeTally(core.ctx, range.from, range.to));
      if (parsed.options.has('--json')) out.write(`${JSON.stringify(tally)}\n`);
      else out.write(formatTally(tally));
      return 0;
    } finally {
      core.close();
    }
  }
  if (parsed.command === 'import') {
    if (parsed.positional.length !== 1) throw new UsageError('import needs exactly one file PATH');
    const file = parsed.positional[0]!;
    if (!/\.(csv|xlsx)$/i.test(file)) throw new UsageError('the file must be a .csv or .xlsx');
    if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
    const mapping = readMapping(parsed);
    const core = await openDb(parsed, input, err);
    try {
      const report = await importData(core.ctx, CLI_ACTOR, {
        fileName: path.basename(file),
        bytes: fs.readFileSync(file),
        commit: !parsed.options.has('--preview'),
        skipInvalid: parsed.options.has('--skip-invalid'),
        keepDuplicates: parsed.options.has('--keep-duplicates'),
        ...(mapping ? { mapping } : {}),
        // Progress on stderr with BHTS_CLI_PROGRESS=1 (never personal data). Written synchronously:
        // the import holds the event loop until its one transaction ends.
        onProgress: (done, total) => {
          if (process.env.BHTS_CLI_PROGRESS === '1') fs.writeSync(2, `progress ${done}/${total}\n`);
        },
      });
      const summary = { imported: report.imported, skipped: report.skipped, errors: report.errors };
      // A ward log (issue #16): how it was read, what it changes, its import id.
      const wardSummary = report.detection
        ? {
            ...summary, rows: report.rows, refused: report.refused, committed: report.committed, importId: report.importId ?? null,
            legalBasis: report.legalBasis ?? null, duplicates: report.duplicates ?? [], changes: report.changes ?? null,
            sheets: report.detection.sheets, needsCategory: report.detection.needsCategory, skippedRows: report.detection.skippedRows, values: report.detection.values,
            messages: report.errors.map((e) => ({ vi: errorLine(e, 'vi'), en: errorLine(e, 'en') })),
          }
        : summary;
      if (parsed.options.has('--json')) out.write(`${JSON.stringify(wardSummary)}\n`);
      else {
        out.write(`imported ${report.imported}, skipped ${report.skipped}, refused ${report.refused}${report.committed ? '' : ' (nothing written)'}\n`);
        if (!report.detection) for (const e of report.errors) out.write(`line ${e.line}, column ${e.column}: ${e.reason}\n`);
        else out.write(describeWard(report));
        if (report.newStaff.length > 0) out.write(`inactive staff accounts made for the import: ${report.newStaff.length}\n`);
      }
      if (parsed.options.has('--preview')) return report.errors.length === 0 || parsed.options.has('--skip-invalid') ? 0 : 1;
      return report.committed ? 0 : 1;
    } finally {
      core.close();
    }
  }
  if (parsed.command === 'imports') {
    const core = await openDb(parsed, input, err);
    try {
      const rows = listImports(core.ctx);
      if (parsed.options.has('--json')) out.write(`${JSON.stringify(rows)}\n`);
      else for (const r of rows) out.write(`${r.id}  ${r.createdAt}  ${r.visits} visits  ${r.fileName}${r.undoneAt ? `  (undone ${r.undoneAt})` : ''}\n`);
      return 0;
    } finally {
      core.close();
    }
  }
  if (parsed.command === 'undo-import') {
    const importId = required(parsed, '--import');
    const core = await openDb(parsed, input, err);
    try {
      const result = undoImport(core.ctx, CLI_ACTOR, importId);
      out.write(`undone import ${result.importId}: ${result.visits} visits removed\n`);
      return 0;
    } finally {
      core.close();
    }
  }
  // export
  const range = rangeOf(parsed);
  const outFile = required(parsed, '--out');
  const format = /\.xlsx$/i.test(outFile) ? 'xlsx' : /\.csv$/i.test(outFile) ? 'csv' : null;
  if (!format) throw new UsageError('--out must end in .csv or .xlsx');
  if (parsed.positional.length > 0) throw new UsageError(`unexpected argument "${parsed.positional[0]}"`);
  const core = await openDb(parsed, input, err);
  try {
    const result = await exportData(core.ctx, CLI_ACTOR, { ...range, format });
    fs.writeFileSync(outFile, result.content);
    err.write(`exported ${result.rows} rows to ${outFile}\n`);
    return 0;
  } finally {
    core.close();
  }
}

function readMapping(parsed: Parsed): WardMapping | null {
  const file = parsed.options.get('--mapping');
  const legalBasis = parsed.options.get('--legal-basis');
  if (typeof file !== 'string') return typeof legalBasis === 'string' ? wardMappingSchema.parse({ legalBasis }) : null;
  if (!fs.existsSync(file)) throw new UsageError(`no such mapping file: ${file}`);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new UsageError(`the mapping file is not JSON: ${file}`);
  }
  const result = wardMappingSchema.safeParse(json);
  if (!result.success) throw new UsageError(`the mapping file is not valid: ${result.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return typeof legalBasis === 'string' ? { ...result.data, legalBasis } : result.data;
}

type Reasons = Record<string, string>;

/** A row error in one language: sheet, line, column, what is wrong and how to fix it. */
function errorLine(e: ImportError, lang: 'vi' | 'en'): string {
  const reasons = resources[lang].counting.data.reasons as Reasons;
  const message = reasons[e.reason.replace(/\./g, '_')] ?? e.reason;
  const sheet = e.sheet ? (lang === 'vi' ? `trang “${e.sheet}”, ` : `sheet “${e.sheet}”, `) : '';
  return lang === 'vi' ? `${sheet}dòng ${e.line}, cột “${e.column}”: ${message}` : `${sheet}line ${e.line}, column “${e.column}”: ${message}`;
}

/** How a ward log was read: the header rows, each column's meaning, the candidates for an unmapped one, the rows skipped. */
function describeWard(report: ImportReport): string {
  const lines: string[] = [];
  const detection = report.detection!;
  const candidates = ['skip', ...MAPPABLE_FIELDS, 'service:<key>'].join(' | ');
  for (const sheet of detection.sheets) {
    if (sheet.headerLine === null) {
      lines.push(`sheet “${sheet.sheet}”: no header row found (not imported)`);
      continue;
    }
    lines.push(`sheet “${sheet.sheet}”: header on line ${sheet.headerLine} (layout ${sheet.layoutKey})`);
    sheet.headers.forEach((header, i) => {
      if (header === '') return;
      const unmapped = sheet.unmapped.some((u) => u.index === i);
      lines.push(`  “${header}” → ${unmapped ? `?  candidates: ${candidates}` : sheet.columns[i]}`);
    });
  }
  // Issue #16: every distinct value of the mapped columns, its rows, and what it is read as ("values" in --mapping FILE.json).
  const valueCandidates: Record<string, string> = { marks: 'completed | pending | failed | none', category: CATEGORIES.join(' | '), outcome: OUTCOMES.join(' | '), service: '<service key>' };
  for (const group of detection.values) {
    lines.push(`values (${group.kind}) in ${group.columns.map((c) => `“${c}”`).join(', ')}:`);
    for (const v of group.values) lines.push(`  “${v.text}” (${v.rows} rows) → ${v.mapped ?? v.guess ?? `?  candidates: ${valueCandidates[group.kind]}`}`);
    if (group.omitted > 0) lines.push(`  … ${group.omitted} more values`);
  }
  if (detection.needsCategory) lines.push('the category is missing: no column gives it; give "category" (citizen | official | student | worker) in --mapping FILE.json');
  for (const e of report.errors) lines.push(errorLine(e, 'vi'), `  ${errorLine(e, 'en')}`);
  for (const d of report.duplicates ?? []) lines.push(`probable duplicate skipped: ${d.sheet ? `sheet “${d.sheet}”, ` : ''}line ${d.line}`);
  const skipped = detection.skippedRows.filter((r) => r.kind !== 'blank');
  if (skipped.length > 0) lines.push(`rows skipped (not visits): ${skipped.map((r) => `${r.sheet}:${r.line} ${r.kind}`).join(', ')}`);
  if (report.changes) {
    const a = report.changes.added;
    lines.push(`adds ${a.visits} visits, ${a.persons} persons; target 7 +${a.target7}, 8a +${a.target8a}, 8b +${a.target8b}`);
    for (const p of report.changes.shiftedPersons) lines.push(`counting day moves earlier: ${p.cccdMasked} (${p.target}) ${p.before} → ${p.after}`);
    for (const p of report.changes.periods) lines.push(`period ${p.month} ${p.figure}: ${p.before} → ${p.after}`);
  }
  if (report.importId) lines.push(`import id ${report.importId} (undo: undo-import --import ${report.importId})`);
  return `${lines.join('\n')}\n`;
}

function formatTally(tally: ReturnType<typeof tallyForCli>): string {
  const pct = (p: number | null) => (p === null ? '-' : `${(p * 100).toFixed(1)} %`);
  const lines = [
    `${tally.from} .. ${tally.to}: ${tally.visits} visits, ${tally.persons} persons`,
    ...Object.entries(tally.services).map(([key, c]) => `  ${key}: completed ${c.completed}, pending ${c.pending}, failed ${c.failed}`),
    `target 7:  ${tally.target7.count} / ${tally.target7.goal ?? '-'} (${pct(tally.target7.progress)})`,
    `target 8a: ${tally.target8a.count} (confirmed ${tally.target8a.confirmed}) / ${tally.target8a.goal ?? '-'} (${pct(tally.target8a.progress)})`,
    `target 8b: ${tally.target8b.count} (confirmed ${tally.target8b.confirmed}) / ${tally.target8b.goal ?? '-'} (${pct(tally.target8b.progress)}), under 15 flagged ${tally.target8b.underAgeFlagged}`,
  ];
  return `${lines.join('\n')}\n`;
}

export type CliIo = { out: NodeJS.WritableStream; err: NodeJS.WritableStream; in?: NodeJS.ReadableStream };

/** Runs one CLI command; returns the exit code (0 done, 1 refused or failed, 2 bad arguments). */
export async function main(argv: string[], io: CliIo = { out: process.stdout, err: process.stderr }): Promise<number> {
  try {
    return await run(argv, io.out, io.err, io.in ?? process.stdin);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err.write(`error: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof AppError) {
      io.err.write(`error: ${error.code}${error.params ? ` ${JSON.stringify(error.params)}` : ''}\n`);
      return 1;
    }
    // Never print the error's message: it may hold personal data from a row.
    io.err.write(`error: ${(error as { code?: string } | null)?.code ?? (error as Error | null)?.name ?? 'unknown'}\n`);
    return 1;
  }
}
