import viCommon from './locales/vi/common';
import enCommon from './locales/en/common';
import viAuth from './locales/vi/auth';
import enAuth from './locales/en/auth';
import viSettings from './locales/vi/settings';
import enSettings from './locales/en/settings';

// Every user-visible string, grouped by screen (STYLE.md). Each group has a vi and an en file;
// tests/unit/i18n-keys.test.ts fails when a key exists in one language only.
export const resources = {
  vi: { ...viCommon, ...viAuth, ...viSettings },
  en: { ...enCommon, ...enAuth, ...enSettings },
} as const;

export const DEFAULT_LANGUAGE = 'vi';
