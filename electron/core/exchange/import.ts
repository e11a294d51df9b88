import { createHash } from 'node:crypto';
import { foldName } from '../../../shared/domain/fold';
import { normalizeCccd } from '../../../shared/domain/cccd';
import { addDays, vnDayOf } from '../../../shared/domain/vnday';
import { MAX_RANGE_DAYS, type ImportError, type ImportReport } from '../../../shared/api/reports';
import type { Actor, CoreContext } from '../context';
import type { FailureReason, Outcome, ReviewStatus } from '../db/schema';
import { appendAudit } from '../audit/audit';
import { AppError } from '../errors';
import { personKeyOf } from '../persons/person-key';
import {
  checkVisit, insertCheckedVisit, newPersonCache, normalizePerson, readServiceKeys, visitIsStored, type PersonCache, type PersonWrite, type VisitWrite,
} from '../visits/write';
import { computeTally } from '../reports/counting';
import { csvRecords, decodeCsvBytes } from './csv';
import { planBulkLoad, runBulkLoad, storedServiceRecords, worthBulkLoad } from './bulk-load';
import { readXlsx } from './xlsx';
import {
  COLUMNS, REQUIRED_COLUMNS, VISIT_COLUMNS, canonicalJson, cellText, columnOfHeader, detailFromCell, parseBirth, parseCategory,
  parseFailureReason, parseGender, parseOutcome, parseReviewStatus, parseVisitedAt, parseYesNo, type Cell, type Column,
} from './format';
import { resolveStaff, type StaffResolver } from './staff';

// Issue #7 point 4: the import. Every visit goes through visits/write.ts (the one write path:
// checkVisit = the same validation as the form, insertCheckedVisit = person upsert by key, counting
// facts). The whole file is ONE transaction: a crash or power cut midway leaves the database as it
// was (SQLite's WAL never makes a half transaction visible). A preview runs the same transaction and
// rolls it back.
//
// Issue #10 (100k rows in < 10 s): rows are parsed one at a time from the text; a visit is checked
// completely before anything of it is written, so no savepoint per visit is needed (a savepoint
// copied every page a visit touched to the sub-journal: half the import's time); and a load large
// next to what is stored sets the secondary indexes and counting triggers aside and rebuilds them
// once at the end, inside the same transaction (bulk-load.ts).

export type ImportOptions = {
  fileName: string;
  bytes: Uint8Array;
  /** false = preview: everything is checked and written, the tally taken, then rolled back. */
  commit: boolean;
  /** Import the valid visits and report the others; by default one bad row refuses the file. */
  skipInvalid: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Tests only: force (true) or forbid (false) the bulk load; by default the size decides (bulk-load.ts). */
  bulkLoad?: boolean;
};

type SourceRow = { line: number; cells: Cell[] };
type Table = { header: SourceRow; rows: Iterator<SourceRow> };

async function readTable(fileName: string, bytes: Uint8Array): Promise<Table | null> {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const rows: Iterator<SourceRow> = isZip || /\.xlsx$/i.test(fileName)
    ? (await readXlsx(bytes))[Symbol.iterator]()
    // Every cell is brought to NFC by cellText (format.ts): no pass over the whole text for it.
    : csvRecords(decodeCsvBytes(bytes, { nfc: false }).text);
  const header = rows.next();
  return header.done ? null : { header: header.value, rows };
}

type ServiceFacts = {
  line: number;
  serviceKey: string;
  outcome: Outcome;
  failureReason: FailureReason | null;
  detail: Record<string, unknown>;
  reviewStatus: ReviewStatus | null;
  reviewReason: string | null;
};

type RowFacts = {
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

type Group = { visitId: string; rows: RowFacts[]; bad: boolean };

/** A UUID-shaped id from a SHA-256 of the content (version nibble 8: "custom"), stable across runs. */
export function contentId(content: string): string {
  const hex = createHash('sha256').update(content, 'utf8').digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const VISIT_ID_RE = /^[A-Za-z0-9._:-]{1,64}$/;

// writeVisit's field paths → the file's columns.
const FIELD_COLUMN: Record<string, Column> = {
  fullName: 'full_name', cccd: 'cccd', birthDate: 'birth_date', gender: 'gender', phone: 'phone', agency: 'agency',
  category: 'category', neighbourhood: 'neighbourhood', address: 'full_name', consent: 'consent', serviceKey: 'service',
  failureReason: 'failure_reason', services: 'service', detail: 'detail',
};

function errorsOfAppError(error: AppError, group: Group): ImportError[] {
  const first = group.rows[0]!.line;
  if (!error.fields || error.fields.length === 0) return [{ line: first, column: 'visit_id', reason: error.code }];
  return error.fields.map((field) => {
    const parts = field.path.split('.');
    const serviceIndex = parts[0] === 'services' && parts[1] !== undefined ? Number(parts[1]) : null;
    const line = serviceIndex !== null ? (group.rows[serviceIndex]?.line ?? first) : first;
    return { line, column: FIELD_COLUMN[parts[parts.length - 1]!] ?? 'visit_id', reason: field.code };
  });
}

class Rollback extends Error {}

export async function importData(ctx: CoreContext, actor: Actor, options: ImportOptions): Promise<ImportReport> {
  const report: ImportReport = {
    fileName: options.fileName, rows: 0, imported: 0, skipped: 0, refused: 0, errors: [], committed: false, newStaff: [], tally: null,
  };
  let table: Table | null;
  try {
    table = await readTable(options.fileName, options.bytes);
  } catch {
    report.errors.push({ line: 1, column: '', reason: 'unreadable_file' });
    return report;
  }
  if (!table) {
    report.errors.push({ line: 1, column: '', reason: 'empty_file' });
    return report;
  }
  const { header } = table;

  // Header: English keys or the documented Vietnamese headers, order free.
  const columnAt: (Column | null)[] = [];
  const seen = new Set<Column>();
  header.cells.forEach((cell, index) => {
    const text = cellText(cell);
    const column = text === '' ? null : columnOfHeader(text);
    if (text !== '' && !column) report.errors.push({ line: header.line, column: text, reason: 'unknown_column' });
    if (column && seen.has(column)) report.errors.push({ line: header.line, column, reason: 'duplicate_column' });
    if (column) seen.add(column);
    columnAt[index] = column;
  });
  for (const column of REQUIRED_COLUMNS) {
    if (!seen.has(column)) report.errors.push({ line: header.line, column, reason: 'missing_column' });
  }
  // A header that cannot be trusted refuses the file whatever --skip-invalid says.
  if (report.errors.length > 0) {
    for (let row = table.rows.next(); !row.done; row = table.rows.next()) report.rows += 1;
    return report;
  }

  const serviceKeyOf = serviceResolver(ctx);
  const now = ctx.now().getTime();
  const idIndex = columnAt.indexOf('visit_id');
  const rowErrors: ImportError[] = [];
  const groupErrors: ImportError[] = [];
  const grouper = newGrouper(groupErrors);
  // Visits with a bad row are refused whole: the ids of those given in the file, and a count of
  // bad rows without an id (each is a visit of its own).
  const badGivenIds = new Set<string>();
  let badRowsWithoutId = 0;
  const cells = {} as Record<Column, Cell>;
  for (let next = table.rows.next(); !next.done; next = table.rows.next()) {
    const row = next.value;
    report.rows += 1;
    for (const column of COLUMNS) cells[column] = null;
    const errors: ImportError[] = [];
    row.cells.forEach((cell, index) => {
      const column = columnAt[index];
      if (column) cells[column] = cell;
      else if (cellText(cell) !== '') errors.push({ line: row.line, column: String(index + 1), reason: 'value_without_column' });
    });
    const parsed = parseRow(row.line, cells, { serviceKeyOf, now });
    if ('errors' in parsed) errors.push(...parsed.errors);
    if (errors.length === 0 && !('errors' in parsed)) {
      grouper.add(parsed);
      continue;
    }
    rowErrors.push(...errors);
    const givenId = idIndex >= 0 ? cellText(row.cells[idIndex] ?? null) : '';
    if (givenId) badGivenIds.add(givenId);
    else badRowsWithoutId += 1;
  }
  report.errors.push(...rowErrors, ...groupErrors);

  const { groups } = grouper;
  for (const group of groups) if (badGivenIds.has(group.visitId)) group.bad = true;
  const groupIds = new Set(groups.map((group) => group.visitId));
  report.refused = badRowsWithoutId + [...badGivenIds].filter((id) => !groupIds.has(id)).length;

  let firstDay: string | null = null;
  let lastDay: string | null = null;
  const restorePragmas = importPragmas(ctx);
  try {
    ctx.sqlite
      .transaction(() => {
        const staff = resolveStaff(ctx, actor);
        // Issue #10: per-row work read once per import (the catalogue cannot change inside this transaction).
        const serviceKeys = readServiceKeys(ctx);
        // A load that is large next to what is stored sets indexes and counting triggers aside.
        let incomingRecords = 0;
        const storedBefore = new Set<string>();
        for (const group of groups) {
          if (group.bad) continue;
          if (visitIsStored(ctx, group.visitId)) storedBefore.add(group.visitId);
          else incomingRecords += group.rows.length;
        }
        // Ids written by this import so far: with storedBefore, what visitIsStored would say now.
        const written = new Set<string>();
        const wanted = options.bulkLoad ?? worthBulkLoad(incomingRecords, storedServiceRecords(ctx.sqlite));
        const plan = wanted ? planBulkLoad(ctx.sqlite) : null;
        // A bulk load also finds persons without a query per visit (write.ts PersonCache).
        const personCache = plan ? newPersonCache(ctx) : undefined;
        // Visits already stored are compared with the file's content; during a bulk load (indexes
        // aside) after it, which changes nothing: the comparison reads only what was stored before
        // or written earlier from this file.
        const compareLater: Group[] = [];
        const compare = (group: Group) => {
          const changed = changedColumn(ctx, group, staff);
          if (changed) {
            report.errors.push({ line: group.rows[0]!.line, column: changed, reason: 'changed_content' });
            report.refused += 1;
          } else report.skipped += 1;
        };
        const writeAll = () => {
          let done = 0;
          for (const group of groups) {
            done += 1;
            if (options.onProgress && done % 200 === 0) options.onProgress(done, groups.length);
            if (group.bad) {
              report.refused += 1;
              continue;
            }
            if (storedBefore.has(group.visitId) || written.has(group.visitId)) {
              if (plan) compareLater.push(group);
              else compare(group);
              continue;
            }
            const errors = importGroup(ctx, actor, group, staff, serviceKeys, personCache);
            if (errors.length > 0) {
              report.errors.push(...errors);
              report.refused += 1;
              continue;
            }
            written.add(group.visitId);
            report.imported += 1;
            const day = vnDayOf(group.rows[0]!.visitedAt);
            if (firstDay === null || day < firstDay) firstDay = day;
            if (lastDay === null || day > lastDay) lastDay = day;
            // Written: its parsed rows are not needed again (a smaller live heap for the rest of the load).
            group.rows = [];
          }
        };
        if (plan) runBulkLoad(ctx.sqlite, plan, writeAll);
        else writeAll();
        for (const group of compareLater) compare(group);
        options.onProgress?.(groups.length, groups.length);
        report.newStaff = staff.created();
        if (report.errors.length > 0 && !options.skipInvalid) {
          report.imported = 0;
          report.skipped = 0;
          report.newStaff = [];
          throw new Rollback();
        }
        if (firstDay && lastDay && addDays(firstDay, MAX_RANGE_DAYS - 1) >= lastDay) report.tally = computeTally(ctx, firstDay, lastDay);
        if (!options.commit) throw new Rollback();
        appendAudit(ctx, actor, {
          action: 'data.import',
          entity: 'file',
          entityId: options.fileName,
          summary: { rows: report.rows, imported: report.imported, skipped: report.skipped, refused: report.refused, errors: report.errors.length, newStaff: report.newStaff.length },
        });
        report.committed = true;
      })
      .immediate();
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  } finally {
    restorePragmas();
  }
  report.errors.sort((a, b) => a.line - b.line || a.column.localeCompare(b.column));
  return report;
}

/** Page cache for one import: B-tree pages a large load keeps touching, and CREATE INDEX's sorts. */
const IMPORT_CACHE_KIB = 64 * 1024;

/**
 * Connection settings for the length of one import, put back after it (issue #10):
 * - a 64 MiB page cache (default 2 MiB): a large load spilled dirty pages to the WAL and read them
 *   back mid-transaction, and the index builds and rebuilds sorted in temporary files;
 * - no automatic checkpoint at the commit: the commit of a large import would otherwise copy the
 *   whole WAL into the database file before the import returns. The commit itself is as durable
 *   (synchronous = FULL syncs the WAL); the copy is left to the core's checkpointer after the call
 *   (db/checkpoint.ts) or to closing the database, as for every other write since issue #10.
 */
function importPragmas(ctx: CoreContext): () => void {
  const sqlite = ctx.sqlite;
  const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
  const autoCheckpoint = sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
  // Negative cache_size is KiB, positive is pages: only ever grow it.
  const cacheKib = cacheSize < 0 ? -cacheSize : cacheSize * ((sqlite.pragma('page_size', { simple: true }) as number) / 1024);
  if (cacheKib < IMPORT_CACHE_KIB) sqlite.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  sqlite.pragma('wal_autocheckpoint = 0');
  return () => {
    if (!sqlite.open) return;
    sqlite.pragma(`cache_size = ${cacheSize}`);
    sqlite.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
  };
}

function serviceResolver(ctx: CoreContext): (text: string) => string | null {
  const rows = ctx.sqlite.prepare('SELECT key, name_vi, name_en FROM services').all() as { key: string; name_vi: string; name_en: string }[];
  const map = new Map<string, string>();
  for (const row of rows) {
    map.set(row.key.toLowerCase(), row.key);
    map.set(foldName(row.name_vi), row.key);
    map.set(foldName(row.name_en), row.key);
  }
  return (text) => map.get(text.toLowerCase()) ?? map.get(foldName(text)) ?? null;
}

type ParseContext = { serviceKeyOf: (text: string) => string | null; now: number };

function parseRow(line: number, cells: Record<Column, Cell>, pc: ParseContext): RowFacts | { errors: ImportError[] } {
  const errors: ImportError[] = [];
  const bad = (column: Column, reason: string) => errors.push({ line, column, reason });
  const texts: Partial<Record<Column, string>> = {};
  const text = (column: Column): string => (texts[column] ??= cellText(cells[column]));

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
function newGrouper(errors: ImportError[]): { groups: Group[]; add(row: RowFacts): void } {
  const byId = new Map<string, Group>();
  const derived = new Map<string, Group[]>();
  const groups: Group[] = [];
  const add = (row: RowFacts) => {
    let group: Group | undefined;
    if (row.givenVisitId) {
      group = byId.get(row.givenVisitId);
      if (!group) {
        group = { visitId: row.givenVisitId, rows: [], bad: false };
        byId.set(row.givenVisitId, group);
        groups.push(group);
      }
    } else {
      const signature = row.visitSignature;
      const candidates = derived.get(signature) ?? derived.set(signature, []).get(signature)!;
      group = candidates.find((g) => !g.rows.some((r) => r.service.serviceKey === row.service.serviceKey));
      if (!group) {
        group = { visitId: contentId(`${signature}#${candidates.length}`), rows: [], bad: false };
        candidates.push(group);
        groups.push(group);
      }
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
  };
  return { groups, add };
}

function toVisitWrite(group: Group, staffId: string): VisitWrite {
  const first = group.rows[0]!;
  return {
    id: group.visitId,
    visitedAt: first.visitedAt,
    staffId,
    person: first.person,
    consent: first.consent,
    isVoided: first.isVoided,
    services: group.rows.map((row) => ({
      id: contentId(`${group.visitId}|${row.service.serviceKey}`),
      serviceKey: row.service.serviceKey,
      outcome: row.service.outcome,
      failureReason: row.service.failureReason,
      detail: row.service.detail,
      reviewStatus: row.service.reviewStatus,
      reviewReason: row.service.reviewReason,
    })),
  };
}

/** Checks and writes one new visit; returns its errors (then nothing of it was written). */
function importGroup(
  ctx: CoreContext, actor: Actor, group: Group, staff: StaffResolver, serviceKeys: ReadonlySet<string>, personCache: PersonCache | undefined,
): ImportError[] {
  const first = group.rows[0]!;
  const visit = toVisitWrite(group, staff.idFor(first.staffName));
  const options = { importMode: true, audit: false, serviceKeys, ...(personCache ? { personCache } : {}) };
  let checked;
  try {
    checked = checkVisit(ctx, visit, options);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const errors = errorsOfAppError(error, group);
    // checkVisit stops at the first kind of error (consent, services, then identity): check the
    // identity as well so the report lists every error of the visit at once.
    if (first.person) {
      try {
        normalizePerson(first.person, vnDayOf(first.visitedAt), options);
      } catch (identityError) {
        if (!(identityError instanceof AppError)) throw identityError;
        const known = new Set(errors.map((e) => `${e.line}|${e.column}|${e.reason}`));
        errors.push(...errorsOfAppError(identityError, group).filter((e) => !known.has(`${e.line}|${e.column}|${e.reason}`)));
      }
    }
    return errors;
  }
  // Checked: writing raises no AppError, so no savepoint is needed to undo half a visit.
  insertCheckedVisit(ctx, actor, checked, options);
  return [];
}

type StoredVisit = {
  visited_at: string; staff_id: string; consent: string; is_voided: number; category_snapshot: string | null;
  agency_snapshot: string | null; person_id: string | null; person_key: string | null; redacted_at: string | null;
};
type StoredService = { service_key: string; outcome: string; failure_reason: string | null; detail_json: string; review_status: string | null; review_reason: string | null };

/**
 * "An id already in the database with the same content is skipped; with different content it is an
 * error" (issue #7). Content = the visit's own facts: time, staff (when the file names one), the
 * person's CCCD (by key), the category/agency snapshot, consent, voided, and each service's outcome,
 * failure reason, detail and review. Name, phone and birth date are the person's *current* details
 * (they change, and redaction blanks them), so they are not part of a visit's content.
 * Returns the first column that differs, or null.
 */
function changedColumn(ctx: CoreContext, group: Group, staff: StaffResolver): Column | null {
  const first = group.rows[0]!;
  const stored = ctx.sqlite
    .prepare(
      `SELECT v.visited_at, v.staff_id, v.consent, v.is_voided, v.category_snapshot, v.agency_snapshot, v.person_id, p.person_key, p.redacted_at
         FROM visits v LEFT JOIN persons p ON p.id = v.person_id WHERE v.id = ?`,
    )
    .get(group.visitId) as StoredVisit;
  if (Date.parse(stored.visited_at) !== Date.parse(first.visitedAt)) return 'visited_at';
  if (first.staffName !== '' && staff.existingIdFor(first.staffName) !== stored.staff_id) return 'staff';
  if (first.consent !== 'unknown' && first.consent !== stored.consent) return 'consent';
  if ((first.isVoided ? 1 : 0) !== stored.is_voided) return 'voided';
  // An export of a redacted person's visit has blank identity columns: the same visit.
  const redactedAnonymous = first.person === null && stored.redacted_at !== null;
  if ((first.person === null) !== (stored.person_id === null) && !redactedAnonymous) return first.person?.cccd ? 'cccd' : 'full_name';
  if (first.person) {
    let normalized;
    try {
      normalized = normalizePerson(first.person, vnDayOf(first.visitedAt), { importMode: true });
    } catch {
      return 'cccd';
    }
    const key = normalized.cccd ? personKeyOf(ctx, normalized.cccd) : null;
    if (key !== stored.person_key) return 'cccd';
    if (normalized.category !== stored.category_snapshot) return 'category';
    if ((normalized.agency ?? null) !== stored.agency_snapshot) return 'agency';
  }
  const services = ctx.sqlite
    .prepare('SELECT service_key, outcome, failure_reason, detail_json, review_status, review_reason FROM service_records WHERE visit_id = ?')
    .all(group.visitId) as StoredService[];
  if (services.length !== group.rows.length) return 'service';
  for (const row of group.rows) {
    const s = services.find((candidate) => candidate.service_key === row.service.serviceKey);
    if (!s) return 'service';
    if (s.outcome !== row.service.outcome) return 'outcome';
    if (s.failure_reason !== row.service.failureReason) return 'failure_reason';
    if (canonicalJson(JSON.parse(s.detail_json)) !== canonicalJson(row.service.detail)) return 'detail';
    if (s.service_key === 'digital_signature') {
      if ((row.service.reviewStatus ?? 'pending') !== (s.review_status ?? 'pending')) return 'review_status';
      if (row.service.reviewReason !== null && row.service.reviewReason !== s.review_reason) return 'review_reason';
    }
  }
  return null;
}
