import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Statement } from 'better-sqlite3';
import type { Session } from '../electron/core/context';
import type { Core } from '../electron/core/core';
import type { VisitWrite } from '../electron/core/visits/write';
import { vnDayOf } from '../shared/domain/vnday';
import { createCheckpointer } from '../electron/core/db/checkpoint';
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
  /**
   * The physical floor on this disk, interleaved with the saves, in a separate file in the data
   * folder (WAL, synchronous=FULL, the checkpoint after the reply as in the core):
   * `reference` — the reference measure: one visit and its service records inserted by
   * prepared statements into two tables with no secondary index and no trigger;
   * `onePage` — the smallest durable commit SQLite makes: one row of a one-row table updated;
   * `smallestApiWrite` — the smallest write of our API through the same path as visits.save:
   * `drafts.save` (the visit form's draft, one row upserted).
   */
  floor: { reference: Summary; onePage: Summary; smallestApiWrite: Summary };
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
  const floorFile = path.join(ctx.dataDir, 'bench-floor.sqlite');
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${floorFile}${suffix}`, { force: true });
  const floorDb = new BetterSqlite3(floorFile);
  floorDb.pragma('journal_mode = WAL');
  floorDb.pragma('synchronous = FULL');
  floorDb.exec(`
    CREATE TABLE visits (id TEXT PRIMARY KEY, staff_id TEXT, visited_at TEXT, visit_day TEXT, category_snapshot TEXT,
      agency_snapshot TEXT, consent TEXT, created_at TEXT, updated_at TEXT);
    CREATE TABLE service_records (id TEXT PRIMARY KEY, visit_id TEXT, service_key TEXT, outcome TEXT, failure_reason TEXT,
      detail_json TEXT, visit_day TEXT, visited_at TEXT, created_at TEXT, updated_at TEXT);
    CREATE TABLE one_row (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);
    INSERT INTO one_row VALUES (1, 0);
  `);
  const floorVisit = floorDb.prepare('INSERT INTO visits VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const floorService = floorDb.prepare('INSERT INTO service_records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const referenceSave = floorDb.transaction((visit: VisitWrite, visitId: string) => {
    const now = new Date().toISOString();
    const day = vnDayOf(now);
    floorVisit.run(visitId, visit.staffId, now, day, visit.person?.category ?? null, visit.person?.agency ?? null, visit.consent, now, now);
    for (const s of visit.services) floorService.run(rng.uuid(), visitId, s.serviceKey, s.outcome, s.failureReason, JSON.stringify(s.detail), day, now, now, now);
  });
  const bump = floorDb.prepare('UPDATE one_row SET n = n + 1 WHERE id = 1');
  const onePage = floorDb.transaction(() => bump.run());
  // The floor file is checkpointed by the core's own checkpointer: after the writes, off the measure.
  const floorCheckpointer = createCheckpointer(() => floorDb);
  const apiSamples: number[] = [];
  const bareSamples: number[] = [];
  const referenceSamples: number[] = [];
  const onePageSamples: number[] = [];
  const draftSamples: number[] = [];
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
    referenceSave.immediate(visit, rng.uuid());
    const t3 = performance.now();
    floorCheckpointer.afterCall();
    const t3b = performance.now();
    onePage.immediate();
    const t4 = performance.now();
    floorCheckpointer.afterCall();
    await invokeOk(core, staff, 'drafts.save', { name: 'visit', value: JSON.stringify({ person: visit.person, services: visit.services }) });
    const t5 = performance.now();
    if (i >= options.warmup) {
      draftSamples.push(t5 - t4);
      apiSamples.push(t1 - t0);
      bareSamples.push(t2 - t1);
      referenceSamples.push(t3 - t2);
      onePageSamples.push(t4 - t3b);
    }
  }
  floorCheckpointer.close();
  floorDb.close();
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${floorFile}${suffix}`, { force: true });
  const api = summarize(apiSamples);
  const bare = summarize(bareSamples);
  const checkpoints = core.checkpointer.stats();
  return {
    path: 'visits.save (core.invoke)', api, bare, ratioP50: api.p50 / bare.p50, ratioP99: api.p99 / bare.p99,
    floor: { reference: summarize(referenceSamples), onePage: summarize(onePageSamples), smallestApiWrite: summarize(draftSamples) },
    checkpoints: { count: checkpoints.checkpoints - checkpointsBefore, lastMs: checkpoints.lastMs },
  };
}
