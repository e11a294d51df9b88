import { vnDayOfMs } from '../../../shared/domain/vnday';

// Issue #9 point 1: keep 7 daily + 4 weekly + 12 monthly backups. A backup is kept when it is the
// newest of one of the 7 most recent Vietnam days that have a backup, of one of the 4 most recent
// ISO weeks, or of one of the 12 most recent months. We decide: the 8 most recent backups are also
// always kept, so that a backup taken this morning survives the ones taken later the same day
// (otherwise "restore this morning's state" would be impossible by the afternoon).
export const ROTATION = { recent: 8, daily: 7, weekly: 4, monthly: 12 } as const;

export type RotatableBackup = { name: string; takenAt: Date };

export function backupsToKeep(backups: readonly RotatableBackup[], rotation: { recent: number; daily: number; weekly: number; monthly: number } = ROTATION): Set<string> {
  const newestFirst = [...backups].sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime());
  const keep = new Set<string>();
  for (const backup of newestFirst.slice(0, Math.max(1, rotation.recent))) keep.add(backup.name);
  const keepNewestPerBucket = (bucketOf: (day: string) => string, count: number) => {
    const seen = new Set<string>();
    for (const backup of newestFirst) {
      const bucket = bucketOf(vnDayOfMs(backup.takenAt.getTime()));
      if (seen.has(bucket)) continue;
      if (seen.size >= count) break;
      seen.add(bucket);
      keep.add(backup.name);
    }
  };
  keepNewestPerBucket((day) => day, rotation.daily);
  keepNewestPerBucket(isoWeekOf, rotation.weekly);
  keepNewestPerBucket((day) => day.slice(0, 7), rotation.monthly);
  return keep;
}

/** ISO-8601 week ("2026-W48") of a yyyy-mm-dd day. */
export function isoWeekOf(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
