import { downloadText } from '../../components/download';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditFilter, AuditHead, AuditPage, AuditVerifyReport } from '../../../../shared/api/accounts';
import type { ApiError } from '../../../../shared/api/result';
import { parseVnDate } from '../../../../shared/domain/vnday';
import { call } from '../../api';
import { ErrorText } from '../../components/ErrorText';
import { formatDateTime, formatNumber } from '../../i18n';
import { AUDIT_GROUPS, auditRecord, auditSentence } from './audit-text';
import './accounts.css';

// Issue #3 point 5: head and admin browse and filter the audit log, verify its hash chain and
// export it. The chain head's short form is what the printed daily tally carries.

const PAGE_SIZE = 50;

/**
 * The filter as the API wants it: empty fields left out, days typed dd/mm/yyyy (DOMAIN.md
 * "Reporting style"; a text field, so the format never follows the browser's own locale).
 * Returns the names of the day fields that do not parse.
 */
function cleanFilter(draft: Record<keyof AuditFilter, string>): { filter: AuditFilter; invalid: ('fromDay' | 'toDay')[] } {
  const filter: AuditFilter = {};
  const invalid: ('fromDay' | 'toDay')[] = [];
  for (const key of ['fromDay', 'toDay'] as const) {
    if (!draft[key].trim()) continue;
    const day = parseVnDate(draft[key]);
    if (day) filter[key] = day;
    else invalid.push(key);
  }
  if (draft.actor.trim()) filter.actor = draft.actor.trim();
  if (draft.action.trim()) filter.action = draft.action.trim();
  return { filter, invalid };
}

export function AuditTab() {
  const { t } = useTranslation();
  const emptyDraft = { fromDay: '', toDay: '', actor: '', action: '' };
  const [draft, setDraft] = useState<Record<keyof AuditFilter, string>>(emptyDraft);
  const [filter, setFilter] = useState<AuditFilter>({});
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<AuditPage | null>(null);
  const [head, setHead] = useState<AuditHead | null>(null);
  const [report, setReport] = useState<AuditVerifyReport | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [invalidDays, setInvalidDays] = useState<('fromDay' | 'toDay')[]>([]);

  const load = useCallback(async () => {
    const [list, chainHead] = await Promise.all([call('audit.list', { filter, offset, limit: PAGE_SIZE }), call('audit.head', {})]);
    if (list.ok) setPage(list.value);
    else setError(list.error);
    if (chainHead.ok) setHead(chainHead.value);
  }, [filter, offset]);

  useEffect(() => {
    void load();
  }, [load]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const cleaned = cleanFilter(draft);
    setInvalidDays(cleaned.invalid);
    if (cleaned.invalid.length) return;
    setOffset(0);
    setFilter(cleaned.filter);
    setError(null);
  };

  const verify = async () => {
    setStatus('');
    const result = await call('audit.verify', {});
    if (result.ok) setReport(result.value);
    else setError(result.error);
  };

  const exportCsv = async () => {
    setStatus('');
    const result = await call('audit.export', { filter });
    if (!result.ok) return setError(result.error);
    downloadText(result.value.fileName, result.value.csv);
    setStatus(t('audit.exported', { count: result.value.rows, file: result.value.fileName }));
    await load();
  };

  const pages = page ? Math.max(1, Math.ceil(page.total / PAGE_SIZE)) : 1;
  const currentPage = Math.floor(offset / PAGE_SIZE) + 1;

  return (
    <div className="audit-tab">
      <p className="muted">{t('audit.intro')}</p>
      <form className="audit-filters" noValidate onSubmit={apply} aria-label={t('audit.filters')}>
        <div className="field">
          <label htmlFor="audit-from">{t('audit.fromDay')}</label>
          <input id="audit-from" value={draft.fromDay} placeholder={t('audit.dayPlaceholder')} inputMode="numeric" aria-invalid={invalidDays.includes('fromDay')} onChange={(e) => setDraft({ ...draft, fromDay: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t('audit.toDay')}</label>
          <input id="audit-to" value={draft.toDay} placeholder={t('audit.dayPlaceholder')} inputMode="numeric" aria-invalid={invalidDays.includes('toDay')} onChange={(e) => setDraft({ ...draft, toDay: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="audit-actor">{t('audit.actor')}</label>
          <input id="audit-actor" value={draft.actor} placeholder={t('audit.actorHint')} onChange={(e) => setDraft({ ...draft, actor: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="audit-action">{t('audit.action')}</label>
          <select id="audit-action" value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })}>
            <option value="">{t('auditLog.groups.all')}</option>
            {AUDIT_GROUPS.map((group) => (
              <option key={group.id} value={group.action}>{t(`auditLog.groups.${group.id}`)}</option>
            ))}
          </select>
        </div>
        <button type="submit" className="button primary">{t('audit.apply')}</button>
        <button type="button" className="button" onClick={() => { setDraft(emptyDraft); setFilter({}); setOffset(0); setInvalidDays([]); }}>{t('audit.clear')}</button>
      </form>
      {invalidDays.length > 0 && <p className="form-error" role="alert">{t('audit.dayInvalid')}</p>}

      <div className="audit-tools">
        <button type="button" className="button" onClick={() => void verify()}>{t('audit.verify')}</button>
        <button type="button" className="button" onClick={() => void exportCsv()}>{t('audit.export')}</button>
        {head && (
          <span>
            {t('audit.head')}: <strong className="audit-head" data-testid="audit-head">{head.short}</strong>
          </span>
        )}
      </div>
      {report && (
        <p role="status" className={report.ok ? 'verify-ok' : 'form-error'}>
          {report.ok
            ? t('audit.verifyOk', { entries: formatNumber(report.entries), head: head?.short ?? '' })
            : t('audit.verifyBroken', { seq: report.brokenAtSeq, reason: t(`audit.reasons.${report.reason}`, { sealed: 'sealedSeq' in report ? report.sealedSeq : '' }) })}
        </p>
      )}
      {status && <p className="ok-text" role="status">{status}</p>}
      <ErrorText error={error} />

      {page && (
        <>
          <p className="muted">{t('audit.total', { count: page.total })}</p>
          {page.entries.length === 0 ? (
            <p>{t('audit.empty')}</p>
          ) : (
            <table className="data-table audit-table">
              <thead>
                <tr>
                  <th scope="col">{t('audit.columns.seq')}</th>
                  <th scope="col">{t('audit.columns.at')}</th>
                  <th scope="col">{t('audit.columns.actor')}</th>
                  <th scope="col">{t('audit.columns.action')}</th>
                  <th scope="col">{t('audit.columns.entity')}</th>
                </tr>
              </thead>
              <tbody>
                {page.entries.map((entry) => (
                  <tr key={entry.seq}>
                    <td>{entry.seq}</td>
                    <td className="nowrap">{formatDateTime(entry.at)}</td>
                    <td>{entry.actorId ? entry.actorName : `${entry.actorName} ${t('audit.anonymous')}`}</td>
                    <td data-action={entry.action}>{auditSentence(t, entry)}</td>
                    <td>{auditRecord(t, entry)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="pager">
            <button type="button" className="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>{t('audit.previous')}</button>
            <span>{t('audit.pageOf', { page: currentPage, pages })}</span>
            <button type="button" className="button" disabled={currentPage >= pages} onClick={() => setOffset(offset + PAGE_SIZE)}>{t('audit.next')}</button>
          </div>
        </>
      )}
    </div>
  );
}
