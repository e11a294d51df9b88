import { useTranslation } from 'react-i18next';
import { MAPPABLE_FIELDS } from '../../../../../shared/api/ward';
import type { ImportReport } from '../../../../../shared/api/reports';
import { formatVnDate } from '../../../../../shared/domain/vnday';

// Issue #16: the wizard's preview — what the import adds, the counting days it moves earlier, the
// months whose figures change, every row error, probable duplicates, the rows that are not visits.

const reasonKey = (reason: string) => `counting.data.reasons.${reason.replace(/\./g, '_')}`;

export function Preview({ report, keep, setKeep }: { report: ImportReport; keep: boolean; setKeep: (keep: boolean) => void }) {
  const { t } = useTranslation();
  const changes = report.changes;
  const skipped = report.detection?.skippedRows.filter((r) => r.kind !== 'blank') ?? [];
  return (
    <section className="card settings-section" aria-labelledby="ward-preview">
      <h2 id="ward-preview">{t('wardImport.previewTitle')}</h2>
      {changes && (
        <dl className="import-figures ward-added" aria-label={t('wardImport.added')}>
          {(['visits', 'persons', 'target7', 'target8a', 'target8b'] as const).map((key) => (
            <div key={key}>
              <dt>{t(`wardImport.${key}`)}</dt>
              <dd>{changes.added[key].toLocaleString('vi-VN')}</dd>
            </div>
          ))}
        </dl>
      )}
      {changes && changes.shiftedPersons.length > 0 && (
        <>
          <h3>{t('wardImport.shiftedTitle')}</h3>
          <ul>
            {changes.shiftedPersons.map((p) => (
              <li key={`${p.target}-${p.line}-${p.sheet ?? ''}`}>
                {t('wardImport.shifted', { cccd: p.cccdMasked, target: t(`wardImport.figures.${p.target}`), before: formatVnDate(p.before), after: formatVnDate(p.after), line: p.line })}
              </li>
            ))}
          </ul>
        </>
      )}
      {changes && changes.periods.length > 0 && (
        <>
          <h3>{t('wardImport.periodsTitle')}</h3>
          <table className="data-table ward-periods">
            <thead>
              <tr>
                <th scope="col">{t('wardImport.month')}</th>
                <th scope="col">{t('wardImport.figure')}</th>
                <th scope="col">{t('wardImport.before')}</th>
                <th scope="col">{t('wardImport.after')}</th>
              </tr>
            </thead>
            <tbody>
              {changes.periods.map((p) => (
                <tr key={`${p.month}-${p.figure}`}>
                  <td>{`${p.month.slice(5, 7)}/${p.month.slice(0, 4)}`}</td>
                  <td>{t(`wardImport.figures.${p.figure}`)}</td>
                  <td>{p.before.toLocaleString('vi-VN')}</td>
                  <td>{p.after.toLocaleString('vi-VN')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h3>{t('wardImport.errorsTitle', { count: report.errors.length })}</h3>
      {report.errors.length === 0 ? (
        <p>{t('wardImport.noErrors')}</p>
      ) : (
        <table className="data-table import-errors">
          <thead>
            <tr>
              <th scope="col">{t('wardImport.sheet')}</th>
              <th scope="col">{t('wardImport.line')}</th>
              <th scope="col">{t('wardImport.column')}</th>
              <th scope="col">{t('wardImport.problem')}</th>
            </tr>
          </thead>
          <tbody>
            {report.errors.map((e, i) => (
              <tr key={`${e.sheet ?? ''}-${e.line}-${e.column}-${i}`}>
                <td>{e.sheet ?? ''}</td>
                <td>{e.line}</td>
                {/* A field the file has no column for is named by its key: shown in the UI's language. */}
                <td>{(MAPPABLE_FIELDS as readonly string[]).includes(e.column) ? t(`wardImport.fields.${e.column}`) : e.column}</td>
                <td>{t(reasonKey(e.reason), { defaultValue: e.reason })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(report.duplicates?.length ?? 0) > 0 || keep ? (
        <>
          <h3>{t('wardImport.duplicatesTitle', { count: report.duplicates?.length ?? 0 })}</h3>
          <ul>
            {report.duplicates?.map((d) => <li key={`${d.sheet ?? ''}-${d.line}-${d.column}`}>{`${d.sheet ?? ''} · ${t('wardImport.line')} ${d.line} · ${d.column}`}</li>)}
          </ul>
          <label className="check-row">
            <input type="checkbox" checked={keep} onChange={(e) => setKeep(e.target.checked)} />
            {t('wardImport.keepDuplicates')}
          </label>
        </>
      ) : null}
      {skipped.length > 0 && (
        <details>
          <summary>{t('wardImport.skippedTitle', { count: skipped.length })}</summary>
          <ul>
            {skipped.map((r) => (
              <li key={`${r.sheet}-${r.line}`}>{`${r.sheet} · ${t('wardImport.line')} ${r.line}: ${t(`wardImport.kinds.${r.kind}`)}${r.text ? ` — ${r.text}` : ''}`}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
