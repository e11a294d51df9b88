import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { newSession, type Session } from '../../electron/core/context';
import { openCore } from '../../electron/core/core';
import { linkVisitToTicket } from '../../electron/core/queue/link';
import { callApi, mustCall, openTestCore, sessionWithRoles, type TestCore } from '../helpers/core';
import { withTestKeys } from '../helpers/keys';

// Issue #5: the queue through the real API on a real SQLite file, with an injectable clock.

const opened: TestCore[] = [];
afterEach(() => {
  for (const core of opened.splice(0)) core.dispose();
});

/** A clock the test moves by hand; starts at 08:00 Vietnam time (01:00 UTC). */
function testClock(startIso = '2026-03-02T01:00:00.000Z') {
  let nowMs = Date.parse(startIso);
  return {
    now: () => new Date(nowMs),
    advanceMinutes: (minutes: number) => {
      nowMs += minutes * 60_000;
    },
  };
}

async function staffCore(clock = testClock()) {
  const core = openTestCore({ now: clock.now });
  opened.push(core);
  const staff = await sessionWithRoles(core, ['staff'], 'nhanvien');
  return { core, staff, clock };
}

const issue = (core: TestCore, session: Session, extra: { isPriority?: boolean; priorityReason?: string; name?: string; serviceKey?: string } = {}) =>
  mustCall(core, session, 'queue.issue', { id: randomUUID(), isPriority: false, ...extra });

describe('queue tickets', () => {
  it('numbers tickets per Vietnam day with the desk and priority prefixes, and a repeated submit returns the same ticket', async () => {
    const { core, staff } = await staffCore(testClock('2026-03-02T16:30:00.000Z')); // 23:30 in Vietnam on 2 March
    const id = randomUUID();
    const first = await mustCall(core, staff, 'queue.issue', { id, isPriority: false, name: 'Nguyễn Văn An' });
    const again = await mustCall(core, staff, 'queue.issue', { id, isPriority: false, name: 'Nguyễn Văn An' });
    const priority = await issue(core, staff, { isPriority: true, priorityReason: 'Người cao tuổi' });
    expect(first.ticket).toMatchObject({ label: 'A-001', seq: 1, day: '2026-03-02', state: 'waiting', name: 'Nguyễn Văn An' });
    expect(again.ticket.id).toBe(first.ticket.id);
    expect(again.ticket.label).toBe('A-001');
    expect(priority.ticket).toMatchObject({ label: 'U-002', isPriority: true, priorityReason: 'Người cao tuổi' });
    // The priority ticket goes first: nobody ahead of it; the first ticket now has one ahead.
    expect(priority.peopleAhead).toBe(0);
    const state = await mustCall(core, staff, 'queue.state', {});
    expect(state.tickets.map((t) => [t.label, t.peopleAhead])).toEqual([['A-001', 1], ['U-002', 0]]);
    expect(core.ctx.sqlite.prepare('SELECT count(*) AS n FROM queue_tickets').get()).toEqual({ n: 2 });
  });

  it('refuses a priority reason that is not in the list and an unknown service', async () => {
    const { core, staff } = await staffCore();
    const badReason = await callApi(core, staff, 'queue.issue', { id: randomUUID(), isPriority: true, priorityReason: 'Người quen' });
    expect(badReason).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: [{ path: 'priorityReason' }] } });
    const badService = await callApi(core, staff, 'queue.issue', { id: randomUUID(), isPriority: false, serviceKey: 'no_such_service' });
    expect(badService).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: [{ path: 'serviceKey' }] } });
    const ok = await issue(core, staff, { serviceKey: 'vneid_activation' });
    expect(ok.ticket.serviceKey).toBe('vneid_activation');
    expect(ok.ticket.label).toBe('A-001');
  });

  it('calls priority first then the oldest, one call at a time, and marks a no-show after N recalls', async () => {
    const { core, staff, clock } = await staffCore();
    const a1 = await issue(core, staff);
    clock.advanceMinutes(1);
    const a2 = await issue(core, staff);
    clock.advanceMinutes(1);
    const u3 = await issue(core, staff, { isPriority: true });

    const first = await mustCall(core, staff, 'queue.callNext', {});
    expect(first.ticket?.label).toBe(u3.ticket.label);
    expect(first.ticket).toMatchObject({ state: 'called', desk: 1 });
    // The call is still open: calling again is refused until the citizen is served or absent.
    const blocked = await callApi(core, staff, 'queue.callNext', {});
    expect(blocked).toMatchObject({ ok: false, error: { code: 'ticket_already_called', params: { label: 'U-003' } } });

    for (let i = 1; i <= 3; i++) {
      const recalled = await mustCall(core, staff, 'queue.recall', { ticketId: u3.ticket.id });
      expect(recalled).toMatchObject({ state: 'called', recallCount: i });
    }
    // The fourth recall (limit 3 by default) marks the ticket absent.
    const absent = await mustCall(core, staff, 'queue.recall', { ticketId: u3.ticket.id });
    expect(absent.state).toBe('no_show');

    const second = await mustCall(core, staff, 'queue.callNext', {});
    expect(second.ticket?.label).toBe(a1.ticket.label);
    await mustCall(core, staff, 'queue.startServing', { ticketId: a1.ticket.id });
    const third = await mustCall(core, staff, 'queue.callNext', {});
    expect(third.ticket?.label).toBe(a2.ticket.label);

    const events = core.ctx.sqlite.prepare('SELECT from_state, to_state, reason FROM queue_events WHERE ticket_id = ? ORDER BY id').all(u3.ticket.id);
    expect(events).toEqual([
      { from_state: null, to_state: 'waiting', reason: null },
      { from_state: 'waiting', to_state: 'called', reason: null },
      { from_state: 'called', to_state: 'called', reason: 'recall' },
      { from_state: 'called', to_state: 'called', reason: 'recall' },
      { from_state: 'called', to_state: 'called', reason: 'recall' },
      { from_state: 'called', to_state: 'no_show', reason: 'max_recalls' },
    ]);
  });

  it('lets a no-show rejoin within the window with its number and place, and refuses after it', async () => {
    const { core, staff, clock } = await staffCore();
    const a1 = await issue(core, staff);
    const a2 = await issue(core, staff);
    const a3 = await issue(core, staff);
    await mustCall(core, staff, 'queue.callNext', {});
    await mustCall(core, staff, 'queue.noShow', { ticketId: a1.ticket.id });
    clock.advanceMinutes(10);
    const back = await mustCall(core, staff, 'queue.rejoin', { ticketId: a1.ticket.id });
    expect(back).toMatchObject({ label: 'A-001', state: 'waiting', peopleAhead: 0 });
    expect((await mustCall(core, staff, 'queue.callNext', {})).ticket?.id).toBe(a1.ticket.id);

    await mustCall(core, staff, 'queue.noShow', { ticketId: a1.ticket.id });
    clock.advanceMinutes(31); // default window: 30 minutes
    const late = await callApi(core, staff, 'queue.rejoin', { ticketId: a1.ticket.id });
    expect(late).toMatchObject({ ok: false, error: { code: 'rejoin_window_passed' } });
    expect((await mustCall(core, staff, 'queue.callNext', {})).ticket?.id).toBe(a2.ticket.id);
    expect(a3.ticket.label).toBe('A-003');
  });

  it('calls a ticket out of order with a reason, audited; cancels with an audit entry', async () => {
    const { core, staff } = await staffCore();
    await issue(core, staff);
    const a2 = await issue(core, staff);
    const a3 = await issue(core, staff);
    const called = await mustCall(core, staff, 'queue.callTicket', { ticketId: a2.ticket.id, reason: 'Chỉ nộp bổ sung giấy tờ' });
    expect(called).toMatchObject({ label: 'A-002', state: 'called' });
    await mustCall(core, staff, 'queue.cancel', { ticketId: a3.ticket.id, reason: 'Người dân đã về' });
    const audit = core.ctx.sqlite.prepare(`SELECT action, entity_id FROM audit_log WHERE action LIKE 'queue.%' ORDER BY seq`).all();
    expect(audit).toEqual([
      { action: 'queue.callOutOfOrder', entity_id: a2.ticket.id },
      { action: 'queue.cancel', entity_id: a3.ticket.id },
    ]);
    expect(core.ctx.sqlite.prepare('SELECT reason FROM queue_events WHERE ticket_id = ? AND to_state = ?').get(a2.ticket.id, 'called')).toEqual({ reason: 'Chỉ nộp bổ sung giấy tờ' });
  });

  it('expires earlier days’ waiting and called tickets at the first call of a new Vietnam day, and starts again at 1', async () => {
    const { core, staff, clock } = await staffCore(testClock('2026-03-02T09:00:00.000Z')); // 16:00 in Vietnam
    const a1 = await issue(core, staff);
    const a2 = await issue(core, staff);
    const a3 = await issue(core, staff);
    await mustCall(core, staff, 'queue.callNext', {});
    await mustCall(core, staff, 'queue.startServing', { ticketId: a1.ticket.id });
    await mustCall(core, staff, 'queue.callNext', {});
    clock.advanceMinutes(8 * 60); // 00:00 on 3 March in Vietnam (17:00 UTC, still 2 March in UTC)

    const state = await mustCall(core, staff, 'queue.state', {});
    expect(state.day).toBe('2026-03-03');
    // Only yesterday's ticket still being served stays on the screen, so it can be closed.
    expect(state.tickets.map((t) => [t.label, t.day, t.state])).toEqual([['A-001', '2026-03-02', 'serving']]);
    const rows = core.ctx.sqlite.prepare('SELECT id, state FROM queue_tickets ORDER BY seq').all();
    expect(rows).toEqual([
      { id: a1.ticket.id, state: 'serving' },
      { id: a2.ticket.id, state: 'expired' },
      { id: a3.ticket.id, state: 'expired' },
    ]);
    const fresh = await issue(core, staff);
    expect(fresh.ticket).toMatchObject({ label: 'A-001', day: '2026-03-03' });
    // The serving ticket of yesterday can still be closed by its visit.
    core.ctx.sqlite.transaction(() => linkVisitToTicket(core.ctx, { id: 'user-nhanvien', name: 'nhanvien' }, a1.ticket.id, randomUUID())).immediate();
    expect(core.ctx.sqlite.prepare('SELECT state FROM queue_tickets WHERE id = ?').get(a1.ticket.id)).toEqual({ state: 'done' });
  });
});

describe('linking a visit to its ticket', () => {
  it('moves serving or called tickets to done once, is idempotent for the same visit, and refuses other states', async () => {
    const { core, staff } = await staffCore();
    const actor = { id: 'user-nhanvien', name: 'nhanvien' };
    const link = (ticketId: string, visitId: string) => core.ctx.sqlite.transaction(() => linkVisitToTicket(core.ctx, actor, ticketId, visitId)).immediate();
    const a1 = await issue(core, staff);
    const a2 = await issue(core, staff);
    await mustCall(core, staff, 'queue.callNext', {});
    await mustCall(core, staff, 'queue.startServing', { ticketId: a1.ticket.id });
    const visitId = randomUUID();
    link(a1.ticket.id, visitId);
    link(a1.ticket.id, visitId);
    expect(core.ctx.sqlite.prepare('SELECT state, visit_id, served_by FROM queue_tickets WHERE id = ?').get(a1.ticket.id)).toEqual({ state: 'done', visit_id: visitId, served_by: 'user-nhanvien' });
    expect(core.ctx.sqlite.prepare(`SELECT count(*) AS n FROM queue_events WHERE ticket_id = ? AND to_state = 'done'`).get(a1.ticket.id)).toEqual({ n: 1 });
    expect(() => link(a1.ticket.id, randomUUID())).toThrow('ticket_not_servable');
    expect(() => link(a2.ticket.id, randomUUID())).toThrow('ticket_not_servable');
    expect(() => link(randomUUID(), randomUUID())).toThrow('not_found');

    const got = await mustCall(core, staff, 'queue.get', { ticketId: a2.ticket.id });
    expect(got).toEqual({ id: a2.ticket.id, label: 'A-002', serviceKey: null, name: null, isPriority: false, state: 'waiting' });
  });
});

describe('the display board and the roles', () => {
  it('shows labels, desks and times without sign-in, never a name', async () => {
    const { core, staff, clock } = await staffCore();
    const a1 = await issue(core, staff, { name: 'Trần Thị Bích' });
    await issue(core, staff, { name: "H'Hen Niê" });
    await mustCall(core, staff, 'queue.callNext', {});
    await mustCall(core, staff, 'queue.startServing', { ticketId: a1.ticket.id });
    clock.advanceMinutes(5);
    const second = await mustCall(core, staff, 'queue.callNext', {});
    await mustCall(core, staff, 'queue.recall', { ticketId: second.ticket!.id });

    const board = await mustCall(core, newSession(), 'queue.board', {});
    expect(board.current).toMatchObject({ label: 'A-002', desk: 1, isRecall: true });
    expect(board.recent.map((c) => c.label)).toEqual(['A-001']);
    expect(board.waitingCount).toBe(0);
    const text = JSON.stringify(board);
    expect(text).not.toContain('Bích');
    expect(text).not.toContain('Niê');
    expect(Object.keys(board.current!).sort()).toEqual(['at', 'callId', 'desk', 'isRecall', 'label']);
  });

  it('lets the head read the queue but not operate it, and keeps the police out', async () => {
    const { core, staff } = await staffCore();
    await issue(core, staff);
    const head = await sessionWithRoles(core, ['head'], 'giamdoc');
    const police = await sessionWithRoles(core, ['police'], 'congan');
    expect((await mustCall(core, head, 'queue.state', {})).tickets).toHaveLength(1);
    expect(await callApi(core, head, 'queue.callNext', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await callApi(core, police, 'queue.state', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await callApi(core, newSession(), 'queue.issue', { id: randomUUID(), isPriority: false })).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
  });
});

describe('stats', () => {
  it('counts issued, served, no-shows and exact waiting and service times per staff', async () => {
    const { core, staff, clock } = await staffCore();
    const a1 = await issue(core, staff);
    clock.advanceMinutes(2);
    const a2 = await issue(core, staff);
    await issue(core, staff);
    clock.advanceMinutes(3);
    await mustCall(core, staff, 'queue.callNext', {}); // a1 waited 5 min
    await mustCall(core, staff, 'queue.startServing', { ticketId: a1.ticket.id });
    clock.advanceMinutes(10);
    await mustCall(core, staff, 'queue.finish', { ticketId: a1.ticket.id }); // served 10 min
    await mustCall(core, staff, 'queue.callNext', {}); // a2 waited 13 min
    await mustCall(core, staff, 'queue.noShow', { ticketId: a2.ticket.id });

    const stats = await mustCall(core, staff, 'queue.stats', {});
    expect(stats).toMatchObject({
      issued: 3, served: 1, noShows: 1, waiting: 1, cancelled: 0,
      averageWaitSeconds: (5 * 60 + 13 * 60) / 2, longestWaitSeconds: 13 * 60, averageServiceSeconds: 10 * 60,
    });
    expect(stats.perStaff).toEqual([{ staffId: 'user-nhanvien', staffName: 'Người dùng nhanvien', served: 1, averageServiceSeconds: 600 }]);
  });
});

describe('surviving a restart', () => {
  it('resumes the same queue after closing and reopening the core, and after an unclean stop', async () => {
    const clock = testClock();
    const { core, staff } = await staffCore(clock);
    const tickets = [];
    for (let i = 0; i < 5; i++) {
      tickets.push(await issue(core, staff, { isPriority: i === 3, ...(i === 3 ? { priorityReason: 'Phụ nữ mang thai' } : {}), name: `Người ${i}` }));
      clock.advanceMinutes(1);
    }
    await mustCall(core, staff, 'queue.callNext', {}); // the priority one
    await mustCall(core, staff, 'queue.startServing', { ticketId: tickets[3]!.ticket.id });
    await mustCall(core, staff, 'queue.callNext', {});
    await mustCall(core, staff, 'queue.noShow', { ticketId: tickets[0]!.ticket.id });
    await mustCall(core, staff, 'queue.callNext', {}); // A-002, left called
    const before = await mustCall(core, staff, 'queue.state', {});
    const eventsBefore = core.ctx.sqlite.prepare('SELECT * FROM queue_events ORDER BY id').all();

    // An unclean stop: a second process opens the file while the first never closed it.
    const crashed = openCore(withTestKeys({ dataDir: core.dataDir, now: clock.now }));
    try {
      const rows = crashed.ctx.sqlite.prepare('SELECT id, state, seq FROM queue_tickets ORDER BY seq').all();
      expect(rows).toEqual(before.tickets.map((t) => ({ id: t.id, state: t.state, seq: t.seq })));
    } finally {
      crashed.close();
    }

    core.close();
    const reopened = openCore(withTestKeys({ dataDir: core.dataDir, now: clock.now }));
    try {
      const session = newSession();
      await mustCall(reopened, session, 'auth.login', { username: 'nhanvien', password: 'matkhau-12345' });
      const after = await mustCall(reopened, session, 'queue.state', {});
      expect(after).toEqual(before);
      expect(reopened.ctx.sqlite.prepare('SELECT * FROM queue_events ORDER BY id').all()).toEqual(eventsBefore);
      // It goes on where it was: the open call still blocks, then A-003 is next, numbering continues.
      expect(await callApi(reopened, session, 'queue.callNext', {})).toMatchObject({ ok: false, error: { code: 'ticket_already_called', params: { label: 'A-002' } } });
      await mustCall(reopened, session, 'queue.noShow', { ticketId: tickets[1]!.ticket.id });
      expect((await mustCall(reopened, session, 'queue.callNext', {})).ticket?.label).toBe('A-003');
      const next = await mustCall(reopened, session, 'queue.issue', { id: randomUUID(), isPriority: false });
      expect(next.ticket.label).toBe('A-006');
    } finally {
      reopened.close();
    }
  });
});
