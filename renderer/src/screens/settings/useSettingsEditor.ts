import { useEffect, useState } from 'react';
import type { SettingKey, SettingValues } from '../../../../shared/settings';
import type { ApiError } from '../../../../shared/api/result';
import { call } from '../../api';

/**
 * The shared state of a settings tab: the stored values, the text being typed per key, and the
 * outcome of the last save (which key was saved, or its error). The core validates every value
 * and checks the owner role (shared/settings.ts); this only shows what it answered.
 */
export function useSettingsEditor() {
  const [values, setValues] = useState<SettingValues | null>(null);
  const [drafts, setDrafts] = useState<Partial<Record<SettingKey, string>>>({});
  const [error, setError] = useState<{ key: SettingKey; error: ApiError } | null>(null);
  const [savedKey, setSavedKey] = useState<SettingKey | null>(null);

  useEffect(() => {
    void call('settings.get', {}).then((result) => {
      if (result.ok) setValues(result.value);
    });
  }, []);

  /** Saves one setting; true when the core accepted it. */
  const save = async (key: SettingKey, value: unknown): Promise<boolean> => {
    const result = await call('settings.update', { key, value });
    if (!result.ok) {
      setError({ key, error: result.error });
      setSavedKey(null);
      return false;
    }
    setError(null);
    setValues(result.value);
    setDrafts((d) => ({ ...d, [key]: undefined }));
    setSavedKey(key);
    return true;
  };

  const setDraft = (key: SettingKey, text: string) => setDrafts((d) => ({ ...d, [key]: text }));

  return { values, drafts, setDraft, error, savedKey, save };
}
