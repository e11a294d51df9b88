import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newSession } from '../../../electron/core/context';
import { hostRequest, probeHost } from '../../../electron/core/lan/desk-client';
import { MAX_FAILURES_PER_WINDOW } from '../../../electron/core/lan/pairing';
import { closeAll, makeHost, openLanPc, pairDesk, setUpPc, signInOnDesk, type LanPc } from '../../helpers/lan';

// Issue #22 "Done when": pairing refuses a wrong or reused code, a revoked desk token and a
// certificate that changed; unpaired clients are refused before any method runs; the session is
// the host's; the audit entry names the desk. Real SQLite files, real HTTPS on loopback.

const pcs: LanPc[] = [];
afterEach(() => closeAll(pcs));
const pc = async () => {
  const opened = await openLanPc();
  pcs.push(opened);
  return opened;
};

/** A POST to the host with no certificate pinning (an attacker's client, or curl -k). */
function rawPost(address: string, pathName: string, body: unknown, token?: string): Promise<{ status: number; body: { ok: boolean; error?: { code: string } } }> {
  const [host, port] = address.split(':');
  return new Promise((resolve, reject) => {
    const req = https.request({ host, port: Number(port), path: pathName, method: 'POST', rejectUnauthorized: false, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as never }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('pairing a desk with the host', () => {
  it('refuses a wrong code and a reused code, and pairs with the right one once', async () => {
    const host = await pc();
    const { admin, address } = await makeHost(host);
    const desk = await pc();
    const deskAdmin = await setUpPc(desk);
    const { fingerprint } = await desk.must('a', deskAdmin, 'lan.probeHost', { address });
    const { code } = await host.must('admin', admin, 'lan.pairingCode', { kind: 'desk' });
    const wrong = code === '000000' ? '000001' : '000000';
    const refused = await desk.call('a', deskAdmin, 'lan.pairAsDesk', { address, fingerprint, code: wrong, deskName: 'Quầy 2', counter: 2 });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('pairing_code_wrong');
    await desk.must('a', deskAdmin, 'lan.pairAsDesk', { address, fingerprint, code, deskName: 'Quầy 2', counter: 2 });
    // The code is spent: another PC cannot pair with it.
    const other = await pc();
    const otherAdmin = await setUpPc(other);
    const reused = await other.call('a', otherAdmin, 'lan.pairAsDesk', { address, fingerprint, code, deskName: 'Quầy 3', counter: 3 });
    expect(reused.ok ? 'ok' : reused.error.code).toBe('pairing_code_wrong');
    expect((await host.must('admin', admin, 'lan.desks', {})).desks.map((d) => d.name)).toEqual(['Quầy 2']);
  });

  it('is rate-limited: after a few wrong codes even the right one is refused for a while', async () => {
    const host = await pc();
    const { admin, address } = await makeHost(host);
    const { code } = await host.must('admin', admin, 'lan.pairingCode', { kind: 'desk' });
    const wrong = code === '000000' ? '000001' : '000000';
    for (let i = 0; i < MAX_FAILURES_PER_WINDOW; i += 1) expect((await rawPost(address, '/lan/pair', { code: wrong })).body.error?.code).toBe('pairing_code_wrong');
    const limited = await rawPost(address, '/lan/pair', { code });
    expect(limited.status).toBe(429);
    expect(limited.body.error?.code).toBe('pairing_rate_limited');
  });

  it('refuses an unpaired client and a revoked token before any method runs', async () => {
    const host = await pc();
    const { admin, address } = await makeHost(host);
    const noToken = await rawPost(address, '/lan/api', { tab: 't', method: 'app.info', input: {} });
    expect([noToken.status, noToken.body.error?.code]).toEqual([401, 'desk_not_paired']);
    const forged = await rawPost(address, '/lan/api', { tab: 't', method: 'app.info', input: {} }, 'A'.repeat(43));
    expect(forged.status).toBe(401);

    const desk = await pc();
    await pairDesk(desk, host, admin, address, 2);
    const token = (JSON.parse(fs.readFileSync(path.join(desk.dataDir, 'lan', 'desk.json'), 'utf8')) as { token: string }).token;
    expect((await rawPost(address, '/lan/api', { tab: 't', method: 'app.info', input: {} }, token)).body.ok).toBe(true);
    await signInOnDesk(desk, 'tab-1');

    const [listed] = (await host.must('admin', admin, 'lan.desks', {})).desks;
    expect(await host.must('admin', admin, 'lan.revokeDesk', { deskId: listed?.id ?? '' })).toEqual({ revoked: true });
    const afterRevoke = await desk.call('tab-1', newSession(), 'auth.session', {});
    expect(afterRevoke.ok ? 'ok' : afterRevoke.error.code).toBe('desk_not_paired');
    const listedAfter = (await host.must('admin', admin, 'lan.desks', {})).desks[0];
    expect(listedAfter?.revokedAt).not.toBeNull();
  });

  it('refuses a host whose certificate changed (pinned fingerprint)', async () => {
    const host = await pc();
    const { admin, address, fingerprint } = await makeHost(host);
    const desk = await pc();
    const deskAdmin = await setUpPc(desk);
    // The admin compares fingerprints on both screens; one other than the host's is refused.
    const { code } = await host.must('admin', admin, 'lan.pairingCode', { kind: 'desk' });
    const notIt = fingerprint.replace(/^../, fingerprint.startsWith('00') ? '11' : '00');
    const mismatch = await desk.call('a', deskAdmin, 'lan.pairAsDesk', { address, fingerprint: notIt, code, deskName: 'Quầy 2', counter: 2 });
    expect(mismatch.ok ? 'ok' : mismatch.error.code).toBe('host_certificate_changed');

    await pairDesk(desk, host, admin, address, 2, deskAdmin);
    await signInOnDesk(desk, 'tab-1');
    // The host's certificate is replaced (another machine at the address, or a new install).
    const port = Number(address.split(':')[1]);
    await host.close();
    pcs.splice(pcs.indexOf(host), 1);
    fs.rmSync(path.join(host.dataDir, 'lan', 'host-certificate.json'));
    const impostor = await openLanPc(host.dataDir);
    pcs.push(impostor);
    await impostor.must('admin', await signInAdmin(impostor), 'lan.startHost', { port });
    const probed = await probeHost({ host: '127.0.0.1', port });
    expect(probed?.fingerprint).not.toBe(fingerprint);
    const refused = await desk.call('tab-1', newSession(), 'auth.session', {});
    expect(refused.ok ? 'ok' : refused.error.code).toBe('host_certificate_changed');
  });
});

async function signInAdmin(pcOpened: LanPc) {
  const session = newSession();
  await pcOpened.must('admin', session, 'auth.login', { username: 'admin', password: 'matkhau-admin-1' });
  return session;
}

describe('calls over the LAN', () => {
  it('keeps the session on the host per desk and tab, and names the desk in the audit log', async () => {
    const host = await pc();
    const { admin, address } = await makeHost(host);
    const desk = await pc();
    await pairDesk(desk, host, admin, address, 2);
    await signInOnDesk(desk, 'tab-1');
    // The same local session object on another tab is not signed in: the host keys sessions itself.
    const shared = newSession();
    expect((await desk.must('tab-1', shared, 'auth.session', {})).user?.username).toBe('admin');
    expect((await desk.must('tab-2', shared, 'auth.session', {})).user).toBeNull();
    // Audited on the host, naming the desk the call came from.
    await desk.must('tab-1', shared, 'accounts.create', { id: crypto.randomUUID(), username: 'nhanvien2', fullName: 'Nhân Viên Hai', roles: ['staff'], password: 'matkhau-12345' });
    const hostRow = host.host.core?.ctx.sqlite.prepare(`SELECT actor_name, summary_json FROM audit_log ORDER BY seq DESC LIMIT 1`).get() as { actor_name: string; summary_json: string };
    expect(hostRow.actor_name).toBe('admin');
    expect(JSON.parse(hostRow.summary_json)).toMatchObject({ desk: 'Quầy 2' });
    expect(desk.host.core?.ctx.sqlite.prepare(`SELECT count(*) AS n FROM users WHERE username = 'nhanvien2'`).get()).toEqual({ n: 0 });
    // A ticket called from the desk carries the desk's counter.
    const staff = await signInOnDesk(desk, 'tab-3', 'nhanvien2', 'matkhau-12345');
    await desk.must('tab-3', staff, 'queue.issue', { id: crypto.randomUUID(), isPriority: false });
    const called = await desk.must('tab-3', staff, 'queue.callNext', {});
    expect(called.ticket?.desk).toBe(2);
    const status = await desk.must('tab-1', shared, 'lan.status', {});
    expect(status).toMatchObject({ mode: 'desk', desk: { deskName: 'Quầy 2', counter: 2 } });
    // Pairing-related methods about the PC itself are never run for a desk on the host.
    const probe = await desk.call('tab-1', shared, 'lan.startHost', {});
    expect(probe.ok ? 'ok' : probe.error.code).toBe('forbidden');
    // Unwritable: a hostRequest with a token of nobody.
    const fake = await hostRequest({ host: '127.0.0.1', port: Number(address.split(':')[1]), ...(JSON.parse(fs.readFileSync(path.join(desk.dataDir, 'lan', 'desk.json'), 'utf8')) as { certPem: string; fingerprint: string }) }, { method: 'POST', path: '/lan/api', token: 'B'.repeat(43), body: { tab: 'x', method: 'app.info', input: {} } });
    expect(fake.ok ? 'ok' : fake.error.code).toBe('desk_not_paired');
  });
});
