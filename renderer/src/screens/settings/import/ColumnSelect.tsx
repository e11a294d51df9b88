import { useTranslation } from 'react-i18next';
import { MAPPABLE_FIELDS } from '../../../../../shared/api/ward';
import type { Services } from '../useImportWizard';

/** A column's meaning: a field, a service column of the wide layout, or "bỏ qua"; "?" while unknown. */
export function ColumnSelect({ header, value, services, onChange }: { header: string; value: string; services: Services; onChange: (target: string) => void }) {
  const { t } = useTranslation();
  return (
    <select aria-label={t('wardImport.columnLabel', { header })} value={value} onChange={(e) => onChange(e.target.value)}>
      {value === '' && <option value="">?</option>}
      <option value="skip">{t('wardImport.skip')}</option>
      {MAPPABLE_FIELDS.map((field) => (
        <option key={field} value={field}>{t(`wardImport.fields.${field}`)}</option>
      ))}
      {services.map((s) => (
        <option key={s.key} value={`service:${s.key}`}>{t('wardImport.serviceColumn', { name: s.nameVi })}</option>
      ))}
    </select>
  );
}
