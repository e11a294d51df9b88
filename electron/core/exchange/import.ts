import { vnDayOf, addDays } from '../../../shared/domain/vnday';
import { MAX_RANGE_DAYS, type ImportError, type ImportReport } from '../../../shared/api/reports';
import type { Actor, CoreContext } from '../context';
import { appendAudit } from '../audit/audit';
import { AppError } from '../errors';
import { personKeyOf } from '../persons/person-key';
import {
  checkVisit, insertCheckedVisit, newPersonCache, normalizePerson, readServiceKeys, visitIsStored, type PersonCache, type VisitWrite,
} from '../visits/write';
import { computeTally } from '../reports/counting';
import { planBulkLoad, runBulkLoad, storedServiceRecords, worthBulkLoad } from './bulk-load';
import { createHash } from 'node:crypto';
import type { WardMapping } from '../../../shared/api/ward';
import { readXlsx, readXlsxSheets } from './xlsx';
import { readWard, type Sheet, type WardTable } from './ward';
import { changesSince, dropAppLoggedDuplicates, snapshotCounts } from './import-effects';
import { COLUMNS, canonicalJson, cellText, type Column } from './format';
import { contentId, csvTable, parseRows, readHeader, serviceResolver, type Group, type ImportSummary, type ServiceName, type SourceRow, type Table } from './rows';
import { ParserStop, startParser } from './parser';
import { resolveStaff, type StaffResolver } from './staff';
import { checkImportFile } from './limits';

export { contentId };

// Issue #7 point 4: the import. Every visit goes through visits/write.ts (the one write path:
// checkVisit = the same validation as the form, insertCheckedVisit = person upsert by key, counting
// facts). The whole file is ONE transaction: a crash or power cut midway leaves the database as it
// was (SQLite's WAL never makes a half transaction visible). A preview runs the same transaction and
// rolls it back.
//
// Issue #10 (100k rows in < 10 s): rows are parsed one at a time from the text (rows.ts); a visit
// is checked completely before anything of it is written, so no savepoint per visit is needed (a
// savepoint copied every page a visit touched to the sub-journal: half the import's time); a load
// large next to what is stored sets the secondary indexes and counting triggers aside and rebuilds
// them once at the end, inside the same transaction (bulk-load.ts); and a large .csv is read and
// checked in a worker thread while this thread writes the visits it has handed over (parser.ts).

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
  /** Tests only: force (true) or forbid (false) reading in a worker thread; by default a large .csv is. */
  parseInWorker?: boolean;
  /** Tests only: told how the file was read in the end ('worker', or 'in-process' after a worker attempt and why). */
  onReadPath?: (path: 'worker' | 'in-process', reason?: string) => void;
  /** Issue #16: a ward log's mapping (its guesses where absent); a file not in the data format is read as a ward log. */
  mapping?: WardMapping;
  /** Issue #16: import rows that match a visit the app logged (same CCCD, service and day). */
  keepDuplicates?: boolean;
};

/** DOMAIN.md "Personal data": a ward log has no consent column; its one legal basis, unless the mapping names another. */
export const DEFAULT_LEGAL_BASIS = 'Sổ theo dõi của trung tâm';

const isXlsx = (fileName: string, bytes: Uint8Array) =>
  (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) || /\.xlsx$/i.test(fileName);

async function readTable(fileName: string, bytes: Uint8Array): Promise<Table | null> {
  if (!isXlsx(fileName, bytes)) return csvTable(bytes);
  const rows = (await readXlsx(bytes))[Symbol.iterator]();
  const header = rows.next();
  return header.done ? null : { header: header.value, rows };
}

/** Lines of a text file: at least its rows (a quoted cell may hold line breaks), counted without decoding. */
function lineCount(bytes: Uint8Array): number {
  let lines = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) lines += 1;
  return bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a ? lines + 1 : lines;
}

/**
 * Reading in a worker pays when the rows are many and the visits mostly new: the bulk decision is
 * then taken before the visits are known, from the file's size (groups are written while later
 * rows are still being read), and checked at the end.
 */
function worthParserThread(estimatedRecords: number, storedRecords: number): boolean {
  return estimatedRecords >= 2_000 && estimatedRecords >= 2 * storedRecords;
}

const newReport = (options: ImportOptions): ImportReport => ({
  fileName: options.fileName, rows: 0, imported: 0, skipped: 0, refused: 0, errors: [], committed: false, newStaff: [], tally: null,
});

const readServices = (ctx: CoreContext) => ctx.sqlite.prepare('SELECT key, name_vi, name_en FROM services').all() as ServiceName[];

export async function importData(ctx: CoreContext, actor: Actor, options: ImportOptions): Promise<ImportReport> {
  // Issue #17 Medium 7: size, archive, line length and encoding, before anything reads the file.
  checkImportFile(options.fileName, options.bytes);
  if (options.parseInWorker !== false && !options.mapping && !isXlsx(options.fileName, options.bytes)) {
    const estimate = Math.max(0, lineCount(options.bytes) - 1);
    if (options.parseInWorker === true || worthParserThread(estimate, storedServiceRecords(ctx.sqlite))) {
      const report = await importWithParserThread(ctx, actor, options, estimate);
      if (report) return report;
    }
  }
  return importInProcess(ctx, actor, options);
}

async function importInProcess(ctx: CoreContext, actor: Actor, options: ImportOptions): Promise<ImportReport> {
  const report = newReport(options);
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
  const header = readHeader(table.header);
  let columnAt = header.columnAt;
  let ward: WardTable | null = null;
  // Not the data format (or a mapping given): a ward's own log (issue #16, ward.ts). A header
  // with the format's English keys is the app's own format, refused as such when wrong.
  const englishKeys = table.header.cells.some((cell) => (COLUMNS as readonly string[]).includes(cellText(cell)));
  if ((header.errors.length > 0 && !englishKeys) || options.mapping) {
    let sheets: Sheet[];
    try {
      sheets = isXlsx(options.fileName, options.bytes) ? await readXlsxSheets(options.bytes) : [{ name: options.fileName, rows: allRows(table) }];
    } catch {
      report.errors.push({ line: 1, column: '', reason: 'unreadable_file' });
      return report;
    }
    const read = readWard(sheets, readServices(ctx), options.mapping ?? null);
    report.detection = read.detection;
    report.legalBasis = options.mapping?.legalBasis ?? DEFAULT_LEGAL_BASIS;
    // A header that cannot be trusted (or lost digits) refuses the file whatever --skip-invalid says.
    if (!read.ok) {
      report.errors.push(...read.errors);
      return report;
    }
    ward = read.ward;
    table = ward.table;
    columnAt = ward.columnAt;
  } else if (header.errors.length > 0) {
    // A header that cannot be trusted refuses the file whatever --skip-invalid says.
    report.errors.push(...header.errors);
    for (let row = table.rows.next(); !row.done; row = table.rows.next()) report.rows += 1;
    return report;
  }
  const parsed = parseRows(table, columnAt, { serviceKeyOf: serviceResolver(readServices(ctx)), now: ctx.now().getTime() });
  if (ward) {
    parsed.rowErrors.push(...ward.rowErrors.map((e) => ({ ...e, line: -e.line })));
    parsed.refusedWithoutGroup += new Set(ward.rowErrors.map((e) => `${e.sheet}|${e.line}`)).size;
  }
  const { groups } = parsed;
  let given = false;
  const feed: GroupFeed = {
    known: groups,
    next: () => {
      if (given) return null;
      given = true;
      return groups;
    },
    summary: () => parsed,
  };
  writeVisits(ctx, actor, options, report, feed, ward !== null);
  if (ward) placeWardErrors(report, ward);
  return report;
}

function allRows(table: Table): SourceRow[] {
  const rows = [table.header];
  for (let row = table.rows.next(); !row.done; row = table.rows.next()) rows.push(row.value);
  return rows;
}

/** A ward log's errors named by its sheet, line and header (the canonical rows' lines are the importer's own). */
function placeWardErrors(report: ImportReport, ward: WardTable): void {
  const place = (e: ImportError): ImportError => {
    // Negative: already the file's own line (errors of ward.ts).
    if (e.line < 0) return { ...e, line: -e.line };
    const at = ward.placeOf(e.line, e.column);
    return { ...e, line: at.line, column: at.column, ...(at.sheet ? { sheet: at.sheet } : {}) };
  };
  report.errors = report.errors.map(place);
  if (report.duplicates) report.duplicates = report.duplicates.map(place);
  if (report.changes) {
    report.changes.shiftedPersons = report.changes.shiftedPersons.map((person) => {
      const at = ward.placeOf(person.line, '');
      return { ...person, line: at.line, ...(at.sheet ? { sheet: at.sheet } : {}) };
    });
  }
  report.rows = ward.dataRows;
  report.errors.sort((a, b) => (a.sheet ?? '').localeCompare(b.sheet ?? '') || a.line - b.line || a.column.localeCompare(b.column));
}

/**
 * The same import with the file read and checked in a worker thread (parser.ts) and its visits
 * written here as they are handed over. Null when it could not be done that way (no worker, a
 * file whose header refuses it, rows of one visit far apart, a bulk decision the visits did not
 * confirm): nothing was written, and the caller imports in-process.
 */
async function importWithParserThread(ctx: CoreContext, actor: Actor, options: ImportOptions, estimate: number): Promise<ImportReport | null> {
  const parser = await startParser({ bytes: options.bytes, services: readServices(ctx), now: ctx.now().getTime(), personKeySecret: ctx.personKeySecret });
  if (!parser) {
    options.onReadPath?.('in-process', 'no parser thread');
    return null;
  }
  try {
    const report = newReport(options);
    writeVisits(ctx, actor, options, report, { known: null, estimatedRecords: estimate, next: parser.next, summary: parser.summary });
    options.onReadPath?.('worker');
    return report;
  } catch (error) {
    if (error instanceof StartAgain || error instanceof ParserStop) {
      options.onReadPath?.('in-process', error instanceof StartAgain ? 'bulk decision not confirmed' : error.message);
      return null;
    }
    throw error;
  } finally {
    parser.close();
  }
}

/** The visits to write, in file order: all at once (in-process) or in batches as the parser hands them over. */
type GroupFeed = {
  /** Every visit of the file, when known before writing (the bulk decision is then exact). */
  known: Group[] | null;
  /** With `known` null: service records the file may hold, for the bulk decision. */
  estimatedRecords?: number;
  /** The next visits, null at the end; throws StartAgain when the reading stopped at a conflict. */
  next: () => Group[] | null;
  /** After the last visit: rows read, their errors, refused visits without a group. */
  summary: () => ImportSummary;
};

/** Thrown inside the transaction (so it rolls back) when the threaded import must start again in-process. */
export class StartAgain extends Error {}

class Rollback extends Error {}

function writeVisits(ctx: CoreContext, actor: Actor, options: ImportOptions, report: ImportReport, feed: GroupFeed, isWardLog = false): void {
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
        let incomingUpFront = feed.estimatedRecords ?? 0;
        const storedBefore = new Set<string>();
        // Into a database without visits (the usual large import), no visit is stored before: no query per visit.
        const noVisitsBefore = ctx.sqlite.prepare('SELECT 1 FROM visits LIMIT 1').get() === undefined;
        if (feed.known) {
          for (const group of feed.known) {
            if (group.bad) continue;
            if (!noVisitsBefore && visitIsStored(ctx, group.visitId)) storedBefore.add(group.visitId);
            else incomingUpFront += group.rows.length;
          }
        }
        const storedRecords = storedServiceRecords(ctx.sqlite);
        // Issue #16: the import's id on every visit it writes (rowids above this one), and what it changes in the counts.
        const rowidBefore = (ctx.sqlite.prepare('SELECT coalesce(max(rowid), 0) AS n FROM visits').get() as { n: number }).n;
        const countsBefore = feed.known && isWardLog ? snapshotCounts(ctx, feed.known) : null;
        const duplicates: ImportError[] = [];
        const wanted = options.bulkLoad ?? worthBulkLoad(incomingUpFront, storedRecords);
        // Ids written by this import so far: with storedBefore, what visitIsStored would say now.
        const written = new Set<string>();
        const plan = wanted ? planBulkLoad(ctx.sqlite) : null;
        // A bulk load also finds persons without a query per visit (write.ts PersonCache).
        const personCache = plan ? newPersonCache(ctx) : undefined;
        // Visits already stored are compared with the file's content; during a bulk load (indexes
        // aside) after it, which changes nothing: the comparison reads only what was stored before
        // or written earlier from this file.
        const writeErrors: ImportError[] = [];
        const compareLater: Group[] = [];
        const compare = (group: Group) => {
          const changed = changedColumn(ctx, group, staff);
          if (changed) {
            writeErrors.push({ line: group.rows[0]!.line, column: changed, reason: 'changed_content' });
            report.refused += 1;
          } else report.skipped += 1;
        };
        let incoming = 0;
        let done = 0;
        // Progress in rows of the file (what the page's bar shows): all of them known, or the file's line count.
        let rowsDone = 0;
        const rowsInFile = feed.known ? feed.known.reduce((sum, group) => sum + group.rows.length, 0) : (feed.estimatedRecords ?? 0);
        const total = () => Math.max(rowsDone, rowsInFile);
        // Often enough for a bar that moves on a small file (about every 1 % of its rows), at most every 200 visits; the sink throttles.
        const progressEvery = Math.max(1, Math.min(200, Math.floor(rowsInFile / 100)));
        if (rowsInFile > 0) options.onProgress?.(0, rowsInFile);
        const writeAll = () => {
          for (let batch = feed.next(); batch; batch = feed.next()) {
            for (const group of batch) {
              done += 1;
              rowsDone += group.rows.length;
              if (options.onProgress && done % progressEvery === 0) options.onProgress(rowsDone, total());
              if (group.bad) {
                report.refused += 1;
                continue;
              }
              if (isWardLog && !options.keepDuplicates) {
                dropAppLoggedDuplicates(ctx, group, duplicates);
                if (group.rows.length === 0) continue;
              }
              const isStored = feed.known ? storedBefore.has(group.visitId) : !noVisitsBefore && !written.has(group.visitId) && visitIsStored(ctx, group.visitId);
              if (!isStored) incoming += group.rows.length;
              if (isStored || written.has(group.visitId)) {
                if (plan) compareLater.push(group);
                else compare(group);
                continue;
              }
              if (personCache && group.personKey) personCache.keyOfCccd.set(group.personKey.cccd, group.personKey.key);
              const errors = importGroup(ctx, actor, group, staff, serviceKeys, personCache);
              if (errors.length > 0) {
                writeErrors.push(...errors);
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
          }
        };
        if (plan) runBulkLoad(ctx.sqlite, plan, writeAll, () => options.onProgress?.(rowsDone, total()));
        else writeAll();
        // Decided from the file's size: the visits must confirm it, or the import starts again in-process.
        if ((options.bulkLoad ?? worthBulkLoad(incoming, storedRecords)) !== wanted) throw new StartAgain();
        for (const group of compareLater) compare(group);
        const summary = feed.summary();
        report.rows = summary.rows;
        report.errors.push(...summary.rowErrors, ...summary.groupErrors, ...writeErrors);
        report.refused += summary.refusedWithoutGroup;
        options.onProgress?.(rowsDone, rowsDone);
        report.newStaff = staff.created();
        if (report.errors.length > 0 && !options.skipInvalid) {
          report.imported = 0;
          report.skipped = 0;
          report.newStaff = [];
          throw new Rollback();
        }
        if (isWardLog) report.duplicates = duplicates;
        if (countsBefore) report.changes = changesSince(ctx, countsBefore, report.imported);
        if (firstDay && lastDay && addDays(firstDay, MAX_RANGE_DAYS - 1) >= lastDay) report.tally = computeTally(ctx, firstDay, lastDay);
        if (!options.commit) throw new Rollback();
        let importIdWritten: string | null = null;
        if (report.imported > 0) {
          // From the file and the database's state: the same import into two equal databases gets the same id (whichever path read it).
          const importsBefore = (ctx.sqlite.prepare('SELECT count(*) AS n FROM imports').get() as { n: number }).n;
          const importId = contentId(`import|${options.fileName}|${createHash('sha256').update(options.bytes).digest('hex')}|${rowidBefore}|${importsBefore}`);
          importIdWritten = importId;
          const legalBasis = report.legalBasis ?? null;
          ctx.sqlite
            .prepare('INSERT INTO imports (id, file_name, legal_basis, visits, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)')
            .run(importId, options.fileName, legalBasis, report.imported, ctx.now().toISOString(), actor.id);
          // One statement for the whole import: the visits it wrote are the rows inserted after rowidBefore.
          ctx.sqlite.prepare('UPDATE visits SET import_id = ?, legal_basis = ? WHERE rowid > ?').run(importId, legalBasis, rowidBefore);
          // The data format's report stays as it was (the same whichever path read it); `cli imports` lists every import.
          if (isWardLog) report.importId = importId;
        }
        appendAudit(ctx, actor, {
          action: 'data.import',
          entity: 'file',
          entityId: options.fileName,
          summary: {
            rows: report.rows, imported: report.imported, skipped: report.skipped, refused: report.refused, errors: report.errors.length, newStaff: report.newStaff.length,
            importId: importIdWritten, duplicates: report.duplicates?.length ?? 0,
          },
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
}

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
      id: row.service.recordId ?? contentId(`${group.visitId}|${row.service.serviceKey}`),
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
