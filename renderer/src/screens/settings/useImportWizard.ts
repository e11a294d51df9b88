import { useEffect, useRef, useState } from 'react';
import type { ImportReport } from '../../../../shared/api/reports';
import type { ApiError } from '../../../../shared/api/result';
import type { WardMapping } from '../../../../shared/api/ward';
import { call } from '../../api';
import { completeMapping } from './import/value-map';

// Issue #16: the import wizard's data (Settings › Nhập dữ liệu). Every change of the mapping runs
// the whole import as a preview (rolled back), so what is shown is what the import would do.

/** Base64 makes the file a third bigger and one call carries about 8 MB: bigger files go through the CLI. */
export const MAX_FILE_BYTES = 5.5 * 1024 * 1024;
const LAYOUT_STORE = 'bhts.importMappings';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Mappings remembered per header layout (the layout key of the file's first sheet). */
function remembered(layoutKey: string): WardMapping | null {
  try {
    const all = JSON.parse(localStorage.getItem(LAYOUT_STORE) ?? '{}') as Record<string, WardMapping>;
    return all[layoutKey] ?? null;
  } catch {
    return null;
  }
}
function remember(layoutKey: string, mapping: WardMapping): void {
  try {
    const all = JSON.parse(localStorage.getItem(LAYOUT_STORE) ?? '{}') as Record<string, WardMapping>;
    all[layoutKey] = mapping;
    localStorage.setItem(LAYOUT_STORE, JSON.stringify(all));
  } catch {
    // Storage full or refused: the mapping can still be saved as a file.
  }
}

export type Services = { key: string; nameVi: string; nameEn: string }[];

export function useImportWizard() {
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [mapping, setMapping] = useState<WardMapping>({ version: 1, columns: {} });
  const [keepDuplicates, setKeepDuplicates] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState<'reading' | 'committing' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<ImportReport | null>(null);
  const [undone, setUndone] = useState(false);
  const [services, setServices] = useState<Services>([]);
  // Previews run on every change: only the answer to the latest call is shown.
  const latest = useRef(0);

  useEffect(() => {
    void call('services.list', {}).then((r) => r.ok && setServices(r.value.map((s) => ({ key: s.key, nameVi: s.nameVi, nameEn: s.nameEn }))));
  }, []);

  const run = async (commit: boolean, source = file, next: WardMapping | null = mapping, keep = keepDuplicates) => {
    if (!source) return;
    const seq = ++latest.current;
    setBusy(commit ? 'committing' : 'reading');
    setError(null);
    const result = await call('data.import', { fileName: source.name, contentBase64: source.base64, commit, skipInvalid: false, keepDuplicates: keep, ...(next ? { mapping: next } : {}) });
    if (seq !== latest.current && !commit) return;
    setBusy(null);
    if (!result.ok) return setError(result.error);
    setReport(result.value);
    if (commit && result.value.committed) {
      setDone(result.value);
      const key = result.value.detection?.sheets.find((s) => s.headerLine !== null)?.layoutKey;
      if (key && next) remember(key, completeMapping(next, result.value.detection));
    }
    return result.value;
  };

  const pick = async (picked: File | undefined) => {
    setReport(null);
    setDone(null);
    setUndone(false);
    setError(null);
    if (!picked) return setFile(null);
    if (picked.size > MAX_FILE_BYTES) return setError({ code: 'too_large', message: 'counting.data.tooLarge' });
    const source = { name: picked.name, base64: toBase64(new Uint8Array(await picked.arrayBuffer())) };
    setFile(source);
    const fresh: WardMapping = { version: 1, columns: {} };
    // First as the app's own format would be read; a ward log comes back with its detection.
    const first = await run(false, source, null);
    const key = first?.detection?.sheets.find((s) => s.headerLine !== null)?.layoutKey;
    const saved = key ? remembered(key) : null;
    setMapping(saved ?? fresh);
    if (saved) await run(false, source, saved);
  };

  const update = (change: (m: WardMapping) => WardMapping) => {
    const next = change(mapping);
    setMapping(next);
    void run(false, file, next);
  };

  const undo = async () => {
    if (!done?.importId) return;
    const result = await call('data.importUndo', { importId: done.importId });
    if (!result.ok) return setError(result.error);
    setUndone(true);
  };

  const setKeep = (keep: boolean) => {
    setKeepDuplicates(keep);
    void run(false, file, mapping, keep);
  };

  return { file, mapping, report, busy, error, done, undone, services, keepDuplicates, pick, update, commit: () => run(true), undo, setKeep };
}
