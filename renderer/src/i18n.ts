import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { resources, DEFAULT_LANGUAGE } from '../../shared/i18n';

void i18next.use(initReactI18next).init({
  resources: {
    vi: { translation: resources.vi },
    en: { translation: resources.en },
  },
  lng: DEFAULT_LANGUAGE,
  fallbackLng: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

export const i18n = i18next;

/** dd/MM/yyyy in either language (DOMAIN.md "Reporting style"). */
export function formatDate(date: Date | string): string {
  const d = typeof date === 'string' ? new Date(date) : date;
  return new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(d);
}

export function formatDateTime(date: Date | string): string {
  const d = typeof date === 'string' ? new Date(date) : date;
  return new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(d);
}

/** Numbers grouped the Vietnamese way (1.234.567) in either language. */
export function formatNumber(value: number): string {
  return new Intl.NumberFormat('vi-VN').format(value);
}
