import { useCallback, useEffect, useState } from 'react';
import type { LanAdoptReport, LanDesk, LanStatus } from '../../../../shared/api/lan';
import type { ApiError } from '../../../../shared/api/result';
import { call } from '../../api';

// Issue #22: the data and actions of Settings → Mạng nội bộ (the view is LanTab.tsx).

export type LanCode = { code: string; kind: 'desk' | 'board'; expiresAt: string };

export function useLan() {
  const [status, setStatus] = useState<LanStatus | null>(null);
  const [desks, setDesks] = useState<LanDesk[]>([]);
  const [code, setCode] = useState<LanCode | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [probed, setProbed] = useState<string | null>(null);
  const [sent, setSent] = useState<LanAdoptReport | null>(null);
  const [busy, setBusy] = useState(false);

  const reload = useCallback(async () => {
    const next = await call('lan.status', {});
    if (!next.ok) return setError(next.error);
    setStatus(next.value);
    if (next.value.mode !== 'alone') {
      const listed = await call('lan.desks', {});
      if (listed.ok) setDesks(listed.value.desks);
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);

  const run = async <T,>(work: () => Promise<{ ok: true; value: T } | { ok: false; error: ApiError }>, then?: (value: T) => void, reloadAfter = true) => {
    setBusy(true);
    setError(null);
    try {
      const result = await work();
      if (!result.ok) return setError(result.error);
      then?.(result.value);
      if (reloadAfter) await reload();
    } finally {
      setBusy(false);
    }
  };

  return {
    status, desks, code, error, probed, sent, busy,
    startHost: (port: number) => run(() => call('lan.startHost', { port })),
    newCode: (kind: 'desk' | 'board') => run(() => call('lan.pairingCode', { kind }), setCode),
    revoke: (deskId: string) => run(() => call('lan.revokeDesk', { deskId })),
    probe: (address: string) => run(() => call('lan.probeHost', { address }), (value) => setProbed(value.fingerprint)),
    // Not read again after pairing: every call now goes to the host, where nobody is signed in yet.
    pair: (input: { address: string; fingerprint: string; code: string; deskName: string; counter: number }) =>
      run(() => call('lan.pairAsDesk', input), (value) => {
        setSent(value.sent);
        setStatus(value.status);
      }, false),
  };
}
