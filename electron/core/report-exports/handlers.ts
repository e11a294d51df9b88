import type { Role } from '../../../shared/roles';
import { PRINT_DAYS_MAX, type QueueFigures, type TallyMonth } from '../../../shared/api/report-exports';
import type { Tally } from '../../../shared/api/reports';
import { vnDayOf } from '../../../shared/domain/vnday';
import type { HandlerMap } from '../api/handlers-type';
import type { CoreContext, Session } from '../context';
import { actorOf } from '../context';
import { appendAudit, auditHead } from '../audit/audit';
import { seesIdentity } from '../privacy/identity';
import { fail } from '../errors';
import { getSetting } from '../settings/settings';
import { computeTally } from '../reports/counting';
import { clearRoster, importRoster, rosterProgressByAgency, rosterSize, unregisteredOfficials } from '../roster/roster';
import { readTableFile } from '../roster/table-file';
import { writeReportCsv, writeReportXlsx, type ServiceName } from './report-file';
import { countDetailRows } from './rows';
import { WorkerStartError, exportProgress, runExportInWorker, setProgress, type ExportJob } from './run-export';

// Issue #8: the head's reports. Reads come from the counting engine (reports/counting.ts); every
// print, PDF, export and view of the roster's names is audited (who, which range, which file).

function serviceNames(ctx: CoreContext): { key: string; nameVi: string; nameEn: string }[] {
  return ctx.sqlite.prepare('SELECT key, name_vi AS nameVi, name_en AS nameEn FROM services ORDER BY sort_order, key').all() as {
    key: string;
    nameVi: string;
    nameEn: string;
  }[];
}

function queueToday(ctx: CoreContext, day: string): QueueFigures {
  const rows = ctx.sqlite.prepare('SELECT state, count(*) AS n FROM queue_tickets WHERE day = ? GROUP BY state').all(day) as { state: string; n: number }[];
  const of = (...states: string[]) => rows.filter((r) => states.includes(r.state)).reduce((sum, r) => sum + r.n, 0);
  return { issued: of('waiting', 'called', 'serving', 'done', 'no_show', 'cancelled', 'expired'), waiting: of('waiting', 'called'), served: of('serving', 'done'), noShow: of('no_show') };
}

/** The centre head printed under "GIÁM ĐỐC": the earliest active account holding the head role. */
function directorName(ctx: CoreContext): string {
  const rows = ctx.sqlite.prepare("SELECT full_name AS fullName, roles_json AS roles FROM users WHERE is_active = 1 ORDER BY created_at, username").all() as { fullName: string; roles: string }[];
  return rows.find((row) => (JSON.parse(row.roles) as Role[]).includes('head'))?.fullName ?? '';
}

/** A long range by month: each month's own tally (distinct persons within the month), cut to the range. */
function monthsOf(ctx: CoreContext, tally: Tally): TallyMonth[] {
  const months: TallyMonth[] = [];
  for (const day of tally.days) {
    const month = day.date.slice(0, 7);
    if (months.at(-1)?.month === month) continue;
    const last = tally.days.filter((d) => d.date.startsWith(month)).at(-1)!.date;
    const part = computeTally(ctx, day.date, last);
    months.push({
      month,
      visits: part.visits,
      persons: part.persons,
      completed: Object.values(part.services).reduce((n, c) => n + c.completed, 0),
      target7: part.target7.count,
      target8a: part.target8a.count,
      target8b: part.target8b.count,
    });
  }
  return months;
}

function rosterSummary(ctx: CoreContext) {
  return { size: rosterSize(ctx), agencies: rosterProgressByAgency(ctx) };
}

/** Issue #8 / #17: CCCD and phone in the export are full only for a role that sees identity. */
const seesUnmasked = (roles: readonly Role[] | undefined): boolean => seesIdentity(roles);

export function reportFileName(from: string, to: string, extension: string, table?: string): string {
  const range = from === to ? from : `${from}_${to}`;
  return `bao-cao-${range}${table && table !== 'summary' ? `-${table}` : ''}.${extension}`;
}

function auditOnce(ctx: CoreContext, session: Session, action: string, summary: Record<string, unknown>): void {
  ctx.sqlite.transaction(() => appendAudit(ctx, actorOf(session), { action, entity: 'report', summary })).immediate();
}

export const reportExportHandlers: HandlerMap<
  | 'reports.dashboard' | 'reports.printData' | 'reports.savePdf' | 'reports.export' | 'reports.exportProgress' | 'roster.summary' | 'roster.import' | 'roster.clear' | 'roster.unregistered'
> = {
  'reports.dashboard': ({ core }, input) => {
    const today = vnDayOf(core.now().toISOString());
    return {
      today,
      todayTally: computeTally(core, today, today),
      period: computeTally(core, input.from, input.to),
      queueToday: queueToday(core, today),
      roster: rosterSummary(core),
    };
  },

  'reports.printData': ({ core, session }, input) => {
    const tally = computeTally(core, input.from, input.to);
    // The print is logged first, so the head printed on the paper includes the print itself.
    auditOnce(core, session, 'report.print', { from: input.from, to: input.to });
    const head = auditHead(core);
    return {
      tally,
      centerName: getSetting(core, 'center.name'),
      ward: getSetting(core, 'center.ward'),
      auditHead: { seq: head.seq, short: head.short },
      printedBy: session.user?.fullName ?? '',
      directorName: directorName(core),
      months: tally.days.length > PRINT_DAYS_MAX ? monthsOf(core, tally) : null,
      printedAt: core.now().toISOString(),
      serviceNames: serviceNames(core),
    };
  },

  // Electron's main does the printing after this call succeeds (electron/main/print.ts).
  'reports.savePdf': ({ core, session }, input) => {
    auditOnce(core, session, 'report.pdf', { from: input.from, to: input.to, fileName: input.fileName });
    return { saved: false, fileName: input.fileName };
  },

  'reports.export': async ({ core, session }, input) => {
    const tally = computeTally(core, input.from, input.to);
    const services: ServiceName[] = serviceNames(core);
    const masking = { unmasked: seesUnmasked(session.user?.roles) };
    // STYLE.md: large exports run in a worker and report progress (run-export.ts).
    const job: ExportJob = { dbFile: core.dbFile, dbKeyHex: core.keyring.secrets().dbKey, nativeBinding: core.nativeBinding, tally, services, masking, format: input.format, table: input.table, separator: input.separator };
    const total = countDetailRows(core.sqlite, input.from, input.to);
    const written = await runExportInWorker(job, input.jobId ?? null, total).catch(async (error: unknown) => {
      // A worker that cannot start at all (e.g. a packaging that cannot load its file) must not
      // take exports away from the head: the same writer runs here instead, slower but complete.
      if (!(error instanceof WorkerStartError)) throw error;
      const jobId = input.jobId ?? null;
      const onProgress = (rows: number) => setProgress(jobId, { rows, total, done: false });
      const local = { sqlite: core.sqlite, tally, services, masking, onProgress };
      const file = input.format === 'xlsx' ? await writeReportXlsx(local) : writeReportCsv(local, input.table, input.separator);
      setProgress(jobId, { rows: file.rows, total, done: true });
      return file;
    });
    const file =
      input.format === 'xlsx'
        ? { ...written, fileName: reportFileName(input.from, input.to, 'xlsx'), mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }
        : { ...written, fileName: reportFileName(input.from, input.to, 'csv', input.table), mimeType: 'text/csv;charset=utf-8' };
    auditOnce(core, session, 'report.export', {
      from: input.from,
      to: input.to,
      format: input.format,
      ...(input.format === 'csv' ? { table: input.table, separator: input.separator } : {}),
      fileName: file.fileName,
      rows: file.rows,
      masked: !masking.unmasked,
    });
    return { fileName: file.fileName, mimeType: file.mimeType, contentBase64: file.bytes.toString('base64'), rows: file.rows };
  },

  'reports.exportProgress': (_ctx, input) => exportProgress(input.jobId),

  'roster.summary': ({ core }) => rosterSummary(core),

  'roster.import': async ({ core, session }, input) => {
    const table = await readTableFile(input.fileName, Buffer.from(input.contentBase64, 'base64'));
    if (table === null) return fail('invalid_input', { fields: [{ path: 'fileName', code: 'unsupported_file' }] });
    return importRoster(core, actorOf(session), input.fileName, table);
  },

  'roster.clear': ({ core, session }) => {
    clearRoster(core, actorOf(session));
    return rosterSummary(core);
  },

  'roster.unregistered': ({ core, session }, input) => {
    const officials = unregisteredOfficials(core, input.agency);
    // A list of names leaves the screen on paper: audited like a print.
    auditOnce(core, session, 'roster.unregistered.print', { agency: input.agency, count: officials.length });
    return { officials };
  },
};
