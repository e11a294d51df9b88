import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../../components/ErrorText';
import { formatDateTime } from '../../i18n';
import { useLan } from './useLan';
import './lan.css';

// Issue #22: Settings → Mạng nội bộ (admin). Alone: start the host, or pair this PC as a desk
// (its own visits are sent first). Host: addresses, the certificate's fingerprint, one-time codes
// for desks and boards, and the paired PCs, each revocable. Desk: the host and the pinned fingerprint.

export function LanTab() {
  const { t } = useTranslation();
  const lan = useLan();
  const [port, setPort] = useState('8443');
  const [address, setAddress] = useState('');
  const [code, setCode] = useState('');
  const [deskName, setDeskName] = useState('Quầy 2');
  const [counter, setCounter] = useState('2');
  const [confirmed, setConfirmed] = useState(false);
  const { status } = lan;
  if (!status) return <p>{t('common.loading')}</p>;

  const fingerprint = (value: string) => (
    <p className="lan-fingerprint">
      <span>{t('lan.fingerprint')}: </span>
      <code data-testid="lan-fingerprint">{value}</code>
    </p>
  );

  return (
    <div className="settings lan-settings">
      <section className="card settings-section" aria-labelledby="lan-title">
        <h2 id="lan-title">{t('lan.title')}</h2>
        <p className="muted">{t('lan.intro')}</p>
        <p data-testid="lan-mode">
          {status.mode === 'alone' && t('lan.modeAlone')}
          {status.mode === 'host' && t('lan.modeHost')}
          {status.mode === 'desk' && t('lan.modeDesk', { address: status.desk?.hostAddress ?? '' })}
        </p>
        {status.host && (
          <>
            <p>
              {t('lan.addresses')}:{' '}
              <strong data-testid="lan-addresses">{status.host.addresses.length ? status.host.addresses.map((a) => `${a}:${status.host?.port}`).join(', ') : t('lan.noAddress')}</strong>
              {' · '}
              {t('lan.port')} <strong data-testid="lan-port">{status.host.port}</strong>
            </p>
            {fingerprint(status.host.fingerprint)}
          </>
        )}
        {status.desk && (
          <>
            <p>{t('lan.deskCounter', { counter: status.desk.counter, name: status.desk.deskName })}</p>
            <p data-testid="lan-desk-sent">{t('lan.sentAt', { time: formatDateTime(status.desk.pairedAt), visits: status.desk.sent.visits, already: status.desk.sent.alreadyOnHost })}</p>
            {fingerprint(status.desk.fingerprint)}
          </>
        )}
        {lan.sent && <p className="ok-text" role="status" data-testid="lan-sent">{t('lan.paired', { visits: lan.sent.visits, already: lan.sent.alreadyOnHost })}</p>}
        <ErrorText error={lan.error} />
      </section>

      {status.mode === 'host' && (
        <section className="card settings-section" aria-labelledby="lan-codes">
          <h2 id="lan-codes">{t('lan.codeTitle')}</h2>
          <div className="actions">
            <button type="button" className="button primary" disabled={lan.busy} onClick={() => void lan.newCode('desk')}>{t('lan.newDeskCode')}</button>
            <button type="button" className="button" disabled={lan.busy} onClick={() => void lan.newCode('board')}>{t('lan.newBoardCode')}</button>
          </div>
          {lan.code && (
            <p className="lan-code" role="status">
              {t('lan.codeFor', { kind: t(lan.code.kind === 'desk' ? 'lan.kindDesk' : 'lan.kindBoard') })}
              <strong data-testid="lan-code">{lan.code.code}</strong> · {t('lan.expires', { time: formatDateTime(lan.code.expiresAt) })}
            </p>
          )}
          {status.host && <p className="muted">{t('lan.boardUrl', { url: `https://${status.host.addresses[0] ?? '127.0.0.1'}:${status.host.port}/board` })}</p>}
        </section>
      )}

      {status.mode !== 'alone' && (
        <section className="card settings-section" aria-labelledby="lan-desks">
          <h2 id="lan-desks">{t('lan.desksTitle')}</h2>
          {lan.desks.length === 0 ? (
            <p className="muted">{t('lan.desksNone')}</p>
          ) : (
            <table className="table" data-testid="lan-desks">
              <thead>
                <tr>
                  <th>{t('lan.colName')}</th>
                  <th>{t('lan.colKind')}</th>
                  <th>{t('lan.colCounter')}</th>
                  <th>{t('lan.colPaired')}</th>
                  <th>{t('lan.colSeen')}</th>
                  <th>{t('lan.colState')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {lan.desks.map((desk) => (
                  <tr key={desk.id}>
                    <td>{desk.name}</td>
                    <td>{t(desk.kind === 'desk' ? 'lan.kindDesk' : 'lan.kindBoard')}</td>
                    <td>{desk.counter ?? '—'}</td>
                    <td>{formatDateTime(desk.pairedAt)}</td>
                    <td>{desk.lastSeenAt ? formatDateTime(desk.lastSeenAt) : '—'}</td>
                    <td>{desk.revokedAt ? t('lan.revoked') : t('lan.active')}</td>
                    <td>
                      {!desk.revokedAt && (
                        <button type="button" className="button danger" disabled={lan.busy} onClick={() => window.confirm(t('lan.revokeConfirm', { name: desk.name })) && void lan.revoke(desk.id)}>
                          {t('lan.revoke')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}

      {status.mode === 'alone' && (
        <div className="settings-columns">
          <section className="card settings-section" aria-labelledby="lan-host">
            <h2 id="lan-host">{t('lan.startHostTitle')}</h2>
            <div className="setting-row">
              <label htmlFor="lan-port-input">{t('lan.port')}</label>
              <input id="lan-port-input" inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} />
              <button type="button" className="button primary" disabled={lan.busy} onClick={() => void lan.startHost(Number(port))}>{t('lan.startHost')}</button>
            </div>
          </section>
          <section className="card settings-section" aria-labelledby="lan-pair">
            <h2 id="lan-pair">{t('lan.pairTitle')}</h2>
            <p className="muted">{t('lan.pairIntro')}</p>
            <label className="field">
              <span>{t('lan.hostAddress')}</span>
              <input value={address} onChange={(e) => setAddress(e.target.value)} />
            </label>
            <div className="actions">
              <button type="button" className="button" disabled={lan.busy || address.trim() === ''} onClick={() => void lan.probe(address)}>{t('lan.check')}</button>
            </div>
            {lan.probed && (
              <>
                {fingerprint(lan.probed)}
                <p className="muted">{t('lan.fingerprintHint')}</p>
                <label className="check">
                  <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
                  <span>{t('lan.confirmFingerprint')}</span>
                </label>
                <label className="field">
                  <span>{t('lan.code')}</span>
                  <input inputMode="numeric" maxLength={6} value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} />
                </label>
                <label className="field">
                  <span>{t('lan.deskName')}</span>
                  <input value={deskName} onChange={(e) => setDeskName(e.target.value)} />
                </label>
                <label className="field">
                  <span>{t('lan.counter')}</span>
                  <input inputMode="numeric" value={counter} onChange={(e) => setCounter(e.target.value)} />
                </label>
                <div className="actions">
                  <button
                    type="button"
                    className="button primary"
                    disabled={lan.busy || !confirmed || code.length !== 6}
                    onClick={() => void lan.pair({ address, fingerprint: lan.probed ?? '', code, deskName, counter: Number(counter) })}
                  >
                    {t('lan.pair')}
                  </button>
                </div>
              </>
            )}
          </section>
        </div>
      )}
    </div>
  );
}
