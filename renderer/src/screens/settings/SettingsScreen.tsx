import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app-context';
import { SETTINGS_TABS } from './tabs';

/** Settings: one tab per domain (labels in `settings.tabs.<id>`), arrow keys move between tabs. */
export function SettingsScreen() {
  const { t } = useTranslation();
  const { can } = useApp();
  const tabs = SETTINGS_TABS.filter((tab) => can(tab.permission));
  const [activeId, setActiveId] = useState(tabs[0]?.id ?? 'general');
  const active = tabs.find((tab) => tab.id === activeId) ?? tabs[0];

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const index = tabs.findIndex((tab) => tab.id === active?.id);
    const next = tabs[(index + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    if (next) {
      setActiveId(next.id);
      document.getElementById(`settings-tab-${next.id}`)?.focus();
    }
  };

  return (
    <div className="settings">
      <h1>{t('settings.title')}</h1>
      <div className="tabs" role="tablist" aria-label={t('settings.title')} onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            id={`settings-tab-${tab.id}`}
            type="button"
            role="tab"
            aria-selected={tab.id === active?.id}
            aria-controls="settings-panel"
            tabIndex={tab.id === active?.id ? 0 : -1}
            className={tab.id === active?.id ? 'tab tab-active' : 'tab'}
            onClick={() => setActiveId(tab.id)}
          >
            {t(`settings.tabs.${tab.id}`)}
          </button>
        ))}
      </div>
      <div id="settings-panel" role="tabpanel" aria-labelledby={active ? `settings-tab-${active.id}` : undefined}>
        {active && <active.Component />}
      </div>
    </div>
  );
}
