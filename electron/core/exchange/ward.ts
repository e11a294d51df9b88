import { createHash } from 'node:crypto';
import { foldName } from '../../../shared/domain/fold';
import { parseVnDate } from '../../../shared/domain/vnday';
import type { ImportError } from '../../../shared/api/reports';
import type { WardMapping, ColumnTarget, WardDetection, SkippedRow, SheetDetection, ValueGroup, ValueKind } from '../../../shared/api/ward';
import type { Category, Outcome } from '../db/schema';
import { cellText, parseCategory, parseFailureReason, parseOutcome, type Cell, type Column } from './format';
import type { ServiceName, SourceRow, Table } from './rows';

// Issue #16: the ward's own logs. A log kept by hand has a title block above its header (UBND
// PHƯỜNG…, CỘNG HÒA…, the list's title, often merged cells), an STT column, blank rows, a totals
// row and a signature block under the data; one row per service, or one row per person and visit
// with a column per service marked x / ✓ / có / Đã cài / TRUE…; often one sheet per month. This
// module finds each sheet's header row, maps its columns and values (the app's guesses, or the
// head's mapping from the wizard / --mapping FILE.json), and turns the rows into the data format's
// table (one row per service given), which rows.ts then checks exactly as it checks an export.

export type Sheet = { name: string; rows: SourceRow[] };

/** Folded key of a header or a value: case, accents, đ and punctuation ignored. */
export const keyOf = (text: string) => foldName(text).replace(/[^a-z0-9✓✔☑]+/g, ' ').trim();

// Header words of the hand-kept logs, beyond the data format's own headers (format.ts).
const FIELD_HEADERS: Record<Column, readonly string[]> = {
  visit_id: ['visit_id', 'Mã lượt', 'Mã lượt hỗ trợ'],
  visited_at: ['visited_at', 'Thời gian', 'Thời điểm', 'Ngày', 'Ngày hỗ trợ', 'Ngày thực hiện', 'Thời gian hỗ trợ', 'Ngày đến', 'Ngày tháng'],
  staff: ['staff', 'Nhân viên', 'Người hỗ trợ', 'Cán bộ hỗ trợ', 'Nhân viên hỗ trợ', 'Người thực hiện'],
  full_name: ['full_name', 'Họ và tên', 'Họ tên', 'Họ và tên công dân', 'Họ tên người dân', 'Tên'],
  cccd: ['cccd', 'Số CCCD', 'CCCD', 'Số căn cước', 'Số CCCD/CMND', 'CCCD/CMND', 'Số định danh', 'Số định danh cá nhân', 'Căn cước công dân', 'Mã định danh', 'Mã số định danh', 'Số CC', 'CCCD/CC', 'Số căn cước công dân'],
  birth_date: ['birth_date', 'Ngày sinh', 'Năm sinh', 'Ngày tháng năm sinh'],
  gender: ['gender', 'Giới tính'],
  phone: ['phone', 'Số điện thoại', 'Điện thoại', 'SĐT', 'Số ĐT'],
  category: ['category', 'Đối tượng', 'Thành phần', 'Loại đối tượng'],
  agency: ['agency', 'Cơ quan', 'Cơ quan, đơn vị', 'Đơn vị', 'Cơ quan đơn vị'],
  neighbourhood: ['neighbourhood', 'Tổ dân phố', 'Thôn, buôn, tổ dân phố', 'Khu dân cư', 'Thôn', 'Thôn/Tổ dân phố', 'Tổ dân phố/Thôn'],
  consent: ['consent', 'Đồng ý', 'Đồng ý xử lý dữ liệu'],
  service: ['service', 'Dịch vụ', 'Nội dung hỗ trợ', 'Nội dung', 'Loại dịch vụ', 'Dịch vụ hỗ trợ'],
  outcome: ['outcome', 'Kết quả', 'Tình trạng', 'Trạng thái'],
  failure_reason: ['failure_reason', 'Lý do không thành công', 'Lý do'],
  detail: ['detail', 'Chi tiết', 'Ghi chú'],
  review_status: ['review_status', 'Trạng thái duyệt', 'Kết quả duyệt'],
  review_reason: ['review_reason', 'Lý do duyệt', 'Lý do từ chối'],
  voided: ['voided', 'Đã hủy', 'Hủy'],
};
/** Columns a log keeps that the tallies do not need (DOMAIN.md: collect only what the tallies need). */
const SKIP_HEADERS = ['STT', 'Số TT', 'TT', 'Số thứ tự', 'Địa chỉ', 'Chữ ký', 'Ký tên', 'Ký nhận'];

const HEADER_TARGET = new Map<string, ColumnTarget>([
  ...(Object.entries(FIELD_HEADERS) as [Column, readonly string[]][]).flatMap(([column, words]) => words.map((w) => [keyOf(w), column] as [string, ColumnTarget])),
  ...SKIP_HEADERS.map((w) => [keyOf(w), 'skip'] as [string, ColumnTarget]),
]);

/** Words that name a built-in service inside a longer text ("Cài Đắk Lắk Số", "Kích hoạt VNeID", "Ký số"). */
const SERVICE_WORDS: readonly [RegExp, string][] = [
  [/\bdak ?lak ?so\b/, 'dak_lak_so'], [/\b(?:chu )?ky so\b/, 'digital_signature'], [/\bvne ?id\b/, 'vneid_activation'],
  [/\b(?:kich hoat|tai khoan) dinh danh\b|\bdinh danh dien tu\b/, 'vneid_activation'], [/\bdich vu cong\b/, 'online_public_service'], [/\bdvc(?:tt)?\b/, 'online_public_service'],
  [/\bnop ho so\b/, 'online_public_service'],
];
export function serviceGuesser(services: readonly ServiceName[]): (text: string) => string | null {
  const exact = new Map<string, string>();
  for (const s of services) for (const name of [s.key, s.name_vi, s.name_en]) exact.set(keyOf(name), s.key);
  const known = new Set(services.map((s) => s.key));
  return (text) => {
    const key = keyOf(text);
    if (key === '') return null;
    const hit = exact.get(key);
    if (hit) return hit;
    for (const [words, service] of SERVICE_WORDS) if (known.has(service) && words.test(key)) return service;
    return null;
  };
}

/** What a header cell says, guessed: a field, a service column, skipped, or unknown (null). */
function guessHeader(text: string, serviceOf: (text: string) => string | null): ColumnTarget | null {
  const key = keyOf(text);
  if (key === '') return null;
  // "Số CCCD (12 số)", "Ngày hỗ trợ (dd/mm/yyyy)", "Họ và tên *": the words before the note.
  const field = HEADER_TARGET.get(key) ?? HEADER_TARGET.get(keyOf(text.replace(/\([^)]*\)|\[[^\]]*\]|\*/g, ' ')));
  if (field) return field;
  const service = serviceOf(text);
  return service ? `service:${service}` : null;
}

// Marks in a service column (wide layout). An empty cell: the service was not given.
const MARKS: Record<string, Outcome | 'none'> = {
  x: 'completed', v: 'completed', '✓': 'completed', '✔': 'completed', '☑': 'completed', co: 'completed', 'da cai': 'completed',
  'da cai dat': 'completed', 'hoan thanh': 'completed', 'da hoan thanh': 'completed', 'da kich hoat': 'completed', 'da dang ky': 'completed',
  'da xong': 'completed', xong: 'completed', dat: 'completed', ok: 'completed', true: 'completed', yes: 'completed', '1': 'completed', 'thanh cong': 'completed',
  'chua xong': 'pending', 'dang xu ly': 'pending', 'chua hoan thanh': 'pending', cho: 'pending', 'hen lai': 'pending', 'dang lam': 'pending',
  'khong thanh cong': 'failed', 'that bai': 'failed', loi: 'failed', 'khong duoc': 'failed', ht: 'completed', 'da lam': 'completed', roi: 'completed',
  'dang cho': 'pending', 'cho duyet': 'pending', 'chua kich hoat': 'pending', 'chua cai': 'pending',
  false: 'none', khong: 'none', no: 'none', '0': 'none', '': 'none',
};
const EXTRA_CATEGORIES: Record<string, Category> = {
  cbcc: 'official', cbccvc: 'official', 'can bo cong chuc': 'official', 'can bo cong chuc vien chuc': 'official', 'vien chuc': 'official', 'cong chuc': 'official',
  'nguoi dan': 'citizen', dan: 'citizen', nd: 'citizen', hs: 'student', 'hoc sinh': 'student', 'sinh vien': 'student', hssv: 'student',
  'hoc sinh sinh vien': 'student', 'nguoi lao dong': 'worker', nld: 'worker', 'cong nhan': 'worker',
  'cb cc': 'official', 'cb cc vc': 'official', 'can bo cong chuc vien chuc nguoi lao dong': 'official', 'cong dan': 'citizen',
  'nhan dan': 'citizen', 'ho dan': 'citizen', 'hs sv': 'student', 'cong nhan lao dong': 'worker', 'lao dong': 'worker',
};

/** A failure reason as a log writes it ("Không có điện thoại thông minh", "Lỗi OTP"): the app's reason key, 'other' when none fits. */
const FAILURE_WORDS: readonly [RegExp, string][] = [
  [/\b(?:smartphone|dien thoai|dtdd)\b/, 'no_smartphone'], [/\b(?:otp|sim)\b/, 'otp_sim'], [/\b(?:sai|khong khop|lech)\b/, 'data_mismatch'],
  [/\bmuc (?:do )?2\b/, 'not_level2'], [/\b(?:tuoi|du tuoi)\b/, 'under_age'], [/\b(?:he thong|mat mang|mang|server)\b/, 'system_down'],
];
export function guessFailureReason(text: string): string {
  const parsed = parseFailureReason(text);
  if (parsed && parsed !== 'invalid') return parsed;
  const key = keyOf(text);
  return FAILURE_WORDS.find(([words]) => words.test(key))?.[1] ?? 'other';
}

export function guessMark(text: string): Outcome | 'none' | null {
  const key = keyOf(text);
  const known = MARKS[key];
  if (known) return known;
  if (text.trim() === '') return 'none';
  // A variant or a provider written in the service's column ("Zalo", "Mức 2", "VNPT"): the service was given, and done.
  if (/^(?:zalo|mini app|app|ung dung|muc (?:do )?[12]|vnpt|viettel|mobifone|vinaphone|misa|fpt|bkav|easyca|cavn|smartca|mysign)\b/.test(key)) return 'completed';
  // "Đã cài đặt xong", "Đã kích hoạt mức 2": done; "Chưa kích hoạt được": started, not done.
  if (/^chua \w/.test(key)) return 'pending';
  if (/^(?:da|hoan thanh)\b/.test(key) && !/\b(?:chua|khong|huy)\b/.test(key)) return 'completed';
  return null;
}
export function guessCategory(text: string): Category | null {
  const parsed = parseCategory(text);
  if (parsed && parsed !== 'invalid') return parsed;
  return EXTRA_CATEGORIES[keyOf(text)] ?? null;
}
export function guessOutcome(text: string): Outcome | null {
  const parsed = parseOutcome(text);
  if (parsed && parsed !== 'invalid') return parsed;
  const mark = guessMark(text);
  return mark && mark !== 'none' ? mark : null;
}

/** A number a spreadsheet wrote in scientific notation: its digits are gone (6.6195E+10). */
export const LOST_DIGITS_RE = /^[+-]?\d+(?:[.,]\d+)?\s*e\s*\+?\d+$/i;

// "Tổng cộng: 5 lượt", "Tổng số", "Tổng 12", "Cộng" — not a name or an agency ("Tống Văn A", "Công an phường").
const TOTAL_RE = /^(?:tong cong|tong so)\b|^(?:tong|cong)(?: \d|$)/;
const SIGNATURE_RE = /\b(nguoi lap bieu|nguoi lap|giam doc|pho giam doc|thu truong|xac nhan|ky ghi ro ho ten|ky ten|ghi ro ho ten|truong phong|can bo lap)\b/;
const NUMBERING_RE = /^\(?\d{1,2}\)?$/;

const MAX_HEADER_SEARCH = 40;

/**
 * A visit's date as a log writes it, in a form the data format reads: an Excel date cell or serial
 * (a CSV that Excel saved writes 45873), text dd/mm/yyyy (or with - or .; a two-digit year is
 * 20yy) with an optional time, or yyyy-mm-dd. A date without a time is the day at 00:00 (the day
 * counts). Null when it is none of these (the data format then says what is wrong).
 */
function visitDate(cell: Cell): Cell | null {
  if (cell instanceof Date) return cell;
  const serial = typeof cell === 'number' ? cell : typeof cell === 'string' && /^\d{5}(?:[.,]\d+)?$/.test(cell.trim()) ? Number(cell.trim().replace(',', '.')) : null;
  if (serial !== null) return serial > 30_000 && serial < 80_000 ? serial : null;
  if (typeof cell !== 'string') return null;
  const text = cell.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:\s+(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?$/.exec(text);
  const parts = iso ? { day: iso[3]!, month: iso[2]!, year: iso[1]!, time: null } : vn ? { day: vn[1]!, month: vn[2]!, year: vn[3]!.length === 2 ? `20${vn[3]}` : vn[3]!, time: vn[4] ? `${vn[4].padStart(2, '0')}:${vn[5]}${vn[6] ? `:${vn[6]}` : ''}` : null } : null;
  if (!parts) return null;
  const day = parseVnDate(`${parts.day}/${parts.month}/${parts.year}`);
  return day ? `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)} ${parts.time ?? '00:00'}` : null;
}
const isDateCell = (cell: Cell) => visitDate(cell) !== null;

/** A layout's fingerprint (its folded headers): a mapping is remembered per header layout. */
export function layoutKeyOf(headers: readonly string[]): string {
  return createHash('sha256').update(headers.map(keyOf).join('|')).digest('hex').slice(0, 16);
}

function rowTexts(row: SourceRow): string[] {
  return row.cells.map((cell) => (cell instanceof Date ? 'date' : cellText(cell)));
}

/** The header of one sheet: the row with the most recognised cells among the first rows, with a sub-header row of services merged in. */
function findHeader(sheet: Sheet, serviceOf: (text: string) => string | null, forcedLine?: number): { index: number; span: number; headers: string[] } | null {
  let best: { index: number; score: number } | null = null;
  sheet.rows.slice(0, MAX_HEADER_SEARCH).forEach((row, index) => {
    if (forcedLine !== undefined) {
      if (row.line === forcedLine) best = { index, score: 1 };
      return;
    }
    // Merged cells repeat their text: count each distinct recognised text once.
    const seen = new Set<ColumnTarget>();
    for (const text of rowTexts(row)) {
      const target = guessHeader(text, serviceOf);
      if (target && target !== 'skip') seen.add(target);
    }
    const score = seen.size;
    // A log's header names the visit's day, or a person and a service: a summary sheet ("Tháng | Đắk
    // Lắk Số | VNeID") or a roster ("Họ và tên | Chức vụ | Đơn vị") beside the month sheets is not a log.
    const person = ['full_name', 'cccd', 'phone'].some((field) => seen.has(field));
    const service = [...seen].some((target) => target === 'service' || target.startsWith('service:'));
    const namesVisit = seen.has('visited_at') || (person && service);
    if (score >= 2 && namesVisit && (!best || score > best.score)) best = { index, score };
  });
  if (!best) return null;
  const { index } = best as { index: number };
  const headers = rowTexts(sheet.rows[index]!);
  // A two-level header: "Nội dung hỗ trợ" merged over sub-headers "Cài Đắk Lắk Số", "Kích hoạt VNeID"…
  const next = sheet.rows[index + 1];
  let span = 1;
  if (next && next.line === sheet.rows[index]!.line + 1) {
    const sub = rowTexts(next);
    const filled = sub.map((text, i) => ({ text, i })).filter((c) => c.text !== '');
    const subTargets = filled.map((c) => guessHeader(c.text, serviceOf));
    if (filled.length > 0 && subTargets.every((t) => t !== null) && subTargets.some((t) => t?.startsWith('service:'))) {
      for (const { text, i } of filled) headers[i] = text;
      span = 2;
    }
  }
  return { index, span, headers };
}

/** At most this many distinct values listed per kind (a free-text column mapped by mistake would list thousands). */
const MAX_LISTED_VALUES = 300;

/**
 * The distinct values of the file per kind (marks, category, service, outcome), folded, with the
 * rows that carry them: the wizard's value step lists them with the app's guess preselected.
 */
function valueCollector(guessOf: Record<ValueKind, (text: string) => string | null>, mappedOf: (kind: ValueKind, text: string) => string | undefined) {
  const groups = new Map<ValueKind, { columns: Set<string>; values: Map<string, { text: string; rows: number }> }>();
  const groupOf = (kind: ValueKind) => {
    let group = groups.get(kind);
    if (!group) groups.set(kind, (group = { columns: new Set(), values: new Map() }));
    return group;
  };
  return {
    column: (kind: ValueKind, header: string) => groupOf(kind).columns.add(header),
    /** One data row's values: each distinct value counted once per row. */
    row: (entries: readonly (readonly [ValueKind, string])[]) => {
      const seen = new Set<string>();
      for (const [kind, text] of entries) {
        const key = keyOf(text);
        if (text.trim() === '' || seen.has(`${kind}|${key}`)) continue;
        seen.add(`${kind}|${key}`);
        const values = groupOf(kind).values;
        const value = values.get(key);
        if (value) value.rows += 1;
        else values.set(key, { text: text.trim(), rows: 1 });
      }
    },
    result: (): ValueGroup[] =>
      (['marks', 'category', 'service', 'outcome'] as const).flatMap((kind) => {
        const group = groups.get(kind);
        if (!group || group.columns.size === 0) return [];
        const all = [...group.values.values()].sort((a, b) => b.rows - a.rows || a.text.localeCompare(b.text, 'vi'));
        const values = all.slice(0, MAX_LISTED_VALUES).map((v) => ({ text: v.text, rows: v.rows, guess: guessOf[kind](v.text), mapped: mappedOf(kind, v.text) ?? null }));
        return [{ kind, columns: [...group.columns], values, omitted: all.length - values.length }];
      }),
  };
}

/** A Google Sheets checkbox, as the value step lists it and a value table names it. */
const checkboxText = (cell: Cell) => (cell === true ? 'TRUE' : cell === false ? 'FALSE' : null);

const FIELD_ORDER: readonly Column[] = [
  'visited_at', 'staff', 'full_name', 'cccd', 'birth_date', 'gender', 'phone', 'category', 'agency', 'neighbourhood', 'consent', 'service', 'outcome',
  'failure_reason', 'detail',
];

export type WardTable = {
  table: Table;
  columnAt: Column[];
  /** The file's place of a canonical row's cell: sheet, line and header text. */
  placeOf: (line: number, column: string) => { sheet: string; line: number; column: string };
  skippedRows: SkippedRow[];
  /** Data rows read in the file (titles, totals, signatures and blanks excluded). */
  dataRows: number;
  /** Rows refused here (an unknown mark, category, service or outcome): refused like a bad row of the data format. */
  rowErrors: ImportError[];
};

/** Reasons that refuse the whole file, whatever --skip-invalid says. */
const FATAL = new Set(['unmapped_column', 'missing_column', 'category_not_given', 'lost_digits', 'no_header_found']);

export type WardResult = { ok: true; detection: WardDetection; ward: WardTable } | { ok: false; detection: WardDetection; errors: ImportError[] };

/**
 * Detects every sheet's layout and applies the mapping (the guesses where the mapping is silent).
 * Refuses (ok: false) when a column is neither guessed nor mapped, when no column and no mapping
 * gives the category (it decides 8a against 8b), or when a CCCD/phone cell lost its digits.
 */
export function readWard(sheets: readonly Sheet[], services: readonly ServiceName[], mapping: WardMapping | null): WardResult {
  const serviceOf = serviceGuesser(services);
  const mappedColumns = new Map<string, ColumnTarget>(Object.entries(mapping?.columns ?? {}).map(([header, target]) => [keyOf(header), target]));
  const wantedSheets = mapping?.sheets ? new Set(mapping.sheets.map(keyOf)) : null;
  const errors: ImportError[] = [];
  const detections: SheetDetection[] = [];
  const skippedRows: SkippedRow[] = [];
  const outRows: SourceRow[] = [];
  const places = new Map<number, { sheet: string; line: number; headers: Partial<Record<string, string>> }>();
  let dataRows = 0;
  let categoryGiven = true;
  const valueOf = (kind: 'marks' | 'category' | 'service' | 'outcome', text: string) => {
    const table = mapping?.values?.[kind];
    if (!table) return undefined;
    const key = keyOf(text);
    for (const [from, to] of Object.entries(table)) if (keyOf(from) === key) return to;
    return undefined;
  };
  const values = valueCollector(
    { marks: guessMark, category: guessCategory, service: serviceOf, outcome: guessOutcome },
    (kind, text) => valueOf(kind, text) as string | undefined,
  );

  for (const sheet of sheets) {
    if (wantedSheets && !wantedSheets.has(keyOf(sheet.name))) continue;
    const forced = typeof mapping?.headerRow === 'number' ? mapping.headerRow : mapping?.headerRow?.[sheet.name];
    const header = findHeader(sheet, serviceOf, forced);
    if (!header) {
      if (sheet.rows.length > 0) detections.push({ sheet: sheet.name, headerLine: null, headers: [], columns: [], layoutKey: '', unmapped: [] });
      continue;
    }
    const headerLine = sheet.rows[header.index]!.line;
    const columns: (ColumnTarget | null)[] = header.headers.map((text) => {
      if (text === '') return 'skip';
      return mappedColumns.get(keyOf(text)) ?? guessHeader(text, serviceOf);
    });
    // A merged header cell repeats over its columns: the first one takes the field.
    const taken = new Set<ColumnTarget>();
    columns.forEach((target, i) => {
      if (target && target !== 'skip') {
        if (taken.has(target)) columns[i] = 'skip';
        else taken.add(target);
      }
    });
    const unmapped = columns.flatMap((target, i) => (target === null ? [{ index: i, header: header.headers[i]! }] : []));
    const detection: SheetDetection = {
      sheet: sheet.name, headerLine, headers: header.headers, columns: columns.map((c) => c ?? 'skip'), layoutKey: layoutKeyOf(header.headers), unmapped,
    };
    detections.push(detection);
    for (const column of unmapped) errors.push({ sheet: sheet.name, line: headerLine, column: column.header, reason: 'unmapped_column' });
    const has = (target: ColumnTarget) => columns.includes(target);
    const serviceColumns = columns.flatMap((target, i) => (target?.startsWith('service:') ? [{ i, key: target.slice('service:'.length) }] : []));
    if (!has('visited_at')) errors.push({ sheet: sheet.name, line: headerLine, column: 'visited_at', reason: 'missing_column' });
    if (!has('service') && serviceColumns.length === 0) errors.push({ sheet: sheet.name, line: headerLine, column: 'service', reason: 'missing_column' });
    if (has('service') && !has('outcome')) errors.push({ sheet: sheet.name, line: headerLine, column: 'outcome', reason: 'missing_column' });
    if (!has('category') && !mapping?.category) categoryGiven = false;

    sheet.rows.slice(0, header.index).forEach((row) => skippedRows.push({ sheet: sheet.name, line: row.line, kind: 'title', text: rowTexts(row).filter((t) => t !== '').join(' · ').slice(0, 120) }));
    for (let s = 1; s < header.span; s += 1) skippedRows.push({ sheet: sheet.name, line: sheet.rows[header.index + s]!.line, kind: 'header', text: '' });
    const at = (target: ColumnTarget) => columns.indexOf(target);
    for (const kind of ['category', 'service', 'outcome'] as const) if (at(kind) >= 0) values.column(kind, header.headers[at(kind)]!);
    for (const { i } of serviceColumns) values.column('marks', header.headers[i]!);
    let afterData = false;
    let previousLine = headerLine + header.span - 1;
    for (const row of sheet.rows.slice(header.index + header.span)) {
      // Blank rows are not in `rows` (xlsx.ts, csv): list the gap.
      for (let blank = previousLine + 1; blank < row.line; blank += 1) skippedRows.push({ sheet: sheet.name, line: blank, kind: 'blank', text: '' });
      previousLine = row.line;
      const texts = rowTexts(row);
      const filled = texts.filter((t) => t !== '');
      const folded = filled.map((t) => keyOf(t));
      const cell = (target: ColumnTarget): Cell => (at(target) >= 0 ? (row.cells[at(target)] ?? null) : null);
      const textAt = (target: ColumnTarget) => (at(target) >= 0 ? (texts[at(target)] ?? '') : '');
      const skip = (kind: SkippedRow['kind']) => skippedRows.push({ sheet: sheet.name, line: row.line, kind, text: kind === 'signature' || kind === 'totals' || kind === 'section' ? filled.join(' · ').slice(0, 120) : '' });
      if (filled.length === 0) { skip('blank'); continue; }
      // A dated row naming a person is a visit whatever words its cells hold.
      const visitLike = isDateCell(cell('visited_at')) && (textAt('cccd') !== '' || textAt('full_name') !== '');
      if (!visitLike && folded.some((t) => TOTAL_RE.test(t))) { afterData = true; skip('totals'); continue; }
      if (!visitLike && folded.some((t) => SIGNATURE_RE.test(t))) { afterData = true; skip('signature'); continue; }
      if (texts.every((t, i) => t === '' || keyOf(t) === keyOf(header.headers[i] ?? ''))) { skip('header'); continue; }
      if (filled.every((t) => NUMBERING_RE.test(t)) && filled.length >= 3) { skip('numbering'); continue; }
      const identity = textAt('full_name') !== '' || textAt('cccd') !== '' || textAt('phone') !== '';
      const dated = textAt('visited_at') !== '';
      // Under the totals or a signature: names and dates of the signatories, not visits.
      if (afterData && !(isDateCell(cell('visited_at')) && identity)) { skip('signature'); continue; }
      if (!dated && !identity) { skip('section'); continue; }
      dataRows += 1;
      values.row([
        ...(['category', 'service', 'outcome'] as const).map((kind) => [kind, textAt(kind)] as const),
        ...serviceColumns.map(({ i }) => ['marks', checkboxText(row.cells[i] ?? null) ?? texts[i] ?? ''] as const),
      ]);

      const base: Partial<Record<Column, Cell>> = {};
      const headers: Partial<Record<string, string>> = {};
      for (const [i, target] of columns.entries()) {
        if (!target || target === 'skip' || target.startsWith('service:')) continue;
        base[target as Column] = row.cells[i] ?? null;
        headers[target] = header.headers[i]!;
      }
      let rowBad = false;
      const bad = (column: string, reason: string) => {
        errors.push({ sheet: sheet.name, line: row.line, column, reason });
        rowBad = true;
      };
      // DOMAIN.md "Office realities": Excel's CSV writes long numbers as 6.6195E+10 — the digits are gone.
      for (const target of ['cccd', 'phone'] as const) {
        const text = textAt(target);
        if (LOST_DIGITS_RE.test(text)) bad(headers[target] ?? target, 'lost_digits');
      }
      // A date without a time (text 04/08/2025 or 4/8/2025): the day counts; the time is midnight.
      const visited = visitDate(cell('visited_at'));
      if (visited !== null) base.visited_at = visited;
      // Birth typed as a number: a year (1990), or an Excel serial (a date cell saved as CSV).
      const birth = cell('birth_date');
      if (typeof birth === 'number' && Number.isInteger(birth) && birth >= 1900 && birth <= 2100) base.birth_date = String(birth);
      else if (typeof birth === 'number' && birth > 0 && birth < 80_000) base.birth_date = new Date(Math.round((birth - 25_569) * 86_400_000));
      else if (typeof birth === 'string' && /^\d{4}(?:[.,]0+)?$/.test(birth.trim())) base.birth_date = birth.trim().slice(0, 4);
      if (typeof base.cccd === 'number') base.cccd = String(base.cccd);
      if (typeof base.phone === 'number') base.phone = String(base.phone);
      if (at('category') >= 0) {
        const text = textAt('category');
        const category = text === '' ? (mapping?.category ?? null) : ((valueOf('category', text) as Category | undefined) ?? guessCategory(text));
        if (text !== '' && !category) bad(headers.category!, 'unknown_category');
        else if (!category && identity) bad(headers.category!, 'missing_category');
        base.category = category;
      } else base.category = mapping?.category ?? null;
      if (at('agency') < 0 || textAt('agency') === '') base.agency = mapping?.agency ?? base.agency ?? null;

      const services: { service: string; outcome: Outcome; column: string }[] = [];
      if (at('service') >= 0) {
        const text = textAt('service');
        const service = text === '' ? null : ((valueOf('service', text) as string | undefined) ?? serviceOf(text));
        const outcomeText = textAt('outcome');
        const outcome = outcomeText === '' ? null : ((valueOf('outcome', outcomeText) as Outcome | undefined) ?? guessOutcome(outcomeText));
        if (text === '' && serviceColumns.length === 0) bad(headers.service!, 'required');
        else if (text !== '' && !service) bad(headers.service!, 'unknown_service');
        if (text !== '' && outcomeText === '') bad(headers.outcome ?? 'outcome', 'required');
        else if (text !== '' && !outcome) bad(headers.outcome ?? 'outcome', 'unknown_outcome');
        if (service && outcome) services.push({ service, outcome, column: headers.outcome ?? 'outcome' });
      }
      for (const { i, key } of serviceColumns) {
        const text = texts[i] ?? '';
        const checkbox = checkboxText(row.cells[i] ?? null);
        const mapped = valueOf('marks', checkbox ?? text) as Outcome | 'none' | undefined;
        const mark = mapped ?? (checkbox ? (checkbox === 'TRUE' ? 'completed' : 'none') : guessMark(text));
        if (mark === null) bad(header.headers[i]!, 'unknown_mark');
        else if (mark !== 'none') services.push({ service: key, outcome: mark, column: header.headers[i]! });
      }
      if (rowBad) continue;
      if (services.length === 0) { dataRows -= 1; skip('no_service'); continue; }
      for (const given of services) {
        const line = outRows.length + 2;
        places.set(line, { sheet: sheet.name, line: row.line, headers: { ...headers, service: given.column, outcome: given.column } });
        const cells: Cell[] = FIELD_ORDER.map((column) => {
          if (column === 'service') return given.service;
          if (column === 'outcome') return given.outcome;
          // A hand-kept log's reason is free text, and often missing: the app's key, 'other' when none fits; only on a failed service.
          if (column === 'failure_reason') return given.outcome === 'failed' ? guessFailureReason(cellText(base.failure_reason ?? null)) : null;
          const value = base[column] ?? null;
          return value;
        });
        outRows.push({ line, cells });
      }
    }
  }
  const sheetsFound = detections.filter((d) => d.headerLine !== null);
  if (sheetsFound.length === 0) errors.push({ line: 1, column: '', reason: 'no_header_found' });
  if (!categoryGiven) errors.push({ line: sheetsFound[0]?.headerLine ?? 1, column: 'category', reason: 'category_not_given', ...(sheetsFound[0] ? { sheet: sheetsFound[0].sheet } : {}) });
  const detection: WardDetection = { sheets: detections, needsCategory: !categoryGiven, skippedRows, values: values.result() };
  const fatal = errors.filter((e) => FATAL.has(e.reason));
  if (fatal.length > 0) return { ok: false, detection, errors: fatal };
  const rows = outRows[Symbol.iterator]();
  return {
    ok: true,
    detection,
    ward: {
      table: { header: { line: 1, cells: [...FIELD_ORDER] }, rows },
      columnAt: [...FIELD_ORDER],
      placeOf: (line, column) => {
        const place = places.get(line);
        return place ? { sheet: place.sheet, line: place.line, column: place.headers[column] ?? column } : { sheet: '', line, column };
      },
      skippedRows,
      dataRows,
      rowErrors: errors,
    },
  };
}
