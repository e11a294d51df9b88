import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REVIEW_STATUSES, type ReviewFilter, type ReviewListResult, type ReviewRow, type ReviewStatus } from '../../../../shared/api/review';
import type { ApiError } from '../../../../shared/api/result';
import { call } from '../../api';
import { useApp } from '../../app-context';
import { ErrorText } from '../../components/ErrorText';
import { formatDate, formatDateTime, formatNumber } from '../../i18n';
import { DecisionDialog } from './DecisionDialog';
import { HistoryDialog } from './HistoryDialog';
import { ReviewFilters } from './ReviewFilters';
import { downloadBase64, XLSX_MIME } from '../../components/download';
import './review.css';

// Issue #6: the police's review screen. Every digital-signature registration, newest first, with
// the full CCCD (each load is audited by the core), decisions, bulk confirm, history and export.
// The head may read it; only the police see the decision controls (the core enforces the same).

function birthText(row: ReviewRow): string {
  if (row.birthDate) return formatDate(`${row.birthDate}T00:00:00+07:00`);
  return row.birthYear !== null ? String(row.birthYear) : '';
}

export function ReviewScreen() {
  const { t } = useTranslation();
  const { can } = useApp();
  const mayDecide = can('review.decide');
  const mayExport = can('review.export');
  const [filter, setFilter] = useState<ReviewFilter>({ status: 'pending' });
  const [list, setList] = useState<ReviewListResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [deciding, setDeciding] = useState<ReviewRow | null>(null);
  const [historyOf, setHistoryOf] = useState<ReviewRow | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async (next: ReviewFilter) => {
    const result = await call('review.list', next);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    setList(result.value);
    // Keep only selections still on screen.
    setSelected((current) => new Set(result.value.rows.map((r) => r.serviceRecordId).filter((id) => current.has(id))));
  }, []);

  useEffect(() => {
    void load(filter);
  }, [filter, load]);

  const apply = (next: ReviewFilter) => {
    setNotice(null);
    setFilter(next);
  };

  const setStatus = (status: ReviewStatus | undefined) => {
    const next = { ...filter };
    if (status) next.status = status;
    else delete next.status;
    apply(next);
  };

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const rows = list?.rows ?? [];
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.serviceRecordId));

  const bulkConfirm = async () => {
    setBusy(true);
    const result = await call('review.bulkConfirm', { serviceRecordIds: [...selected] });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setSelected(new Set());
    setNotice(t('review.bulkDone', { confirmed: formatNumber(result.value.confirmed), unchanged: formatNumber(result.value.unchanged) }));
    await load(filter);
  };

  const exportXlsx = async () => {
    setBusy(true);
    const result = await call('review.export', filter);
    setBusy(false);
    if (!result.ok) return setError(result.error);
    downloadBase64(result.value.fileName, result.value.base64, XLSX_MIME);
    setNotice(t('review.exportDone', { rows: formatNumber(result.value.rows), fileName: result.value.fileName }));
  };

  // Issue #20: after a decision, focus goes back to the list: the same place in it (the next
  // record when the decided one left the filter), else the list's heading area.
  const afterDecision = async (message: string) => {
    const decidedId = deciding?.serviceRecordId;
    const rowsBefore = Array.from(document.querySelectorAll<HTMLTableRowElement>('.review-table tbody tr'));
    const index = Math.max(0, rowsBefore.findIndex((tr) => tr.dataset.recordId === decidedId));
    setDeciding(null);
    setNotice(message);
    await load(filter);
    window.requestAnimationFrame(() => {
      const rowsAfter = Array.from(document.querySelectorAll<HTMLTableRowElement>('.review-table tbody tr'));
      const target = rowsAfter[Math.min(index, rowsAfter.length - 1)]?.querySelector<HTMLButtonElement>('.review-actions .button');
      (target ?? document.querySelector<HTMLElement>('.review-status-tabs .chip-active, .review-status-tabs .chip'))?.focus();
    });
  };

  return (
    <div className="review-screen">
      <h1>{t('review.title')}</h1>
      <p className="muted review-intro">{t('review.intro')} {t('review.auditNotice')}</p>

      <div className="review-status-tabs" role="group" aria-label={t('review.filters.status')}>
        <button type="button" className={`chip ${filter.status ? '' : 'chip-active'}`} aria-pressed={!filter.status} onClick={() => setStatus(undefined)}>
          {t('review.statusAll')}
          {list && ` (${formatNumber(Object.values(list.counts).reduce((a, b) => a + b, 0))})`}
        </button>
        {REVIEW_STATUSES.map((status) => (
          <button
            key={status}
            type="button"
            className={`chip ${filter.status === status ? 'chip-active' : ''}`}
            aria-pressed={filter.status === status}
            onClick={() => setStatus(status)}
          >
            {t(`review.status.${status}`)}
            {list && ` (${formatNumber(list.counts[status])})`}
          </button>
        ))}
      </div>

      <ReviewFilters filter={filter} onApply={apply} />

      <div className="review-toolbar">
        <span aria-live="polite">
          {list && t('review.shownOf', { shown: formatNumber(rows.length), total: formatNumber(list.total) })}
          {mayDecide && selected.size > 0 && ` · ${t('review.selected', { count: selected.size })}`}
        </span>
        <span className="review-toolbar-buttons">
          {mayDecide && (
            <button type="button" className="button primary" disabled={busy || selected.size === 0} onClick={() => void bulkConfirm()}>
              {t('review.bulkConfirm')}
            </button>
          )}
          {mayExport && (
            <button type="button" className="button" disabled={busy || !list || list.total === 0} onClick={() => void exportXlsx()}>
              {t('review.exportXlsx')}
            </button>
          )}
        </span>
      </div>
      {notice && <p className="ok-text" role="status">{notice}</p>}
      <ErrorText error={error} />
      {list && list.total > rows.length && <p className="muted">{t('review.tooMany', { shown: formatNumber(rows.length) })}</p>}

      {list && rows.length === 0 ? (
        <p className="review-empty">{t('review.empty')}</p>
      ) : (
        <table className="review-table">
          <thead>
            <tr>
              {mayDecide && (
                <th scope="col" className="review-col-check">
                  <input
                    type="checkbox"
                    aria-label={t('review.selectAll')}
                    checked={allSelected}
                    onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.serviceRecordId)))}
                  />
                </th>
              )}
              <th scope="col">{t('review.columns.visitedAt')}</th>
              <th scope="col">{t('review.columns.fullName')}</th>
              <th scope="col">{t('review.columns.cccd')}</th>
              <th scope="col">{t('review.columns.group')}</th>
              <th scope="col">{t('review.columns.outcome')}</th>
              <th scope="col">{t('review.columns.status')}</th>
              <th scope="col">{t('review.columns.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const name = row.fullName ?? t('review.anonymous');
              return (
                <tr key={row.serviceRecordId} data-record-id={row.serviceRecordId} className={selected.has(row.serviceRecordId) ? 'review-row-selected' : undefined}>
                  {mayDecide && (
                    <td className="review-col-check">
                      <input
                        type="checkbox"
                        aria-label={t('review.selectRow', { name })}
                        checked={selected.has(row.serviceRecordId)}
                        onChange={() => toggle(row.serviceRecordId)}
                      />
                    </td>
                  )}
                  <td className="review-col-time">
                    <div>{formatDateTime(row.visitedAt)}</div>
                    <div className="review-sub">{row.staffName}</div>
                  </td>
                  <td>
                    <div className="review-name">{name}</div>
                    <div className="review-sub">
                      {birthText(row)}
                      {row.isUnder15 && <span className="review-flag">{t('review.under15')}</span>}
                    </div>
                  </td>
                  <td className="review-cccd">{row.cccd ?? '—'}</td>
                  <td>
                    <div>{t(`review.group.${row.category === 'official' ? 'official' : 'citizen'}`)}</div>
                    <div className="review-sub">{row.category === 'official' ? row.agency : row.neighbourhood}</div>
                  </td>
                  <td>
                    <div>{t(`review.outcome.${row.outcome}`)}</div>
                    {row.provider && <div className="review-sub">{row.provider}</div>}
                  </td>
                  <td className="review-status-cell">
                    <span className={`review-badge review-badge-${row.reviewStatus}`}>{t(`review.status.${row.reviewStatus}`)}</span>
                    {row.reviewReason && <div className="review-sub">{t(`review.reasons.${row.reviewReason}`)}</div>}
                    {row.reviewNote && (
                      <div className="review-note" title={row.reviewNote}>
                        {/* A pending record with a note was returned and answered by the desk. */}
                        {row.reviewStatus === 'pending' && <strong>{t('review.deskAnswer')} </strong>}
                        {row.reviewNote}
                      </div>
                    )}
                  </td>
                  <td className="review-actions">
                    {mayDecide && (
                      <button type="button" className="button primary" onClick={() => setDeciding(row)} aria-label={`${t('review.decide')}: ${name}`}>
                        {t('review.decide')}
                      </button>
                    )}
                    <button type="button" className="button" onClick={() => setHistoryOf(row)} aria-label={`${t('review.history')}: ${name}`}>
                      {t('review.history')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      {deciding && <DecisionDialog row={deciding} onClose={() => setDeciding(null)} onSaved={(message) => void afterDecision(message)} />}
      {historyOf && <HistoryDialog row={historyOf} onClose={() => setHistoryOf(null)} />}
    </div>
  );
}
