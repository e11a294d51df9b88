import { useTranslation } from 'react-i18next';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TallyDay } from '../../../../shared/api/reports';
import { num, vnDate } from './format';

const completedOf = (day: TallyDay) => Object.values(day.services).reduce((n, c) => n + c.completed, 0);

/**
 * The period by day: visits as bars, persons newly counted for targets 7 and 8 as lines
 * (high-contrast, print-safe). Issue #20: one day is shown as a short list of bars (a chart of one
 * bar reads as a broken block), and a period without any visit says so instead of an empty chart.
 */
/**
 * Over two months the chart shows one bar per month (a year is 12 bars, not 365: readable, and
 * drawn in a frame or two — issue #24 measured the year's 365-bar chart at ~100–400 ms). Each
 * figure of a day (visits, persons newly counted) adds up over the month's days.
 */
const BY_MONTH_AFTER_DAYS = 62;

function byMonth(days: TallyDay[]) {
  const months = new Map<string, { label: string; visits: number; target7: number; target8: number }>();
  for (const day of days) {
    const key = day.date.slice(0, 7);
    const month = months.get(key) ?? { label: `${key.slice(5, 7)}/${key.slice(0, 4)}`, visits: 0, target7: 0, target8: 0 };
    month.visits += day.visits;
    month.target7 += day.target7;
    month.target8 += day.target8a + day.target8b;
    months.set(key, month);
  }
  return [...months.values()];
}

export function DailyChart({ days }: { days: TallyDay[] }) {
  const { t } = useTranslation();
  if (days.every((day) => day.visits === 0)) return <p className="muted chart-empty" data-testid="chart-empty">{t('dashboard.chartEmpty')}</p>;
  if (days.length === 1) return <OneDay day={days[0]!} />;
  const data = days.length > BY_MONTH_AFTER_DAYS ? byMonth(days) : days.map((day) => ({
    label: vnDate(day.date).slice(0, 5),
    visits: day.visits,
    target7: day.target7,
    target8: day.target8a + day.target8b,
  }));
  return (
    <div className="daily-chart" role="img" aria-label={t('dashboard.chartTitle')}>
      <ResponsiveContainer width="100%" height={230}>
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#d6dde6" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 13 }} interval="preserveStartEnd" minTickGap={12} />
          <YAxis allowDecimals={false} tick={{ fontSize: 13 }} width={36} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 14 }} />
          <Bar dataKey="visits" name={t('dashboard.chartVisits')} fill="#0b5cad" isAnimationActive={false} maxBarSize={48} />
          <Line dataKey="target7" name={t('dashboard.chartTarget7')} stroke="#137333" strokeWidth={2} dot={false} isAnimationActive={false} />
          <Line dataKey="target8" name={t('dashboard.chartTarget8')} stroke="#b45309" strokeWidth={2} strokeDasharray="6 3" dot={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

/** One day: each figure as a labelled horizontal bar, scaled to the largest. */
function OneDay({ day }: { day: TallyDay }) {
  const { t } = useTranslation();
  const rows = [
    ['visits', t('dashboard.chartVisits'), day.visits],
    ['completed', t('dashboard.chartCompleted'), completedOf(day)],
    ['target7', t('dashboard.chartTarget7'), day.target7],
    ['target8', t('dashboard.chartTarget8'), day.target8a + day.target8b],
  ] as const;
  const max = Math.max(1, ...rows.map(([, , value]) => value));
  return (
    <div className="day-bars" data-testid="chart-one-day">
      <ul>
        {rows.map(([key, label, value]) => (
          <li key={key} className={`day-bar day-bar-${key}`}>
            <span className="day-bar-label">{label}</span>
            <span className="day-bar-track" aria-hidden="true">
              <span className="day-bar-fill" style={{ width: `${(value / max) * 100}%` }} />
            </span>
            <span className="day-bar-value">{num(value)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
