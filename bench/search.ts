import type { Session } from '../electron/core/context';
import type { Core } from '../electron/core/core';
import { foldName } from '../shared/domain/fold';
import { invokeOk } from './api';
import { createRng } from './prng';
import { summarize, type Summary } from './stats';

// Issue #10: person search as the helper types (issue #4 point 1) through persons.search: every
// keystroke from the second character of a name is one call (names typed without diacritics,
// "nguyen thi hoa", "h'hen nie"), and a complete CCCD or phone number typed or scanned, for persons
// picked at random from the data. Issue #17 High 1: staff see numbers masked, so a digit query of
// theirs matches only a complete number (a prefix answers nothing, at once) and complete-number
// lookups are limited per user per minute: the bench spreads them over the staff accounts.

export type SearchKind = 'cccd' | 'phone' | 'name';
export type SearchResult = { byKind: Record<SearchKind, Summary>; all: Summary; persons: number };

export async function measureSearch(core: Core, sessions: Session[], options: { seed: number; persons: number }): Promise<SearchResult> {
  const { ctx } = core;
  const rng = createRng(options.seed ^ 0x5ea4c);
  const maxRowid = (ctx.sqlite.prepare('SELECT max(rowid) AS m FROM persons').get() as { m: number | null }).m ?? 0;
  const pick = ctx.sqlite.prepare('SELECT cccd, phone, full_name FROM persons WHERE rowid >= ? AND cccd IS NOT NULL AND phone IS NOT NULL ORDER BY rowid LIMIT 1');
  const samples: Record<SearchKind, number[]> = { cccd: [], phone: [], name: [] };
  let turn = 0;
  const search = async (kind: SearchKind, query: string, warm: boolean): Promise<void> => {
    // One complete-number lookup per account in turn (the limit is per user).
    const session = sessions[kind === 'name' ? 0 : (turn += 1) % sessions.length] as Session;
    const t0 = performance.now();
    await invokeOk(core, session, 'persons.search', { query });
    if (!warm) samples[kind].push(performance.now() - t0);
  };
  let picked = 0;
  for (let i = 0; i < options.persons + 3; i += 1) {
    const row = pick.get(rng.int(1, Math.max(1, maxRowid))) as { cccd: string; phone: string; full_name: string } | undefined;
    if (!row) continue;
    const warm = i < 3;
    if (!warm) picked += 1;
    await search('cccd', row.cccd, warm);
    await search('phone', row.phone, warm);
    const typed = foldName(row.full_name);
    for (let n = 2; n <= typed.length; n += 1) await search('name', typed.slice(0, n), warm);
  }
  return {
    byKind: { cccd: summarize(samples.cccd), phone: summarize(samples.phone), name: summarize(samples.name) },
    all: summarize([...samples.cccd, ...samples.phone, ...samples.name]),
    persons: picked,
  };
}
