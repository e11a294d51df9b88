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
  // Masked for staff, full for the head (persons.unmasked). A list for picking is not "opening a
  // record"; opening one with persons.get is what the audit log records.
  'persons.search': ({ core, session }, input) => {
    const unmasked = can(session.user?.roles, 'persons.unmasked');
    // Issue #17 High 1: a number lookup is rate-limited per user (persons/search-limit.ts).
    if (isDigitLookup(input.query, !unmasked)) countDigitSearch(core.sqlite, session.user?.id ?? 'anonymous', Date.now());
    return searchPersons(core, input.query, { masked: !unmasked }).map((row) => personView(row, unmasked));
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
