import { z } from 'zod';
import { method } from './define';
import { isIsoDay } from '../domain/vnday';
import { MAX_RANGE_DAYS, dayRangeSchema, type Tally } from './reports';

// Issue #8: the head's reports on top of the counting engine (shared/api/reports.ts): the
// dashboard, the printed tally, the report export (.xlsx/.csv) and the officials roster for 8a.
// Every print and export is audited in the core (who, which range, which file).

export type AuditHead = { seq: number; short: string };

export type QueueFigures = { issued: number; waiting: number; served: number; noShow: number };

export type DashboardData = {
  today: string;
  todayTally: Tally;
  period: Tally;
  queueToday: QueueFigures;
  roster: RosterSummary;
};

/** One month of a long report (issue #20: a year prints as 12 rows, not 365). Persons are distinct within the month. */
export type TallyMonth = {
  /** yyyy-mm */
  month: string;
  visits: number;
  persons: number;
  completed: number;
  target7: number;
  target8a: number;
  target8b: number;
};

/** Ranges longer than this print by month instead of by day. */
export const PRINT_DAYS_MAX = 31;

export type PrintData = {
  tally: Tally;
  /** Set when the range is longer than PRINT_DAYS_MAX days; the by-day table is then left out. */
  months: TallyMonth[] | null;
  centerName: string;
  ward: string;
  auditHead: AuditHead;
  printedBy: string;
  /** The centre head's name, printed under "GIÁM ĐỐC": the earliest active account with the head role ('' when none). */
  directorName: string;
  printedAt: string;
  /** The catalogue's names, by key, to label the table's rows. */
  serviceNames: { key: string; nameVi: string; nameEn: string }[];
};

export type RosterAgency = { agency: string; total: number; registered: number };
export type RosterSummary = { size: number; agencies: RosterAgency[] };
export type UnregisteredOfficial = { fullName: string; cccdMasked: string | null; agency: string };

export type RosterImportResult = {
  imported: number;
  agencies: number;
  headerFound: boolean;
  errors: { row: number; code: 'name_required' | 'agency_required' | 'cccd_invalid' | 'cccd_duplicate' }[];
};

export const REPORT_EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export const CSV_SEPARATORS = [',', ';'] as const;
/** Which table a CSV holds (an .xlsx holds all three as sheets). */
export const CSV_TABLES = ['summary', 'detail', 'signatures'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

export type ReportFile = { fileName: string; mimeType: string; contentBase64: string; rows: number };

const base64 = z.string().max(11_000_000).regex(/^[A-Za-z0-9+/]*={0,2}$/);
const fileName = z.string().trim().min(1).max(255);
const day = z.string().refine(isIsoDay, { message: 'invalid_day' });

/** The same range checks as the counting engine's dayRangeSchema, on a schema with more fields. */
function checkRange<S extends z.ZodType<{ from: string; to: string }>>(schema: S): S {
  return schema
    .refine((r) => r.from <= r.to, { message: 'range_reversed', path: ['to'] })
    .refine((r) => (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000 < MAX_RANGE_DAYS, { message: 'range_too_long', path: ['to'] });
}

export const reportExportMethods = {
  /** Today at a glance, the chosen period's tally, today's queue and the roster's progress. */
  'reports.dashboard': method<DashboardData>()(dayRangeSchema, 'reports.read'),
  /** Everything the printed tally shows; audited as a print (range, printer's name). */
  'reports.printData': method<PrintData>()(dayRangeSchema, 'reports.read'),
  /**
   * Save the printed tally as PDF. The core checks access and audits (range, file name); in
   * Electron, main special-cases this method (electron/main/print.ts) and, after the core said
   * yes, prints the window with `webContents.printToPDF` into a file chosen in a save dialog
   * (`saved: true`). Elsewhere (the browser transport) `saved` is false and the page prints
   * through the browser's own dialog.
   */
  'reports.savePdf': method<{ saved: boolean; fileName: string }>()(
    checkRange(z.strictObject({ from: day, to: day, fileName })),
    'reports.read',
  ),
  /** The report file for people (.xlsx, three sheets) or machines (.csv, one table). Audited. */
  'reports.export': method<ReportFile>()(
    checkRange(
      z.strictObject({
        from: day,
        to: day,
        format: z.enum(REPORT_EXPORT_FORMATS),
        separator: z.enum(CSV_SEPARATORS).default(';'),
        table: z.enum(CSV_TABLES).default('summary'),
        /** Made by the page; `reports.exportProgress` reports on it while the export runs. */
        jobId: z.uuid().optional(),
      }),
    ),
    'reports.export',
  ),
  /** Rows written so far by a running export (it runs in a worker thread); null once forgotten. */
  'reports.exportProgress': method<{ rows: number; total: number; done: boolean } | null>()(z.strictObject({ jobId: z.uuid() }), 'reports.export'),

  'roster.summary': method<RosterSummary>()(z.strictObject({}), 'reports.read'),
  /** Replaces the roster with a .xlsx/.csv (columns: Họ và tên, CCCD, Cơ quan); all or nothing. */
  'roster.import': method<RosterImportResult>()(z.strictObject({ fileName, contentBase64: base64 }), 'settings.head'),
  'roster.clear': method<RosterSummary>()(z.strictObject({}), 'settings.head'),
  /** Officials on the roster with no eligible 8a record; `agency: null` = all agencies. Audited. */
  'roster.unregistered': method<{ officials: UnregisteredOfficial[] }>()(
    z.strictObject({ agency: z.string().trim().min(1).max(200).nullable() }),
    'reports.read',
  ),
};
