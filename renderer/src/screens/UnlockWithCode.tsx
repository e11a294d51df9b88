import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/api/result';
import { call } from '../api';
import { errorMessage } from '../components/ErrorText';

// Issue #18 point 7: the database is sound but its key is not on this PC (another Windows user, a
// reinstalled Windows, a folder moved to another PC). The recovery code printed at setup opens the
// key store's second copy; the key is then sealed again for this PC.

export function UnlockWithCode({ onUnlocked }: { onUnlocked(): void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const unlock = async () => {
    setBusy(true);
    setError(null);
    const result = await call('recovery.unlock', { recoveryCode: code });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    onUnlocked();
  };

  return (
    <form
      aria-labelledby="unlock-title"
      onSubmit={(event) => {
        event.preventDefault();
        void unlock();
      }}
    >
      <h2 id="unlock-title">{t('recovery.unlockTitle')}</h2>
      <p className="muted">{t('recovery.unlockIntro')}</p>
      <div className="field">
        <label htmlFor="unlock-code">{t('recovery.unlockCode')}</label>
        <input id="unlock-code" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" spellCheck={false} autoFocus />
      </div>
      {error && <p className="form-error" role="alert">{errorMessage(t, error)}</p>}
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy || !code.trim()}>
          {busy ? t('recovery.unlocking') : t('recovery.unlock')}
        </button>
      </div>
    </form>
  );
}
