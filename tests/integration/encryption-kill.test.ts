import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../electron/core/core';
import { openCoreOrRecovery } from '../../electron/core/open-or-recovery';
import { databaseFileKind } from '../../electron/core/keys/keyring';
import { newSession } from '../../electron/core/context';
import { mustCall, openTestCore, sessionWithRoles, setupAdmin, tempDir } from '../helpers/core';
import { openKeyed, withTestKeys } from '../helpers/keys';

// Issue #18 point 2: a plain database made by an earlier build is encrypted on its first open; a
// SIGKILL at any moment of it leaves the plain file or the checked encrypted one, and the next
// open finds its data (the kill pattern of crash-safety.test.ts). The database is padded to a few
// MB so that the copy, the rekey and the checks take long enough for random kills to land in them.

const KILLS = Number(process.env.BHTS_ENCRYPT_KILLS ?? 12);
const CHILD = path.resolve(__dirname, '../helpers/encrypt-child.ts');
const BUNDLE = path.resolve(__dirname, '../../node_modules/.cache/bhts-encrypt-child.mjs');
const CCCD = '066095004321';
const PAD_ROWS = 1500;

let plainTemplate = '';
let visits = 0;

beforeAll(async () => {
  await build({ entryPoints: [CHILD], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: BUNDLE, packages: 'external', logLevel: 'silent' });
  // An "earlier build's" database: made by the core, then decrypted into a clear copy.
  const core = openTestCore();
  await setupAdmin(core);
  const staff = await sessionWithRoles(core, ['staff'], 'nhanvien');
  for (let i = 0; i < 5; i += 1) {
    await mustCall(core, staff, 'visits.save', {
      id: randomUUID(),
      person: { fullName: 'Trần Văn Cũ', cccd: `${CCCD.slice(0, 11)}${i}`, category: 'citizen' },
      consent: 'yes',
      services: [{ id: randomUUID(), serviceKey: 'dak_lak_so', outcome: 'completed', detail: { variant: 'native', accountRegistered: true } }],
    });
  }
  const insert = core.ctx.sqlite.prepare(`INSERT INTO app_secrets (name, value, created_at) VALUES (?, ?, '2025-01-01T00:00:00.000Z')`);
  core.ctx.sqlite.transaction(() => {
    for (let i = 0; i < PAD_ROWS; i += 1) insert.run(`pad-${i}`, `${CCCD} ${randomBytes(4000).toString('hex')}`);
  })();
  visits = (core.ctx.sqlite.prepare('SELECT count(*) AS n FROM visits').get() as { n: number }).n;
  const dir = tempDir('bhts-plain-template-');
  plainTemplate = path.join(dir, DB_FILE_NAME);
  core.ctx.sqlite.prepare('VACUUM INTO ?').run(plainTemplate);
  // VACUUM INTO kept the key: take it off (SQLite3MultipleCiphers' rekey to an empty key).
  const keyed = openKeyed(plainTemplate, { dataDir: core.dataDir });
  keyed.pragma(`rekey = ''`);
  keyed.close();
  core.dispose();
  expect(databaseFileKind(plainTemplate)).toBe('plain');
}, 120_000);

afterAll(() => {
  if (plainTemplate) fs.rmSync(path.dirname(plainTemplate), { recursive: true, force: true });
  fs.rmSync(BUNDLE, { force: true });
});

function runAndKill(dataDir: string, maxMs: number): Promise<{ killedAfterMs: number; finished: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUNDLE, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let finished = false;
    let killedAfterMs = -1;
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (chunk.includes('READY') && killedAfterMs < 0) {
        killedAfterMs = Math.floor(Math.random() * maxMs);
        setTimeout(() => child.kill('SIGKILL'), killedAfterMs);
      }
      if (chunk.includes('OPENED')) finished = true;
      if (chunk.includes('RECOVERY')) reject(new Error(`child said: ${chunk.trim()}`));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    // 'close', not 'exit': the child's last line may still be in the pipe when it exits.
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`child failed (${code}): ${stderr.slice(0, 500)}`));
      else resolve({ killedAfterMs, finished });
    });
  });
}

describe('first-open encryption of an earlier build’s plain database', () => {
  it(`survives ${KILLS} SIGKILLs at random moments: the next open finds every row, encrypted, with no clear copy left`, async () => {
    // How long one whole encryption takes here, to spread the kills over it.
    const timing = tempDir('bhts-encrypt-timing-');
    fs.copyFileSync(plainTemplate, path.join(timing, DB_FILE_NAME));
    const started = performance.now();
    const full = await runAndKill(timing, 60_000);
    expect(full.finished).toBe(true);
    const fullMs = performance.now() - started;
    fs.rmSync(timing, { recursive: true, force: true });

    let killedMidway = 0;
    for (let run = 0; run < KILLS; run += 1) {
      const dataDir = tempDir('bhts-encrypt-kill-');
      fs.copyFileSync(plainTemplate, path.join(dataDir, DB_FILE_NAME));
      const result = await runAndKill(dataDir, Math.max(200, fullMs));
      if (!result.finished) killedMidway += 1;

      const opened = openCoreOrRecovery(withTestKeys({ dataDir, appVersion: 'test' }));
      expect(opened.kind, `run ${run} killed after ${result.killedAfterMs} ms`).toBe('ok');
      if (opened.kind !== 'ok') continue;
      const { sqlite } = opened.core.ctx;
      expect((sqlite.prepare('SELECT count(*) AS n FROM visits').get() as { n: number }).n).toBe(visits);
      expect((sqlite.prepare(`SELECT count(*) AS n FROM app_secrets WHERE name LIKE 'pad-%'`).get() as { n: number }).n).toBe(PAD_ROWS);
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      const session = newSession();
      await mustCall(opened.core, session, 'auth.login', { username: 'nhanvien', password: 'matkhau-12345' });
      opened.core.close();
      // Encrypted, and the clear file is gone once the encrypted one passed its check.
      expect(databaseFileKind(path.join(dataDir, DB_FILE_NAME))).toBe('other');
      const needle = Buffer.from(CCCD, 'utf8');
      const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(dataDir)) expect(fs.readFileSync(file).includes(needle), path.relative(dataDir, file)).toBe(false);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    // A good share of the kills must land inside the encryption, or the test proves little.
    expect(killedMidway).toBeGreaterThanOrEqual(Math.ceil(KILLS / 4));
  }, 600_000);
});
