import { useTranslation } from 'react-i18next';
import { SETTINGS, type SettingKey } from '../../../../shared/settings';
import { useApp } from '../../app-context';
import { ErrorText } from '../../components/ErrorText';
import { useSettingsEditor } from './useSettingsEditor';

// Issue #5: the queue's settings. Prefixes, recalls, rejoin time and the board's display belong
// to the admin (desk and devices); the list of priority reasons belongs to the head.

const DESK_FIELDS = [
  { key: 'queue.deskPrefix', label: 'deskPrefix', numeric: false },
  { key: 'queue.priorityPrefix', label: 'priorityPrefix', numeric: false },
  { key: 'queue.noShowAfterRecalls', label: 'noShowAfterRecalls', numeric: true },
  { key: 'queue.rejoinMinutes', label: 'rejoinMinutes', numeric: true },
  { key: 'queue.boardDisplay', label: 'boardDisplay', numeric: true },
] as const satisfies readonly { key: SettingKey; label: string; numeric: boolean }[];

export function QueueTab() {
  const { t } = useTranslation();
  const { can } = useApp();
  const { values, drafts, setDraft, error, savedKey, save } = useSettingsEditor();

  if (!values) return <p>{t('common.loading')}</p>;

  const status = (key: SettingKey) => (
    <>
      {savedKey === key && <span className="ok-text" role="status">{t('settingsQueue.saved')}</span>}
      {error?.key === key && <ErrorText error={error.error} />}
    </>
  );

  const reasonsKey = 'queue.priorityReasons' satisfies SettingKey;
  const mayEditReasons = can(SETTINGS[reasonsKey].owner);
  const reasonsText = drafts[reasonsKey] ?? values[reasonsKey].join('\n');

  return (
    <div className="settings settings-columns">
      <section className="card settings-section" aria-labelledby="settings-queue-desk">
        <h2 id="settings-queue-desk">{t('settingsQueue.deskTitle')}</h2>
        {!can('settings.admin') && <p className="muted">{t('settings.readOnlyNote')}</p>}
        {DESK_FIELDS.map(({ key, label, numeric }) => {
          const mayEdit = can(SETTINGS[key].owner);
          const inputId = `setting-${key.replace('.', '-')}`;
          const submit = () => {
            const raw = (drafts[key] ?? String(values[key])).trim();
            void save(key, numeric ? Number(raw) : raw.toUpperCase());
          };
          return (
            <div key={key} className="setting-row">
              <label htmlFor={inputId}>{t(`settingsQueue.${label}`)}</label>
              <input
                id={inputId}
                value={drafts[key] ?? String(values[key])}
                inputMode={numeric ? 'numeric' : undefined}
                readOnly={!mayEdit}
                onChange={(e) => setDraft(key, e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && mayEdit) submit();
                }}
              />
              {mayEdit && (
                <button type="button" className="button" onClick={submit}>
                  {t('common.save')}
                </button>
              )}
              {status(key)}
            </div>
          );
        })}
      </section>

      <section className="card settings-section" aria-labelledby="settings-queue-reasons">
        <h2 id="settings-queue-reasons">{t('settingsQueue.reasonsTitle')}</h2>
        {!mayEditReasons && <p className="muted">{t('settings.readOnlyNote')}</p>}
        <label className="field">
          <span>{t('settingsQueue.reasonsHint')}</span>
          <textarea
            rows={5}
            value={reasonsText}
            readOnly={!mayEditReasons}
            onChange={(e) => setDraft(reasonsKey, e.target.value)}
          />
        </label>
        {mayEditReasons && (
          <div className="actions">
            <button
              type="button"
              className="button primary"
              onClick={() => void save(reasonsKey, reasonsText.split('\n').map((line) => line.trim()).filter((line) => line !== ''))}
            >
              {t('common.save')}
            </button>
          </div>
        )}
        {status(reasonsKey)}
      </section>
    </div>
  );
}
