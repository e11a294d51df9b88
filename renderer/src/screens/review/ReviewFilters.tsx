import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { REVIEW_GROUPS, REVIEW_OUTCOMES, type ReviewFilter } from '../../../../shared/api/review';
import { formatVnDate, parseVnDate } from '../../../../shared/domain/vnday';
import { call } from '../../api';

/** The filter form: applied on submit (Enter in any field), so typing does not reload (and audit) per key. */
export function ReviewFilters({ filter, onApply }: { filter: ReviewFilter; onApply(next: ReviewFilter): void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<ReviewFilter>(filter);
  const [neighbourhoods, setNeighbourhoods] = useState<string[]>([]);
  // Dates are typed dd/mm/yyyy whatever the browser's locale (DOMAIN.md "Reporting style").
  const [fromText, setFromText] = useState(filter.fromDay ? formatVnDate(filter.fromDay) : '');
  const [toText, setToText] = useState(filter.toDay ? formatVnDate(filter.toDay) : '');
  const [badDates, setBadDates] = useState<{ from: boolean; to: boolean }>({ from: false, to: false });

  useEffect(() => {
    setDraft(filter);
    setFromText(filter.fromDay ? formatVnDate(filter.fromDay) : '');
    setToText(filter.toDay ? formatVnDate(filter.toDay) : '');
  }, [filter]);
  useEffect(() => {
    void call('settings.get', {}).then((result) => {
      if (result.ok) setNeighbourhoods(result.value['persons.neighbourhoods']);
    });
  }, []);

  const set = <K extends keyof ReviewFilter>(key: K, value: ReviewFilter[K] | '' | false) =>
    setDraft((d) => {
      const next = { ...d };
      if (value === '' || value === false || value === undefined) delete next[key];
      else next[key] = value;
      return next;
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const fromDay = fromText.trim() ? parseVnDate(fromText) : null;
    const toDay = toText.trim() ? parseVnDate(toText) : null;
    const bad = { from: fromText.trim() !== '' && !fromDay, to: toText.trim() !== '' && !toDay };
    setBadDates(bad);
    if (bad.from || bad.to) return;
    const next: ReviewFilter = { ...draft };
    delete next.fromDay;
    delete next.toDay;
    if (fromDay) next.fromDay = fromDay;
    if (toDay) next.toDay = toDay;
    delete next.status;
    onApply({ ...next, ...(filter.status ? { status: filter.status } : {}) });
  };

  return (
    <form className="review-filters card" noValidate onSubmit={submit} aria-label={t('review.filters.title')}>
      <label className="field review-search">
        <span>{t('review.filters.search')}</span>
        <input type="search" value={draft.search ?? ''} onChange={(event) => set('search', event.target.value)} maxLength={120} />
      </label>
      <label className="field">
        <span>{t('review.filters.fromDay')}</span>
        <input value={fromText} onChange={(event) => setFromText(event.target.value)} placeholder={t('review.filters.datePlaceholder')} inputMode="numeric" maxLength={10} aria-invalid={badDates.from} />
      </label>
      <label className="field">
        <span>{t('review.filters.toDay')}</span>
        <input value={toText} onChange={(event) => setToText(event.target.value)} placeholder={t('review.filters.datePlaceholder')} inputMode="numeric" maxLength={10} aria-invalid={badDates.to} />
      </label>
      <label className="field">
        <span>{t('review.filters.outcome')}</span>
        <select value={draft.outcome ?? ''} onChange={(event) => set('outcome', event.target.value as ReviewFilter['outcome'])}>
          <option value="">{t('review.filters.any')}</option>
          {REVIEW_OUTCOMES.map((key) => <option key={key} value={key}>{t(`review.outcome.${key}`)}</option>)}
        </select>
      </label>
      <label className="field">
        <span>{t('review.filters.group')}</span>
        <select value={draft.group ?? ''} onChange={(event) => set('group', event.target.value as ReviewFilter['group'])}>
          <option value="">{t('review.filters.any')}</option>
          {REVIEW_GROUPS.map((key) => <option key={key} value={key}>{t(`review.group.${key}`)}</option>)}
        </select>
      </label>
      <label className="field review-neighbourhood">
        <span>{t('review.filters.neighbourhood')}</span>
        <input list="review-neighbourhoods" value={draft.neighbourhood ?? ''} onChange={(event) => set('neighbourhood', event.target.value)} maxLength={120} />
        <datalist id="review-neighbourhoods">
          {neighbourhoods.map((name) => <option key={name} value={name} />)}
        </datalist>
      </label>
      <label className="review-check">
        <input type="checkbox" checked={draft.flaggedUnder15 ?? false} onChange={(event) => set('flaggedUnder15', event.target.checked)} />
        {t('review.filters.flaggedUnder15')}
      </label>
      <div className="review-filter-buttons">
        <button type="submit" className="button primary">{t('review.filters.apply')}</button>
        <button type="button" className="button" onClick={() => onApply(filter.status ? { status: filter.status } : {})}>{t('review.filters.clear')}</button>
      </div>
      {(badDates.from || badDates.to) && <p className="form-error review-filter-error" role="alert">{t('review.filters.dateInvalid')}</p>}
    </form>
  );
}
