import { createHash } from 'node:crypto';
import { foldName } from '../../../shared/domain/fold';
import { normalizeCccd } from '../../../shared/domain/cccd';
import type { ImportError } from '../../../shared/api/reports';
import type { FailureReason, Outcome, ReviewStatus } from '../db/schema';
import type { PersonWrite } from '../visits/write';
import { csvRecords, decodeCsvBytes } from './csv';
import { COLUMN_MAX_LENGTH } from './limits';
import {
  COLUMNS, REQUIRED_COLUMNS, VISIT_COLUMNS, cellText, columnOfHeader, detailFromCell, parseBirth, parseCategory, parseFailureReason, parseGender,
  parseOutcome, parseReviewStatus, parseVisitedAt, parseYesNo, type Cell, type Column,
} from './format';

// The import's first step (issue #7 point 4, issue #10): the file's rows read, checked and grouped
// into visits, without the database. import.ts runs it in-process, or parse-worker.ts runs it in a
// worker thread while import.ts writes the visits it has finished (pure: services and clock given).

export type SourceRow = { line: number; cells: Cell[] };
export type Table = { header: SourceRow; rows: Iterator<SourceRow> };

/** A .csv file's rows (text decoded; every cell is brought to NFC by cellText, format.ts). */
export function csvTable(bytes: Uint8Array): Table | null {
  const rows: Iterator<SourceRow> = csvRecords(decodeCsvBytes(bytes, { nfc: false }).text);
  const header = rows.next();
  return header.done ? null : { header: header.value, rows };
}

export type ServiceFacts = {
  line: number;
  serviceKey: string;
  outcome: Outcome;
  failureReason: FailureReason | null;
  detail: Record<string, unknown>;
  reviewStatus: ReviewStatus | null;
  reviewReason: string | null;
  /** The service record's id (contentId of visit id and service), when the parser thread made it already. */
  recordId?: string;
};


export type RowFacts = {
  line: number;
  givenVisitId: string | null;
  visitedAt: string;
  staffName: string;
  person: PersonWrite | null;
  consent: 'yes' | 'no' | 'unknown';
  isVoided: boolean;
  /**
   * Canonical JSON of the normalised text of each visit column (keys sorted: canonicalJson of the
   * visit cells, the content-derived id's input), for the agreement check. One string, not an
   * object per row: 100k rows are held until grouped.
   */
  visitSignature: string;
  service: ServiceFacts;
};

export type Group = {
  visitId: string;
  rows: RowFacts[];
  bad: boolean;
  /** The person key of the first row's CCCD (as normalised for an import), when the parser thread made it already. */
  personKey?: { cccd: string; key: string };
};

/** A UUID-shaped id from a SHA-256 of the content (version nibble 8: "custom"), stable across runs. */
export function contentId(content: string): string {
  const hex = createHash('sha256').update(content, 'utf8').digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const VISIT_ID_RE = /^[A-Za-z0-9._:-]{1,64}$/;

/** The header: English keys or the documented Vietnamese headers, order free. Errors refuse the file. */
export function readHeader(header: SourceRow): { columnAt: (Column | null)[]; errors: ImportError[] } {
  const errors: ImportError[] = [];
  const columnAt: (Column | null)[] = [];
  const seen = new Set<Column>();
  header.cells.forEach((cell, index) => {
    const text = cellText(cell);
    const column = text === '' ? null : columnOfHeader(text);
    if (text !== '' && !column) errors.push({ line: header.line, column: text, reason: 'unknown_column' });
    if (column && seen.has(column)) errors.push({ line: header.line, column, reason: 'duplicate_column' });
    if (column) seen.add(column);
    columnAt[index] = column;
  });
  for (const column of REQUIRED_COLUMNS) {
    if (!seen.has(column)) errors.push({ line: header.line, column, reason: 'missing_column' });
  }
  return { columnAt, errors };
}

export type ServiceName = { key: string; name_vi: string; name_en: string };

/** A service cell (key, Vietnamese or English name, compared folded) → the service key. */
export function serviceResolver(services: readonly ServiceName[]): (text: string) => string | null {
  const map = new Map<string, string>();
  for (const row of services) {
    map.set(row.key.toLowerCase(), row.key);
    map.set(foldName(row.name_vi), row.key);
    map.set(foldName(row.name_en), row.key);
  }
  return (text) => map.get(text.toLowerCase()) ?? map.get(foldName(text)) ?? null;
}

export type ParsedRows = {
  rows: number;
  rowErrors: ImportError[];
  groupErrors: ImportError[];
  groups: Group[];
  /** Visits refused without a group: bad rows without an id, and given ids none of whose rows was good. */
  refusedWithoutGroup: number;
  /** Stopped at a row that changed a visit already handed over (parseRows' `handOver`). */
  conflict: boolean;
};

/**
 * Reads every row after the header, checks it (parseRow) and groups the good ones into visits
 * (newGrouper). Visits with a bad row are refused whole: the ids of those given in the file, and a
 * count of bad rows without an id (each is a visit of its own).
 *
 * With `handOver`, a visit is handed over as soon as a row of another visit follows it (rows of a
 * visit are adjacent in an export), final: bad or not. A later row that would change a visit
 * handed over (joins it, differs from it, or is a bad row with its id) stops the reading with
 * `conflict`: the caller then starts again without handing over.
 */
export function parseRows(
  table: Table, columnAt: readonly (Column | null)[], pc: ParseContext, handOver?: (group: Group) => void,
): ParsedRows {
  const idIndex = columnAt.indexOf('visit_id');
  const rowErrors: ImportError[] = [];
  const groupErrors: ImportError[] = [];
  const grouper = newGrouper(groupErrors);
  const badGivenIds = new Set<string>();
  let badRowsWithoutId = 0;
  let rows = 0;
  const handedOver = new Set<string>();
  let open: Group | null = null;
  const hand = (group: Group) => {
    if (badGivenIds.has(group.visitId)) group.bad = true;
    handedOver.add(group.visitId);
    handOver!(group);
  };
  const cells = {} as Record<Column, Cell>;
  for (let next = table.rows.next(); !next.done; next = table.rows.next()) {
    const row = next.value;
    rows += 1;
    for (const column of COLUMNS) cells[column] = null;
    const errors: ImportError[] = [];
    row.cells.forEach((cell, index) => {
      const column = columnAt[index];
      if (column) cells[column] = cell;
      else if (cellText(cell) !== '') errors.push({ line: row.line, column: String(index + 1), reason: 'value_without_column' });
    });
    const parsed = parseRow(row.line, cells, pc);
    if ('errors' in parsed) errors.push(...parsed.errors);
    if (errors.length === 0 && !('errors' in parsed)) {
      if (handOver) {
        const target = grouper.target(parsed);
        if (target !== open) {
          // Every visit but the open one has been handed over: joining another one changes it.
          if (target) return { rows, rowErrors, groupErrors, groups: grouper.groups, refusedWithoutGroup: 0, conflict: true };
          if (open) hand(open);
        }
      }
      open = grouper.add(parsed);
      continue;
    }
    rowErrors.push(...errors);
    const givenId = idIndex >= 0 ? cellText(row.cells[idIndex] ?? null) : '';
    if (givenId) {
      if (handedOver.has(givenId)) return { rows, rowErrors, groupErrors, groups: grouper.groups, refusedWithoutGroup: 0, conflict: true };
      badGivenIds.add(givenId);
    } else badRowsWithoutId += 1;
  }
  if (handOver && open) hand(open);
  const { groups } = grouper;
  for (const group of groups) if (badGivenIds.has(group.visitId)) group.bad = true;
  const groupIds = new Set(groups.map((group) => group.visitId));
  const refusedWithoutGroup = badRowsWithoutId + [...badGivenIds].filter((id) => !groupIds.has(id)).length;
  return { rows, rowErrors, groupErrors, groups, refusedWithoutGroup, conflict: false };
}

export type ParseContext = { serviceKeyOf: (text: string) => string | null; now: number };

function parseRow(line: number, cells: Record<Column, Cell>, pc: ParseContext): RowFacts | { errors: ImportError[] } {
  const errors: ImportError[] = [];
  const bad = (column: Column, reason: string) => errors.push({ line, column, reason });
  const texts: Partial<Record<Column, string>> = {};
  const text = (column: Column): string => (texts[column] ??= cellText(cells[column]));

  // Issue #17 Medium 7: the contract's lengths (exchange/limits.ts), before anything is parsed.
  for (const column of COLUMNS) {
    if (text(column).length > COLUMN_MAX_LENGTH[column]) bad(column, 'too_long');
  }
  if (errors.length > 0) return { errors };

  const givenVisitId = text('visit_id') || null;
  if (givenVisitId && !VISIT_ID_RE.test(givenVisitId)) bad('visit_id', 'invalid_id');

  let visitedAt = '';
  if (text('visited_at') === '') bad('visited_at', 'required');
  else {
    visitedAt = parseVisitedAt(cells.visited_at) ?? '';
    if (!visitedAt) bad('visited_at', 'invalid_datetime');
    // DOMAIN.md "Office realities": a record in the future is a sign of a wrong clock.
    else if (Date.parse(visitedAt) > pc.now + 86_400_000) bad('visited_at', 'future');
  }

  const serviceText = text('service');
  const serviceKey = serviceText ? pc.serviceKeyOf(serviceText) : null;
  if (!serviceText) bad('service', 'required');
  else if (!serviceKey) bad('service', 'unknown_service');

  const outcome = parseOutcome(cells.outcome);
  if (outcome === null) bad('outcome', 'required');
  else if (outcome === 'invalid') bad('outcome', 'invalid_value');
  const failureReason = parseFailureReason(cells.failure_reason);
  if (failureReason === 'invalid') bad('failure_reason', 'invalid_value');

  const reviewStatus = parseReviewStatus(cells.review_status);
  if (reviewStatus === 'invalid') bad('review_status', 'invalid_value');
  const reviewReason = text('review_reason') || null;
  if (serviceKey && serviceKey !== 'digital_signature' && (reviewStatus !== null || reviewReason !== null)) {
    bad(reviewStatus !== null ? 'review_status' : 'review_reason', 'only_for_signature');
  }

  const detail = detailFromCell(serviceKey ?? '', text('detail'));
  if (detail === 'invalid') bad('detail', 'invalid_value');

  const birth = parseBirth(cells.birth_date);
  if (birth === 'invalid') bad('birth_date', 'birth_date_invalid');
  const gender = parseGender(cells.gender);
  if (gender === 'invalid') bad('gender', 'invalid_value');
  const category = parseCategory(cells.category);
  if (category === 'invalid') bad('category', 'invalid_value');
  const consent = parseYesNo(cells.consent);
  if (consent === 'invalid') bad('consent', 'invalid_value');
  const voided = parseYesNo(cells.voided);
  if (voided === 'invalid') bad('voided', 'invalid_value');

  if (errors.length > 0) return { errors };

  const fullName = text('full_name');
  const cccd = text('cccd');
  const phone = text('phone');
  // A row is about an identified person when it names them or gives their CCCD or phone;
  // otherwise it is an anonymous visit (counts in visits only, DOMAIN.md).
  const hasPerson = fullName !== '' || cccd !== '' || phone !== '';
  const birthFacts = birth as Exclude<typeof birth, 'invalid'>;
  const person: PersonWrite | null = hasPerson
    ? {
        fullName,
        cccd: cccd || null,
        birthDate: birthFacts.birthDate,
        birthYear: birthFacts.birthYear,
        gender: gender as 'male' | 'female' | null,
        phone: phone || null,
        address: null,
        category: (category as Exclude<typeof category, 'invalid'>) ?? 'citizen',
        agency: text('agency') || null,
        neighbourhood: text('neighbourhood') || null,
      }
    : null;
  const visitCells: Record<string, string> = {};
  for (const column of VISIT_COLUMNS) visitCells[column] = text(column);
  visitCells.visited_at = visitedAt;
  visitCells.cccd = cccd ? normalizeCccd(cccd, true) : '';
  visitCells.full_name = foldName(fullName);
  visitCells.staff = foldName(text('staff'));
  visitCells.birth_date = birthFacts.birthDate ?? (birthFacts.birthYear !== null ? String(birthFacts.birthYear) : '');
  visitCells.gender = (gender as string | null) ?? '';
  visitCells.category = hasPerson ? ((category as string | null) ?? 'citizen') : '';
  visitCells.consent = (consent as string | null) ?? '';
  visitCells.voided = (voided as string | null) ?? 'no';
  return {
    line,
    givenVisitId,
    visitedAt,
    staffName: text('staff'),
    person,
    // A file without the consent column means "not recorded" (issue #7).
    consent: (consent as 'yes' | 'no' | null) ?? 'unknown',
    isVoided: voided === 'yes',
    visitSignature: visitSignatureOf(visitCells),
    service: {
      line,
      serviceKey: serviceKey!,
      outcome: outcome as Outcome,
      failureReason: failureReason as FailureReason | null,
      detail: detail as Record<string, unknown>,
      reviewStatus: reviewStatus as ReviewStatus | null,
      reviewReason,
    },
  };
}

// The visit columns in canonicalJson's key order (sorted), so that a row's signature is built
// directly: the same string canonicalJson(visitCells) gave, on which content-derived ids depend.
const SIGNATURE_COLUMNS: readonly Column[] = [...VISIT_COLUMNS].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

const SIGNATURE_KEYS = SIGNATURE_COLUMNS.map((column, index) => `${index === 0 ? '{' : ','}${JSON.stringify(column)}:`);

function visitSignatureOf(visitCells: Record<string, string>): string {
  let signature = '';
  for (let i = 0; i < SIGNATURE_COLUMNS.length; i += 1) signature += SIGNATURE_KEYS[i]! + JSON.stringify(visitCells[SIGNATURE_COLUMNS[i]!]);
  return `${signature}}`;
}

/**
 * Rows sharing a visit_id form one visit and must agree on the visit columns. A row without
 * visit_id gets an id derived from its visit columns' content: rows with the same content and
 * different services form one visit; the same service again starts another visit (two anonymous
 * persons helped in the same minute stay two visits). Re-reading the same file gives the same ids.
 * Rows are added one at a time, in file order.
 */
function newGrouper(errors: ImportError[]): { groups: Group[]; target(row: RowFacts): Group | null; add(row: RowFacts): Group } {
  const byId = new Map<string, Group>();
  const derived = new Map<string, Group[]>();
  const groups: Group[] = [];
  /** The visit the row joins, or null when it starts a new one. */
  const target = (row: RowFacts): Group | null => {
    if (row.givenVisitId) return byId.get(row.givenVisitId) ?? null;
    const candidates = derived.get(row.visitSignature);
    return candidates?.find((g) => !g.rows.some((r) => r.service.serviceKey === row.service.serviceKey)) ?? null;
  };
  const add = (row: RowFacts): Group => {
    let group = target(row);
    if (!group) {
      if (row.givenVisitId) {
        group = { visitId: row.givenVisitId, rows: [], bad: false };
        byId.set(row.givenVisitId, group);
      } else {
        const signature = row.visitSignature;
        const candidates = derived.get(signature) ?? derived.set(signature, []).get(signature)!;
        group = { visitId: contentId(`${signature}#${candidates.length}`), rows: [], bad: false };
        candidates.push(group);
      }
      groups.push(group);
    }
    const first = group.rows[0];
    if (first && first.visitSignature !== row.visitSignature) {
      const a = JSON.parse(first.visitSignature) as Record<string, string>;
      const b = JSON.parse(row.visitSignature) as Record<string, string>;
      for (const column of VISIT_COLUMNS) {
        if (a[column] !== b[column]) {
          errors.push({ line: row.line, column, reason: 'visit_fields_differ' });
          group.bad = true;
        }
      }
    }
    group.rows.push(row);
    return group;
  };
  return { groups, target, add };
}

/** What the reading leaves for the report once every visit has been handed over. */
export type ImportSummary = Pick<ParsedRows, 'rows' | 'rowErrors' | 'groupErrors' | 'refusedWithoutGroup'>;

/**
 * Visits as one flat array of plain values, for the hand-over between threads (parser.ts): a
 * structured clone of nested objects costs the receiving thread (the writer) about twice as much,
 * each object's keys read and made again. Without the signatures (the writer needs none).
 */
export function encodeGroups(groups: readonly Group[]): unknown[] {
  const flat: unknown[] = [];
  for (const group of groups) {
    flat.push(group.visitId, group.bad, group.personKey?.cccd ?? null, group.personKey?.key ?? null, group.rows.length);
    for (const row of group.rows) {
      const { person, service } = row;
      flat.push(row.line, row.givenVisitId, row.visitedAt, row.staffName, row.consent, row.isVoided);
      if (person) {
        flat.push(
          true, person.fullName, person.cccd, person.birthDate, person.birthYear, person.gender, person.phone, person.address, person.category,
          person.agency, person.neighbourhood,
        );
      } else flat.push(false);
      flat.push(service.line, service.serviceKey, service.outcome, service.failureReason, service.detail, service.reviewStatus, service.reviewReason, service.recordId ?? null);
    }
  }
  return flat;
}

/** The visits of `encodeGroups`, as the reading made them (signatures empty). */
export function decodeGroups(flat: readonly unknown[]): Group[] {
  const groups: Group[] = [];
  let i = 0;
  const next = <T>() => flat[i++] as T;
  while (i < flat.length) {
    const visitId = next<string>();
    const bad = next<boolean>();
    const keyCccd = next<string | null>();
    const key = next<string | null>();
    const count = next<number>();
    const rows: RowFacts[] = [];
    for (let r = 0; r < count; r += 1) {
      const line = next<number>();
      const givenVisitId = next<string | null>();
      const visitedAt = next<string>();
      const staffName = next<string>();
      const consent = next<RowFacts['consent']>();
      const isVoided = next<boolean>();
      const person: PersonWrite | null = next<boolean>()
        ? {
            fullName: next(), cccd: next(), birthDate: next(), birthYear: next(), gender: next(), phone: next(), address: next(), category: next(),
            agency: next(), neighbourhood: next(),
          }
        : null;
      const service: ServiceFacts = {
        line: next(), serviceKey: next(), outcome: next(), failureReason: next(), detail: next(), reviewStatus: next(), reviewReason: next(),
      };
      const recordId = next<string | null>();
      if (recordId !== null) service.recordId = recordId;
      rows.push({ line, givenVisitId, visitedAt, staffName, person, consent, isVoided, visitSignature: '', service });
    }
    const group: Group = { visitId, rows, bad };
    if (keyCccd !== null && key !== null) group.personKey = { cccd: keyCccd, key };
    groups.push(group);
  }
  return groups;
}
