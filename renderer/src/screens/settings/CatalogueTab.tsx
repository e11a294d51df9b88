import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServiceDef } from '../../../../shared/api/visits';
import { formatNeighbourhoodLines, parseNeighbourhoodLines } from '../../../../shared/domain/neighbourhood';
import { call } from '../../api';
import { useApp } from '../../app-context';
import { apiErrorText } from '../intake/errors';
import '../log/log.css';
import './catalogue.css';

// Issue #4: the head's lists — neighbourhoods (tổ dân phố / thôn / buôn, setting
// persons.neighbourhoods) and the service catalogue (services.upsert). Read-only for other roles.

type Row = Omit<ServiceDef, 'isBuiltin'> & { isBuiltin: boolean; isNew?: boolean };

export function CatalogueTab() {
  const { t } = useTranslation();
  const { can } = useApp();
  const mayEdit = can('settings.head');
  const [rows, setRows] = useState<Row[]>([]);
  const [neighbourhoods, setNeighbourhoods] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    void call('services.list', { includeInactive: true }).then((r) => r.ok && setRows(r.value));
    void call('settings.get', {}).then((r) => r.ok && setNeighbourhoods(formatNeighbourhoodLines(r.value['persons.neighbourhoods'], r.value['persons.neighbourhoodOrigins'])));
  }, []);

  const saveRow = async (row: Row) => {
    const r = await call('services.upsert', { key: row.key.trim(), nameVi: row.nameVi, nameEn: row.nameEn, isActive: row.isActive, sortOrder: row.sortOrder });
    if (!r.ok) {
      setMessage({ ok: false, text: apiErrorText(t, r.error) });
      return;
    }
    setRows(r.value);
    setMessage({ ok: true, text: t('visits.catalogue.saved') });
  };

  const saveNeighbourhoods = async () => {
    // Issue #15: a line may also say the old unit and other names, for matching card addresses.
    const { names, origins } = parseNeighbourhoodLines(neighbourhoods);
    const r = await call('settings.update', { key: 'persons.neighbourhoods', value: names });
    const o = r.ok ? await call('settings.update', { key: 'persons.neighbourhoodOrigins', value: origins }) : r;
    setMessage(o.ok ? { ok: true, text: t('settings.saved') } : { ok: false, text: apiErrorText(t, o.error) });
  };

  const patch = (index: number, p: Partial<Row>) => setRows((all) => all.map((row, i) => (i === index ? { ...row, ...p } : row)));

  return (
    <div className="settings">
      {message && <p className={message.ok ? 'ok-text' : 'form-error'} role="status">{message.text}</p>}
      <section className="card settings-section" aria-labelledby="catalogue-neighbourhoods">
        <h2 id="catalogue-neighbourhoods">{t('visits.catalogue.neighbourhoods')}</h2>
        <label className="field">
          <span>{t('visits.catalogue.neighbourhoodsHint')}</span>
          <textarea rows={6} value={neighbourhoods} readOnly={!mayEdit} onChange={(e) => setNeighbourhoods(e.target.value)} aria-describedby="catalogue-neighbourhoods-origins" />
        </label>
        <p className="muted" id="catalogue-neighbourhoods-origins">{t('visits.catalogue.neighbourhoodsOriginsHint')}</p>
        {mayEdit && <button type="button" className="button" onClick={() => void saveNeighbourhoods()}>{t('visits.catalogue.saveNeighbourhoods')}</button>}
      </section>
      <section className="card settings-section" aria-labelledby="catalogue-services">
        <h2 id="catalogue-services">{t('visits.catalogue.title')}</h2>
        <p className="muted">{t('visits.catalogue.hint')}</p>
        <table className="log-table catalogue-table">
          <thead>
            <tr>
              <th>{t('visits.catalogue.key')}</th>
              <th>{t('visits.catalogue.nameVi')}</th>
              <th>{t('visits.catalogue.nameEn')}</th>
              <th>{t('visits.catalogue.order')}</th>
              <th>{t('visits.catalogue.active')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={row.isNew ? `new-${index}` : row.key}>
                <td>
                  {row.isNew ? (
                    <input aria-label={t('visits.catalogue.key')} value={row.key} onChange={(e) => patch(index, { key: e.target.value })} />
                  ) : (
                    <code>{row.key}</code>
                  )}
                  {row.isBuiltin && <small className="muted"> ({t('visits.catalogue.builtin')})</small>}
                </td>
                <td><input aria-label={t('visits.catalogue.nameVi')} value={row.nameVi} readOnly={!mayEdit} onChange={(e) => patch(index, { nameVi: e.target.value })} /></td>
                <td><input aria-label={t('visits.catalogue.nameEn')} value={row.nameEn} readOnly={!mayEdit} onChange={(e) => patch(index, { nameEn: e.target.value })} /></td>
                <td><input aria-label={t('visits.catalogue.order')} type="number" min={0} max={1000} value={row.sortOrder} readOnly={!mayEdit} onChange={(e) => patch(index, { sortOrder: Number(e.target.value) })} /></td>
                <td><input aria-label={t('visits.catalogue.active')} type="checkbox" checked={row.isActive} disabled={!mayEdit} onChange={(e) => patch(index, { isActive: e.target.checked })} /></td>
                <td>{mayEdit && <button type="button" className="button" onClick={() => void saveRow(row)}>{t('common.save')}</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {mayEdit && (
          <button
            type="button"
            className="button"
            onClick={() => setRows((all) => [...all, { key: '', nameVi: '', nameEn: '', isActive: true, sortOrder: 50, isBuiltin: false, isNew: true }])}
          >
            {t('visits.catalogue.add')}
          </button>
        )}
      </section>
    </div>
  );
}
