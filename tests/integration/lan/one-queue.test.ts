import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newSession, type Session } from '../../../electron/core/context';
import { hostRequest, type PinnedHost } from '../../../electron/core/lan/desk-client';
import { exportData } from '../../../electron/core/exchange/export';
import type { MethodInput } from '../../../shared/api/contract';
import { closeAll, makeHost, openLanPc, pairDesk, setUpPc, signInOnDesk, type LanPc } from '../../helpers/lan';

// Issue #22: one queue for every desk (each ticket to exactly one desk), and a PC that was used
// alone keeps its data when it becomes a desk (each visit on the host exactly once, same ids).

const pcs: LanPc[] = [];
afterEach(() => closeAll(pcs));
const pc = async () => {
  const opened = await openLanPc();
  pcs.push(opened);
  return opened;
};

const visit = (serial: number, review?: 'confirmed'): MethodInput<'visits.save'> => ({
  id: crypto.randomUUID(),
  person: { fullName: 'Nguyễn Văn An', cccd: `0660900${String(serial).padStart(5, '0')}`, phone: '0912 345 678', category: 'citizen', neighbourhood: 'Tổ dân phố 1' },
  consent: 'yes',
  services: [{ id: crypto.randomUUID(), serviceKey: review ? 'digital_signature' : 'dak_lak_so', outcome: 'completed', detail: review ? { provider: 'VNPT-CA' } : { variant: 'zalo_mini_app', accountRegistered: true } }],
});

async function staffOn(target: LanPc, admin: Session, tab: string, username: string): Promise<Session> {
  await target.must(tab, admin, 'accounts.create', { id: crypto.randomUUID(), username, fullName: `Nhân viên ${username}`, roles: ['staff'], password: 'matkhau-12345' });
  const session = newSession();
  await target.must(tab, session, 'auth.login', { username, password: 'matkhau-12345' });
  return session;
}

describe('one queue for several desks', () => {
  it('gives each ticket to exactly one desk when desks call next at once, with each desk its counter', async () => {
    const host = await pc();
    const { admin, address } = await makeHost(host);
    const desks = [await pc(), await pc(), await pc()];
    for (const [i, desk] of desks.entries()) await pairDesk(desk, host, admin, address, i + 2);
    const adminOnDesk = await signInOnDesk(desks[0] as LanPc, 'admin-tab');
    const staff: Session[] = [];
    for (const [i, desk] of desks.entries()) {
      await desks[0]?.must('admin-tab', adminOnDesk, 'accounts.create', { id: crypto.randomUUID(), username: `quay${i + 2}`, fullName: `Quầy ${i + 2}`, roles: ['staff'], password: 'matkhau-12345' });
      staff.push(await signInOnDesk(desk, 'tab', `quay${i + 2}`, 'matkhau-12345'));
    }
    // Tickets from one sequence whichever desk issues them.
    const labels: string[] = [];
    for (let i = 0; i < 6; i += 1) labels.push((await desks[i % 3]?.must('tab', staff[i % 3] as Session, 'queue.issue', { id: crypto.randomUUID(), isPriority: false }))?.ticket.label ?? '');
    expect(labels).toEqual(['A-001', 'A-002', 'A-003', 'A-004', 'A-005', 'A-006']);
    for (let round = 0; round < 2; round += 1) {
      const calls = await Promise.all(desks.map((desk, i) => desk.must('tab', staff[i] as Session, 'queue.callNext', {})));
      const ids = calls.map((c) => c.ticket?.id);
      expect(new Set(ids).size).toBe(3);
      expect(calls.map((c) => c.ticket?.desk)).toEqual([2, 3, 4]);
      for (const [i, c] of calls.entries()) {
        await desks[i]?.must('tab', staff[i] as Session, 'queue.startServing', { ticketId: c.ticket?.id ?? '' });
        await desks[i]?.must('tab', staff[i] as Session, 'queue.finish', { ticketId: c.ticket?.id ?? '' });
      }
    }
    const board = await host.must('b', newSession(), 'queue.board', {});
    expect(board.recent.length + (board.current ? 1 : 0)).toBeGreaterThanOrEqual(3);
  });
});

describe('becoming a desk', () => {
  it('sends the PC own visits to the host first: each exactly once, same ids and review states, also when sent again', async () => {
    const host = await pc();
    const { admin, address } = await makeHost(host);
    const hostStaff = await staffOn(host, admin, 'h', 'nvhost');
    await host.must('h', hostStaff, 'visits.save', visit(1));

    const alone = await pc();
    const aloneAdmin = await setUpPc(alone);
    const aloneStaff = await staffOn(alone, aloneAdmin, 'a', 'nvdesk');
    const own = [visit(2), visit(3), visit(4, 'confirmed'), visit(5)];
    for (const v of own) await alone.must('a', aloneStaff, 'visits.save', v);
    const police = await (async () => {
      await alone.must('a', aloneAdmin, 'accounts.create', { id: crypto.randomUUID(), username: 'congan', fullName: 'Công An', roles: ['police'], password: 'matkhau-12345' });
      const s = newSession();
      await alone.must('p', s, 'auth.login', { username: 'congan', password: 'matkhau-12345' });
      return s;
    })();
    await alone.must('p', police, 'review.decide', { serviceRecordId: own[2]?.services[0]?.id ?? '', decision: 'confirmed' });

    const { sent } = await pairDesk(alone, host, admin, address, 2, aloneAdmin);
    expect(sent).toMatchObject({ visits: 4, alreadyOnHost: 0 });
    const hostDb = host.host.core?.ctx.sqlite;
    const count = (id: string) => (hostDb?.prepare('SELECT count(*) AS n FROM visits WHERE id = ?').get(id) as { n: number }).n;
    for (const v of own) expect(count(v.id)).toBe(1);
    expect((hostDb?.prepare('SELECT count(*) AS n FROM visits').get() as { n: number }).n).toBe(5);
    const review = hostDb?.prepare('SELECT review_status FROM service_records WHERE visit_id = ?').get(own[2]?.id) as { review_status: string } | undefined;
    expect(review?.review_status).toBe('confirmed');
    // The PC's own database is kept, not deleted.
    expect(fs.existsSync(path.join(alone.dataDir, 'bhts.sqlite'))).toBe(true);

    // Sent again (a pairing retried after the network cut before the desk heard back): no second copy.
    const config = JSON.parse(fs.readFileSync(path.join(alone.dataDir, 'lan', 'desk.json'), 'utf8')) as PinnedHost & { token: string };
    const exported = await exportData(alone.host.core!.ctx, { id: null, name: 'test' }, { from: '1900-01-01', to: '2999-12-31', format: 'csv' });
    const again = await hostRequest<{ visits: number; alreadyOnHost: number }>(config, { method: 'POST', path: '/lan/adopt', token: config.token, body: { fileName: 'again.csv', contentBase64: exported.content.toString('base64') } });
    expect(again.ok && again.value).toMatchObject({ visits: 0, alreadyOnHost: 4 });
    for (const v of own) expect(count(v.id)).toBe(1);
  });
});
