import { useTranslation } from 'react-i18next';
import { SETTINGS, type SettingKey } from '../../../../shared/settings';
import { useApp } from '../../app-context';
import { ErrorText } from '../../components/ErrorText';
import { useSettingsEditor } from './useSettingsEditor';

// Issue #2 point 6: the frame of Settings. Sections are filled by later issues; each field is
// editable only by the role that owns it (shared/settings.ts), and read-only for the others.
const SECTIONS: { id: string; keys: SettingKey[] }[] = [
  { id: 'center', keys: ['center.name', 'center.ward'] },
  { id: 'security', keys: ['security.idleMinutes'] },
  { id: 'desk', keys: ['desk.number', 'scanner.serialPort'] },
  { id: 'updates', keys: ['updates.serverUrl'] },
];

type ScalarKey = Exclude<SettingKey, 'targets.periods' | 'persons.neighbourhoods'>;

function isNumeric(key: SettingKey): boolean {
  const value = SETTINGS[key].default;
  return typeof value === 'number' || value === null;
}

export function GeneralSettings() {
  const { t } = useTranslation();
  const { can, refreshInfo } = useApp();
  const { values, drafts, setDraft, error, savedKey, save: saveValue } = useSettingsEditor();

  if (!values) return <p>{t('common.loading')}</p>;

  const save = async (key: ScalarKey) => {
    const raw = drafts[key] ?? String(values[key] ?? '');
    const value = isNumeric(key) ? (raw.trim() === '' ? null : Number(raw)) : raw;
    // The center's name shows in the header: refresh it after a change.
    if (await saveValue(key, value)) await refreshInfo();
  };

  return (
    <div className="settings">
      {SECTIONS.map((section) => {
        const editable = section.keys.some((key) => can(SETTINGS[key].owner));
        return (
          <section key={section.id} className="card settings-section" aria-labelledby={`settings-${section.id}`}>
            <h2 id={`settings-${section.id}`}>{t(`settings.sections.${section.id}`)}</h2>
            {!editable && <p className="muted">{t('settings.readOnlyNote')}</p>}
            {section.keys.map((key) => {
              const scalarKey = key as ScalarKey;
              const mayEdit = can(SETTINGS[key].owner);
              const current = values[scalarKey];
              const shown = drafts[key] ?? (current === null ? '' : String(current));
              const inputId = `setting-${key.replace('.', '-')}`;
              return (
                <div key={key} className="setting-row">
                  <label htmlFor={inputId}>{t(`settings.fields.${key.replace('.', '_')}`)}</label>
                  <input
                    id={inputId}
                    value={shown}
                    placeholder={current === null ? t('settings.notSet') : undefined}
                    inputMode={isNumeric(key) ? 'numeric' : undefined}
                    readOnly={!mayEdit}
                    onChange={(e) => setDraft(key, e.target.value)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' && mayEdit) void save(scalarKey);
                    }}
                  />
                  {mayEdit && (
                    <button type="button" className="button" onClick={() => void save(scalarKey)}>
                      {t('common.save')}
                    </button>
                  )}
                  {savedKey === key && <span className="ok-text" role="status">{t('settings.saved')}</span>}
                  {error?.key === key && <ErrorText error={error.error} />}
                </div>
              );
            })}
          </section>
        );
      })}
    </div>
  );
}
