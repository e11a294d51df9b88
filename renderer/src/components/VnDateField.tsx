import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatVnDate, isIsoDay, parseVnDate } from '../../../shared/domain/vnday';

/**
 * Issue #20: a date typed and shown dd/mm/yyyy whatever the browser's locale (the browser's own
 * date input shows mm/dd/yyyy on an English system). The value in and out is an ISO day
 * (yyyy-mm-dd), '' while empty; a date that does not exist (31/02) says so and is not sent.
 */
export function VnDateField(props: {
  value: string;
  onChange: (isoDay: string) => void;
  id?: string;
  ariaLabel?: string;
  readOnly?: boolean;
  className?: string;
}) {
  const { t } = useTranslation();
  const { value, onChange } = props;
  const [text, setText] = useState(isIsoDay(value) ? formatVnDate(value) : '');
  const [invalid, setInvalid] = useState(false);

  // A value set from outside (a preset period, a reset) shows at once.
  useEffect(() => {
    setText((current) => (parseVnDate(current) === value ? current : isIsoDay(value) ? formatVnDate(value) : value === '' ? '' : current));
  }, [value]);

  const problemId = props.id ? `${props.id}-problem` : undefined;
  return (
    <span className={`vn-date ${props.className ?? ''}`}>
      <input
        id={props.id}
        aria-label={props.ariaLabel}
        value={text}
        readOnly={props.readOnly}
        inputMode="numeric"
        maxLength={10}
        placeholder={t('common.datePlaceholder')}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? problemId : undefined}
        onChange={(event) => {
          const typed = event.target.value;
          setText(typed);
          const day = parseVnDate(typed);
          if (day) {
            setInvalid(false);
            onChange(day);
          } else if (typed.trim() === '') {
            setInvalid(false);
            onChange('');
          }
        }}
        onBlur={() => setInvalid(text.trim() !== '' && parseVnDate(text) === null)}
      />
      {invalid && (
        <small className="field-problem" id={problemId} role="alert">
          {t('common.dateInvalid')}
        </small>
      )}
    </span>
  );
}
