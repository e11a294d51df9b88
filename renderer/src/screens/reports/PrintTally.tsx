import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrintData } from '../../../../shared/api/report-exports';
import type { ApiError } from '../../../../shared/api/result';
import { vnDayOf } from '../../../../shared/domain/vnday';
import { call } from '../../api';
import { ErrorText } from '../../components/ErrorText';
import { formatDateTime } from '../../i18n';
import { PrintHeader } from './PrintHeader';
import { num, percent, vnDate } from './format';
import './print.css';

/**
 * The printed tally (issue #8, DOMAIN.md "Reporting style"): an A4 page in the administrative form
 * for one day or a range, with the day's table, the cumulative target figures, signature blocks and
 * the short form of the audit chain's head (the paper anchors the log). Opening it is audited.
 */
export function PrintTally({ from, to }: { from: string; to: string }) {
  const { t, i18n } = useTranslation();
  const [data, setData] = useState<PrintData | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState('');

  useEffect(() => {
    let alive = true;
    void call('reports.printData', { from, to }).then((result) => {
      if (!alive) return;
      if (result.ok) setData(result.value);
      else setError(result.error);
    });
    return () => {
      alive = false;
    };
  }, [from, to]);

  const fileName = `bao-cao-${from === to ? from : `${from}_${to}`}.pdf`;
  const savePdf = async () => {
    setNotice('');
    const result = await call('reports.savePdf', { from, to, fileName });
    if (!result.ok) return setError(result.error);
    // Electron saved it through printToPDF; a browser prints through its own dialog instead.
    if (result.value.saved) setNotice(t('dashboard.pdfSaved', { fileName: result.value.fileName }));
    else window.print();
  };

  // The sheet shows only the data of the range asked for: while another range loads, no sheet
  // (never the previous range's figures under the new range's title).
  const tally = data && data.tally.from === from && data.tally.to === to ? data.tally : undefined;
  const isRange = from !== to;
  const serviceName = (key: string) => {
    const entry = data?.serviceNames.find((s) => s.key === key);
    return entry ? (i18n.language === 'en' ? entry.nameEn : entry.nameVi) : key;
  };
  const serviceKeys = tally ? Object.keys(tally.services) : [];
  const sum = (c: { completed: number; pending: number; failed: number }) => c.completed + c.pending + c.failed;

  return (
    <div className="print-view">
      <div className="print-toolbar no-print">
        <a className="button" href="#/reports">{t('dashboard.backToDashboard')}</a>
        <button type="button" className="button" onClick={() => window.print()} disabled={!tally}>{t('dashboard.printNow')}</button>
        <button type="button" className="button primary" onClick={() => void savePdf()} disabled={!tally}>{t('dashboard.savePdf')}</button>
        {notice && <span className="ok-text" role="status">{notice}</span>}
      </div>
      <ErrorText error={error} />
      {data && tally && (
        <article className="print-sheet" aria-label={t('dashboard.printDay')}>
          <PrintHeader centerName={data.centerName} ward={data.ward} printedDay={vnDayOf(data.printedAt)} docNumber />
          {/* Nghị định 30/2020: the kind of document on its own line, the subject beneath it. */}
          <h1 className="doc-title">
            <span className="doc-kind">{t('print.docKind')}</span>
            <span className="doc-subject">
              {isRange ? t('print.titleRange', { from: vnDate(from), to: vnDate(to) }) : t('print.titleDay', { date: vnDate(from) })}
            </span>
          </h1>
          <p className="doc-subtitle">{t('print.subtitle')}</p>

          <h2 className="doc-section">{t('print.sectionServices')}</h2>
          <table className="doc-table">
            <thead>
              <tr>
                <th>{t('print.no')}</th>
                <th>{t('print.service')}</th>
                <th>{t('dashboard.completed')}</th>
                <th>{t('dashboard.pending')}</th>
                <th>{t('dashboard.failed')}</th>
                <th>{t('print.total')}</th>
              </tr>
            </thead>
            <tbody>
              {serviceKeys.map((key, index) => {
                const c = tally.services[key]!;
                return (
                  <tr key={key}>
                    <td className="num">{index + 1}</td>
                    <td>{serviceName(key)}</td>
                    <td className="num">{num(c.completed)}</td>
                    <td className="num">{num(c.pending)}</td>
                    <td className="num">{num(c.failed)}</td>
                    <td className="num">{num(sum(c))}</td>
                  </tr>
                );
              })}
              <tr className="doc-total">
                <td />
                <td>{t('print.total')}</td>
                {(['completed', 'pending', 'failed'] as const).map((outcome) => (
                  <td className="num" key={outcome}>{num(serviceKeys.reduce((n, key) => n + tally.services[key]![outcome], 0))}</td>
                ))}
                <td className="num">{num(serviceKeys.reduce((n, key) => n + sum(tally.services[key]!), 0))}</td>
              </tr>
            </tbody>
          </table>
          <p className="doc-para" data-testid="print-visits">{t('print.visitsPersons', { visits: num(tally.visits), persons: num(tally.persons) })}</p>

          {data.months && (
            <PeriodRows
              title={t('print.sectionMonths')}
              firstColumn={t('print.month')}
              rows={data.months.map((row) => ({ ...row, key: row.month, label: t('print.monthValue', { month: row.month.slice(5, 7), year: row.month.slice(0, 4) }) }))}
            />
          )}
          {isRange && !data.months && (
            <PeriodRows
              title={t('print.sectionDays')}
              firstColumn={t('print.date')}
              rows={tally.days.map((day) => ({ ...day, key: day.date, label: vnDate(day.date), completed: Object.values(day.services).reduce((n, c) => n + c.completed, 0) }))}
            />
          )}

          <h2 className="doc-section">{t('print.sectionTargets')}</h2>
          <table className="doc-table">
            <thead>
              <tr>
                <th>{t('print.target')}</th>
                <th>{t('print.inPeriod')}</th>
                <th>{t('print.ofWhichConfirmed')}</th>
                <th>{t('print.cumulativeTo')}</th>
                <th>{t('print.goal')}</th>
                <th>{t('print.progress')}</th>
              </tr>
            </thead>
            <tbody>
              {([
                ['target7', t('dashboard.target7'), tally.target7, null],
                ['target8a', t('dashboard.target8a'), tally.target8a, tally.target8a.confirmed],
                ['target8b', t('dashboard.target8b'), tally.target8b, tally.target8b.confirmed],
              ] as const).map(([key, name, figure, confirmed]) => (
                <tr key={key} data-testid={`print-${key}`}>
                  <td>{name}</td>
                  <td className="num">{num(figure.count)}</td>
                  <td className="num">{confirmed === null ? '—' : num(confirmed)}</td>
                  <td className="num">{num(tally.cumulative[key])}</td>
                  <td className="num">{figure.goal === null ? t('print.notSet') : num(figure.goal)}</td>
                  <td className="num">{percent(figure.progress)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="doc-para">{t('print.underAgeNote', { count: num(tally.target8b.underAgeFlagged) })}</p>

          <section className="doc-signatures">
            <div className="doc-recipients" data-testid="print-recipients">
              <p className="doc-recipients-title">{t('print.recipientsTitle')}</p>
              <p>{t('print.recipientWard', { ward: data.ward })}</p>
              <p>{t('print.recipientFile')}</p>
            </div>
            <div>
              <p className="doc-sign-title">{t('print.preparedBy')}</p>
              <p className="doc-sign-hint">{t('print.signHint')}</p>
              <p className="doc-sign-name">{data.printedBy}</p>
            </div>
            <div>
              <p className="doc-sign-title">{t('print.director')}</p>
              <p className="doc-sign-hint">{t('print.signStampHint')}</p>
              <p className="doc-sign-name" data-testid="print-director">{data.directorName || '\u00a0'}</p>
            </div>
          </section>
          <footer className="doc-anchor" data-testid="audit-anchor">
            {t('print.auditAnchor', { head: data.auditHead.short, at: formatDateTime(data.printedAt), name: data.printedBy })}
          </footer>
        </article>
      )}
    </div>
  );
}

type PeriodRow = { key: string; label: string; visits: number; persons: number; completed: number; target7: number; target8a: number; target8b: number };

/** The period's table by month (over 31 days) or by day: the same columns either way. */
function PeriodRows({ title, firstColumn, rows }: { title: string; firstColumn: string; rows: PeriodRow[] }) {
  const { t } = useTranslation();
  return (
    <>
      <h3 className="doc-subsection">{title}</h3>
      <table className="doc-table doc-table-days">
        <thead>
          <tr>
            <th>{firstColumn}</th>
            <th>{t('dashboard.visits')}</th>
            <th>{t('dashboard.persons')}</th>
            <th>{t('dashboard.completed')}</th>
            <th>7</th>
            <th>8a</th>
            <th>8b</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <td>{row.label}</td>
              <td className="num">{num(row.visits)}</td>
              <td className="num">{num(row.persons)}</td>
              <td className="num">{num(row.completed)}</td>
              <td className="num">{num(row.target7)}</td>
              <td className="num">{num(row.target8a)}</td>
              <td className="num">{num(row.target8b)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
