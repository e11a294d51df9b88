import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newSession, type Session } from '../../electron/core/context';
import { appendAudit, auditHead, hashAuditRow } from '../../electron/core/audit/audit';
import { csvCell } from '../../electron/core/audit/csv';
import { callApi, mustCall, openTestCore, sessionWithRoles, setupAdmin, type TestCore } from '../helpers/core';
import { openKeyed } from '../helpers/keys';

let core: TestCore;
let now: Date;
beforeEach(() => {
  now = new Date('2026-03-02T01:00:00Z');
  core = openTestCore({ now: () => now });
});
afterEach(() => core.dispose());

/** Writes audit entries at given instants through the real appendAudit. */
function entriesAt(instants: string[], action = 'test.event'): void {
  for (const at of instants) {
    now = new Date(at);
    core.ctx.sqlite.transaction(() => appendAudit(core.ctx, { id: null, name: 'tester' }, { action, entity: 'thing', entityId: at })).immediate();
  }
}

/** Opens the database file as an attacker would: a second connection, triggers dropped. */
function asAttacker(run: (db: BetterSqlite3.Database) => void): void {
  const db = openKeyed(core.ctx.dbFile);
  db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
  run(db);
  db.close();
}

describe('audit log browsing', () => {
  let admin: Session;
  beforeEach(async () => {
    admin = await setupAdmin(core); // seq 1..3: setup.complete and two settings
  });

  it('filters by Vietnam day (23:30 in Vietnam belongs to that day), actor and action, newest first, paged', async () => {
    // 2026-03-03 23:30 Vietnam = 16:30 UTC the same date; 2026-03-04 00:10 Vietnam = 17:10 UTC on 03-03.
    entriesAt(['2026-03-03T01:00:00Z', '2026-03-03T16:30:00Z', '2026-03-03T17:10:00Z', '2026-03-05T02:00:00Z']);
    const day3 = await mustCall(core, admin, 'audit.list', { filter: { fromDay: '2026-03-03', toDay: '2026-03-03' } });
    expect(day3.entries.map((e) => e.entityId)).toEqual(['2026-03-03T16:30:00Z', '2026-03-03T01:00:00Z']);
    expect(day3.total).toBe(2);
    const from4 = await mustCall(core, admin, 'audit.list', { filter: { fromDay: '2026-03-04' } });
    expect(from4.entries.map((e) => e.entityId)).toEqual(['2026-03-05T02:00:00Z', '2026-03-03T17:10:00Z']);

    const byActor = await mustCall(core, admin, 'audit.list', { filter: { actor: 'ADMIN' } });
    expect(byActor.entries.map((e) => e.action)).toEqual(['settings.update', 'settings.update', 'setup.complete']);
    expect(byActor.entries[0]?.summary).toEqual({ before: 'Tân Lập', after: 'Tân Lập' });

    const byPrefix = await mustCall(core, admin, 'audit.list', { filter: { action: 'settings' } });
    expect(byPrefix.total).toBe(2);
    const exact = await mustCall(core, admin, 'audit.list', { filter: { action: 'settings.update' } });
    expect(exact.total).toBe(2);
    const notAPrefix = await mustCall(core, admin, 'audit.list', { filter: { action: 'sett' } });
    expect(notAPrefix.total).toBe(0);
    const wildcard = await mustCall(core, admin, 'audit.list', { filter: { action: '%' } });
    expect(wildcard.total).toBe(0);

    const page1 = await mustCall(core, admin, 'audit.list', { limit: 3 });
    const page2 = await mustCall(core, admin, 'audit.list', { limit: 3, offset: 3 });
    const page3 = await mustCall(core, admin, 'audit.list', { limit: 3, offset: 6 });
    expect(page1.total).toBe(7);
    expect([page1, page2, page3].map((p) => p.entries.map((e) => e.seq))).toEqual([[7, 6, 5], [4, 3, 2], [1]]);
    expect(await callApi(core, admin, 'audit.list', { limit: 500 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await callApi(core, admin, 'audit.list', { filter: { fromDay: '2026-02-30' } })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('records every settings change with before/after, and sign-in failures and sign-outs', async () => {
    await mustCall(core, admin, 'settings.update', { key: 'desk.number', value: 4 });
    await callApi(core, newSession(), 'auth.login', { username: 'admin', password: 'sai-mat-khau' });
    await mustCall(core, admin, 'auth.logout', {});
    const rows = await mustCall(core, (await sessionWithRoles(core, ['head'])), 'audit.list', { limit: 4 });
    expect(rows.entries.slice(1).map((e) => [e.action, e.actorName, e.summary])).toEqual([
      ['auth.logout', 'admin', {}],
      ['auth.login_failed', 'admin', { reason: 'wrong_password', lockedUntil: null }],
      ['settings.update', 'admin', { before: 1, after: 4 }],
    ]);
    expect(rows.entries[0]?.action).toBe('auth.login');
  });

  it('head and admin may read it; staff and police may not', async () => {
    const head = await sessionWithRoles(core, ['head']);
    expect((await callApi(core, head, 'audit.list', {})).ok).toBe(true);
    for (const roles of [['staff'], ['police']] as const) {
      const other = await sessionWithRoles(core, [...roles]);
      expect(await callApi(core, other, 'audit.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await callApi(core, other, 'audit.export', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('exports the filtered log as CSV with the hashes, and records the export', async () => {
    entriesAt(['2026-03-03T01:00:00Z']);
    // A failed sign-in with a typed "username" that names no account (people type passwords
    // there): it is recorded, but never what was typed.
    await callApi(core, newSession(), 'auth.login', { username: '=cmd|calc-or-my-password', password: 'x' });
    now = new Date('2026-03-03T03:00:00Z');
    const result = await mustCall(core, admin, 'audit.export', { filter: { fromDay: '2026-03-03' } });
    expect(result.rows).toBe(2);
    expect(result.fileName).toBe('nhat-ky-kiem-tra-2026-03-03.csv');
    expect(result.csv.startsWith('\uFEFFseq,at_utc,at_vietnam,actor_id,actor_name,action,entity,entity_id,summary,prev_hash,hash\r\n')).toBe(true);
    const lines = result.csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^4,2026-03-03T01:00:00.000Z,03\/03\/2026 08:00:00,,tester,test\.event,thing,2026-03-03T01:00:00Z,\{\},[0-9a-f]{64},[0-9a-f]{64}$/);
    expect(lines[2]).toContain(',(unknown),auth.login_failed,');
    expect(result.csv).not.toContain('my-password');
    const row4 = core.ctx.sqlite.prepare('SELECT hash FROM audit_log WHERE seq = 4').get() as { hash: string };
    expect(lines[1]?.endsWith(row4.hash)).toBe(true);
    const last = core.ctx.sqlite.prepare('SELECT action, actor_name, summary_json FROM audit_log ORDER BY seq DESC LIMIT 1').get();
    expect(last).toEqual({ action: 'audit.export', actor_name: 'admin', summary_json: JSON.stringify({ filter: { fromDay: '2026-03-03' }, rows: 2 }) });
  });

  it('quotes CSV cells the RFC 4180 way', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('+84 912')).toBe("'+84 912");
    expect(csvCell(null)).toBe('');
    expect(csvCell(12)).toBe('12');
    expect(csvCell('Đặng Thị Ê')).toBe('Đặng Thị Ê');
  });

  it('gives the short form of the head for the printed tally', async () => {
    const head = await mustCall(core, admin, 'audit.head', {});
    const row = core.ctx.sqlite.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
    expect(head).toEqual({ seq: row.seq, hash: row.hash, short: `#${row.seq}-${row.hash.slice(0, 12)}` });
  });
});

describe('audit chain verification against direct edits of the SQLite file', () => {
  let admin: Session;
  beforeEach(async () => {
    admin = await setupAdmin(core);
    entriesAt(Array.from({ length: 7 }, (_, i) => `2026-03-03T0${i}:00:00Z`)); // seq 4..10
  });

  it('the triggers refuse edits and deletes through the app connection', () => {
    expect(() => core.ctx.sqlite.prepare("UPDATE audit_log SET action = 'x' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => core.ctx.sqlite.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/append-only/);
  });

  it('an intact chain verifies', async () => {
    expect(await mustCall(core, admin, 'audit.verify', {})).toMatchObject({ ok: true, entries: 10, headSeq: 10 });
  });

  it('an edited entry is reported at its seq', async () => {
    asAttacker((db) => db.prepare(`UPDATE audit_log SET summary_json = '{"reason":"nothing happened"}' WHERE seq = 6`).run());
    expect(await mustCall(core, admin, 'audit.verify', {})).toEqual({ ok: false, entries: 6, brokenAtSeq: 6, reason: 'hash_mismatch' });
  });

  it('an edited entry whose hash was recomputed is reported at its seq, not the next one', async () => {
    asAttacker((db) => {
      const row = db.prepare('SELECT * FROM audit_log WHERE seq = 7').get() as Parameters<typeof hashAuditRow>[0];
      const forged = { ...row, actor_name: 'someone-else' };
      db.prepare('UPDATE audit_log SET actor_name = ?, hash = ? WHERE seq = 7').run(forged.actor_name, hashAuditRow(forged));
    });
    expect(await mustCall(core, admin, 'audit.verify', {})).toEqual({ ok: false, entries: 8, brokenAtSeq: 7, reason: 'rewritten' });
  });

  it('an edited link is reported at its seq', async () => {
    asAttacker((db) => db.prepare(`UPDATE audit_log SET prev_hash = ? WHERE seq = 5`).run('f'.repeat(64)));
    expect(await mustCall(core, admin, 'audit.verify', {})).toEqual({ ok: false, entries: 5, brokenAtSeq: 5, reason: 'prev_hash_mismatch' });
  });

  it('a deleted entry is reported at the missing seq; the first entry too', async () => {
    asAttacker((db) => db.prepare('DELETE FROM audit_log WHERE seq = 8').run());
    expect(await mustCall(core, admin, 'audit.verify', {})).toEqual({ ok: false, entries: 8, brokenAtSeq: 8, reason: 'gap' });
    asAttacker((db) => db.prepare('DELETE FROM audit_log WHERE seq = 1').run());
    expect(await mustCall(core, admin, 'audit.verify', {})).toEqual({ ok: false, entries: 1, brokenAtSeq: 1, reason: 'gap' });
  });

  it('cutting off the newest entries keeps the chain valid, but changes the head printed on paper', async () => {
    const printed = auditHead(core.ctx).short;
    asAttacker((db) => db.prepare('DELETE FROM audit_log WHERE seq >= 9').run());
    expect(await mustCall(core, admin, 'audit.verify', {})).toMatchObject({ ok: true, headSeq: 8 });
    expect((await mustCall(core, admin, 'audit.head', {})).short).not.toBe(printed);
  });
});
