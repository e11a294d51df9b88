import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonDataReport, RetentionReport } from '../../../../shared/api/privacy';
import type { PersonView, ServiceDef } from '../../../../shared/api/visits';
import type { ApiError } from '../../../../shared/api/result';
import { call } from '../../api';
import { ErrorText } from '../../components/ErrorText';
import { formatDate, formatDateTime, formatNumber } from '../../i18n';
import './backup.css';

// Issue #9 point 6 (DOMAIN.md "Personal data"): the head runs the retention job, and on a citizen's
// request finds them, prints everything held about them, and erases their personal fields.
// Redaction keeps the person key and counting facts, so tallies do not change.

export function PrivacyTab() {
  const { t, i18n } = useTranslation();
  const [services, setServices] = useState<ServiceDef[]>([]);
  const [retention, setRetention] = useState<RetentionReport | null>(null);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<PersonView[] | null>(null);
  const [report, setReport] = useState<PersonDataReport | null>(null);
  const [reason, setReason] = useState('');
  const [erasedAt, setErasedAt] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [months, setMonths] = useState('');
  const [monthsSaved, setMonthsSaved] = useState(false);

  useEffect(() => {
    void call('services.list', { includeInactive: true }).then((result) => {
      if (result.ok) setServices(result.value);
    });
    void call('settings.get', {}).then((result) => {
      if (result.ok) setMonths(result.value['privacy.retentionMonths'] === null ? '' : String(result.value['privacy.retentionMonths']));
    });
  }, []);

  const saveMonths = async () => {
    setMonthsSaved(false);
    const result = await call('settings.update', { key: 'privacy.retentionMonths', value: months.trim() === '' ? null : Number(months) });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    setMonthsSaved(true);
  };

  const serviceName = (key: string) => {
    const def = services.find((service) => service.key === key);
    return def ? (i18n.language === 'en' ? def.nameEn : def.nameVi) : key;
  };

  // Issue #20: the run erases personal data at once, so it first says how many persons, and asks.
  const [pending, setPending] = useState<{ cutoffDay: string | null; persons: number } | null>(null);
  const askRetention = async () => {
    setError(null);
    setRetention(null);
    const result = await call('privacy.retentionPreview', {});
    if (result.ok) setPending(result.value);
    else setError(result.error);
  };
  const cancelRetention = () => {
    setPending(null);
    window.requestAnimationFrame(() => document.getElementById('privacy-retention-ask')?.focus());
  };
  const runRetention = async () => {
    setError(null);
    setPending(null);
    const result = await call('privacy.runRetention', {});
    if (result.ok) setRetention(result.value);
    else setError(result.error);
    window.requestAnimationFrame(() => document.getElementById('privacy-retention-ask')?.focus());
  };

  const search = async () => {
    setError(null);
    setReport(null);
    const result = await call('persons.search', { query });
    if (result.ok) setFound(result.value);
    else setError(result.error);
  };

  const open = async (personId: string, afterErase = false) => {
    setError(null);
    if (!afterErase) setErasedAt(null);
    const result = await call('privacy.personReport', { personId });
    if (result.ok) setReport(result.value);
    else setError(result.error);
  };

  const erase = async () => {
    if (!report) return;
    const result = await call('privacy.erase', { personId: report.person.id, reason });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setErasedAt(result.value.redactedAt);
    setReason('');
    await open(report.person.id, true);
  };

  return (
    <div className="backup-tab">
      <section className="card" aria-labelledby="privacy-retention-title">
        <h2 id="privacy-retention-title">{t('privacy.retentionTitle')}</h2>
        <p className="muted">{t('privacy.retentionIntro')}</p>
        <div className="field">
          <label htmlFor="privacy-months">{t('privacy.months')}</label>
          <div className="actions">
            <input id="privacy-months" inputMode="numeric" value={months} placeholder={t('settings.notSet')} onChange={(e) => setMonths(e.target.value)} />
            <button type="button" className="button" onClick={() => void saveMonths()}>{t('common.save')}</button>
            {monthsSaved && <span className="ok-text" role="status">{t('settings.saved')}</span>}
          </div>
        </div>
        {pending ? (
          <div className="retention-confirm" role="group" aria-labelledby="privacy-retention-question">
            <p id="privacy-retention-question">
              {pending.cutoffDay
                ? pending.persons > 0
                  ? t('privacy.retentionAsk', { persons: formatNumber(pending.persons), day: formatDate(pending.cutoffDay) })
                  : t('privacy.retentionNone', { day: formatDate(pending.cutoffDay) })
                : t('privacy.retentionNotSet')}
            </p>
            <div className="actions">
              {pending.cutoffDay && pending.persons > 0 && (
                <button type="button" className="button danger" autoFocus onClick={() => void runRetention()}>
                  {t('privacy.retentionConfirm', { persons: formatNumber(pending.persons) })}
                </button>
              )}
              <button type="button" className="button" autoFocus={!pending.cutoffDay || pending.persons === 0} onClick={cancelRetention}>{t('common.cancel')}</button>
            </div>
          </div>
        ) : (
          <div className="actions">
            <button type="button" id="privacy-retention-ask" className="button" onClick={() => void askRetention()}>
              {t('privacy.runRetention')}
            </button>
          </div>
        )}
        {retention && (
          <p className="ok-text" role="status">
            {retention.cutoffDay
              ? t('privacy.retentionDone', { persons: formatNumber(retention.redactedPersons), tickets: formatNumber(retention.redactedTickets), day: formatDate(retention.cutoffDay) })
              : t('privacy.retentionNotSet')}
          </p>
        )}
      </section>

      <section className="card" aria-labelledby="privacy-person-title">
        <h2 id="privacy-person-title">{t('privacy.personTitle')}</h2>
        <form
          className="actions"
          onSubmit={(event) => {
            event.preventDefault();
            void search();
          }}
        >
          <label htmlFor="privacy-search" className="visually-hidden">{t('privacy.search')}</label>
          <input id="privacy-search" placeholder={t('privacy.search')} value={query} onChange={(e) => setQuery(e.target.value)} />
          <button type="submit" className="button" disabled={!query.trim()}>{t('privacy.find')}</button>
        </form>
        <ErrorText error={error} />
        {found && found.length === 0 && <p>{t('privacy.noneFound')}</p>}
        {found && found.length > 0 && !report && (
          <ul className="privacy-found">
            {found.map((person) => (
              <li key={person.id}>
                <button type="button" className="button" onClick={() => void open(person.id)}>
                  {person.fullName ?? t('privacy.redactedName')} · {person.cccd ?? '—'}
                </button>
              </li>
            ))}
          </ul>
        )}
        {report && (
          <div className="privacy-report" aria-label={t('privacy.reportTitle')}>
            <h3>{t('privacy.reportTitle')}</h3>
            <dl>
              <dt>{t('privacy.fields.fullName')}</dt><dd>{report.person.fullName ?? '—'}</dd>
              <dt>{t('privacy.fields.cccd')}</dt><dd>{report.person.cccd ?? '—'}</dd>
              <dt>{t('privacy.fields.birth')}</dt><dd>{report.person.birthDate ? formatDate(report.person.birthDate) : report.person.birthYear ?? '—'}</dd>
              <dt>{t('privacy.fields.phone')}</dt><dd>{report.person.phone ?? '—'}</dd>
              <dt>{t('privacy.fields.address')}</dt><dd>{report.person.address ?? '—'}</dd>
              <dt>{t('privacy.fields.redactedAt')}</dt><dd>{report.person.redactedAt ? formatDateTime(report.person.redactedAt) : '—'}</dd>
            </dl>
            <p>{t('privacy.visitCount', { count: report.visits.length })}</p>
            <ul>
              {report.visits.map((visit) => (
                <li key={visit.id}>
                  {formatDateTime(visit.visitedAt)}: {visit.services.map((s) => `${serviceName(s.serviceKey)} (${t(`privacy.outcome.${s.outcome}`)})`).join(', ')}
                </li>
              ))}
            </ul>
            <div className="actions no-print">
              <button type="button" className="button" onClick={() => window.print()}>{t('privacy.print')}</button>
            </div>
            {erasedAt ? (
              <p className="ok-text" role="status">{t('privacy.erased', { date: formatDateTime(erasedAt) })}</p>
            ) : (
              !report.person.redactedAt && (
                <div className="no-print">
                  <div className="field">
                    <label htmlFor="privacy-reason">{t('privacy.eraseReason')}</label>
                    <input id="privacy-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
                  </div>
                  <button type="button" className="button danger" disabled={!reason.trim()} onClick={() => void erase()}>
                    {t('privacy.erase')}
                  </button>
                </div>
              )
            )}
          </div>
        )}
      </section>
    </div>
  );
}
