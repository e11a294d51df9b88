import viVisits from './locales/vi/visits';
import enVisits from './locales/en/visits';
import viCommon from './locales/vi/common';
import enCommon from './locales/en/common';
import viAuth from './locales/vi/auth';
import viBackup from './locales/vi/backup';
import enBackup from './locales/en/backup';
import enAuth from './locales/en/auth';
import viSettings from './locales/vi/settings';
import enSettings from './locales/en/settings';
import viQueue from './locales/vi/queue';
import enQueue from './locales/en/queue';
import viReview from './locales/vi/review';
import enReview from './locales/en/review';
import viAccounts from './locales/vi/accounts';
import enAccounts from './locales/en/accounts';
import viDashboard from './locales/vi/dashboard';
import enDashboard from './locales/en/dashboard';
import viReports from './locales/vi/reports';
import enReports from './locales/en/reports';
import viWardImport from './locales/vi/wardImport';
import enWardImport from './locales/en/wardImport';
import viLan from './locales/vi/lan';
import enLan from './locales/en/lan';

// Every user-visible string, grouped by screen (STYLE.md). Each group has a vi and an en file;
// tests/unit/i18n-keys.test.ts fails when a key exists in one language only.
export const resources = {
  vi: { ...viVisits, ...viQueue, ...viCommon, ...viBackup, ...viAuth, ...viSettings, ...viReview, ...viDashboard, ...viAccounts, ...viReports, ...viWardImport, ...viLan },
  en: { ...enVisits, ...enQueue, ...enCommon, ...enBackup, ...enAuth, ...enSettings, ...enReview, ...enDashboard, ...enAccounts, ...enReports, ...enWardImport, ...enLan },
} as const;

export const DEFAULT_LANGUAGE = 'vi';
