import { formatVnDate, vnDayOf } from '../../../../shared/domain/vnday';
import { formatNumber } from '../../i18n';

export const vnDate = (day: string) => formatVnDate(day);
export const todayVn = () => vnDayOf(new Date().toISOString());
export const num = (value: number) => formatNumber(value);

/** Progress as a percentage with one decimal, vi-VN style ("12,5 %"); '—' when the goal is unset. */
export function percent(progress: number | null): string {
  if (progress === null) return '—';
  return new Intl.NumberFormat('vi-VN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(progress);
}
