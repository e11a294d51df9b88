import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnregisteredOfficial } from '../../../../shared/api/report-exports';
import type { ApiError } from '../../../../shared/api/result';
import { call } from '../../api';
import { useApp } from '../../app-context';
import { ErrorText } from '../../components/ErrorText';
import { PrintHeader } from './PrintHeader';
import { todayVn } from './format';
import './print.css';

/** Issue #8: the printable "not yet registered" list of roster officials, per agency (audited in the core). */
export function PrintUnregistered({ agency }: { agency: string | null }) {
  const { t } = useTranslation();
  const { info } = useApp();
  const [officials, setOfficials] = useState<UnregisteredOfficial[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let alive = true;
    void call('roster.unregistered', { agency }).then((result) => {
      if (!alive) return;
      if (result.ok) setOfficials(result.value.officials);
      else setError(result.error);
    });
    return () => {
      alive = false;
    };
  }, [agency]);

  const groups = new Map<string, UnregisteredOfficial[]>();
  for (const official of officials ?? []) groups.set(official.agency, [...(groups.get(official.agency) ?? []), official]);

  return (
    <div className="print-view">
      <div className="print-toolbar no-print">
        <a className="button" href="#/reports">{t('dashboard.backToDashboard')}</a>
        <button type="button" className="button primary" onClick={() => window.print()} disabled={!officials}>{t('dashboard.printNow')}</button>
      </div>
      <ErrorText error={error} />
      {officials && (
        <article className="print-sheet" aria-label={t('print.unregisteredTitle')}>
          <PrintHeader centerName={info.centerName} ward={info.ward} printedDay={todayVn()} />
          <h1 className="doc-title">{t('print.unregisteredTitle')}</h1>
          {agency && <p className="doc-subtitle">{t('print.unregisteredAgency', { agency })}</p>}
          {officials.length === 0 && <p className="doc-para">{t('print.noneUnregistered')}</p>}
          {[...groups.entries()].map(([name, list]) => (
            <section key={name}>
              {!agency && <p className="doc-agency">{t('print.unregisteredAgency', { agency: name })}</p>}
              <table className="doc-table">
                <thead>
                  <tr>
                    <th>{t('print.no')}</th>
                    <th>{t('print.fullName')}</th>
                    <th>{t('print.cccd')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((official, index) => (
                    <tr key={`${official.fullName}-${index}`}>
                      <td className="num">{index + 1}</td>
                      <td>{official.fullName}</td>
                      <td>{official.cccdMasked ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </article>
      )}
    </div>
  );
}
