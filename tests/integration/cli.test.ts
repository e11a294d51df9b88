import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../electron/core/db/migrations';
import { main } from '../../electron/cli/cli';
import { Readable } from 'node:stream';
import { ADMIN, mustCall, openTestCore, tempDir } from '../helpers/core';
import { newSession } from '../../electron/core/context';
import { readKeyFile } from '../../electron/core/keys/key-file';
import { keyFileArgs } from '../helpers/keys';
import { openKeyed } from '../helpers/keys';

// Issue #7 point 6: the CLI as a user runs it (`npm run -s cli -- …`, tsx, no build step), on a real
// database file. Each case spawns the real process.

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'import');

type Run = { code: number; stdout: string; stderr: string };
function cli(args: string[], viaNpm = false): Promise<Run> {
  const [cmd, argv] = viaNpm ? ['npm', ['run', '-s', 'cli', '--', ...args]] : ['npx', ['tsx', 'electron/cli/index.ts', ...args]];
  return new Promise((resolve) => {
    execFile(cmd, argv as string[], { cwd: ROOT, env: { ...process.env, BHTS_CLI_PROGRESS: '' } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

let dir: string;
let db: string;
beforeAll(() => {
  dir = tempDir('bhts-cli-');
  db = path.join(dir, 'sub', 'ward.sqlite');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cli', () => {
  it('tally on a missing database creates and migrates it, and prints exactly the documented JSON', async () => {
    const result = await cli(['tally', '--db', db, ...keyFileArgs(db), '--from', '2025-07-14', '--to', '2025-07-16', '--json'], true);
    expect(result.code).toBe(0);
    expect(fs.existsSync(db)).toBe(true);
    const sqlite = openKeyed(db, { readonly: true });
    expect(sqlite.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    sqlite.close();
    const tally = JSON.parse(result.stdout);
    expect(Object.keys(tally)).toEqual(['from', 'to', 'visits', 'persons', 'services', 'target7', 'target8a', 'target8b', 'days']);
    expect(tally).toMatchObject({ from: '2025-07-14', to: '2025-07-16', visits: 0, persons: 0 });
    expect(Object.keys(tally.services).sort()).toEqual(['dak_lak_so', 'digital_signature', 'online_public_service', 'vneid_activation']);
    expect(tally.target7).toEqual({ count: 0, goal: null, progress: null });
    expect(tally.target8a).toEqual({ count: 0, confirmed: 0, goal: null, progress: null });
    expect(tally.target8b).toEqual({ count: 0, confirmed: 0, goal: 100, progress: 0, underAgeFlagged: 0 });
    expect(tally.days).toEqual(['2025-07-14', '2025-07-15', '2025-07-16'].map((date) => ({ date, visits: 0, persons: 0, target7: 0, target8a: 0, target8b: 0 })));
  }, 180_000);

  it('import refuses a file with a bad row (exit 1, nothing written) and imports the valid rows with --skip-invalid', async () => {
    const bad = path.join(FIXTURES, 'bad-row.csv');
    const refused = await cli(['import', '--db', db, ...keyFileArgs(db), bad, '--json']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toEqual({
      imported: 0,
      skipped: 0,
      errors: [
        { line: 4, column: 'cccd', reason: 'cccd.province' },
        { line: 5, column: 'failure_reason', reason: 'required' },
        { line: 5, column: 'phone', reason: 'phone.invalid' },
      ],
    });
    const partial = await cli(['import', '--db', db, ...keyFileArgs(db), bad, '--skip-invalid', '--json']);
    expect(partial.code).toBe(0);
    expect(JSON.parse(partial.stdout)).toMatchObject({ imported: 2, skipped: 0 });
    const good = await cli(['import', '--db', db, ...keyFileArgs(db), path.join(FIXTURES, 'vi-windows1258-semicolon.csv'), '--json']);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toEqual({ imported: 4, skipped: 0, errors: [] });

    const tally = JSON.parse((await cli(['tally', '--db', db, ...keyFileArgs(db), '--from', '2025-07-15', '--to', '2025-07-16', '--json'])).stdout);
    expect(tally).toMatchObject({ visits: 6, target7: { count: 2 }, target8a: { count: 1 }, target8b: { count: 1, confirmed: 1, underAgeFlagged: 1 } });
    expect(tally.days.map((d: { target7: number }) => d.target7)).toEqual([2, 0]);

    const sqlite = openKeyed(db, { readonly: true });
    const actors = sqlite.prepare(`SELECT DISTINCT actor_name, actor_id FROM audit_log WHERE action = 'data.import'`).all();
    sqlite.close();
    expect(actors).toEqual([{ actor_name: 'cli', actor_id: null }]);
  }, 180_000);

  it('exports the data format to .csv and .xlsx (audited)', async () => {
    const csv = path.join(dir, 'out.csv');
    const result = await cli(['export', '--db', db, ...keyFileArgs(db), '--from', '2025-07-15', '--to', '2025-07-16', '--out', csv]);
    expect(result.code).toBe(0);
    const text = fs.readFileSync(csv, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1).split('\r\n')[0]).toBe('visit_id,visited_at,staff,full_name,cccd,birth_date,gender,phone,category,agency,neighbourhood,consent,service,outcome,failure_reason,detail,review_status,review_reason,voided');
    expect(text.split('\r\n').filter((line) => line !== '')).toHaveLength(1 + 7);
    expect(text).toContain('Nguyễn Thị Ngọc Ánh,066190001234,1990-03-02,female,0912345678');
    const xlsx = path.join(dir, 'out.xlsx');
    expect((await cli(['export', '--db', db, ...keyFileArgs(db), '--from', '2025-07-15', '--to', '2025-07-16', '--out', xlsx])).code).toBe(0);
    expect(fs.readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
    const sqlite = openKeyed(db, { readonly: true });
    expect(sqlite.prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'data.export' AND actor_name = 'cli'`).get()).toEqual({ n: 2 });
    sqlite.close();
  }, 180_000);

  it('answers bad arguments with a message on stderr and exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [[], /no command/],
      [['count', '--db', db, ...keyFileArgs(db)], /unknown command "count"/],
      [['tally', '--from', '2025-07-15', '--to', '2025-07-16'], /--db is required/],
      [['tally', '--db', db, ...keyFileArgs(db), '--from', '2025-02-30', '--to', '2025-03-01'], /--from must be a date/],
      [['tally', '--db', db, ...keyFileArgs(db), '--from', '2025-07-16', '--to', '2025-07-15'], /--from is after --to/],
      [['tally', '--db', db, ...keyFileArgs(db), '--from', '2025-07-16', '--to', '2025-07-16', '--verbose'], /unknown option --verbose/],
      [['import', '--db', db, ...keyFileArgs(db)], /exactly one file/],
      [['import', '--db', db, ...keyFileArgs(db), path.join(dir, 'missing.csv')], /no such file/],
      [['export', '--db', db, ...keyFileArgs(db), '--from', '2025-07-15', '--to', '2025-07-16', '--out', path.join(dir, 'x.pdf')], /\.csv or \.xlsx/],
    ];
    // In-process through the same main() as the command (spawning is slow on a shared machine)...
    for (const [args, message] of cases) {
      let out = '';
      let err = '';
      const code = await main(args, { out: { write: (s: string) => ((out += s), true) } as NodeJS.WritableStream, err: { write: (s: string) => ((err += s), true) } as NodeJS.WritableStream });
      expect(code, args.join(' ')).toBe(2);
      expect(err).toMatch(message);
      expect(err).toContain('Usage:');
      expect(out).toBe('');
    }
    // ...and once as the real process, for the exit code.
    const spawned = await cli(['tally', '--db', db, ...keyFileArgs(db), '--from', 'yesterday', '--to', '2025-07-16']);
    expect(spawned.code).toBe(2);
    expect(spawned.stderr).toMatch(/--from must be a date YYYY-MM-DD/);
    expect(spawned.stdout).toBe('');
  }, 180_000);
});

describe('cli keys (issue #18 point 5)', () => {
  const sink = () => {
    let text = '';
    return { stream: { write: (s: string) => ((text += s), true) } as NodeJS.WritableStream, text: () => text };
  };

  it('needs --key-file or the recovery code; never takes a key file from the database folder; makes both for a new database', async () => {
    const folder = tempDir('bhts-cli-keys-');
    const keys = tempDir('bhts-cli-keyfile-');
    const dbFile = path.join(folder, 'new.sqlite');
    const keyFile = path.join(keys, 'new.bhtskey');
    const range = ['--from', '2025-07-15', '--to', '2025-07-16', '--json'];
    try {
      let err = sink();
      expect(await main(['tally', '--db', dbFile, ...range], { out: sink().stream, err: err.stream })).toBe(2);
      expect(err.text()).toMatch(/--key-file PATH/);
      err = sink();
      expect(await main(['tally', '--db', dbFile, '--key-file', path.join(folder, 'k.bhtskey'), ...range], { out: sink().stream, err: err.stream })).toBe(2);
      expect(err.text()).toMatch(/must not be in the database's folder/);
      expect(fs.existsSync(dbFile)).toBe(false);

      err = sink();
      expect(await main(['tally', '--db', dbFile, '--key-file', keyFile, ...range], { out: sink().stream, err: err.stream })).toBe(0);
      expect(err.text()).toContain(`made a new database ${dbFile} and its key file ${keyFile}`);
      const secrets = readKeyFile(keyFile);
      expect(secrets).not.toBeNull();
      // Nothing in the database's folder holds the key.
      for (const name of fs.readdirSync(folder)) {
        const bytes = fs.readFileSync(path.join(folder, name));
        expect(bytes.includes(Buffer.from(secrets!.dbKey, 'utf8')) || bytes.includes(Buffer.from(secrets!.dbKey, 'hex')), name).toBe(false);
      }
      // A second run uses the file; a missing key file for an existing database is refused.
      expect(await main(['tally', '--db', dbFile, '--key-file', keyFile, ...range], { out: sink().stream, err: sink().stream })).toBe(0);
      err = sink();
      expect(await main(['tally', '--db', dbFile, '--key-file', path.join(keys, 'other.bhtskey'), ...range], { out: sink().stream, err: err.stream })).toBe(2);
      expect(err.text()).toMatch(/no such key file/);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
      fs.rmSync(keys, { recursive: true, force: true });
    }
  });

  it('opens the app\'s database with the recovery code on standard input', async () => {
    const core = openTestCore();
    const setup = await mustCall(core, newSession(), 'setup.complete', { centerName: 'Trung tâm', ward: 'Tân Lập', admin: ADMIN });
    core.close();
    const run = (code: string) => main(['tally', '--db', core.ctx.dbFile, '--recovery-code', '--from', '2025-07-15', '--to', '2025-07-16', '--json'], { out: sink().stream, err: sink().stream, in: Readable.from([`${code}\n`]) });
    try {
      expect(await run('AAAA-BBBB-CCCC-DDDD')).toBe(1);
      expect(await run(setup.recoveryCode)).toBe(0);
    } finally {
      fs.rmSync(core.dataDir, { recursive: true, force: true });
    }
  });
});
