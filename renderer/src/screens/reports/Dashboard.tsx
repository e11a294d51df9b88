import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Period } from '../../../../shared/settings';
import type { DashboardData } from '../../../../shared/api/report-exports';
import type { ApiError } from '../../../../shared/api/result';
import { call } from '../../api';
import { ErrorText } from '../../components/ErrorText';
import { VnDateField } from '../../components/VnDateField';
import { DailyChart } from './DailyChart';
import { ExportPanel } from './ExportPanel';
import { RosterPanel } from './RosterPanel';
import { TargetBar } from './TargetBar';
import { num, todayVn, vnDate } from './format';
import { printHash, unregisteredHash } from './route';
import './reports.css';

type Range = { from: string; to: string };

/** The period containing today, else the latest one, else today alone (periods are the head's settings). */
function defaultRange(periods: Period[], today: string): Range {
  const current = periods.find((p) => p.from <= today && today <= p.to) ?? [...periods].sort((a, b) => b.to.localeCompare(a.to))[0];
  return current ? { from: current.from, to: current.to } : { from: today, to: today };
}

/** Issue #8: the head's dashboard. Every figure comes from the counting engine through reports.dashboard. */
export function Dashboard() {
  const { t } = useTranslation();
  const [periods, setPeriods] = useState<Period[] | null>(null);
  const [choice, setChoice] = useState('today');
  const [range, setRange] = useState<Range | null>(null);
  const [custom, setCustom] = useState<Range>({ from: todayVn(), to: todayVn() });
  const [data, setData] = useState<DashboardData | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    void call('settings.get', {}).then((result) => {
      const list = result.ok ? result.value['targets.periods'] : [];
      setPeriods(list);
      const today = todayVn();
      const initial = defaultRange(list, today);
      const match = list.find((p) => p.from === initial.from && p.to === initial.to);
      setChoice(match ? match.id : 'today');
      setRange(initial);
    });
  }, []);

  const load = useCallback(async (r: Range) => {
    const result = await call('reports.dashboard', r);
    if (result.ok) {
      setData(result.value);
      setError(null);
    } else setError(result.error);
  }, []);

  useEffect(() => {
    if (range) void load(range);
  }, [range, load]);

  const onChoice = (value: string) => {
    setChoice(value);
    const today = todayVn();
    if (value === 'today') setRange({ from: today, to: today });
    const period = periods?.find((p) => p.id === value);
    if (period) setRange({ from: period.from, to: period.to });
  };

  const today = data?.todayTally;
  const period = data?.period;
  const todayOutcomes = today ? Object.values(today.services).reduce((acc, c) => ({ completed: acc.completed + c.completed, pending: acc.pending + c.pending, failed: acc.failed + c.failed }), { completed: 0, pending: 0, failed: 0 }) : null;
  const agencyCounts = new Map((period?.target8aByAgency ?? []).map((row) => [row.agency, row.count]));

  return (
    <div className="reports">
      <div className="reports-head">
        <h1>{t('dashboard.title')}</h1>
        <div className="period-picker">
          <label className="field">
            <span>{t('dashboard.period')}</span>
            <select value={choice} onChange={(event) => onChoice(event.target.value)} data-testid="period-select">
              <option value="today">{t('dashboard.periodToday')}</option>
              {(periods ?? []).map((p) => (
                <option key={p.id} value={p.id}>{`${p.name} (${vnDate(p.from)} – ${vnDate(p.to)})`}</option>
              ))}
              <option value="custom">{t('dashboard.periodCustom')}</option>
            </select>
          </label>
          {choice === 'custom' && (
            <>
              <div className="field">
                <label htmlFor="dashboard-from">{t('dashboard.from')}</label>
                <VnDateField id="dashboard-from" value={custom.from} onChange={(day) => setCustom({ ...custom, from: day })} />
              </div>
              <div className="field">
                <label htmlFor="dashboard-to">{t('dashboard.to')}</label>
                <VnDateField id="dashboard-to" value={custom.to} onChange={(day) => setCustom({ ...custom, to: day })} />
              </div>
              <button type="button" className="button" disabled={!custom.from || !custom.to} onClick={() => setRange({ ...custom })}>{t('dashboard.show')}</button>
            </>
          )}
          {/* The head's main action, in reach at once (issue #20): print the chosen period. */}
          {range && <a className="button primary" href={printHash(range.from, range.to)}>{t('dashboard.printDay')}</a>}
        </div>
      </div>
      <ErrorText error={error} />

      {data && today && todayOutcomes && period && (
        <>
          <section aria-labelledby="today-title">
            <h2 id="today-title">{t('dashboard.todayTitle', { date: vnDate(data.today) })}</h2>
            <div className="stat-grid">
              <Stat testId="today-visits" label={t('dashboard.kpiVisits')} value={today.visits} />
              <Stat testId="today-persons" label={t('dashboard.kpiPersons')} value={today.persons} />
              <Stat testId="today-completed" label={t('dashboard.kpiCompleted')} value={todayOutcomes.completed} tone="ok" />
              <Stat testId="today-pending" label={t('dashboard.kpiPending')} value={todayOutcomes.pending} tone="warn" />
              <Stat testId="today-failed" label={t('dashboard.kpiFailed')} value={todayOutcomes.failed} tone="danger" />
              <div className="stat stat-queue" role="group" aria-label={t('dashboard.queueTitle')}>
                <span className="stat-label">{t('dashboard.queueTitle')}</span>
                <dl className="queue-figures">
                  {([
                    ['queueIssued', data.queueToday.issued],
                    ['queueWaiting', data.queueToday.waiting],
                    ['queueServed', data.queueToday.served],
                    ['queueNoShow', data.queueToday.noShow],
                  ] as const).map(([key, value]) => (
                    <div key={key}>
                      <dt>{t(`dashboard.${key}`)}</dt>
                      <dd data-testid={`queue-${key}`}>{num(value)}</dd>
                    </div>
                  ))}
                </dl>
              </div>
            </div>
          </section>

          <div className="reports-grid">
            <section className="card" aria-labelledby="targets-title">
              <h2 id="targets-title">
                {t('dashboard.targetsTitle')} <span className="muted period-label">{t('dashboard.periodTitle', { from: vnDate(period.from), to: vnDate(period.to) })}</span>
              </h2>
              <p className="muted" data-testid="period-visits">
                {t('dashboard.visits')}: <b>{num(period.visits)}</b> · {t('dashboard.persons')}: <b>{num(period.persons)}</b>
              </p>
              <TargetBar testId="target7" title={t('dashboard.target7')} {...period.target7} extra={t('dashboard.cumulative', { date: vnDate(period.to < data.today ? period.to : data.today), count: num(period.cumulative.target7) })} />
              <TargetBar testId="target8a" title={t('dashboard.target8a')} {...period.target8a} />
              <TargetBar testId="target8b" title={t('dashboard.target8b')} {...period.target8b} extra={t('dashboard.underAge', { count: num(period.target8b.underAgeFlagged) })} />
            </section>
            <section className="card" aria-labelledby="chart-title">
              <h2 id="chart-title">{period.days.length === 1 ? t('dashboard.chartDayTitle', { date: vnDate(period.from) }) : t('dashboard.chartTitle')}</h2>
              <DailyChart days={period.days} />
            </section>
          </div>

          <ExportPanel from={period.from} to={period.to} />

          <div className="reports-grid three">
            <Breakdown
              title={t('dashboard.byStaffTitle')}
              columns={[t('dashboard.staff'), t('dashboard.visits')]}
              rows={period.byStaff.map((row) => [row.fullName, num(row.visits)])}
            />
            <Breakdown
              title={t('dashboard.byNeighbourhoodTitle')}
              columns={[t('dashboard.neighbourhood'), t('dashboard.visits')]}
              rows={period.byNeighbourhood.map((row) => [row.neighbourhood || t('dashboard.notRecorded'), num(row.visits)])}
            />
            <section className="card" aria-labelledby="agency-title">
              <h2 id="agency-title">{t('dashboard.byAgencyTitle')}</h2>
              {data.roster.size > 0 ? (
                <table className="data-table" data-testid="agency-table">
                  <thead>
                    <tr>
                      <th>{t('dashboard.agency')}</th>
                      <th>{t('dashboard.registered')}</th>
                      <th>{t('dashboard.countedInPeriod')}</th>
                      <th><span className="visually-hidden">{t('dashboard.printUnregistered')}</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.roster.agencies.map((row) => (
                      <tr key={row.agency}>
                        <td>{row.agency}</td>
                        <td className="num">{t('dashboard.percentOf', { registered: num(row.registered), total: num(row.total) })}</td>
                        <td className="num">{num(agencyCounts.get(row.agency) ?? 0)}</td>
                        <td>
                          {row.registered < row.total && (
                            <a href={unregisteredHash(row.agency)} aria-label={`${t('dashboard.printUnregistered')}: ${row.agency}`}>{t('dashboard.printList')}</a>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <Breakdown
                  bare
                  title=""
                  columns={[t('dashboard.agency'), t('dashboard.countedInPeriod')]}
                  rows={period.target8aByAgency.map((row) => [row.agency || t('dashboard.notRecorded'), num(row.count)])}
                />
              )}
            </section>
          </div>

          <RosterPanel roster={data.roster} onChanged={() => range && void load(range)} />
        </>
      )}
    </div>
  );
}

function Stat({ label, value, tone, testId }: { label: string; value: number; tone?: 'ok' | 'warn' | 'danger'; testId: string }) {
  return (
    <div className={`stat${tone ? ` stat-${tone}` : ''}`}>
      <span className="stat-label">{label}</span>
      <span className="stat-value" data-testid={testId}>{num(value)}</span>
    </div>
  );
}

function Breakdown({ title, columns, rows, bare }: { title: string; columns: [string, string]; rows: string[][]; bare?: boolean }) {
  const { t } = useTranslation();
  const table =
    rows.length === 0 ? (
      <p className="muted">{t('dashboard.noRows')}</p>
    ) : (
      <table className="data-table">
        <thead>
          <tr>
            <th>{columns[0]}</th>
            <th>{columns[1]}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, value], index) => (
            <tr key={`${name}-${index}`}>
              <td>{name}</td>
              <td className="num">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  if (bare) return table;
  return (
    <section className="card">
      <h2>{title}</h2>
      {table}
    </section>
  );
}
