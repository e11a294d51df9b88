import type { Core } from '../electron/core/core';
import { writeVisit } from '../electron/core/visits/write';
import { foldName } from '../shared/domain/fold';
import { vnDayOf, VN_OFFSET_MS } from '../shared/domain/vnday';
import { generateVisits } from './generate';
import { createRng } from './prng';
import type { UiPersonSample } from './ui';

// Issue #24 point 3: "scrolling today's log with 10,000 rows" needs 10,000 visits today. They are
// generated like the rest (bench/generate.ts, another seed) and spread over today in Vietnam time
// from 00:00 up to a minute ago, written through writeVisit in large transactions.

export function writeTodayVisits(core: Core, options: { seed: number; visits: number; staffIds: string[] }): { written: number; refused: number; day: string } {
  const { ctx } = core;
  const nowMs = Date.now();
  const day = vnDayOf(new Date(nowMs).toISOString());
  const dayStartMs = Date.parse(`${day}T00:00:00Z`) - VN_OFFSET_MS;
  const spanMs = Math.max(60_000, nowMs - 60_000 - dayStartMs);
  const actor = { id: null, name: 'bench' };
  let written = 0;
  let refused = 0;
  let batch: Parameters<typeof writeVisit>[2][] = [];
  const flush = (): void => {
    ctx.sqlite.transaction(() => {
      for (const visit of batch) {
        try {
          writeVisit(ctx, actor, visit, { audit: false });
          written += 1;
        } catch {
          refused += 1;
        }
      }
    }).immediate();
    batch = [];
  };
  let i = 0;
  for (const { visit } of generateVisits({ seed: options.seed, visits: options.visits, staffIds: options.staffIds })) {
    const visitedAt = new Date(dayStartMs + Math.floor((i * spanMs) / options.visits)).toISOString();
    i += 1;
    batch.push({ ...visit, visitedAt, followUpOf: null, services: visit.services.map((s) => ({ ...s, followUpOfRecord: null })) });
    if (batch.length >= 5_000) flush();
  }
  if (batch.length > 0) flush();
  return { written, refused, day };
}

/** Persons of the database with the fields a card's QR carries, picked deterministically. */
export function pickUiPersons(core: Core, count: number, seed: number): UiPersonSample[] {
  const rng = createRng(seed ^ 0x0a11);
  const maxRowid = (core.ctx.sqlite.prepare('SELECT max(rowid) AS m FROM persons').get() as { m: number | null }).m ?? 0;
  const pick = core.ctx.sqlite.prepare(
    `SELECT cccd, full_name AS fullName, birth_date AS birthDate, gender FROM persons
      WHERE rowid >= ? AND cccd IS NOT NULL AND full_name IS NOT NULL AND length(birth_date) = 10 ORDER BY rowid LIMIT 1`,
  );
  const seen = new Set<string>();
  const persons: UiPersonSample[] = [];
  for (let tries = 0; persons.length < count && tries < count * 20; tries += 1) {
    const row = pick.get(rng.int(1, Math.max(1, maxRowid))) as { cccd: string; fullName: string; birthDate: string; gender: string | null } | undefined;
    if (!row || seen.has(row.cccd)) continue;
    seen.add(row.cccd);
    persons.push({ ...row, gender: row.gender === 'female' ? 'female' : row.gender === 'male' ? 'male' : null, folded: foldName(row.fullName) });
  }
  return persons;
}
