import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../../shared/api/app';
import { call } from '../api';

/** The language choice is stored by the app (per PC), so it survives a reload or restart. */
export function LanguageSwitch({ onChanged }: { onChanged?: (language: Language) => void }) {
  const { t, i18n } = useTranslation();
  const change = async (language: Language) => {
    const result = await call('app.setLanguage', { language });
    if (result.ok) {
      await i18n.changeLanguage(language);
      document.documentElement.lang = language;
      onChanged?.(language);
    }
  };
  return (
    <div className="language-switch" role="group" aria-label={t('common.language')}>
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="button"
          className={i18n.language === language ? 'chip chip-active' : 'chip'}
          aria-pressed={i18n.language === language}
          lang={language}
          onClick={() => void change(language)}
        >
          {t(`common.languages.${language}`)}
        </button>
      ))}
    </div>
  );
}
