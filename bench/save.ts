import type { Statement } from 'better-sqlite3';
import type { Session } from '../electron/core/context';
import type { Core } from '../electron/core/core';
import type { VisitWrite } from '../electron/core/visits/write';
import { vnDayOf } from '../shared/domain/vnday';
import { invokeOk } from './api';
import { generateVisits } from './generate';
import { createRng } from './prng';
import { summarize, type Summary } from './stats';

// Issue #10: saving one visit through the real API (core.invoke → dispatch → visits.save: zod,
// role matrix, session refresh, handler, person upsert, counting facts, audit entry, its own
// IMMEDIATE transaction and a synchronous=FULL commit), against the physical floor: the same rows
// written by one prepared INSERT for the visit and one per service record, in their own
// transaction, on the same connection (same PRAGMAs, same indexes, same database size).
// The two are interleaved so that noise from other processes falls on both alike.

export type SaveResult = {
  path: 'visits.save (core.invoke)'; api: Summary; bare: Summary; ratioP50: number; ratioP99: number;
  /** WAL checkpoints the core ran after its replies during the samples (off the save path). */
  checkpoints: { count: number; lastMs: number | null };
};

export async function measureSave(core: Core, staff: Session, staffId: string, options: { seed: number; samples: number; warmup: number }): Promise<SaveResult> {
  const { ctx } = core;
  const rng = createRng(options.seed ^ 0xbeef);
  const visits: VisitWrite[] = [];
  for (const { visit } of generateVisits({ seed: options.seed + 7, visits: options.samples + options.warmup, staffIds: [staffId] })) {
    // Fresh visits typed at the desk: no follow-up links into data that is not in this database.
    visits.push({ ...visit, isVoided: false, voidReason: null, followUpOf: null, services: visit.services.map((s) => ({ ...s, followUpOfRecord: null })) });
  }
  const insertVisit: Statement = ctx.sqlite.prepare(
    `INSERT INTO visits (id, person_id, staff_id, visited_at, visit_day, category_snapshot, agency_snapshot, consent, ticket_id,
       follow_up_of, note, is_voided, void_reason, voided_at, voided_by, created_at, updated_at)
     VALUES (?, NULL, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, 0, NULL, NULL, NULL, ?, ?)`,
  );
  const insertService: Statement = ctx.sqlite.prepare(
    `INSERT INTO service_records (id, visit_id, service_key, outcome, failure_reason, detail_json, visit_day, visited_at, person_key,
       category_snapshot, is_15_plus, is_voided, follow_up_of_record, review_status, review_reason, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0, NULL, ?, NULL, ?, ?)`,
  );
  const bareSave = ctx.sqlite.transaction((visit: VisitWrite, visitId: string) => {
    const now = new Date().toISOString();
    const visitedAt = now;
    const day = vnDayOf(visitedAt);
    insertVisit.run(visitId, visit.staffId, visitedAt, day, visit.person?.category ?? null, visit.person?.agency ?? null, visit.consent, now, now);
    for (const s of visit.services) {
      insertService.run(rng.uuid(), visitId, s.serviceKey, s.outcome, s.failureReason, JSON.stringify(s.detail), day, visitedAt,
        visit.person?.cccd ? `bare-${visit.person.cccd}` : null, visit.person?.category ?? null,
        s.serviceKey === 'digital_signature' ? 'pending' : null, now, now);
    }
  });
  const apiSave = async (visit: VisitWrite): Promise<void> => {
    const { person } = visit;
    await invokeOk(core, staff, 'visits.save', {
      id: visit.id,
      person: person ? { ...person, personId: null } : null,
      consent: visit.consent,
      services: visit.services.map((s) => ({ id: s.id, serviceKey: s.serviceKey, outcome: s.outcome, failureReason: s.failureReason, detail: s.detail })),
    });
  };
  const apiSamples: number[] = [];
  const bareSamples: number[] = [];
  const checkpointsBefore = core.checkpointer.stats().checkpoints;
  for (const [i, visit] of visits.entries()) {
    // Each save at the desk is its own IPC call: between two, the event loop runs its timers
    // (the core's WAL checkpoint after a reply among them: electron/core/db/checkpoint.ts).
    await new Promise((resolve) => setTimeout(resolve, 2));
    const t0 = performance.now();
    await apiSave(visit);
    const t1 = performance.now();
    bareSave.immediate(visit, rng.uuid());
    const t2 = performance.now();
    if (i >= options.warmup) {
      apiSamples.push(t1 - t0);
      bareSamples.push(t2 - t1);
    }
  }
  const api = summarize(apiSamples);
  const bare = summarize(bareSamples);
  const checkpoints = core.checkpointer.stats();
  return {
    path: 'visits.save (core.invoke)', api, bare, ratioP50: api.p50 / bare.p50, ratioP99: api.p99 / bare.p99,
    checkpoints: { count: checkpoints.checkpoints - checkpointsBefore, lastMs: checkpoints.lastMs },
  };
}
