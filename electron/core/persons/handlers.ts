import { can } from '../../../shared/roles';
import { maskCccd } from '../../../shared/domain/cccd';
import type { HandlerMap } from '../api/handlers-type';
import { actorOf } from '../context';
import { appendAudit } from '../audit/audit';
import { fail } from '../errors';
import type { PersonsTable } from '../db/schema';
import { personView } from './view';
import { isDigitLookup, searchPersons } from './search';
import { countDigitSearch } from './search-limit';

export const personHandlers: HandlerMap<'persons.search' | 'persons.get'> = {
  // Masked for staff, full for the head (persons.unmasked). Issue #17 Medium 5: a list with full
  // numbers is an unmasked view, so the head's search is audited (the result count and person ids,
  // no personal data). A read-only database cannot be audited: there the list stays masked.
  'persons.search': ({ core, session }, input) => {
    const unmasked = can(session.user?.roles, 'persons.unmasked') && !core.sqlite.readonly;
    // Issue #17 High 1: a number lookup is rate-limited per user (persons/search-limit.ts).
    if (isDigitLookup(input.query, !unmasked)) countDigitSearch(core.sqlite, session.user?.id ?? 'anonymous', Date.now());
    const rows = searchPersons(core, input.query, { masked: !unmasked });
    const shown = rows.filter((row) => row.cccd || row.phone);
    if (unmasked && shown.length > 0) {
      core.sqlite
        .transaction(() =>
          appendAudit(core, actorOf(session), {
            action: 'persons.search_unmasked',
            entity: 'person',
            entityId: null,
            summary: { kind: isDigitLookup(input.query, false) ? 'number' : 'name', results: shown.length, personIds: shown.map((row) => row.id) },
          }),
        )
        .immediate();
    }
    return rows.map((row) => personView(row, unmasked));
  },

  'persons.get': ({ core, session }, input) => {
    const row = core.sqlite.prepare('SELECT * FROM persons WHERE id = ?').get(input.personId) as PersonsTable | undefined;
    if (!row) return fail('not_found');
    const unmasked = can(session.user?.roles, 'persons.unmasked');
    // DOMAIN.md: every view of an unmasked record goes to the audit log.
    if (unmasked && (row.cccd || row.phone)) {
      core.sqlite
        .transaction(() =>
          appendAudit(core, actorOf(session), { action: 'person.view_unmasked', entity: 'person', entityId: row.id, summary: { cccd: row.cccd ? maskCccd(row.cccd) : null } }),
        )
        .immediate();
    }
    return personView(row, unmasked);
  },
};
