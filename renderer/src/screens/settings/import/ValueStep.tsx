import { useTranslation } from 'react-i18next';
import { CATEGORIES, OUTCOMES, type ValueGroup, type ValueKind, type WardDetection, type WardMapping } from '../../../../../shared/api/ward';
import type { Services } from '../useImportWizard';
import { meaningOf, unansweredValues } from './value-map';
import { serviceName } from '../../intake/ServiceFields';

// Issue #16 "values mapped (marks, categories, services, outcomes), with the app's guess
// preselected": every distinct value of the mapped columns, the rows that carry it, a select each.

type Props = { detection: WardDetection; mapping: WardMapping; services: Services; onChoose: (kind: ValueKind, text: string, meaning: string) => void };

export function ValueStep({ detection, mapping, services, onChoose }: Props) {
  const { t } = useTranslation();
  const unanswered = unansweredValues(mapping, detection);
  return (
    <section className="card settings-section ward-values" aria-labelledby="ward-values">
      <h2 id="ward-values">{t('wardImport.valuesTitle')}</h2>
      <p className="muted">{t('wardImport.valuesIntro')}</p>
      {detection.values.map((group) => (
        <ValueTable key={group.kind} group={group} mapping={mapping} services={services} onChoose={onChoose} />
      ))}
      {unanswered > 0 && (
        <p className="form-error" role="alert">{t('wardImport.valuesUnanswered', { count: unanswered })}</p>
      )}
    </section>
  );
}

function ValueTable({ group, mapping, services, onChoose }: Omit<Props, 'detection'> & { group: ValueGroup }) {
  const { t, i18n } = useTranslation();
  const title = t(`wardImport.valueKinds.${group.kind}`, { columns: group.columns.map((c) => `“${c}”`).join(', ') });
  const options = optionsOf(group.kind, services, t, i18n.language);
  return (
    <fieldset className="ward-sheet">
      <legend>{title}</legend>
      {group.values.length === 0 ? (
        <p className="muted">{t('wardImport.noValues')}</p>
      ) : (
        <table className="data-table ward-value-table">
          <thead>
            <tr>
              <th scope="col">{t('wardImport.value')}</th>
              <th scope="col" className="num">{t('wardImport.valueRows')}</th>
              <th scope="col">{t('wardImport.valueMeaning')}</th>
            </tr>
          </thead>
          <tbody>
            {group.values.map((value) => {
              const meaning = meaningOf(mapping, group.kind, value);
              return (
                <tr key={value.text} className={meaning === null ? 'unmapped' : undefined}>
                  <th scope="row">{value.text}</th>
                  <td className="num">{value.rows.toLocaleString(i18n.language === 'en' ? 'en-US' : 'vi-VN')}</td>
                  <td>
                    <select
                      aria-label={t('wardImport.valueLabel', { value: value.text, kind: title })}
                      value={meaning ?? ''}
                      aria-invalid={meaning === null || undefined}
                      onChange={(e) => e.target.value && onChoose(group.kind, value.text, e.target.value)}
                    >
                      {meaning === null && <option value="">{t('wardImport.valueUnknown')}</option>}
                      {options.map((o) => (
                        <option key={o.value} value={o.value}>{o.label}</option>
                      ))}
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {group.omitted > 0 && <p className="form-error">{t('wardImport.valuesOmitted', { count: group.omitted })}</p>}
    </fieldset>
  );
}

function optionsOf(kind: ValueKind, services: Services, t: (key: string) => string, language: string): { value: string; label: string }[] {
  switch (kind) {
    case 'marks':
      return (['completed', 'pending', 'failed', 'none'] as const).map((m) => ({ value: m, label: t(`wardImport.marks.${m}`) }));
    case 'category':
      return CATEGORIES.map((c) => ({ value: c, label: t(`wardImport.categories.${c}`) }));
    case 'outcome':
      return OUTCOMES.map((o) => ({ value: o, label: t(`wardImport.outcomes.${o}`) }));
    case 'service':
      return services.map((s) => ({ value: s.key, label: serviceName(s, language) }));
  }
}
