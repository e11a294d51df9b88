import { useTranslation } from 'react-i18next';
import type { ServiceDef } from '../../../../shared/api/visits';
import { DAK_LAK_SO_VARIANTS, FAILURE_REASONS, OUTCOMES, PROCEDURE_SUGGESTIONS, SIGNATURE_PROVIDERS, VNEID_LEVELS, type FailureReasonName, type OutcomeName } from '../../../../shared/visits';
import type { ServiceState } from './form-state';

// One service of the catalogue in the visit form: a checkbox (Space toggles it; its number key cycles
// it through the outcomes, issue #15), and when ticked
// its outcome, the failure reason, and the details DOMAIN.md lists for it. Services the head
// added have a free-text detail.

type Props = {
  service: ServiceDef;
  /** The number key that cycles this service, shown next to its name. */
  shortcut: string | null;
  state: ServiceState | undefined;
  errors: Record<string, string>;
  onToggle(checked: boolean): void;
  onChange(patch: Partial<ServiceState>): void;
};

export function serviceName(service: Pick<ServiceDef, 'nameVi' | 'nameEn'>, language: string): string {
  return language === 'en' ? service.nameEn : service.nameVi;
}

export function ServiceFields({ service, shortcut, state, errors, onToggle, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const key = service.key;
  const checked = state?.checked ?? false;
  const detail = state?.detail ?? {};
  const setDetail = (name: string, value: string | boolean) => onChange({ detail: { ...detail, [name]: value } });
  const text = (name: string, list?: readonly string[]) => (
    <label className="field">
      <span>{t(`visits.details.${name}`)}</span>
      <input name={`${key}.${name}`} value={String(detail[name] ?? '')} list={list ? `${key}-${name}-list` : undefined} onChange={(e) => setDetail(name, e.target.value)} />
      {list && (
        <datalist id={`${key}-${name}-list`}>
          {list.map((item) => <option key={item} value={item} />)}
        </datalist>
      )}
    </label>
  );
  const flag = (name: string) => (
    <label className="visits-check">
      <input type="checkbox" checked={detail[name] === true} onChange={(e) => setDetail(name, e.target.checked)} />
      <span>{t(`visits.details.${name}`)}</span>
    </label>
  );
  const choice = (name: string, values: readonly string[], labelGroup: string) => (
    <label className="field">
      <span>{t(`visits.details.${name}`)}</span>
      <select value={String(detail[name] ?? '')} onChange={(e) => setDetail(name, e.target.value)}>
        <option value="">—</option>
        {values.map((v) => <option key={v} value={v}>{t(`visits.details.${labelGroup}.${v}`)}</option>)}
      </select>
    </label>
  );

  return (
    <div role="group" aria-labelledby={`service-${key}-name`} className={checked ? 'visits-service visits-service-on' : 'visits-service'}>
      <label className="visits-check visits-service-toggle">
        <input type="checkbox" checked={checked} data-service={key} aria-labelledby={`service-${key}-name`} onChange={(e) => onToggle(e.target.checked)} />
        <span id={`service-${key}-name`}>{serviceName(service, i18n.language)}</span>
        {shortcut && <kbd className="visits-service-key" aria-label={t('visits.intake.serviceKey', { key: shortcut })}>{shortcut}</kbd>}
        {checked && state && <span className={`intake-chip intake-chip-${state.outcome}`} aria-hidden="true">{t(`visits.outcomes.${state.outcome}`)}</span>}
      </label>
      {errors[`service:${key}:serviceKey`] && <p className="form-error">{errors[`service:${key}:serviceKey`]}</p>}
      {checked && state && (
        <div className="visits-service-body">
          <div className="visits-outcomes" role="radiogroup" aria-label={`${t('visits.intake.outcome')} — ${serviceName(service, i18n.language)}`}>
            {OUTCOMES.map((outcome: OutcomeName) => (
              <label key={outcome} className="visits-check">
                <input type="radio" name={`outcome-${key}`} checked={state.outcome === outcome} onChange={() => onChange({ outcome, failureReason: outcome === 'failed' ? state.failureReason : '' })} />
                <span>{t(`visits.outcomes.${outcome}`)}</span>
              </label>
            ))}
          </div>
          {state.outcome === 'failed' && (
            <label className="field">
              <span>{t('visits.intake.failureReason')}</span>
              <select
                id={`intake-service-${key}-failureReason`}
                value={state.failureReason}
                aria-invalid={errors[`service:${key}:failureReason`] ? true : undefined}
                onChange={(e) => onChange({ failureReason: e.target.value as FailureReasonName | '' })}
              >
                <option value="">{t('visits.intake.failureNone')}</option>
                {FAILURE_REASONS.map((r) => <option key={r} value={r}>{t(`visits.failureReasons.${r}`)}</option>)}
              </select>
              {errors[`service:${key}:failureReason`] && <span className="form-error">{errors[`service:${key}:failureReason`]}</span>}
            </label>
          )}
          <div className="visits-details">
            {key === 'online_public_service' && (<>{text('procedureName', PROCEDURE_SUGGESTIONS)}{flag('submitted')}</>)}
            {key === 'vneid_activation' && (<>{choice('levelBefore', VNEID_LEVELS, 'levels')}{choice('levelAfter', VNEID_LEVELS, 'levels')}</>)}
            {key === 'digital_signature' && text('provider', SIGNATURE_PROVIDERS)}
            {key === 'dak_lak_so' && (<>{choice('variant', DAK_LAK_SO_VARIANTS, 'variants')}{flag('accountRegistered')}</>)}
            {!service.isBuiltin && text('text')}
          </div>
          {errors[`service:${key}:detail`] && <p className="form-error">{errors[`service:${key}:detail`]}</p>}
          {errors[`service:${key}:followUpOfRecord`] && <p className="form-error">{errors[`service:${key}:followUpOfRecord`]}</p>}
        </div>
      )}
    </div>
  );
}
