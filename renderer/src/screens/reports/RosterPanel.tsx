import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RosterImportResult, RosterSummary } from '../../../../shared/api/report-exports';
import type { ApiError } from '../../../../shared/api/result';
import { call } from '../../api';
import { useApp } from '../../app-context';
import { ErrorText } from '../../components/ErrorText';
import { num } from './format';
import { unregisteredHash } from './route';

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read'));
    reader.readAsDataURL(file);
  });
}

/** The officials roster (target 8a): load it, see progress by agency, print who has not registered. */
export function RosterPanel({ roster, onChanged }: { roster: RosterSummary; onChanged(): void }) {
  const { t } = useTranslation();
  const { can } = useApp();
  const input = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<RosterImportResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const canEdit = can('settings.head');

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setResult(null);
    const imported = await call('roster.import', { fileName: file.name, contentBase64: await readBase64(file) });
    if (input.current) input.current.value = '';
    if (!imported.ok) return setError(imported.error);
    setResult(imported.value);
    onChanged();
  };

  const clear = async () => {
    const cleared = await call('roster.clear', {});
    if (!cleared.ok) return setError(cleared.error);
    setResult(null);
    onChanged();
  };

  return (
    <section className="card" aria-labelledby="roster-title">
      <h2 id="roster-title">{t('dashboard.rosterTitle')}</h2>
      <p data-testid="roster-status">{roster.size > 0 ? t('dashboard.rosterLoaded', { size: num(roster.size) }) : t('dashboard.rosterNone')}</p>
      {canEdit && (
        <div className="actions">
          <label className="button">
            {t('dashboard.rosterImport')}
            <input ref={input} type="file" accept=".xlsx,.csv" className="visually-hidden" onChange={(event) => void onFile(event.target.files?.[0])} />
          </label>
          {roster.size > 0 && <button type="button" className="button" onClick={() => void clear()}>{t('dashboard.rosterClear')}</button>}
          {roster.size > 0 && <a className="button" href={unregisteredHash(null)}>{t('dashboard.printUnregisteredAll')}</a>}
        </div>
      )}
      {canEdit && <p className="muted">{t('dashboard.rosterImportHint')}</p>}
      {result && result.imported > 0 && <p className="ok-text" role="status">{t('dashboard.rosterImported', { count: num(result.imported), agencies: num(result.agencies) })}</p>}
      {result && result.imported === 0 && (
        <div className="form-error" role="alert">
          {!result.headerFound ? t('dashboard.rosterNoHeader') : result.errors.length === 0 ? t('dashboard.rosterEmpty') : t('dashboard.rosterErrors')}
          {result.errors.length > 0 && (
            <ul>
              {result.errors.slice(0, 20).map((e) => (
                <li key={`${e.row}-${e.code}`}>{t('dashboard.rosterErrorRow', { row: e.row, message: t(`dashboard.rosterErrorCodes.${e.code}`) })}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ErrorText error={error} />
    </section>
  );
}
