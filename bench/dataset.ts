import type { Core } from '../electron/core/core';
import { appendAudit } from '../electron/core/audit/audit';
import { writeVisit } from '../electron/core/visits/write';
import { personKeyOf } from '../electron/core/persons/person-key';
import { generateVisits } from './generate';
import { createRng } from './prng';

// Writes the generated visits through the core layer's one write path (writeVisit, shared by the
// form and the import) in large transactions, as an import does: one audit entry for the whole
// load instead of one per visit. Police decisions are written as the review module stores them
// (status on the record + a review_history row); officials are put on the roster (target 8a).

export type DatasetStats = {
  visits: number;
  serviceRecords: number;
  persons: number;
  seconds: number;
  visitsPerSecond: number;
  batchSize: number;
};

export function writeDataset(
  core: Core,
  options: { seed: number; visits: number; staffIds: string[]; policeId: string; batchSize?: number; onProgress?: (done: number) => void },
): DatasetStats {
  const { ctx } = core;
  const actor = { id: null, name: 'bench' };
  const batchSize = options.batchSize ?? 5_000;
  const setReview = ctx.sqlite.prepare(
    `UPDATE service_records SET review_status = @status, review_reason = @reason, reviewed_at = @at, reviewed_by = @by, updated_at = @at WHERE id = @id`,
  );
  const addHistory = ctx.sqlite.prepare(
    `INSERT INTO review_history (service_record_id, status, reason, note, actor_id, at) VALUES (@id, @status, @reason, NULL, @by, @at)`,
  );
  const addRoster = ctx.sqlite.prepare(
    `INSERT INTO officials_roster (id, full_name, cccd, person_key, agency, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const rosterRng = createRng(options.seed ^ 0x5eed);
  const rostered = new Set<string>();
  const started = performance.now();
  let done = 0;
  let batch: ReturnType<typeof generateVisits> extends Generator<infer T> ? T[] : never = [];
  const flush = (): void => {
    ctx.sqlite.transaction(() => {
      for (const { visit, reviews } of batch) {
        writeVisit(ctx, actor, visit, { audit: false });
        for (const review of reviews) {
          const row = { id: review.recordId, status: review.status, reason: review.reason, at: new Date(review.atMs).toISOString(), by: options.policeId };
          setReview.run(row);
          addHistory.run(row);
        }
        const person = visit.person;
        if (person?.category === 'official' && person.cccd && !rostered.has(person.cccd)) {
          rostered.add(person.cccd);
          addRoster.run(rosterRng.uuid(), person.fullName, person.cccd, personKeyOf(ctx, person.cccd), person.agency ?? '', ctx.now().toISOString());
        }
      }
    }).immediate();
    done += batch.length;
    batch = [];
    options.onProgress?.(done);
  };
  for (const generated of generateVisits({ seed: options.seed, visits: options.visits, staffIds: options.staffIds })) {
    batch.push(generated);
    if (batch.length >= batchSize) flush();
  }
  if (batch.length > 0) flush();
  ctx.sqlite.transaction(() => {
    appendAudit(ctx, actor, { action: 'bench.generate', entity: 'visits', summary: { seed: options.seed, visits: options.visits } });
  }).immediate();
  const seconds = (performance.now() - started) / 1000;
  const count = (sql: string): number => (ctx.sqlite.prepare(sql).get() as { n: number }).n;
  return {
    visits: count('SELECT count(*) AS n FROM visits'),
    serviceRecords: count('SELECT count(*) AS n FROM service_records'),
    persons: count('SELECT count(*) AS n FROM persons'),
    seconds,
    visitsPerSecond: options.visits / seconds,
    batchSize,
  };
}
