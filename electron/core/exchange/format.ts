import { foldName, normalizeText } from '../../../shared/domain/fold';
import { isIsoDay, parseVnDate, parseVnDateTime, toIsoDay, VN_OFFSET_MS } from '../../../shared/domain/vnday';
import type { Category, FailureReason, Outcome, ReviewStatus } from '../db/schema';

// Issue #7 point 3: the data format, one row per service given (a visit with two services is two
// rows sharing visit_id), used both ways (import and export). README "Định dạng dữ liệu / Data
// format" documents the columns, the Vietnamese headers and the accepted values.

export const COLUMNS = [
  'visit_id', 'visited_at', 'staff', 'full_name', 'cccd', 'birth_date', 'gender', 'phone', 'category', 'agency',
  'neighbourhood', 'consent', 'service', 'outcome', 'failure_reason', 'detail', 'review_status', 'review_reason', 'voided',
] as const;
export type Column = (typeof COLUMNS)[number];

export const REQUIRED_COLUMNS: readonly Column[] = ['visited_at', 'service', 'outcome'];

/** The columns that describe the visit (all rows of one visit_id must agree on them). */
export const VISIT_COLUMNS: readonly Column[] = [
  'visited_at', 'staff', 'full_name', 'cccd', 'birth_date', 'gender', 'phone', 'category', 'agency', 'neighbourhood', 'consent', 'voided',
];

/**
 * Vietnamese headers accepted for each column (compared folded: case, accents and đ ignored), as
 * documented in README. The English key is always accepted too.
 */
export const VIETNAMESE_HEADERS: Record<Column, readonly string[]> = {
  visit_id: ['Mã lượt', 'Mã lượt hỗ trợ'],
  visited_at: ['Thời gian', 'Thời điểm'],
  staff: ['Nhân viên', 'Người hỗ trợ'],
  full_name: ['Họ và tên', 'Họ tên'],
  cccd: ['Số CCCD', 'CCCD', 'Số căn cước'],
  birth_date: ['Ngày sinh', 'Năm sinh'],
  gender: ['Giới tính'],
  phone: ['Số điện thoại', 'Điện thoại'],
  category: ['Đối tượng'],
  agency: ['Cơ quan', 'Cơ quan, đơn vị'],
  neighbourhood: ['Tổ dân phố', 'Thôn, buôn, tổ dân phố', 'Khu dân cư'],
  consent: ['Đồng ý', 'Đồng ý xử lý dữ liệu'],
  service: ['Dịch vụ'],
  outcome: ['Kết quả'],
  failure_reason: ['Lý do không thành công', 'Lý do'],
  detail: ['Chi tiết', 'Ghi chú'],
  review_status: ['Trạng thái duyệt', 'Kết quả duyệt'],
  review_reason: ['Lý do duyệt', 'Lý do từ chối'],
  voided: ['Đã hủy', 'Hủy'],
};

const headerKey = (header: string) => foldName(header).replace(/[\s_,/-]+/g, ' ').trim();
const HEADER_LOOKUP = new Map<string, Column>(
  COLUMNS.flatMap((column) => [[headerKey(column), column] as const, ...VIETNAMESE_HEADERS[column].map((vi) => [headerKey(vi), column] as const)]),
);

export function columnOfHeader(header: string): Column | null {
  return HEADER_LOOKUP.get(headerKey(header)) ?? null;
}

/** A cell as read from a file: CSV gives strings; xlsx also numbers, dates and booleans. */
export type Cell = string | number | boolean | Date | null;

/** Excel's day 0 is 1899-12-30 (serial 25569 = 1970-01-01). */
const EXCEL_EPOCH_DAYS = 25569;
const DAY_MS = 86_400_000;

/**
 * Printable ASCII words separated by single spaces: text that NFC and normalizeText leave as it
 * is (most cells: ids, times, numbers, codes). Issue #10: an import reads ~2M cells, and the two
 * normalize() calls and the whitespace regex were a tenth of its time.
 */
const PLAIN_ASCII_RE = /^[!-~]+(?: [!-~]+)*$/;

export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return cell.toISOString();
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'boolean') return cell ? 'yes' : 'no';
  if (cell === '' || PLAIN_ASCII_RE.test(cell)) return cell;
  return normalizeText(cell.normalize('NFC'));
}

const ISO_INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * visited_at: ISO 8601 with an offset or Z, `dd/MM/yyyy HH:mm[:ss]` in Vietnam time, or an Excel
 * date cell, whose wall-clock value is read as Vietnam time (exceljs hands it over as if UTC).
 * Returns the UTC ISO string ('…Z', milliseconds) or null.
 */
export function parseVisitedAt(cell: Cell): string | null {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : new Date(cell.getTime() - VN_OFFSET_MS).toISOString();
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell) || cell < 1 || cell > 2_958_465) return null;
    // Round to the second: Excel stores times as fractions of a day.
    const ms = Math.round(((cell - EXCEL_EPOCH_DAYS) * DAY_MS) / 1000) * 1000;
    return new Date(ms - VN_OFFSET_MS).toISOString();
  }
  const text = cellText(cell);
  if (ISO_INSTANT_RE.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  }
  return parseVnDateTime(text);
}

export type BirthCell = { birthDate: string | null; birthYear: number | null };

/** birth_date: `yyyy-MM-dd`, `dd/MM/yyyy`, `yyyy`, or an Excel date cell. */
export function parseBirth(cell: Cell): BirthCell | 'invalid' {
  if (cell instanceof Date) {
    const day = toIsoDay(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
    return isIsoDay(day) ? { birthDate: day, birthYear: null } : 'invalid';
  }
  const text = cellText(cell);
  if (text === '') return { birthDate: null, birthYear: null };
  if (/^\d{4}$/.test(text)) return { birthDate: null, birthYear: Number(text) };
  if (isIsoDay(text)) return { birthDate: text, birthYear: null };
  const vn = parseVnDate(text);
  if (vn) return { birthDate: vn, birthYear: null };
  return 'invalid';
}

function enumOf<T extends string>(map: Record<string, T>) {
  // The keys are folded already (foldName(key) === key): a cell spelled exactly as a key needs no folding.
  const exact = new Map(Object.entries(map));
  return (cell: Cell): T | null | 'invalid' => {
    const text = cellText(cell);
    if (text === '') return null;
    return exact.get(text) ?? map[foldName(text)] ?? 'invalid';
  };
}

// Enum values are case-insensitive (compared folded); English keys, plus the Vietnamese words
// README lists.
export const parseGender = enumOf<'male' | 'female'>({ male: 'male', female: 'female', nam: 'male', nu: 'female' });
export const parseYesNo = enumOf<'yes' | 'no'>({ yes: 'yes', no: 'no', co: 'yes', khong: 'no', true: 'yes', false: 'no', '1': 'yes', '0': 'no' });
export const parseCategory = enumOf<Category>({
  citizen: 'citizen', official: 'official', student: 'student', worker: 'worker',
  'nguoi dan': 'citizen', 'cong dan': 'citizen', 'can bo': 'official', 'can bo, cong chuc, vien chuc': 'official',
  'hoc sinh': 'student', 'sinh vien': 'student', 'hoc sinh, sinh vien': 'student', 'nguoi lao dong': 'worker', 'cong nhan': 'worker',
});
export const parseOutcome = enumOf<Outcome>({
  completed: 'completed', pending: 'pending', failed: 'failed',
  'hoan thanh': 'completed', 'dang xu ly': 'pending', 'chua xong': 'pending', 'khong thanh cong': 'failed',
});
export const parseFailureReason = enumOf<FailureReason>({
  no_smartphone: 'no_smartphone', otp_sim: 'otp_sim', data_mismatch: 'data_mismatch', not_level2: 'not_level2',
  under_age: 'under_age', system_down: 'system_down', other: 'other',
});
export const parseReviewStatus = enumOf<ReviewStatus>({
  pending: 'pending', confirmed: 'confirmed', rejected: 'rejected', returned: 'returned',
  'cho duyet': 'pending', 'da xac nhan': 'confirmed', 'tu choi': 'rejected', 'tra lai': 'returned',
});

/**
 * `detail` is free text. It is stored in the record's detail object under the service's text
 * field (online_public_service: procedureName, digital_signature: provider, others: text); a cell
 * holding a JSON object (as the export writes a structured detail) is stored as that object.
 * Export reverses this exactly, so export → import round-trips.
 */
const TEXT_FIELD: Record<string, string> = { online_public_service: 'procedureName', digital_signature: 'provider' };

export function detailFromCell(serviceKey: string, text: string): Record<string, unknown> | 'invalid' {
  if (text === '') return {};
  if (text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      return 'invalid';
    }
    return 'invalid';
  }
  return { [TEXT_FIELD[serviceKey] ?? 'text']: text };
}

export function detailToCell(serviceKey: string, detailJson: string): string {
  const detail = JSON.parse(detailJson) as Record<string, unknown>;
  const keys = Object.keys(detail);
  if (keys.length === 0) return '';
  const field = TEXT_FIELD[serviceKey] ?? 'text';
  const only = detail[field];
  if (keys.length === 1 && keys[0] === field && typeof only === 'string' && only !== '' && !only.startsWith('{') && only === normalizeText(only)) return only;
  return JSON.stringify(detail);
}

/** Canonical JSON (sorted keys) for comparing detail objects. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** An ISO instant in Vietnam time for export: '2025-07-15T09:30:00+07:00' (milliseconds kept when not zero). */
export function formatVnInstant(isoUtc: string): string {
  const ms = Date.parse(isoUtc);
  const wall = new Date(ms + VN_OFFSET_MS).toISOString();
  const withoutZone = wall.endsWith('.000Z') ? wall.slice(0, 19) : wall.slice(0, 23);
  return `${withoutZone}+07:00`;
}
