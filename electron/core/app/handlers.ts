import { SETTINGS, isSettingKey } from '../../../shared/settings';
import { can } from '../../../shared/roles';
import type { Language } from '../../../shared/api/app';
import type { HandlerMap } from '../api/handlers-type';
import type { CoreContext } from '../context';
import { actorOf } from '../context';
import { fail } from '../errors';
import { countUsers } from '../accounts/users';
import { getAllSettings, getSetting, writeSetting } from '../settings/settings';

// The UI language belongs to the PC (chosen before anyone signs in), so it is kept apart from
// the role-owned settings and is not audited: it holds no personal data and changes no record.
const LANGUAGE_KEY = 'ui.language';

export function getLanguage(core: CoreContext): Language {
  const row = core.sqlite.prepare('SELECT value_json FROM settings WHERE key = ?').get(LANGUAGE_KEY) as { value_json: string } | undefined;
  return row?.value_json === '"en"' ? 'en' : 'vi';
}

export const appHandlers: HandlerMap<'app.info' | 'app.setLanguage' | 'settings.get' | 'settings.update'> = {
  'app.info': ({ core }) => ({
    appName: 'Bàn Hỗ Trợ Số',
    version: core.appVersion,
    centerName: getSetting(core, 'center.name'),
    ward: getSetting(core, 'center.ward'),
    language: getLanguage(core),
    needsSetup: countUsers(core.sqlite) === 0,
  }),

  'app.setLanguage': ({ core }, input) => {
    core.sqlite
      .prepare(
        `INSERT INTO settings (key, value_json, updated_at, updated_by) VALUES (?, ?, ?, NULL)
         ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
      )
      .run(LANGUAGE_KEY, JSON.stringify(input.language), core.now().toISOString());
    return { language: input.language };
  },

  'settings.get': ({ core }) => getAllSettings(core),

  'settings.update': ({ core, session }, input) => {
    if (!isSettingKey(input.key)) return fail('invalid_input');
    // Issue #3: settings belong to roles; the owner permission is checked here, per key.
    if (!can(session.user?.roles, SETTINGS[input.key].owner)) fail('forbidden');
    core.sqlite.transaction(() => writeSetting(core, actorOf(session), input.key as never, input.value)).immediate();
    return getAllSettings(core);
  },
};
