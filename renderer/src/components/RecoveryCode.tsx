import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../i18n';

/**
 * Issue #20: the recovery code in groups that never break inside (XXXX-XXXX-XXXX-XXXX wraps only
 * between groups), and, on paper, with the centre, the account and the date it was made (the
 * print view shows the card alone: no buttons, no shell).
 */
export function RecoveryCode({ code, centerName, username }: { code: string; centerName: string; username: string }) {
  const { t } = useTranslation();
  const groups = code.split('-');
  return (
    <div className="recovery-code-block">
      <p className="recovery-code" data-testid="recovery-code" aria-label={t('setup.recoveryCodeLabel', { code: groups.join(' ') })}>
        {groups.map((group, index) => (
          <span key={index} className="recovery-group">
            {group}
            {index < groups.length - 1 && '-'}
          </span>
        ))}
      </p>
      <dl className="recovery-meta" data-testid="recovery-meta">
        <div><dt>{t('setup.recoveryCenter')}</dt><dd>{centerName}</dd></div>
        <div><dt>{t('setup.recoveryUsername')}</dt><dd>{username}</dd></div>
        <div><dt>{t('setup.recoveryMadeAt')}</dt><dd>{formatDateTime(new Date())}</dd></div>
      </dl>
    </div>
  );
}
