import { useTranslation } from 'react-i18next';
import { num, percent } from './format';

/** One target's progress against its goal; the bar is a <progress> so screen readers read it too. */
export function TargetBar(props: { testId: string; title: string; count: number; goal: number | null; progress: number | null; confirmed?: number; extra?: string }) {
  const { t } = useTranslation();
  const { testId, title, count, goal, progress, confirmed, extra } = props;
  return (
    <div className="target-bar" data-testid={testId}>
      <div className="target-bar-head">
        <strong>{title}</strong>
        <span className="target-percent" data-testid={`${testId}-percent`}>{percent(progress)}</span>
      </div>
      <progress max={1} value={progress === null ? 0 : Math.min(progress, 1)} aria-label={title} />
      <div className="target-bar-foot">
        <span data-testid={`${testId}-count`}>
          {goal === null ? t('dashboard.countNoGoal', { count: num(count) }) : t('dashboard.countOfGoal', { count: num(count), goal: num(goal) })}
        </span>
        {confirmed !== undefined && <span className="muted">{t('dashboard.confirmed', { count: num(confirmed) })}</span>}
        {extra && <span className="muted">{extra}</span>}
      </div>
    </div>
  );
}
