import { z } from 'zod';
import { method } from './define';
import { isIsoDay } from '../domain/vnday';
import { wardMappingSchema, type WardDetection } from './ward';

// Issue #7: the counting engine's API (reports.tally) and the data exchange format
// (data.import / data.export). Rules: DOMAIN.md "Targets and how they are counted".

export type TargetKey = 'target7' | 'target8a' | 'target8b';
export type OutcomeCounts = { completed: number; pending: number; failed: number };
/** count = persons counted in the period; confirmed = of which the counting record is confirmed. */
export type TargetFigure = { count: number; confirmed: number; goal: number | null; progress: number | null };

export type TallyDay = {
  date: string;
  visits: number;
  persons: number;
  services: Record<string, OutcomeCounts>;
  /** Persons newly counted that day. */
  target7: number;
  target8a: number;
  target8b: number;
  /** Persons counted from the beginning of the data to the end of this day. */
  cumulative: Record<TargetKey, number>;
};

export type Tally = {
  from: string;
  to: string;
  visits: number;
  persons: number;
  /** Every catalogue key (zeros included). */
  services: Record<string, OutcomeCounts>;
  target7: Omit<TargetFigure, 'confirmed'>;
  target8a: TargetFigure;
  target8b: TargetFigure & { underAgeFlagged: number };
  /** Counted persons from the beginning of the data to the end of `to`. */
  cumulative: Record<TargetKey, number>;
  /** Every date of the range (zeros included). */
  days: TallyDay[];
  byStaff: { staffId: string; username: string; fullName: string; visits: number }[];
  /** '' = neighbourhood not recorded (anonymous visits included). */
  byNeighbourhood: { neighbourhood: string; visits: number }[];
  /** Target 8a persons of the period by the agency on their counting visit. */
  target8aByAgency: { agency: string; count: number; confirmed: number }[];
  bases: { smartphoneUsers: number | null; officials: number | null; officialsSource: 'setting' | 'roster'; citizenGoal: number };
};

/** Longest range one call may ask for (about ten years of days). */
export const MAX_RANGE_DAYS = 3700;

const day = z.string().refine(isIsoDay, { message: 'invalid_day' });
export const dayRangeSchema = z
  .strictObject({ from: day, to: day })
  .refine((r) => r.from <= r.to, { message: 'range_reversed', path: ['to'] })
  .refine((r) => (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000 < MAX_RANGE_DAYS, { message: 'range_too_long', path: ['to'] });

/** A row's error; `sheet` names the worksheet of a ward log with several (line = the sheet's row). */
export type ImportError = { line: number; column: string; reason: string; sheet?: string };

/** Issue #16: what an import changes in the counts, shown before it happens. */
export type ImportChanges = {
  /** Added by the import: new persons, and persons newly counted per target. */
  added: { visits: number; persons: number; target7: number; target8a: number; target8b: number };
  /** Persons already counted whose counting day moves earlier (identified by the file's line; CCCD masked). */
  shiftedPersons: { sheet?: string; line: number; cccdMasked: string; target: 'target7' | 'target8a' | 'target8b'; before: string; after: string }[];
  /** Months whose figures change (a report printed for one of them would change). */
  periods: { month: string; figure: 'visits' | 'target7' | 'target8a' | 'target8b'; before: number; after: number }[];
};

export type ImportReport = {
  fileName: string;
  /** Data rows read (header excluded). */
  rows: number;
  /** Visits written (or that would be written by a preview). */
  imported: number;
  /** Visits already in the database with the same content. */
  skipped: number;
  /** Visits refused (their rows are listed in `errors`). */
  refused: number;
  errors: ImportError[];
  /** True when the data was written; a preview or a refused file writes nothing. */
  committed: boolean;
  /** Staff names not found among the accounts: inactive accounts made for the import. */
  newStaff: string[];
  /** The tally over the file's days as it would be (preview) or is (commit) after the import; null for an empty file. */
  tally: Tally | null;
  /** The import's id (on every visit it wrote), null when nothing was committed. */
  importId?: string | null;
  /** A ward log (issue #16): how it was read, and the rows that are not visits (titles, totals, signatures, blanks). */
  detection?: WardDetection;
  /** Rows matching a visit the app logged (same CCCD, service and day): skipped unless kept. */
  duplicates?: ImportError[];
  changes?: ImportChanges;
  legalBasis?: string | null;
};

/** Base64 of the file's bytes; the transport and IPC carry about 8 MB at most per call. */
const base64 = z.string().max(11_000_000).regex(/^[A-Za-z0-9+/]*={0,2}$/);

export const EXCHANGE_FORMATS = ['csv', 'xlsx'] as const;
export type ExchangeFormat = (typeof EXCHANGE_FORMATS)[number];

export const reportMethods = {
  'reports.tally': method<Tally>()(dayRangeSchema, 'reports.read'),
  /**
   * Reads a .csv or .xlsx in the data format. `commit: false` runs the whole import in a
   * transaction and rolls it back (the preview, with the tally it would give); `commit: true`
   * writes it in one transaction. Without `skipInvalid` one bad row refuses the whole file.
   */
  'data.import': method<ImportReport>()(
    z.strictObject({
      fileName: z.string().trim().min(1).max(255),
      contentBase64: base64,
      commit: z.boolean(),
      skipInvalid: z.boolean().default(false),
      /** A ward log's mapping (issue #16); the guesses where absent. */
      mapping: wardMappingSchema.optional(),
      /** Import rows that match a visit the app already logged (probable duplicates). */
      keepDuplicates: z.boolean().default(false),
    }),
    'data.exchange',
  ),
  /** Undoes a whole committed import (audited): its visits, records and the persons only they named. */
  'data.importUndo': method<{ importId: string; visits: number }>()(z.strictObject({ importId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/) }), 'data.exchange'),
  'data.imports': method<{ id: string; fileName: string; legalBasis: string | null; visits: number; createdAt: string; undoneAt: string | null }[]>()(
    z.strictObject({}),
    'data.exchange',
  ),
  /** The data of a range of days in the data format, full values (audited). */
  'data.export': method<{ fileName: string; contentBase64: string; rows: number }>()(
    z.strictObject({ from: day, to: day, format: z.enum(EXCHANGE_FORMATS) }).refine((r) => r.from <= r.to, { message: 'range_reversed', path: ['to'] }),
    'data.exchange',
  ),
};
