import { z } from 'zod';

// Issue #16: the mapping of a ward's hand-kept log onto the data format (README "Định dạng dữ
// liệu": the ward layouts). Made by the wizard, saved as a file, read by `cli import --mapping`.

export const CATEGORIES = ['citizen', 'official', 'student', 'worker'] as const;
export const OUTCOMES = ['completed', 'pending', 'failed'] as const;

/** A column's meaning: a data-format field, a service column of the wide layout (`service:<key>`), or skipped ("bỏ qua"). */
export type ColumnTarget = string;

/** The fields a column may be mapped to in the wizard and in a mapping file. */
export const MAPPABLE_FIELDS = [
  'visited_at', 'staff', 'full_name', 'cccd', 'birth_date', 'gender', 'phone', 'category', 'agency', 'neighbourhood', 'service', 'outcome',
  'failure_reason', 'detail',
] as const;

const text = z.string().trim().min(1).max(200);
const valueTable = <T extends z.ZodTypeAny>(value: T) => z.record(z.string().max(200), value).refine((r) => Object.keys(r).length <= 500, 'too_many_values');

export const wardMappingSchema = z.strictObject({
  version: z.literal(1).default(1),
  /** Sheets to import, by name; all sheets with a header when absent. */
  sheets: z.array(text).max(100).optional(),
  /** The header row (1-based line), for every sheet or per sheet name. */
  headerRow: z.union([z.number().int().min(1).max(100_000), z.record(z.string().max(200), z.number().int().min(1).max(100_000))]).optional(),
  /** Header text → field key, `service:<key>` or `skip`. Headers compare folded (case and accents ignored). */
  columns: z.record(z.string().max(200), z.union([z.enum(['skip', ...MAPPABLE_FIELDS]), z.string().regex(/^service:[a-z0-9_]{1,64}$/)])).default({}),
  values: z
    .strictObject({
      marks: valueTable(z.enum([...OUTCOMES, 'none'])).optional(),
      category: valueTable(z.enum(CATEGORIES)).optional(),
      service: valueTable(z.string().regex(/^[a-z0-9_]+$/)).optional(),
      outcome: valueTable(z.enum(OUTCOMES)).optional(),
    })
    .optional(),
  /** The category of every person of the file, when no column gives it (it decides 8a against 8b). */
  category: z.enum(CATEGORIES).optional(),
  /** The agency of the file's officials, when no column gives it (the app requires one for an official). */
  agency: z.string().trim().min(1).max(200).optional(),
  /** The one legal basis the file records for its personal data, kept on its visits. */
  legalBasis: z.string().trim().min(1).max(300).optional(),
});
export type WardMapping = z.infer<typeof wardMappingSchema>;

export type SheetDetection = {
  sheet: string;
  /** The header row's line, null when none was found (the sheet is not imported). */
  headerLine: number | null;
  headers: string[];
  /** Per header cell: the guessed or mapped target ('skip' for unmapped ones, listed in `unmapped`). */
  columns: ColumnTarget[];
  layoutKey: string;
  unmapped: { index: number; header: string }[];
};

export type SkippedRow = {
  sheet: string;
  line: number;
  kind: 'title' | 'header' | 'blank' | 'totals' | 'signature' | 'numbering' | 'section' | 'no_service';
  /** The row's text for titles, totals, signatures and section rows (no personal data otherwise). */
  text: string;
};

/** The value tables of a mapping: marks of the service columns, and the texts of the category, service and outcome columns. */
export const VALUE_KINDS = ['marks', 'category', 'service', 'outcome'] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

/** One distinct value of the file in a kind's columns (compared folded), with the rows that carry it. */
export type DistinctValue = {
  /** The value as the file first writes it. */
  text: string;
  rows: number;
  /** The app's own guess; null when it cannot guess (the head must answer before the preview). */
  guess: string | null;
  /** What the mapping's value table says, null when it is silent. */
  mapped: string | null;
};

/** Every distinct value of one kind over the imported sheets (most rows first), and the columns that hold them. */
export type ValueGroup = { kind: ValueKind; columns: string[]; values: DistinctValue[]; /** Values beyond the listed ones (a column of free text). */ omitted: number };

export type WardDetection = { sheets: SheetDetection[]; needsCategory: boolean; skippedRows: SkippedRow[]; values: ValueGroup[] };

