import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { VnDateField } from '../../components/VnDateField';
import type { Period, SettingValues } from '../../../../shared/settings';
import type { ApiError } from '../../../../shared/api/result';
import { call } from '../../api';
import { useApp } from '../../app-context';
import { ErrorText } from '../../components/ErrorText';
import './counting.css';

// Issue #7 point 2: the head's target settings (targets.*): the bases of the goals (DOMAIN.md
// "Goals") and the named periods every report can pick. Read-only for other roles.

type NumberKey = 'targets.smartphoneUsers' | 'targets.officials' | 'targets.citizenGoal';
const NUMBER_KEYS: { key: NumberKey; label: string; help: string; goal: (n: number) => number }[] = [
  { key: 'targets.smartphoneUsers', label: 'smartphoneUsers', help: 'smartphoneUsersHelp', goal: (n) => Math.floor((30 * n + 99) / 100) },
  { key: 'targets.officials', label: 'officials', help: 'officialsHelp', goal: (n) => Math.floor((50 * n + 99) / 100) },
  { key: 'targets.citizenGoal', label: 'citizenGoal', help: 'citizenGoalHelp', goal: (n) => n },
];

const text = (value: number | null) => (value === null ? '' : String(value));
const parseCount = (raw: string): number | null | 'invalid' => {
  const s = raw.trim();
  if (s === '') return null;
  return /^\d{1,8}$/.test(s) ? Number(s) : 'invalid';
};

export function TargetsTab() {
  const { t } = useTranslation();
  const { can } = useApp();
  const mayEdit = can('settings.head');
  const [values, setValues] = useState<SettingValues | null>(null);
  const [drafts, setDrafts] = useState<Record<NumberKey, string>>({ 'targets.smartphoneUsers': '', 'targets.officials': '', 'targets.citizenGoal': '' });
  const [periods, setPeriods] = useState<Period[]>([]);
  const [message, setMessage] = useState<{ where: 'numbers' | 'periods'; ok: boolean; text?: string; error?: ApiError } | null>(null);

  const load = (next: SettingValues) => {
    setValues(next);
    setDrafts({
      'targets.smartphoneUsers': text(next['targets.smartphoneUsers']),
      'targets.officials': text(next['targets.officials']),
      'targets.citizenGoal': text(next['targets.citizenGoal']),
    });
    setPeriods(next['targets.periods']);
  };

  useEffect(() => {
    void call('settings.get', {}).then((result) => result.ok && load(result.value));
  }, []);

  if (!values) return <p>{t('common.loading')}</p>;

  const saveNumbers = async () => {
    let latest: SettingValues | null = null;
    for (const { key } of NUMBER_KEYS) {
      const parsed = parseCount(drafts[key]);
      // The citizen goal always has a value (default 100); the two bases may stay "not set".
      if (parsed === 'invalid' || (key === 'targets.citizenGoal' && parsed === null)) {
        setMessage({ where: 'numbers', ok: false, text: t('counting.targets.invalidNumber') });
        document.getElementById(`target-${key}`)?.focus();
        return;
      }
      if (parsed === values[key]) continue;
      const result = await call('settings.update', { key, value: parsed });
      if (!result.ok) {
        setMessage({ where: 'numbers', ok: false, error: result.error });
        return;
      }
      latest = result.value;
    }
    if (latest) load(latest);
    setMessage({ where: 'numbers', ok: true, text: t('counting.targets.saved') });
  };

  const savePeriods = async () => {
    for (const [index, period] of periods.entries()) {
      if (!period.name.trim()) {
        setMessage({ where: 'periods', ok: false, text: t('counting.targets.nameRequired', { row: index + 1 }) });
        return;
      }
      if (!period.from || !period.to || period.from > period.to) {
        setMessage({ where: 'periods', ok: false, text: t('counting.targets.rangeInvalid', { name: period.name }) });
        return;
      }
    }
    const result = await call('settings.update', { key: 'targets.periods', value: periods.map((p) => ({ ...p, name: p.name.trim() })) });
    if (!result.ok) {
      setMessage({ where: 'periods', ok: false, error: result.error });
      return;
    }
    load(result.value);
    setMessage({ where: 'periods', ok: true, text: t('counting.targets.saved') });
  };

  const addPeriod = (period: Omit<Period, 'id'>) => setPeriods((all) => [...all, { id: crypto.randomUUID(), ...period }]);
  const patchPeriod = (index: number, patch: Partial<Period>) => setPeriods((all) => all.map((p, i) => (i === index ? { ...p, ...patch } : p)));
  const feedback = (where: 'numbers' | 'periods') =>
    message?.where === where &&
    (message.error ? <ErrorText error={message.error} /> : <p className={message.ok ? 'ok-text' : 'form-error'} role={message.ok ? 'status' : 'alert'}>{message.text}</p>);

  return (
    <div className="settings counting-settings">
      <section className="card settings-section" aria-labelledby="targets-numbers">
        <h2 id="targets-numbers">{t('counting.targets.title')}</h2>
        <p className="muted">{mayEdit ? t('counting.targets.intro') : t('counting.targets.readOnly')}</p>
        {NUMBER_KEYS.map(({ key, label, help, goal }) => {
          const parsed = parseCount(drafts[key]);
          return (
            <div key={key} className="target-row">
              <label htmlFor={`target-${key}`}>{t(`counting.targets.${label}`)}</label>
              <input
                id={`target-${key}`}
                inputMode="numeric"
                value={drafts[key]}
                placeholder={t('counting.targets.notSet')}
                readOnly={!mayEdit}
                aria-invalid={parsed === 'invalid'}
                aria-describedby={`target-${key}-help`}
                onChange={(e) => setDrafts((d) => ({ ...d, [key]: e.target.value }))}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && mayEdit) void saveNumbers();
                }}
              />
              <span className="target-goal" aria-live="polite">
                {typeof parsed === 'number' ? t('counting.targets.goal', { goal: goal(parsed).toLocaleString('vi-VN') }) : t('counting.targets.goalNotSet')}
              </span>
              <small id={`target-${key}-help`} className="muted target-help">{t(`counting.targets.${help}`)}</small>
            </div>
          );
        })}
        {mayEdit && (
          <button type="button" className="button primary" onClick={() => void saveNumbers()}>
            {t('counting.targets.save')}
          </button>
        )}
        {feedback('numbers')}
      </section>

      <section className="card settings-section" aria-labelledby="targets-periods">
        <h2 id="targets-periods">{t('counting.targets.periodsTitle')}</h2>
        <p className="muted">{t('counting.targets.periodsIntro')}</p>
        {periods.length === 0 ? (
          <p>{t('counting.targets.noPeriods')}</p>
        ) : (
          <table className="period-table">
            <thead>
              <tr>
                <th scope="col">{t('counting.targets.periodName')}</th>
                <th scope="col">{t('counting.targets.periodFrom')}</th>
                <th scope="col">{t('counting.targets.periodTo')}</th>
                {mayEdit && <th scope="col"><span className="visually-hidden">{t('counting.targets.remove')}</span></th>}
              </tr>
            </thead>
            <tbody>
              {periods.map((period, index) => (
                <tr key={period.id}>
                  <td>
                    <input aria-label={`${t('counting.targets.periodName')} ${index + 1}`} value={period.name} readOnly={!mayEdit} maxLength={120} onChange={(e) => patchPeriod(index, { name: e.target.value })} />
                  </td>
                  <td>
                    <VnDateField ariaLabel={`${t('counting.targets.periodFrom')} ${index + 1}`} value={period.from} readOnly={!mayEdit} onChange={(day) => patchPeriod(index, { from: day })} />
                  </td>
                  <td>
                    <VnDateField ariaLabel={`${t('counting.targets.periodTo')} ${index + 1}`} value={period.to} readOnly={!mayEdit} onChange={(day) => patchPeriod(index, { to: day })} />
                  </td>
                  {mayEdit && (
                    <td>
                      <button type="button" className="button" aria-label={t('counting.targets.removePeriod', { name: period.name })} onClick={() => setPeriods((all) => all.filter((_, i) => i !== index))}>
                        {t('counting.targets.remove')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {mayEdit && (
          <div className="actions">
            <button type="button" className="button" onClick={() => addPeriod({ name: '', from: '', to: '' })}>
              {t('counting.targets.addPeriod')}
            </button>
            {!periods.some((p) => p.from === '2025-07-15' && p.to === '2025-10-25') && (
              <button type="button" className="button" onClick={() => addPeriod({ name: t('counting.targets.peakName'), from: '2025-07-15', to: '2025-10-25' })}>
                {t('counting.targets.suggestPeak')}
              </button>
            )}
            {!periods.some((p) => p.from === '2026-01-01' && p.to === '2026-12-31') && (
              <button type="button" className="button" onClick={() => addPeriod({ name: t('counting.targets.yearName'), from: '2026-01-01', to: '2026-12-31' })}>
                {t('counting.targets.suggestYear')}
              </button>
            )}
            <button type="button" className="button primary" onClick={() => void savePeriods()}>
              {t('counting.targets.savePeriods')}
            </button>
          </div>
        )}
        {feedback('periods')}
      </section>
    </div>
  );
}
