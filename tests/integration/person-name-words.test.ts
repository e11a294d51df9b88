import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrateTo } from '../helpers/migrations';
import { closeDatabase, openDatabase } from '../../electron/core/db/open';
import { searchPersons, SEARCH_LIMIT } from '../../electron/core/persons/search';
import { personNameWordsDrift, rebuildPersonNameWords } from '../../electron/core/persons/name-words';
import { redactPerson } from '../../electron/core/privacy/redact';
import { foldName } from '../../shared/domain/fold';
import { createRng } from '../../bench/prng';
import { makePerson } from '../../bench/people';
import { seedBenchData } from '../helpers/bench-data';
import { openTestCore, tempDir } from '../helpers/core';

// Issue #10: the word part of the name search ("van a" finds "Nguyễn Văn An") reads
// person_name_words (migration 0014) when few names match. It must return exactly what the plain
// LIKE query returned, and the table must follow every write to persons.

const like = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

describe('person_name_words', () => {
  it('word matches equal the plain LIKE query, for rare and common words, and the table stays exact', async () => {
    const core = openTestCore();
    try {
      await seedBenchData(core, { accountsSeed: 3, seed: 31, visits: 1_200, batchSize: 1_200 });
      const { sqlite } = core.ctx;
      const rng = createRng(32);
      const taken = new Set<string>();
      const insert = sqlite.prepare(
        `INSERT INTO persons (id, full_name, name_folded, category, created_at, updated_at) VALUES (?, ?, ?, 'citizen', ?, ?)`,
      );
      const at = '2026-11-20T01:00:00.000Z';
      sqlite.transaction(() => {
        for (let i = 0; i < 3_000; i += 1) {
          const p = makePerson(rng, '2026-11-20', taken, { withCccd: false });
          insert.run(rng.uuid(), p.fullName, foldName(p.fullName), at, at);
        }
        // Names that tie, repeat a word, carry apostrophes or LIKE wildcards.
        // Enough 'van …' for the common-word path (more than 2,000 matches: the ordered walk).
        for (let i = 0; i < 2_100; i += 1) insert.run(rng.uuid(), `Lò Văn Khánh ${i}`, `lo van khanh ${i}`, at, at);
        for (const name of ['Lê Văn Văn An', "H'Hen Niê", "Y Bhim Ê Ban", 'Trần 50% Thị_Hoa', 'Nguyễn  Văn   Bé', 'Đặng Văn An', 'Đặng Văn An']) {
          insert.run(rng.uuid(), name, foldName(name), at, at);
        }
      })();
      expect(personNameWordsDrift(sqlite)).toBe(0);

      // The plain query of the word part (as it was before migration 0014), after the prefix part.
      const plain = (folded: string) => {
        const prefix = (sqlite.prepare(`SELECT id FROM persons WHERE name_folded LIKE ? ESCAPE '\\' AND redacted_at IS NULL ORDER BY name_folded, rowid LIMIT ${SEARCH_LIMIT}`)
          .all(`${like(folded)}%`) as { id: string }[]).map((r) => r.id);
        if (prefix.length >= SEARCH_LIMIT) return prefix;
        const words = (sqlite.prepare(`SELECT id FROM persons WHERE name_folded LIKE ? ESCAPE '\\' AND name_folded NOT LIKE ? ESCAPE '\\' AND redacted_at IS NULL ORDER BY name_folded, rowid LIMIT ${SEARCH_LIMIT}`)
          .all(`% ${like(folded)}%`, `${like(folded)}%`) as { id: string }[]).map((r) => r.id);
        return [...prefix, ...words].slice(0, SEARCH_LIMIT);
      };
      const sample = (sqlite.prepare('SELECT name_folded FROM persons WHERE name_folded IS NOT NULL ORDER BY id LIMIT 25').all() as { name_folded: string }[]).map((r) => r.name_folded);
      const queries = [
        'van', 'van a', 'van an', 'thi', 'thi h', 'hen', "h'hen", 'nie', 'e ban', 'ban', '50%', 'thi_hoa', '50% thi', 'van be', 'an', 'zz', 'a',
        ...sample.flatMap((name) => {
          const words = name.split(' ');
          return words.slice(1).flatMap((_, k) => [words.slice(k + 1).join(' '), words.slice(k + 1).join(' ').slice(0, 3)]);
        }),
      // A query of digits only is a CCCD/phone search, not a name one.
      ].filter((q) => q.length >= 2 && !/^[\d\s]+$/.test(q));
      // Both paths are taken: 'van' matches more than 2,000 names, 'van khanh 1' far fewer.
      const matches = (q: string) => sqlite.prepare('SELECT count(*) FROM person_name_words WHERE suffix >= ? AND suffix < ?').pluck().get(q, `${q}\u{10FFFF}`) as number;
      expect(matches('van')).toBeGreaterThan(2_000);
      expect(matches('van khanh 1')).toBeLessThan(2_000);
      queries.push('van kh', 'van khanh 1', 'khanh 20', 'van khanh 209');
      for (const q of queries) {
        expect(searchPersons(core.ctx, q).map((p) => p.id), q).toEqual(plain(foldName(q)));
      }

      // Every kind of write keeps the table exact: a renamed person, a redacted one, a deleted one,
      // a visit that updates an existing person's name.
      const [first, second, third] = sqlite.prepare('SELECT id FROM persons WHERE name_folded IS NOT NULL ORDER BY id LIMIT 3').pluck().all() as string[];
      sqlite.prepare("UPDATE persons SET full_name = 'Phạm Thị Hồng Nhung', name_folded = 'pham thi hong nhung' WHERE id = ?").run(first);
      expect(searchPersons(core.ctx, 'hong nh').map((p) => p.id)).toContain(first);
      redactPerson(core.ctx, second!, at);
      expect(sqlite.prepare('SELECT count(*) FROM person_name_words WHERE person_id = ?').pluck().get(second)).toBe(0);
      sqlite.prepare('DELETE FROM persons WHERE id = ? AND NOT EXISTS (SELECT 1 FROM visits WHERE person_id = persons.id)').run(third);
      sqlite.prepare(`INSERT INTO persons (id, full_name, name_folded, category, created_at, updated_at) VALUES ('p-x', 'Hồ Văn Tư', 'ho van tu', 'citizen', ?, ?)`).run(at, at);
      sqlite.prepare("DELETE FROM persons WHERE id = 'p-x'").run();
      expect(personNameWordsDrift(sqlite)).toBe(0);
    } finally {
      core.dispose();
    }
  });
});

describe('migration 0014', () => {
  it('fills person_name_words from the persons already stored', () => {
    const dir = tempDir();
    try {
      const file = path.join(dir, 'bhts.sqlite');
      const raw = new BetterSqlite3(file);
      migrateTo(raw, 13);
      const insert = raw.prepare(`INSERT INTO persons (id, full_name, name_folded, category, created_at, updated_at) VALUES (?, ?, ?, 'citizen', 'x', 'x')`);
      for (const [id, name] of [['a', 'Nguyễn Văn An'], ['b', "H'Hen Niê"], ['c', 'Y Bhim Ê Ban'], ['d', 'An']] as const) insert.run(id, name, foldName(name));
      raw.prepare(`INSERT INTO persons (id, full_name, name_folded, category, created_at, updated_at) VALUES ('e', NULL, NULL, 'citizen', 'x', 'x')`).run();
      raw.close();
      const opened = openDatabase({ file });
      expect(opened.sqlite.prepare('SELECT suffix, person_id FROM person_name_words ORDER BY person_id, suffix').all()).toEqual([
        { suffix: 'an', person_id: 'a' },
        { suffix: 'van an', person_id: 'a' },
        { suffix: 'nie', person_id: 'b' },
        { suffix: 'ban', person_id: 'c' },
        { suffix: 'bhim e ban', person_id: 'c' },
        { suffix: 'e ban', person_id: 'c' },
      ]);
      expect(personNameWordsDrift(opened.sqlite)).toBe(0);
      closeDatabase(opened);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('migration 0015', () => {
  it('a CCCD or phone prefix is answered from the indexes alone (the table only for the results)', () => {
    const core = openTestCore();
    try {
      const columns = (index: string) => (core.ctx.sqlite.prepare(`SELECT name FROM pragma_index_info('${index}') ORDER BY seqno`).pluck().all() as string[]);
      expect(columns('persons_cccd')).toEqual(['cccd', 'updated_at', 'redacted_at']);
      expect(columns('persons_phone')).toEqual(['phone', 'updated_at', 'redacted_at']);
      expect(columns('persons_updated')).toEqual(['updated_at', 'cccd', 'phone', 'redacted_at']);
      const plan = (core.ctx.sqlite.prepare(`EXPLAIN QUERY PLAN SELECT rowid, updated_at FROM persons WHERE cccd GLOB '0661*' AND redacted_at IS NULL`).all() as { detail: string }[]).map((r) => r.detail).join(' ');
      expect(plan).toContain('COVERING INDEX persons_cccd');
    } finally {
      core.dispose();
    }
  });
});

describe('rebuildPersonNameWords', () => {
  it('refills the table exactly after a load that set its triggers aside', () => {
    const core = openTestCore();
    try {
      const { sqlite } = core.ctx;
      sqlite.exec('DROP TRIGGER person_name_words_insert');
      const insert = sqlite.prepare(`INSERT INTO persons (id, full_name, name_folded, category, created_at, updated_at) VALUES (?, ?, ?, 'citizen', 'x', 'x')`);
      for (const [id, name] of [['a', 'Nguyễn Văn An'], ['b', "H'Hen Niê"], ['c', 'Y Bhim Ê Ban']] as const) insert.run(id, name, foldName(name));
      expect(personNameWordsDrift(sqlite)).toBe(6);
      rebuildPersonNameWords(sqlite);
      expect(personNameWordsDrift(sqlite)).toBe(0);
      expect(sqlite.prepare('SELECT count(*) FROM person_name_words').pluck().get()).toBe(6);
    } finally {
      core.dispose();
    }
  });
});
