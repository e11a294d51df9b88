import { describe, expect, it } from 'vitest';
import { searchPersons, SEARCH_LIMIT } from '../../electron/core/persons/search';
import { foldName } from '../../shared/domain/fold';
import { createRng } from '../../bench/prng';
import { makePerson } from '../../bench/people';
import { normalizePhone } from '../../shared/domain/phone';
import { seedBenchData } from '../helpers/bench-data';
import { openTestCore } from '../helpers/core';

// Issue #10: person search was made index-friendly (GLOB digit prefixes, a name range, a
// newest-first walk for prefixes that match thousands). It must return exactly what the plain
// LIKE queries returned: the same persons in the same order.

describe('person search plans', () => {
  it('returns what the plain LIKE queries return, for short and long prefixes, on realistic data', async () => {
    let tick = Date.parse('2026-11-21T01:00:00Z');
    // A clock that moves 1 s per call: updated_at never ties, so "newest first" is one order.
    const core = openTestCore({ now: () => new Date((tick += 1000)) });
    try {
      await seedBenchData(core, { accountsSeed: 2, seed: 21, visits: 1_500, batchSize: 1_500 });
      const { sqlite } = core.ctx;
      // More of the ward, without visits (cheaper than visits to write): the same generator's persons.
      const rng = createRng(22);
      const taken = new Set<string>();
      const insert = sqlite.prepare(
        `INSERT INTO persons (id, cccd, full_name, name_folded, birth_year, gender, phone, category, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      sqlite.transaction(() => {
        for (let i = 0; i < 3_000; i += 1) {
          const p = makePerson(rng, '2026-11-20', taken, { withCccd: true });
          const at = new Date((tick += 1000)).toISOString();
          const phone = p.phone ? normalizePhone(p.phone) : null;
          insert.run(rng.uuid(), p.cccd, p.fullName, foldName(p.fullName), p.birthYear, p.gender, phone?.ok ? phone.value.phone : null, p.category, at, at);
        }
      })();
      const like = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
      const byDigits = (digits: string) =>
        (sqlite.prepare(`SELECT id FROM persons WHERE redacted_at IS NULL AND (cccd LIKE ? ESCAPE '\\' OR phone LIKE ? ESCAPE '\\') ORDER BY updated_at DESC LIMIT ${SEARCH_LIMIT}`)
          .all(`${like(digits)}%`, `${like(digits)}%`) as { id: string }[]).map((r) => r.id);
      // Names tie ("nguyen thi hoa" twice): compare the folded names, which the order fixes.
      const byName = (folded: string) =>
        (sqlite.prepare(`SELECT name_folded FROM persons WHERE name_folded LIKE ? ESCAPE '\\' AND redacted_at IS NULL ORDER BY name_folded LIMIT ${SEARCH_LIMIT}`)
          .all(`${like(folded)}%`) as { name_folded: string }[]).map((r) => r.name_folded);

      // '066' (Đắk Lắk) matches more than 2,000 persons here: the newest-first walk.
      const common = (sqlite.prepare(`SELECT count(*) AS n FROM persons WHERE cccd LIKE '066%'`).get() as { n: number }).n;
      expect(common).toBeGreaterThan(2_000);
      const sample = sqlite.prepare('SELECT cccd, phone, full_name FROM persons WHERE cccd IS NOT NULL AND phone IS NOT NULL ORDER BY id LIMIT 15').all() as { cccd: string; phone: string; full_name: string }[];
      const digitQueries = ['066', '0660', '0661', '001', '079', '090', '0905', '0389', '099', ...sample.flatMap((p) => [p.cccd.slice(0, 5), p.cccd.slice(0, 8), p.cccd, p.phone.slice(0, 6), p.phone])];
      for (const q of digitQueries) {
        expect(searchPersons(core.ctx, q).map((p) => p.id), q).toEqual(byDigits(q));
      }
      const nameQueries = ['ng', 'nguyen', 'nguyen thi', 'y b', "h'h", 'dieu', 'tran van', 'zz', ...sample.map((p) => foldName(p.full_name))];
      for (const q of nameQueries) {
        const got = searchPersons(core.ctx, q).map((p) => p.name_folded);
        const prefix = byName(foldName(q));
        // The prefix matches come first, in name order (the word matches, unchanged, follow them).
        expect(got.slice(0, prefix.length), q).toEqual(prefix);
      }
    } finally {
      core.dispose();
    }
  });
});
