import { normalizeCccd, maskCccd } from '../../../shared/domain/cccd';
import { vnDayOf } from '../../../shared/domain/vnday';
import type { ImportChanges, ImportError } from '../../../shared/api/reports';
import type { CoreContext } from '../context';
import { personKeyOf } from '../persons/person-key';
import type { Group } from './rows';

// Issue #16 point 4: what an import changes in the counts, shown before it happens. Imported
// visits count in the cumulative progress from the campaign's start, so a person already counted
// may be counted on an earlier day (DOMAIN.md: each person counts once, on the day of their
// earliest eligible record), and a month's figures change even if the file holds none of its days.

const TARGETS = ['target7', 'target8a', 'target8b'] as const;
type Target = (typeof TARGETS)[number];

export type CountSnapshot = {
  persons: number;
  targets: Record<Target, number>;
  /** Counting day per target and person key of the file's persons. */
  days: Map<string, string>;
  /** month → figure → value, for the months concerned. */
  months: Map<string, Record<'visits' | Target, number>>;
  /** The file's identified persons: first line, key, CCCD (rows of written visits are dropped as they are written). */
  people: { line: number; key: string; cccd: string }[];
};

function keyOfGroup(ctx: CoreContext, group: Group): string | null {
  if (group.personKey) return group.personKey.key;
  const cccd = group.rows[0]?.person?.cccd;
  if (!cccd) return null;
  return personKeyOf(ctx, normalizeCccd(cccd, true));
}

const monthOf = (day: string) => day.slice(0, 7);

function monthFigures(ctx: CoreContext, month: string): Record<'visits' | Target, number> {
  const from = `${month}-01`;
  const to = `${month}-31`;
  // Raw SQL: two grouped counts over one month, read straight from the counting tables.
  const visits = (ctx.sqlite.prepare('SELECT count(*) AS n FROM visits WHERE visit_day BETWEEN ? AND ? AND is_voided = 0').get(from, to) as { n: number }).n;
  const figures = { visits, target7: 0, target8a: 0, target8b: 0 };
  const rows = ctx.sqlite.prepare('SELECT target, count(*) AS n FROM target_counts WHERE visit_day BETWEEN ? AND ? GROUP BY target').all(from, to) as { target: Target; n: number }[];
  for (const row of rows) figures[row.target] = row.n;
  return figures;
}

function targetTotals(ctx: CoreContext): Record<Target, number> {
  const totals = { target7: 0, target8a: 0, target8b: 0 };
  for (const row of ctx.sqlite.prepare('SELECT target, count(*) AS n FROM target_counts GROUP BY target').all() as { target: Target; n: number }[]) totals[row.target] = row.n;
  return totals;
}

/** The counts an import may change, read before it writes (the file's persons and months). */
export function snapshotCounts(ctx: CoreContext, groups: readonly Group[], months?: ReadonlySet<string>): CountSnapshot {
  const days = new Map<string, string>();
  const concerned = new Set(months ?? []);
  const dayOf = ctx.sqlite.prepare('SELECT visit_day FROM target_counts WHERE target = ? AND person_key = ?');
  const people: CountSnapshot['people'] = [];
  const keys = new Set<string>();
  for (const group of groups) {
    if (group.bad || group.rows.length === 0) continue;
    concerned.add(monthOf(vnDayOf(group.rows[0]!.visitedAt)));
    const key = keyOfGroup(ctx, group);
    if (!key) continue;
    if (!keys.has(key)) {
      keys.add(key);
      people.push({ line: group.rows[0]!.line, key, cccd: group.personKey?.cccd ?? normalizeCccd(group.rows[0]!.person!.cccd!, true) });
    }
    for (const target of TARGETS) {
      const id = `${target}|${key}`;
      if (days.has(id)) continue;
      const row = dayOf.get(target, key) as { visit_day: string } | undefined;
      if (row) {
        days.set(id, row.visit_day);
        concerned.add(monthOf(row.visit_day));
      }
    }
  }
  const monthMap = new Map<string, Record<'visits' | Target, number>>();
  for (const month of [...concerned].sort()) monthMap.set(month, monthFigures(ctx, month));
  const persons = (ctx.sqlite.prepare('SELECT count(*) AS n FROM persons').get() as { n: number }).n;
  return { persons, targets: targetTotals(ctx), days, months: monthMap, people };
}

/** The changes between a snapshot before the import and the state after it (same transaction). */
export function changesSince(ctx: CoreContext, before: CountSnapshot, visitsAdded: number): ImportChanges {
  const after = snapshotCounts(ctx, [], new Set(before.months.keys()));
  const targetsAfter = after.targets;
  const shiftedPersons: ImportChanges['shiftedPersons'] = [];
  const dayOf = ctx.sqlite.prepare('SELECT visit_day FROM target_counts WHERE target = ? AND person_key = ?');
  for (const person of before.people) {
    for (const target of TARGETS) {
      const was = before.days.get(`${target}|${person.key}`);
      const now = (dayOf.get(target, person.key) as { visit_day: string } | undefined)?.visit_day;
      if (!was || !now || now >= was) continue;
      shiftedPersons.push({ line: person.line, cccdMasked: maskCccd(person.cccd), target, before: was, after: now });
    }
  }
  const periods: ImportChanges['periods'] = [];
  for (const [month, figures] of after.months) {
    const was = before.months.get(month) ?? { visits: 0, target7: 0, target8a: 0, target8b: 0 };
    for (const figure of ['visits', ...TARGETS] as const) {
      if (was[figure] !== figures[figure]) periods.push({ month, figure, before: was[figure], after: figures[figure] });
    }
  }
  return {
    added: {
      visits: visitsAdded,
      persons: after.persons - before.persons,
      target7: targetsAfter.target7 - before.targets.target7,
      target8a: targetsAfter.target8a - before.targets.target8a,
      target8b: targetsAfter.target8b - before.targets.target8b,
    },
    shiftedPersons,
    periods,
  };
}

/**
 * Issue #16: a row of a ward log matching a visit the app logged (same CCCD, service and Vietnam
 * day, not voided, not itself imported) is a probable duplicate: the helper logged it and the
 * log kept by hand has it too. Such rows are taken out of the group and reported.
 */
export function dropAppLoggedDuplicates(ctx: CoreContext, group: Group, duplicates: ImportError[]): void {
  const key = keyOfGroup(ctx, group);
  if (!key) return;
  const day = vnDayOf(group.rows[0]!.visitedAt);
  const logged = ctx.sqlite.prepare(
    `SELECT 1 FROM persons p JOIN visits v ON v.person_id = p.id JOIN service_records sr ON sr.visit_id = v.id
      WHERE p.person_key = ? AND v.visit_day = ? AND v.import_id IS NULL AND v.is_voided = 0 AND v.id <> ? AND sr.service_key = ? LIMIT 1`,
  );
  group.rows = group.rows.filter((row) => {
    if (!logged.get(key, day, group.visitId, row.service.serviceKey)) return true;
    duplicates.push({ line: row.line, column: 'service', reason: 'probable_duplicate' });
    return false;
  });
}
