import { randomUUID } from 'node:crypto';
import { validateCccd, maskCccd } from '../../../shared/domain/cccd';
import { foldName, normalizeText } from '../../../shared/domain/fold';
import type { Actor, CoreContext } from '../context';
import { appendAudit } from '../audit/audit';
import { personKeyOf } from '../persons/person-key';
import { vnDayOf } from '../../../shared/domain/vnday';

// The officials roster for target 8a (issue #8, DOMAIN.md "Goals": the number of officials is a
// setting, or the size of the officials roster when one is loaded). An import replaces the whole
// list; a person is matched to the desk's records by person key, so CCCD digits are only needed to
// compute the key and to show (masked) on the printed "not yet registered" list.

export type RosterRowError = { row: number; code: 'name_required' | 'agency_required' | 'cccd_invalid' | 'cccd_duplicate' };
export type RosterParseResult = { rows: { fullName: string; cccd: string | null; agency: string }[]; errors: RosterRowError[]; headerFound: boolean };

const NAME_HEADERS = ['ho va ten', 'ho ten', 'ten', 'name', 'full name', 'fullname'];
const AGENCY_HEADERS = ['co quan', 'don vi', 'co quan/don vi', 'co quan, don vi', 'agency', 'noi cong tac'];

function headerIndex(folded: string[], wanted: (cell: string) => boolean): number {
  return folded.findIndex(wanted);
}

/** Finds the header row (within the first 10 rows) and reads name, CCCD and agency columns. */
export function parseRosterRows(table: string[][], today: string): RosterParseResult {
  const rows: RosterParseResult['rows'] = [];
  const errors: RosterRowError[] = [];
  let headerRow = -1;
  let nameCol = -1;
  let cccdCol = -1;
  let agencyCol = -1;
  for (let r = 0; r < Math.min(table.length, 10); r += 1) {
    const folded = (table[r] ?? []).map((cell) => foldName(cell).replace(/\s+/g, ' ').trim());
    const n = headerIndex(folded, (c) => NAME_HEADERS.includes(c));
    const a = headerIndex(folded, (c) => AGENCY_HEADERS.includes(c) || c.startsWith('co quan') || c.startsWith('don vi'));
    if (n >= 0 && a >= 0) {
      headerRow = r;
      nameCol = n;
      agencyCol = a;
      cccdCol = headerIndex(folded, (c) => c.includes('cccd') || c.includes('can cuoc') || c.includes('dinh danh'));
      break;
    }
  }
  if (headerRow < 0) return { rows, errors, headerFound: false };
  const seen = new Set<string>();
  for (let r = headerRow + 1; r < table.length; r += 1) {
    const cells = table[r] ?? [];
    const rowNumber = r + 1; // as the spreadsheet shows it
    const fullName = normalizeText(cells[nameCol] ?? '');
    const agency = normalizeText(cells[agencyCol] ?? '');
    const rawCccd = cccdCol >= 0 ? (cells[cccdCol] ?? '').trim() : '';
    if (!fullName && !agency && !rawCccd) continue;
    if (!fullName) errors.push({ row: rowNumber, code: 'name_required' });
    if (!agency) errors.push({ row: rowNumber, code: 'agency_required' });
    let cccd: string | null = null;
    if (rawCccd) {
      // DOMAIN.md: in imports an 11-digit number is an Excel-stripped leading zero, padded back.
      const checked = validateCccd(rawCccd, { visitDay: today, importMode: true });
      if (!checked.ok) errors.push({ row: rowNumber, code: 'cccd_invalid' });
      else if (seen.has(checked.value.cccd)) errors.push({ row: rowNumber, code: 'cccd_duplicate' });
      else {
        cccd = checked.value.cccd;
        seen.add(cccd);
      }
    }
    if (fullName && agency) rows.push({ fullName, cccd, agency });
  }
  return { rows, errors, headerFound: true };
}

export type RosterImportResult = { imported: number; agencies: number; errors: RosterRowError[]; headerFound: boolean };

/** Replaces the roster with the file's rows, all or nothing: any row error imports nothing. */
export function importRoster(ctx: CoreContext, actor: Actor, fileName: string, table: string[][]): RosterImportResult {
  const parsed = parseRosterRows(table, vnDayOf(ctx.now().toISOString()));
  const agencies = new Set(parsed.rows.map((row) => row.agency)).size;
  if (!parsed.headerFound || parsed.errors.length > 0 || parsed.rows.length === 0) {
    return { imported: 0, agencies: 0, errors: parsed.errors, headerFound: parsed.headerFound };
  }
  const now = ctx.now().toISOString();
  ctx.sqlite.transaction(() => {
    const before = rosterSize(ctx);
    ctx.sqlite.prepare('DELETE FROM officials_roster').run();
    const insert = ctx.sqlite.prepare(
      'INSERT INTO officials_roster (id, full_name, cccd, person_key, agency, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const row of parsed.rows) {
      insert.run(randomUUID(), row.fullName, row.cccd, row.cccd ? personKeyOf(ctx, row.cccd) : null, row.agency, now);
    }
    appendAudit(ctx, actor, {
      action: 'roster.import',
      entity: 'officials_roster',
      summary: { fileName, before, after: parsed.rows.length, agencies },
    });
  }).immediate();
  return { imported: parsed.rows.length, agencies, errors: [], headerFound: true };
}

export function clearRoster(ctx: CoreContext, actor: Actor): void {
  ctx.sqlite.transaction(() => {
    const before = rosterSize(ctx);
    ctx.sqlite.prepare('DELETE FROM officials_roster').run();
    appendAudit(ctx, actor, { action: 'roster.clear', entity: 'officials_roster', summary: { before } });
  }).immediate();
}

/** Number of officials on the roster; 0 when none is loaded. */
export function rosterSize(ctx: Pick<CoreContext, 'sqlite'>): number {
  return (ctx.sqlite.prepare('SELECT count(*) AS n FROM officials_roster').get() as { n: number }).n;
}

// DOMAIN.md "Targets": an eligible 8a record is a completed, non-voided digital-signature record
// with a person key, not rejected by the police, of a person whose category on that visit was
// `official`. Over all data: registered once means registered.
const ELIGIBLE_8A_KEYS = `
  SELECT DISTINCT person_key FROM service_records
  WHERE service_key = 'digital_signature' AND outcome = 'completed' AND is_voided = 0
    AND person_key IS NOT NULL AND (review_status IS NULL OR review_status <> 'rejected')
    AND category_snapshot = 'official'`;

export type AgencyProgress = { agency: string; total: number; registered: number };

/** Roster officials per agency and how many of them have an eligible 8a record. */
export function rosterProgressByAgency(ctx: Pick<CoreContext, 'sqlite'>): AgencyProgress[] {
  const rows = ctx.sqlite
    .prepare(
      `SELECT r.agency AS agency, count(*) AS total,
              sum(CASE WHEN r.person_key IN (${ELIGIBLE_8A_KEYS}) THEN 1 ELSE 0 END) AS registered
       FROM officials_roster r GROUP BY r.agency`,
    )
    .all() as AgencyProgress[];
  // Vietnamese alphabetical order (SQLite's NOCASE knows only ASCII).
  const collator = new Intl.Collator('vi');
  return rows.sort((a, b) => collator.compare(a.agency, b.agency));
}

export type UnregisteredOfficial = { fullName: string; cccdMasked: string | null; agency: string };

/** Roster officials without an eligible 8a record, by agency then name (the printable list). */
export function unregisteredOfficials(ctx: Pick<CoreContext, 'sqlite'>, agency: string | null): UnregisteredOfficial[] {
  const rows = ctx.sqlite
    .prepare(
      `SELECT full_name, cccd, agency FROM officials_roster
       WHERE (person_key IS NULL OR person_key NOT IN (${ELIGIBLE_8A_KEYS}))
         AND (@agency IS NULL OR agency = @agency)`,
    )
    .all({ agency }) as { full_name: string; cccd: string | null; agency: string }[];
  const collator = new Intl.Collator('vi');
  return rows
    .map((row) => ({ fullName: row.full_name, cccdMasked: row.cccd ? maskCccd(row.cccd) : null, agency: row.agency }))
    .sort((a, b) => collator.compare(a.agency, b.agency) || collator.compare(a.fullName, b.fullName));
}
