import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, DB_FILE_NAME, type Core } from '../../electron/core/core';
import type { Session } from '../../electron/core/context';
import { linkVisitToTicket } from '../../electron/core/queue/link';
import { vnDayOf } from '../../shared/domain/vnday';
import { sessionWithRoles, tempDir } from '../helpers/core';
import { withTestKeys } from '../helpers/keys';

// Issue #5 "Done when": random sequences of actions through the API, with an injectable clock
// that mostly moves forward, sometimes jumps back (a PC clock reset) and sometimes crosses
// midnight in Vietnam. After every step and at the end the invariants must hold:
//   numbers unique per day · nothing served twice · nothing lost · priority first then the oldest ·
//   event times monotonic · the event chain of every ticket explains its state.

type Action =
  | { kind: 'issue'; priority: boolean; withReason: boolean }
  | { kind: 'callNext' }
  | { kind: 'callTicket'; pick: number }
  | { kind: 'recall' }
  | { kind: 'startServing' }
  | { kind: 'finish'; pick: number }
  | { kind: 'linkVisit'; pick: number }
  | { kind: 'noShow' }
  | { kind: 'rejoin'; pick: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'clock'; minutes: number };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('issue' as const), priority: fc.boolean(), withReason: fc.boolean() }) },
  { weight: 5, arbitrary: fc.constant({ kind: 'callNext' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('callTicket' as const), pick: fc.nat(20) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'recall' as const }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'startServing' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('finish' as const), pick: fc.nat(20) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('linkVisit' as const), pick: fc.nat(20) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'noShow' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('rejoin' as const), pick: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(20) }) },
  {
    weight: 4,
    arbitrary: fc.oneof(
      fc.record({ kind: fc.constant('clock' as const), minutes: fc.integer({ min: 0, max: 20 }) }),
      fc.record({ kind: fc.constant('clock' as const), minutes: fc.integer({ min: -15, max: -1 }) }),
      fc.record({ kind: fc.constant('clock' as const), minutes: fc.integer({ min: 300, max: 1500 }) }),
    ),
  },
);

type TicketRow = { id: string; day: string; seq: number; label: string; is_priority: number; state: string; visit_id: string | null; created_at: string };
type EventRow = { id: number; ticket_id: string; from_state: string | null; to_state: string; at: string };

// Refusals the queue may legitimately give for a random action; anything else (internal,
// conflict, invalid_input) is a bug.
const EXPECTED_REFUSALS = new Set(['ticket_wrong_state', 'ticket_already_called', 'rejoin_window_passed', 'ticket_not_servable']);

let templateDir = '';
let staffUser: Session['user'] = null;

beforeAll(async () => {
  // One database with a staff account, copied for each run (hashing a password per run is slow).
  templateDir = tempDir('bhts-queue-template-');
  const core = openCore(withTestKeys({ dataDir: templateDir, appVersion: 'test' }));
  const session = await sessionWithRoles(core, ['staff'], 'nhanvien');
  staffUser = session.user;
  core.close();
});
afterAll(() => fs.rmSync(templateDir, { recursive: true, force: true }));

function freshCore(now: () => Date): { core: Core; dir: string } {
  const dir = tempDir('bhts-queue-prop-');
  fs.copyFileSync(path.join(templateDir, DB_FILE_NAME), path.join(dir, DB_FILE_NAME));
  // The database is encrypted (issue #18): its key store goes with it.
  fs.copyFileSync(path.join(templateDir, 'bhts.keys'), path.join(dir, 'bhts.keys'));
  return { core: openCore(withTestKeys({ dataDir: dir, now, appVersion: 'test' })), dir };
}

describe('the queue under random action sequences', () => {
  it('keeps its invariants', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { minLength: 5, maxLength: 60 }), async (actions) => {
        let nowMs = Date.parse('2026-03-02T00:30:00.000Z'); // 07:30 in Vietnam
        const { core, dir } = freshCore(() => new Date(nowMs));
        const session: Session = { user: staffUser, isLocked: false, lastActivityAt: Date.now() };
        const issued = new Set<string>();
        const sql = core.ctx.sqlite;
        const rows = (where: string, ...params: unknown[]) => sql.prepare(`SELECT * FROM queue_tickets WHERE ${where} ORDER BY day, seq`).all(...params) as TicketRow[];
        const today = () => vnDayOf(new Date(nowMs).toISOString());
        const nth = (list: TicketRow[], pick: number) => list[pick % Math.max(1, list.length)];
        const invoke = async (method: string, input: unknown) => {
          session.lastActivityAt = Date.now();
          const result = await core.invoke(session, method, input);
          if (!result.ok) expect(EXPECTED_REFUSALS, `${method} → ${result.error.code}`).toContain(result.error.code);
          return result;
        };
        try {
          for (const action of actions) {
            const called = rows(`state = 'called'`)[0];
            switch (action.kind) {
              case 'issue': {
                const id = randomUUID();
                const result = await invoke('queue.issue', { id, isPriority: action.priority, ...(action.priority && action.withReason ? { priorityReason: 'Người khuyết tật' } : {}) });
                expect(result.ok).toBe(true);
                issued.add(id);
                break;
              }
              case 'callNext': {
                const waitingBefore = rows(`state = 'waiting' AND day = ?`, today());
                const result = await invoke('queue.callNext', {});
                if (result.ok) {
                  const ticket = (result.value as { ticket: { id: string } | null }).ticket;
                  if (ticket === null) {
                    expect(waitingBefore).toEqual([]);
                  } else {
                    // Priority first, then the lowest number of the day.
                    const expected = [...waitingBefore].sort((a, b) => b.is_priority - a.is_priority || a.seq - b.seq)[0];
                    expect(ticket.id).toBe(expected?.id);
                  }
                }
                break;
              }
              case 'callTicket': {
                const target = nth(rows(`state = 'waiting' AND day = ?`, today()), action.pick);
                if (target) await invoke('queue.callTicket', { ticketId: target.id, reason: 'Lý do thử' });
                break;
              }
              case 'recall':
                if (called) await invoke('queue.recall', { ticketId: called.id });
                break;
              case 'startServing':
                if (called) await invoke('queue.startServing', { ticketId: called.id });
                break;
              case 'noShow':
                if (called) await invoke('queue.noShow', { ticketId: called.id });
                break;
              case 'finish': {
                const target = nth(rows(`state = 'serving'`), action.pick);
                if (target) await invoke('queue.finish', { ticketId: target.id });
                break;
              }
              case 'linkVisit': {
                // A ticket in any state: linking must refuse every state but serving/called.
                const target = nth(rows('1 = 1'), action.pick);
                if (target) {
                  try {
                    sql.transaction(() => linkVisitToTicket(core.ctx, { id: staffUser!.id, name: 'nhanvien' }, target.id, randomUUID())).immediate();
                    expect(['serving', 'called']).toContain(target.state);
                  } catch (error) {
                    expect((error as Error).message).toBe('ticket_not_servable');
                    expect(['serving', 'called']).not.toContain(target.state);
                  }
                }
                break;
              }
              case 'rejoin': {
                const target = nth(rows(`state = 'no_show'`), action.pick);
                if (target) await invoke('queue.rejoin', { ticketId: target.id });
                break;
              }
              case 'cancel': {
                const target = nth(rows(`state IN ('waiting', 'no_show')`), action.pick);
                if (target) await invoke('queue.cancel', { ticketId: target.id });
                break;
              }
              case 'clock':
                nowMs += action.minutes * 60_000;
                // Any queue call of a new day closes earlier days' open tickets.
                await invoke('queue.state', {});
                expect(rows(`state IN ('waiting', 'called') AND day < ?`, today())).toEqual([]);
                break;
            }
            // One citizen called at a time.
            expect(rows(`state = 'called'`).length).toBeLessThanOrEqual(1);
          }

          const tickets = rows('1 = 1');
          const events = sql.prepare('SELECT * FROM queue_events ORDER BY id').all() as EventRow[];
          // Nothing lost: every issued ticket is there, and nothing else.
          expect(new Set(tickets.map((t) => t.id))).toEqual(issued);
          // Numbers unique per day, 1..n without gaps, labels unique per day.
          const byDay = new Map<string, TicketRow[]>();
          for (const t of tickets) byDay.set(t.day, [...(byDay.get(t.day) ?? []), t]);
          for (const list of byDay.values()) {
            expect(list.map((t) => t.seq)).toEqual(list.map((_, i) => i + 1));
            expect(new Set(list.map((t) => t.label)).size).toBe(list.length);
          }
          // Event times never go back, even when the clock did.
          for (let i = 1; i < events.length; i++) expect(events[i]!.at >= events[i - 1]!.at).toBe(true);
          for (const ticket of tickets) {
            const chain = events.filter((e) => e.ticket_id === ticket.id);
            // The chain starts at issue, each event starts where the previous ended, and ends in the ticket's state.
            expect(chain[0]).toMatchObject({ from_state: null, to_state: 'waiting' });
            for (let i = 1; i < chain.length; i++) expect(chain[i]!.from_state).toBe(chain[i - 1]!.to_state);
            expect(chain.at(-1)!.to_state).toBe(ticket.state);
            // Nothing served twice.
            expect(chain.filter((e) => e.to_state === 'done').length).toBeLessThanOrEqual(1);
            expect(chain.filter((e) => e.to_state === 'serving').length).toBeLessThanOrEqual(1);
            if (ticket.state !== 'done') expect(ticket.visit_id).toBeNull();
            // Terminal states stay terminal.
            const firstTerminal = chain.findIndex((e) => ['done', 'cancelled', 'expired'].includes(e.to_state));
            if (firstTerminal >= 0) expect(firstTerminal).toBe(chain.length - 1);
          }
        } finally {
          core.close();
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
