// Vietnam calendar days. DOMAIN.md "Targets and how they are counted": days are calendar days in
// Vietnam time (Asia/Ho_Chi_Minh, UTC+7) whatever the PC's time zone. Vietnam has had no DST since
// 1975, so a fixed +7 h offset is exact for every date the app can see; we add it to the UTC
// instant and read the result with getUTC* / toISOString, never with local-time APIs, so a PC set
// to another zone (or a CI machine in UTC) computes the same day.
//
// Conventions: a "day" is the string 'yyyy-mm-dd'; an instant is an ISO-8601 string with an
// explicit offset ('...Z' or '...+07:00'). Parsers of user input return null on bad input; functions
// given stored values throw RangeError, because a bad stored value is a programming error.

export const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const ISO_DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Require an explicit zone: Date.parse treats a zone-less date-time as *local* time, which would
// make the result depend on the machine's time zone.
const ISO_INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** True iff y-m-d is a real Gregorian calendar date (year 1–9999). */
export function isValidDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonth(y, m);
}

export type DayParts = { year: number; month: number; day: number };

/** Parses 'yyyy-mm-dd' into its parts, or null if it is not a real date. */
export function parseIsoDay(s: string): DayParts | null {
  const m = ISO_DAY_RE.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return isValidDate(year, month, day) ? { year, month, day } : null;
}

export function isIsoDay(s: string): boolean {
  return parseIsoDay(s) !== null;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

export function toIsoDay(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

// Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not, so years stay literal.
function utcMs(year: number, month: number, day: number, h = 0, min = 0, sec = 0): number {
  const t = new Date(0);
  t.setUTCFullYear(year, month - 1, day);
  t.setUTCHours(h, min, sec, 0);
  return t.getTime();
}

function requireDay(s: string, what: string): DayParts {
  const p = parseIsoDay(s);
  if (!p) throw new RangeError(`${what}: not a yyyy-mm-dd date`);
  return p;
}

/** The Vietnam calendar day of an instant given as epoch milliseconds. */
export function vnDayOfMs(epochMs: number): string {
  if (!Number.isFinite(epochMs)) throw new RangeError('vnDayOfMs: not a finite time');
  return new Date(epochMs + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Vietnam calendar day ('yyyy-mm-dd') of an ISO instant, e.g. '2025-07-14T17:00:00Z' → '2025-07-15'. */
export function vnDayOf(isoUtc: string): string {
  if (!ISO_INSTANT_RE.test(isoUtc)) throw new RangeError('vnDayOf: not an ISO instant with a zone');
  const ms = Date.parse(isoUtc);
  if (Number.isNaN(ms)) throw new RangeError('vnDayOf: invalid instant');
  return vnDayOfMs(ms);
}

/** Every day from `from` to `to`, both included; empty when from > to. */
export function vnDayRange(from: string, to: string): string[] {
  const a = requireDay(from, 'vnDayRange from');
  const b = requireDay(to, 'vnDayRange to');
  // Day arithmetic on UTC midnights: no zone or DST can shift these.
  const start = utcMs(a.year, a.month, a.day);
  const end = utcMs(b.year, b.month, b.day);
  const out: string[] = [];
  for (let t = start; t <= end; t += DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** Adds (or subtracts) whole days to a 'yyyy-mm-dd' day. */
export function addDays(day: string, n: number): string {
  const p = requireDay(day, 'addDays');
  return new Date(utcMs(p.year, p.month, p.day) + n * DAY_MS).toISOString().slice(0, 10);
}

const VN_DATETIME_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Reads a Vietnam wall-clock time 'dd/MM/yyyy HH:mm' (seconds optional) and returns the UTC
 * instant as ISO ('...Z'), or null when it is not a real date/time.
 */
export function parseVnDateTime(s: string): string | null {
  const m = VN_DATETIME_RE.exec(s.trim());
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (!isValidDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  const wallAsUtc = utcMs(year, month, day, hour, minute, second);
  return new Date(wallAsUtc - VN_OFFSET_MS).toISOString();
}

/** Reads 'dd/mm/yyyy' (1- or 2-digit day and month) into 'yyyy-mm-dd', or null. */
export function parseVnDate(s: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s.trim());
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  return isValidDate(year, month, day) ? toIsoDay(year, month, day) : null;
}

/** 'yyyy-mm-dd' → 'dd/mm/yyyy' (DOMAIN.md "Reporting style": dates dd/mm/yyyy). */
export function formatVnDate(day: string): string {
  const p = requireDay(day, 'formatVnDate');
  return `${pad2(p.day)}/${pad2(p.month)}/${String(p.year).padStart(4, '0')}`;
}

export type BirthInfo = {
  /** Full birth date 'yyyy-mm-dd' when known. */
  birthDate?: string | null | undefined;
  /** Birth year, e.g. when only the CCCD number is known. */
  birthYear?: number | null | undefined;
};

/**
 * Age in whole years on `day`. From the full birth date when known; with only the year, as if born
 * on 31 December of that year (DOMAIN.md "Age on a day": a person counts only once surely 15).
 * A 29 February birthday is reached on 1 March in common years (month/day compared as a pair).
 * Returns null when neither is known; a known full date wins over a year.
 */
export function ageOnDay(birth: BirthInfo, day: string): number | null {
  const on = requireDay(day, 'ageOnDay day');
  let by: number;
  let bm: number;
  let bd: number;
  if (birth.birthDate !== undefined && birth.birthDate !== null) {
    const b = requireDay(birth.birthDate, 'ageOnDay birthDate');
    by = b.year;
    bm = b.month;
    bd = b.day;
  } else if (birth.birthYear !== undefined && birth.birthYear !== null) {
    if (!Number.isInteger(birth.birthYear)) throw new RangeError('ageOnDay: birthYear not an integer');
    by = birth.birthYear;
    bm = 12;
    bd = 31;
  } else {
    return null;
  }
  const beforeBirthday = on.month < bm || (on.month === bm && on.day < bd);
  return on.year - by - (beforeBirthday ? 1 : 0);
}

/** True iff surely 15 or older on `day` (DOMAIN.md target 8b); unknown age counts as not 15. */
export function isAtLeast15OnDay(birth: BirthInfo, day: string): boolean {
  const age = ageOnDay(birth, day);
  return age !== null && age >= 15;
}
