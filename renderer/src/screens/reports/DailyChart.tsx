import { useTranslation } from 'react-i18next';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TallyDay } from '../../../../shared/api/reports';
import { vnDate } from './format';

/** The period by day: visits as bars, persons newly counted for targets 7 and 8 as lines (high-contrast, print-safe). */
export function DailyChart({ days }: { days: TallyDay[] }) {
  const { t } = useTranslation();
  const data = days.map((day) => ({
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
          <Bar dataKey="visits" name={t('dashboard.chartVisits')} fill="#0b5cad" isAnimationActive={false} />
          <Line dataKey="target7" name={t('dashboard.chartTarget7')} stroke="#137333" strokeWidth={2} dot={false} isAnimationActive={false} />
          <Line dataKey="target8" name={t('dashboard.chartTarget8')} stroke="#b45309" strokeWidth={2} strokeDasharray="6 3" dot={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
