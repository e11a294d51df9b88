import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes, randomUUID } from 'node:crypto';
import { newSession, type CoreContext, type Session } from '../electron/core/context';
import { DB_FILE_NAME } from '../electron/core/core';
import { dispatch } from '../electron/core/api/dispatch';
import { closeDatabase, openDatabase } from '../electron/core/db/open';
import { importData } from '../electron/core/exchange/import';
import { testKeyring } from '../tests/helpers/keys';
import { makeCompactCsv } from '../tests/helpers/import-csv';

// Issue #18: what encryption at rest costs. The same services (dispatch → visits.save,
// reports.tally, importData) on two databases that differ only in the connection's key: one in
// the clear, one SQLCipher-encrypted as the app writes it. Same machine, same run, interleaved.

export type EncryptionFigure = { metric: string; plainMs: number; encryptedMs: number; ratio: number };

function context(dataDir: string, encrypted: boolean): CoreContext {
  const keyring = testKeyring(dataDir);
  const opened = openDatabase({ file: path.join(dataDir, DB_FILE_NAME), key: encrypted ? keyring.dbKey() : null });
  return { sqlite: opened.sqlite, db: opened.db, dataDir, dbFile: opened.file, now: () => new Date(), personKeySecret: randomBytes(32), appVersion: 'bench', keyring };
}

async function ok(ctx: CoreContext, session: Session, method: string, input: unknown): Promise<unknown> {
  const result = await dispatch(ctx, session, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code}`);
  return result.value;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function prepare(ctx: CoreContext): Promise<Session> {
  const admin = newSession();
  await ok(ctx, admin, 'setup.complete', { centerName: 'Trung tâm', ward: 'Tân Lập', admin: { fullName: 'Quản Trị Viên', username: 'admin', password: 'bench-matkhau-2026' } });
  await ok(ctx, admin, 'accounts.create', { id: randomUUID(), username: 'nv.hoa', fullName: 'Nguyễn Thị Hoa', roles: ['staff', 'head'], password: 'bench-matkhau-2026' });
  const staff = newSession();
  await ok(ctx, staff, 'auth.login', { username: 'nv.hoa', password: 'bench-matkhau-2026' });
  return staff;
}

export async function measureEncryption(options: { saves: number; importRows: number; tallies: number }): Promise<EncryptionFigure[]> {
  const dirs = { plain: fs.mkdtempSync(path.join(os.tmpdir(), 'bhts-bench-plain-')), encrypted: fs.mkdtempSync(path.join(os.tmpdir(), 'bhts-bench-enc-')) };
  const ctxs = { plain: context(dirs.plain, false), encrypted: context(dirs.encrypted, true) };
  try {
    const sessions = { plain: await prepare(ctxs.plain), encrypted: await prepare(ctxs.encrypted) };
    const times = { save: { plain: [] as number[], encrypted: [] as number[] }, tally: { plain: [] as number[], encrypted: [] as number[] }, import: { plain: 0, encrypted: 0 } };

    // Import first (it fills the databases the tallies then read); one run each, plain then encrypted.
    const csv = Buffer.from(makeCompactCsv(options.importRows, 'bench'), 'utf8');
    for (const kind of ['plain', 'encrypted'] as const) {
      const started = performance.now();
      await importData(ctxs[kind], { id: null, name: 'bench' }, { fileName: 'bench.csv', bytes: csv, commit: true, skipInvalid: true });
      times.import[kind] = performance.now() - started;
    }
    for (let i = 0; i < options.saves; i += 1) {
      for (const kind of (i % 2 ? ['plain', 'encrypted'] : ['encrypted', 'plain']) as ('plain' | 'encrypted')[]) {
        const input = {
          id: randomUUID(),
          person: { fullName: 'Nguyễn Văn Thử', cccd: `0660${90 + (i % 9)}${String(100000 + i).padStart(6, '0')}`, category: 'citizen' },
          consent: 'yes',
          services: [{ id: randomUUID(), serviceKey: 'dak_lak_so', outcome: 'completed', detail: { variant: 'native', accountRegistered: true } }],
        };
        const started = performance.now();
        await ok(ctxs[kind], sessions[kind], 'visits.save', input);
        times.save[kind].push(performance.now() - started);
      }
    }
    const tally = { from: '2025-01-01', to: '2025-12-31' };
    for (const kind of ['plain', 'encrypted'] as const) await ok(ctxs[kind], sessions[kind], 'reports.tally', tally);
    for (let i = 0; i < options.tallies; i += 1) {
      for (const kind of (i % 2 ? ['plain', 'encrypted'] : ['encrypted', 'plain']) as ('plain' | 'encrypted')[]) {
        const started = performance.now();
        await ok(ctxs[kind], sessions[kind], 'reports.tally', tally);
        times.tally[kind].push(performance.now() - started);
      }
    }
    const figure = (metric: string, plainMs: number, encryptedMs: number): EncryptionFigure => ({ metric, plainMs, encryptedMs, ratio: encryptedMs / plainMs });
    return [
      figure(`visits.save, median of ${options.saves}`, median(times.save.plain), median(times.save.encrypted)),
      figure(`reports.tally (a year, ${options.importRows} imported rows), median of ${options.tallies}`, median(times.tally.plain), median(times.tally.encrypted)),
      figure(`import of ${options.importRows} rows (CSV)`, times.import.plain, times.import.encrypted),
    ];
  } finally {
    for (const kind of ['plain', 'encrypted'] as const) closeDatabase({ sqlite: ctxs[kind].sqlite, db: ctxs[kind].db, file: ctxs[kind].dbFile, migratedFrom: 0 });
    for (const dir of Object.values(dirs)) fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function formatEncryption(figures: EncryptionFigure[]): string {
  const rows = figures.map((f) => `  ${f.metric.padEnd(66)} ${f.plainMs.toFixed(1).padStart(9)} ms ${f.encryptedMs.toFixed(1).padStart(9)} ms   ×${f.ratio.toFixed(2)}`);
  return [`Encryption at rest (issue #18): plain vs SQLCipher, same services, same run`, `  ${'measure'.padEnd(66)} ${'plain'.padStart(12)} ${'encrypted'.padStart(12)}   ratio`, ...rows, ''].join('\n');
}

// `npx tsx bench/encryption.ts`: this comparison alone (run.ts prints it at the end of `npm run bench`).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const figures = await measureEncryption({ saves: 200, importRows: 20_000, tallies: 15 });
  process.stdout.write(formatEncryption(figures));
}
