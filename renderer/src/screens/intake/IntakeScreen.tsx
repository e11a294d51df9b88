import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FollowUpItem, PersonView, ServiceDef, VisitRow } from '../../../../shared/api/visits';
import type { ApiError } from '../../../../shared/api/result';
import { CATEGORIES } from '../../../../shared/visits';
import { maskCccd } from '../../../../shared/domain/cccd';
import { parseCccdQr } from '../../../../shared/domain/qr';
import { matchNeighbourhood } from '../../../../shared/domain/neighbourhood';
import type { NeighbourhoodOrigin } from '../../../../shared/settings';
import { vnDayOf } from '../../../../shared/domain/vnday';
import { call, onHostReach } from '../../api';
import { formatDate, formatDateTime } from '../../i18n';
import { ConfirmDialog } from './ConfirmDialog';
import { ServiceFields } from './ServiceFields';
import { apiErrorText, fieldErrorText } from './errors';
import { buildPayload, checkedKeys, cycleService, emptyForm, fillFromPerson, fillFromQr, formFromVisit, isDirty, newService, restoreDraft, type FormState, type ServiceState } from './form-state';
import { EarlierVisits } from './EarlierVisits';
import { focusField, isTypingTarget, SERVICE_KEYS } from './keys';
import { readSerialScanner, serialApi, useKeyboardScanner } from './useScanner';
import './intake.css';

// Issue #4: the visit form. Keyboard first (F1/Ctrl+N new, Tab in paper-form order, Space ticks a
// service, Ctrl+Enter saves, Esc cancels with a confirm), QR scan anywhere on the screen, the
// draft kept in the database, errors next to their field in the UI language.
// Issue #15: four keys from the scan to the saved visit — the focus lands on the services, keys 1–4
// cycle a service (completed → pending → failed → removed), C/K record the consent (never
// pre-ticked), Ctrl+Enter saves; T links the visit to a returning person's pending service.

const DRAFT_NAME = 'intake';

type Params = { edit: string | null; ticket: string | null; followUp: string | null; record: string | null };

function paramsFromHash(hash: string): Params {
  const query = new URLSearchParams(hash.split('?')[1] ?? '');
  return { edit: query.get('edit'), ticket: query.get('ticket'), followUp: query.get('followUp'), record: query.get('record') };
}

type Notice = { kind: 'ok' | 'error' | 'warn'; text: string } | null;

export function IntakeScreen() {
  const { t } = useTranslation();
  const [form, setForm] = useState<FormState | null>(null);
  const [catalogue, setCatalogue] = useState<ServiceDef[]>([]);
  const [neighbourhoods, setNeighbourhoods] = useState<string[]>([]);
  const [origins, setOrigins] = useState<NeighbourhoodOrigin[]>([]);
  // The neighbourhood filled from the card's address, shown for the helper to confirm.
  const [matchedNeighbourhood, setMatchedNeighbourhood] = useState<string | null>(null);
  const originsRef = useRef(origins);
  originsRef.current = origins;
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [saving, setSaving] = useState(false);
  const [confirming, setConfirming] = useState<null | 'cancel' | 'new'>(null);
  const [hits, setHits] = useState<PersonView[]>([]);
  const [activeHit, setActiveHit] = useState(-1);
  const [hashParams, setHashParams] = useState(() => paramsFromHash(window.location.hash));
  const [serialState, setSerialState] = useState<'idle' | 'on' | 'failed'>('idle');
  const [serialPort, setSerialPort] = useState('');
  // A returning person's earlier visits and pending services (issue #15 point 6).
  const [earlier, setEarlier] = useState<{ personId: string; visits: VisitRow[]; pending: FollowUpItem[] } | null>(null);
  const searchSeq = useRef(0);
  const draftReady = useRef(false);
  // Visits saved in this session: a draft write still in flight when one was saved must not come
  // back as "restored" on the next, empty form.
  const savedVisitIds = useRef(new Set<string>());
  const savingRef = useRef(false);
  const formRef = useRef(form);
  formRef.current = form;
  // Opening the form must not re-run on a language switch (it would drop what is on screen).
  const tRef = useRef(t);
  tRef.current = t;

  useEffect(() => {
    const onHash = () => setHashParams(paramsFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    void call('services.list', {}).then((r) => r.ok && setCatalogue(r.value));
    void call('settings.get', {}).then((r) => {
      if (!r.ok) return;
      setNeighbourhoods(r.value['persons.neighbourhoods']);
      setOrigins(r.value['persons.neighbourhoodOrigins']);
      setSerialPort(r.value['scanner.serialPort']);
    });
  }, []);

  // Opening the form: an edit, a follow-up, a queue ticket, or a new visit (restoring the draft).
  useEffect(() => {
    let cancelled = false;
    const t = tRef.current;
    draftReady.current = false;
    setErrors({});
    setHits([]);
    const done = (next: FormState, message: Notice = null) => {
      if (cancelled) return;
      setForm(next);
      if (message) setNotice(message);
      draftReady.current = next.mode !== 'edit';
      window.setTimeout(() => document.getElementById('intake-fullName')?.focus(), 0);
    };
    const open = async () => {
      if (hashParams.edit) {
        const r = await call('visits.get', { visitId: hashParams.edit });
        if (!r.ok) return done(emptyForm(), { kind: 'error', text: apiErrorText(t, r.error) });
        return done(formFromVisit(r.value));
      }
      if (hashParams.followUp && hashParams.record) {
        const r = await call('visits.get', { visitId: hashParams.followUp });
        if (!r.ok) return done(emptyForm(), { kind: 'error', text: apiErrorText(t, r.error) });
        const original = r.value;
        const record = original.services.find((s) => s.id === hashParams.record);
        const base = original.person ? fillFromPerson(emptyForm(), original.person) : emptyForm();
        const services: Record<string, ServiceState> = {};
        if (record) services[record.serviceKey] = { ...newService(), detail: record.detail, followUpOfRecord: record.id };
        return done({ ...base, mode: 'followUp', followUpOf: original.id, followUpDay: original.visitDay, services });
      }
      if (hashParams.ticket) {
        const r = await call('queue.get', { ticketId: hashParams.ticket });
        if (!r.ok) return done(emptyForm(), { kind: 'error', text: apiErrorText(t, r.error) });
        const ticket = r.value;
        const services: Record<string, ServiceState> = ticket.serviceKey ? { [ticket.serviceKey]: newService() } : {};
        return done({ ...emptyForm(), ticketId: ticket.id, ticketLabel: ticket.label, fullName: ticket.name ?? '', services });
      }
      const draft = await call('drafts.get', { name: DRAFT_NAME });
      if (draft.ok && draft.value.value) {
        try {
          const restored = restoreDraft(JSON.parse(draft.value.value));
          if (restored?.visitId && restored.mode !== 'edit' && !savedVisitIds.current.has(restored.visitId)) {
            return done(restored, { kind: 'warn', text: t('visits.intake.draftRestored', { time: formatDateTime(draft.value.savedAt ?? '') }) });
          }
        } catch {
          // An unreadable draft is dropped: it is only a convenience.
        }
      }
      return done(emptyForm());
    };
    void open();
    return () => {
      cancelled = true;
    };
  }, [hashParams]);

  // The draft follows every change of a new/follow-up visit (debounced), so a crash loses nothing.
  useEffect(() => {
    if (!form || !draftReady.current || form.mode === 'edit') return;
    const timer = window.setTimeout(() => {
      if (savingRef.current || savedVisitIds.current.has(form.visitId)) return;
      if (isDirty(form)) void call('drafts.save', { name: DRAFT_NAME, value: JSON.stringify(form) });
      else void call('drafts.clear', { name: DRAFT_NAME });
    }, 300);
    return () => window.clearTimeout(timer);
  }, [form]);

  const update = useCallback((patch: Partial<FormState>) => setForm((f) => (f ? { ...f, ...patch } : f)), []);

  // As-you-type search for a returning person (name without diacritics, CCCD prefix, phone).
  const searchFor = useCallback((query: string) => {
    const seq = ++searchSeq.current;
    if (query.trim().length < 2) {
      setHits([]);
      return;
    }
    // Every keystroke searches at once (a search answers in a few ms; issue #24 budgets a keystroke
    // to its painted results at 100 ms): an answer that a later keystroke overtook is dropped.
    void call('persons.search', { query }).then((r) => {
      if (seq !== searchSeq.current || !r.ok) return;
      setHits(r.value);
      setActiveHit(r.value.length > 0 ? 0 : -1);
    });
  }, []);

  // The last "saved" banner belongs to the previous visit: the next visit's first key clears it.
  const clearSavedBanner = useCallback(() => setNotice((n) => (n?.kind === 'ok' ? null : n)), []);

  const onIdentityInput = (name: 'fullName' | 'cccd' | 'phone', value: string) => {
    const patch: Partial<FormState> = { [name]: value };
    if (name === 'fullName') patch.nameNeedsConfirmation = false;
    update(patch);
    clearSavedBanner();
    searchFor(value);
  };

  const pick = (person: PersonView) => {
    searchSeq.current += 1;
    setHits([]);
    setForm((f) => (f ? fillFromPerson(f, person) : f));
    setNotice(null);
    void loadEarlier(person.id);
    document.getElementById('intake-services-keys')?.focus();
  };

  const onSearchKeys = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (hits.length === 0) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActiveHit((i) => Math.min(hits.length - 1, i + 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActiveHit((i) => Math.max(0, i - 1));
    } else if (event.key === 'Enter' && activeHit >= 0 && hits[activeHit]) {
      event.preventDefault();
      pick(hits[activeHit]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      setHits([]);
    }
  };

  // Earlier visits of a person (newest first) and their pending services, for the helper to see.
  const loadEarlier = useCallback(async (personId: string) => {
    const [list, followUps] = await Promise.all([
      call('visits.list', { from: '2000-01-01', to: vnDayOf(new Date().toISOString()), personId, limit: 10 }),
      call('followups.list', {}),
    ]);
    if (formRef.current?.personId !== personId && formRef.current?.cccd === '') return;
    setEarlier({
      personId,
      visits: list.ok ? list.value.rows : [],
      pending: followUps.ok ? followUps.value.pending.filter((item) => item.person?.id === personId) : [],
    });
  }, []);

  // A scanned card of someone who came before: find them by the number to show their history.
  const findScanned = useCallback(
    async (cccd: string) => {
      const r = await call('persons.search', { query: cccd });
      if (!r.ok || r.value.length !== 1 || formRef.current?.cccd !== cccd) return;
      const person = r.value[0];
      if (person) await loadEarlier(person.id);
    },
    [loadEarlier],
  );

  const onScan = useCallback(
    (text: string) => {
      const current = formRef.current;
      if (!current || current.mode === 'edit') return;
      const parsed = parseCccdQr(text, { visitDay: vnDayOf(new Date().toISOString()) });
      if (!parsed.ok) {
        // DOMAIN.md/issue #4: a malformed scan gets a clear message and changes nothing.
        setNotice({ kind: 'error', text: fieldErrorText(t, parsed.error.code) });
        return;
      }
      searchSeq.current += 1;
      setHits([]);
      setErrors({});
      setEarlier(null);
      // DOMAIN.md: residents are grouped in tổ dân phố; filled only on a single match, to confirm.
      const matched = matchNeighbourhood(parsed.value.address, originsRef.current);
      setMatchedNeighbourhood(matched && !current.neighbourhood ? matched.name : null);
      setForm((f) => {
        if (!f) return f;
        const filled = fillFromQr(f, parsed.value);
        return matched && !f.neighbourhood ? { ...filled, neighbourhood: matched.name } : filled;
      });
      setNotice({ kind: parsed.value.nameNeedsConfirmation ? 'warn' : 'ok', text: t('visits.intake.scanned', { masked: maskCccd(parsed.value.cccd) }) });
      void findScanned(parsed.value.cccd);
      window.setTimeout(() => {
        // The common case goes on with the service keys; a doubtful name is checked first.
        const target = parsed.value.nameNeedsConfirmation ? 'intake-fullName' : 'intake-services-keys';
        document.getElementById(target)?.focus();
      }, 0);
    },
    [t, findScanned],
  );

  useKeyboardScanner(onScan, (name, value) => {
    // Text held back during a key burst comes back here; the identity fields search as typed.
    if (name === 'fullName' || name === 'cccd' || name === 'phone') onIdentityInput(name, value);
    else if (['birth', 'address', 'agency', 'note', 'reason'].includes(name)) update({ [name]: value } as Partial<FormState>);
  }, (keys) => {
    // A quick run of shortcut keys (faster than the scanner threshold) is replayed, not lost.
    for (const key of keys) shortcutRef.current(key);
  });

  const serialAbort = useRef<AbortController | null>(null);
  useEffect(() => () => serialAbort.current?.abort(), []);
  const connectSerial = () => {
    serialAbort.current?.abort();
    const controller = new AbortController();
    serialAbort.current = controller;
    setSerialState('on');
    readSerialScanner(onScan, controller.signal).catch(() => setSerialState('failed'));
  };

  const reset = useCallback(() => {
    setConfirming(null);
    setErrors({});
    // A search still in flight must not bring the popup back over the empty form.
    searchSeq.current += 1;
    setHits([]);
    setEarlier(null);
    setMatchedNeighbourhood(null);
    void call('drafts.clear', { name: DRAFT_NAME });
    if (window.location.hash !== '#/intake') window.location.hash = '#/intake';
    setForm(emptyForm());
    draftReady.current = true;
    window.setTimeout(() => document.getElementById('intake-fullName')?.focus(), 0);
  }, []);

  const showApiError = (error: ApiError, current: FormState) => {
    if (error.fields && error.fields.length > 0) {
      const keys = checkedKeys(current);
      const next: Record<string, string> = {};
      for (const field of error.fields) {
        const m = /^services\.(\d+)\.(\w+)/.exec(field.path);
        const path = m ? `service:${keys[Number(m[1])] ?? ''}:${m[2]}` : field.path;
        next[path] ??= field.code;
      }
      setErrors(next);
      setNotice({ kind: 'error', text: t('errors.invalid_input') });
      setHits([]);
      // The first invalid field in the form's order (consent sits in the bar, after the services).
      const order = ['person.fullName', 'person.cccd', 'person.birthDate', 'person.gender', 'person.phone', 'person.agency', 'services', 'consent', 'reason'];
      const rank = (path: string) => (order.includes(path) ? order.indexOf(path) : path.startsWith('service:') ? order.indexOf('services') : order.length);
      const first = Object.keys(next).sort((x, y) => rank(x) - rank(y))[0];
      if (first) window.setTimeout(() => focusField(first), 0);
    } else {
      setErrors({});
      setNotice({ kind: 'error', text: apiErrorText(t, error) });
    }
  };

  const save = useCallback(async () => {
    searchSeq.current += 1;
    const current = formRef.current;
    if (!current || saving) return;
    const built = buildPayload(current);
    if (!built.ok) {
      showApiError({ code: 'invalid_input', message: 'errors.invalid_input', fields: built.fields }, current);
      return;
    }
    setSaving(true);
    savingRef.current = true;
    try {
      if (current.mode === 'edit') {
        const r = await call('visits.update', built.update);
        if (!r.ok) return showApiError(r.error, current);
        setErrors({});
        setNotice({ kind: 'ok', text: t('visits.intake.updated') });
        window.location.hash = '#/log';
        return;
      }
      const r = await call('visits.save', built.save);
      // Issue #22 point 7: the host did not answer. The form stays as typed and is saved again (same
      // ids, so at most once) as soon as the host answers; the banner says so meanwhile.
      if (!r.ok && r.error.code === 'host_unreachable') retryWhenReachable.current = true;
      if (!r.ok) return showApiError(r.error, current);
      retryWhenReachable.current = false;
      savedVisitIds.current.add(current.visitId);
      // The draft is gone before the form reopens (reset changes the route), so it is never restored.
      await call('drafts.clear', { name: DRAFT_NAME });
      const name = built.save.person?.fullName ?? '';
      reset();
      setNotice({
        kind: 'ok',
        text: r.value.created ? (name ? t('visits.intake.saved', { name }) : t('visits.intake.savedAnonymous')) : t('visits.intake.alreadySaved'),
      });
    } finally {
      setSaving(false);
      savingRef.current = false;
    }
    // showApiError reads only t and state setters.
  }, [saving, reset, t]);

  const requestCancel = useCallback(
    (next: 'cancel' | 'new') => {
      const current = formRef.current;
      if (current && (isDirty(current) || current.mode !== 'new')) setConfirming(next);
      else reset();
    },
    [reset],
  );

  const activeCatalogue = useMemo(() => {
    // A service ticked on a visit stays shown even if the head has since deactivated it.
    if (!form) return catalogue;
    const extra = Object.keys(form.services).filter((key) => !catalogue.some((s) => s.key === key));
    return [...catalogue, ...extra.map((key): ServiceDef => ({ key, nameVi: key, nameEn: key, isBuiltin: false, isActive: false, sortOrder: 999 }))];
  }, [catalogue, form]);

  const retryWhenReachable = useRef(false);
  const saveRef = useRef(save);
  saveRef.current = save;
  useEffect(
    () =>
      onHostReach((reachable) => {
        if (!reachable || !retryWhenReachable.current) return;
        retryWhenReachable.current = false;
        void saveRef.current();
      }),
    [],
  );

  const cycle = useCallback(
    (serviceKey: string) => {
      clearSavedBanner();
      setForm((f) => (f ? { ...f, services: { ...f.services, [serviceKey]: cycleService(f.services[serviceKey]) } } : f));
      setErrors((e) => {
        const next = { ...e };
        delete next.services;
        return next;
      });
    },
    [clearSavedBanner],
  );

  const answerConsent = useCallback(
    (consent: 'yes' | 'no') => {
      clearSavedBanner();
      update({ consent });
      setErrors((e) => {
        const next = { ...e };
        delete next.consent;
        return next;
      });
    },
    [update, clearSavedBanner],
  );

  // The pending service of a returning person, finished on this visit (issue #15 point 6).
  const linkFollowUp = useCallback((item: FollowUpItem) => {
    setForm((f) => {
      if (!f) return f;
      const existing = f.services[item.serviceKey];
      const service: ServiceState = { ...(existing ?? newService()), checked: true, outcome: existing?.checked ? existing.outcome : 'completed', followUpOfRecord: item.recordId };
      return { ...f, mode: 'followUp', followUpOf: item.visitId, followUpDay: item.visitDay, services: { ...f.services, [item.serviceKey]: service } };
    });
    setEarlier((e) => (e ? { ...e, pending: e.pending.filter((p) => p.recordId !== item.recordId) } : e));
  }, []);

  /** One-key shortcuts outside text fields; true when the key was one. */
  const shortcut = (rawKey: string): boolean => {
    const current = formRef.current;
    if (!current || confirming) return false;
    const index = SERVICE_KEYS.indexOf(rawKey);
    const service = index >= 0 ? activeCatalogue[index] : undefined;
    const key = rawKey.toLowerCase();
    if (service) {
      cycle(service.key);
      return true;
    }
    if ((key === 'c' || key === 'k') && !current.anonymous) {
      answerConsent(key === 'c' ? 'yes' : 'no');
      return true;
    }
    const pending = earlier?.pending[0];
    if (key === 't' && pending && current.mode === 'new') {
      linkFollowUp(pending);
      return true;
    }
    return false;
  };
  const shortcutRef = useRef(shortcut);
  shortcutRef.current = shortcut;

  // Screen shortcuts (shown on screen): F1 / Ctrl+N new visit, Ctrl+Enter save, Esc cancel; outside
  // a text field: 1–9 cycle a service, C/K answer the consent question, T links the pending service.
  // Bound in a layout effect, before the render is painted (see QueueScreen): a key pressed as soon
  // as a dialog or banner shows meets the handler of that render.
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (confirming) return;
      if (!event.ctrlKey && !event.altKey && !event.metaKey && !isTypingTarget(event.target) && shortcutRef.current(event.key)) {
        event.preventDefault();
        return;
      }
      if (event.key === 'F1' || (event.ctrlKey && (event.key === 'n' || event.key === 'N'))) {
        event.preventDefault();
        requestCancel('new');
      } else if (event.ctrlKey && event.key === 'Enter') {
        event.preventDefault();
        void save();
      } else if (event.key === 'Escape' && !event.defaultPrevented) {
        event.preventDefault();
        requestCancel('cancel');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [confirming, requestCancel, save]);

  if (!form) return <p className="muted">{t('visits.intake.loadingVisit')}</p>;

  const personOff = form.anonymous || form.consent === 'no';
  // Errors are kept as codes and translated when shown, so they follow a change of language.
  const err = (path: string): string | undefined => {
    const code = errors[path];
    if (!code) return undefined;
    return path === 'services' ? t('visits.intake.serviceMissing') : fieldErrorText(t, code);
  };
  const translatedErrors = Object.fromEntries(Object.keys(errors).map((path) => [path, err(path) ?? '']));
  const inputProps = (name: keyof FormState, path: string) => ({
    id: `intake-${name}`,
    name,
    'aria-invalid': err(path) ? true : undefined,
    'aria-describedby': err(path) ? `intake-${name}-error` : undefined,
  });
  const fieldError = (name: string, path: string) => (err(path) ? <span className="form-error" id={`intake-${name}-error`}>{err(path)}</span> : null);

  const title = form.mode === 'edit' ? t('visits.intake.titleEdit') : form.mode === 'followUp' ? t('visits.intake.titleFollowUp') : t('visits.intake.titleNew');

  return (
    <div className="intake">
      <div className="intake-head">
        <div>
          <h1>{title}</h1>
          {form.ticketLabel && <p className="intake-ticket">{t('visits.intake.fromTicket', { label: form.ticketLabel })}</p>}
          {form.followUpDay && <p className="muted">{t('visits.intake.followUpOf', { date: formatDate(`${form.followUpDay}T05:00:00Z`) })}</p>}
        </div>
        <div className="intake-shortcuts" aria-label={t('visits.intake.shortcuts')}>
          <span><kbd>F1</kbd>/<kbd>Ctrl+N</kbd> {t('visits.intake.shortcutNew')}</span>
          <span><kbd>Ctrl+Enter</kbd> {t('visits.intake.shortcutSave')}</span>
          <span><kbd>Esc</kbd> {t('visits.intake.shortcutCancel')}</span>
          <span><kbd>1</kbd>–<kbd>4</kbd> {t('visits.intake.shortcutToggle')}</span>
          <span><kbd>C</kbd>/<kbd>K</kbd> {t('visits.intake.shortcutConsent')}</span>
        </div>
      </div>
      <p className="muted intake-scan-hint">
        {t('visits.intake.scanHint')}
        {serialApi() && serialPort && (
          <>
            {' '}
            <button type="button" className="button subtle" onClick={connectSerial}>{t('visits.intake.serialConnect')}</button>
            {serialState === 'on' && <span className="ok-text"> {t('visits.intake.serialConnected')}</span>}
            {serialState === 'failed' && <span className="form-error"> {t('visits.intake.serialFailed')}</span>}
          </>
        )}
      </p>
      {notice && (
        <p className={notice.kind === 'ok' ? 'intake-notice ok' : notice.kind === 'warn' ? 'intake-notice warn' : 'intake-notice error'} role={notice.kind === 'error' ? 'alert' : 'status'}>
          {notice.text}
        </p>
      )}

      <form
        className="intake-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <section className="card intake-person" aria-labelledby="intake-person-title">
          <div className="intake-section-head">
            <h2 id="intake-person-title">{t('visits.intake.person')}</h2>
            <label className="visits-check">
              <input type="checkbox" checked={form.anonymous} onChange={(e) => update({ anonymous: e.target.checked })} />
              <span>{t('visits.intake.anonymous')}</span>
            </label>
          </div>
          <fieldset className="intake-grid" disabled={personOff}>
            <div className="field intake-name">
              <label htmlFor="intake-fullName">{t('visits.intake.fullName')}</label>
              <input
                {...inputProps('fullName', 'person.fullName')}
                autoComplete="off"
                role="combobox"
                aria-expanded={hits.length > 0}
                aria-controls="intake-hits"
                aria-activedescendant={activeHit >= 0 && hits.length > 0 ? `intake-hit-${activeHit}` : undefined}
                value={form.fullName}
                onChange={(e) => onIdentityInput('fullName', e.target.value)}
                onKeyDown={onSearchKeys}
              />
              <small>{t('visits.intake.searchHint')}</small>
              {form.nameNeedsConfirmation && <span className="intake-confirm-name" role="alert">{t('visits.intake.confirmName')}</span>}
              {fieldError('fullName', 'person.fullName')}
              {hits.length > 0 && (
                <div className="intake-hits">
                  <p className="muted">{t('visits.intake.suggestions')} · {t('visits.intake.pickHint')}</p>
                  <ul id="intake-hits" role="listbox" aria-label={t('visits.intake.suggestions')}>
                    {hits.map((hit, index) => (
                      <li
                        key={hit.id}
                        id={`intake-hit-${index}`}
                        role="option"
                        aria-selected={index === activeHit}
                        className={index === activeHit ? 'active' : undefined}
                        onMouseDown={(e) => {
                          e.preventDefault();
                          pick(hit);
                        }}
                      >
                        <strong>{hit.fullName}</strong>
                        <span>{[hit.cccd, hit.birthYear, hit.phone, hit.neighbourhood].filter(Boolean).join(' · ')}</span>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </div>
            <div className="field">
              <label htmlFor="intake-cccd">{t('visits.intake.cccd')}</label>
              <input
                {...inputProps('cccd', 'person.cccd')}
                inputMode="numeric"
                autoComplete="off"
                value={form.cccd}
                placeholder={form.storedCccd ?? undefined}
                onChange={(e) => onIdentityInput('cccd', e.target.value)}
                onKeyDown={onSearchKeys}
              />
              {form.storedCccd && <small>{t('visits.intake.cccdStored', { masked: form.storedCccd })}</small>}
              {fieldError('cccd', 'person.cccd')}
            </div>
            <div className="field">
              <label htmlFor="intake-birthDate">{t('visits.intake.birth')}</label>
              <input {...inputProps('birth', 'person.birthDate')} id="intake-birthDate" autoComplete="off" value={form.birth} onChange={(e) => update({ birth: e.target.value })} />
              {fieldError('birthDate', 'person.birthDate')}
            </div>
            <div className="field">
              <label htmlFor="intake-gender">{t('visits.intake.gender')}</label>
              <select {...inputProps('gender', 'person.gender')} value={form.gender} onChange={(e) => update({ gender: e.target.value as FormState['gender'] })}>
                <option value="">{t('visits.intake.genders.none')}</option>
                <option value="male">{t('visits.intake.genders.male')}</option>
                <option value="female">{t('visits.intake.genders.female')}</option>
              </select>
              {fieldError('gender', 'person.gender')}
            </div>
            <div className="field">
              <label htmlFor="intake-phone">{t('visits.intake.phone')}</label>
              <input
                {...inputProps('phone', 'person.phone')}
                inputMode="tel"
                autoComplete="off"
                value={form.phone}
                placeholder={form.storedPhone ?? undefined}
                onChange={(e) => onIdentityInput('phone', e.target.value)}
                onKeyDown={onSearchKeys}
              />
              {form.storedPhone && <small>{t('visits.intake.phoneStored', { masked: form.storedPhone })}</small>}
              {fieldError('phone', 'person.phone')}
            </div>
            <div className="field">
              <label htmlFor="intake-category">{t('visits.intake.category')}</label>
              <select {...inputProps('category', 'person.category')} value={form.category} onChange={(e) => update({ category: e.target.value as FormState['category'] })}>
                {CATEGORIES.map((c) => <option key={c} value={c}>{t(`visits.categories.${c}`)}</option>)}
              </select>
            </div>
            {form.category === 'official' && (
              <div className="field">
                <label htmlFor="intake-agency">{t('visits.intake.agency')}</label>
                <input {...inputProps('agency', 'person.agency')} value={form.agency} onChange={(e) => update({ agency: e.target.value })} />
                {fieldError('agency', 'person.agency')}
              </div>
            )}
            <div className="field">
              <label htmlFor="intake-neighbourhood">{t('visits.intake.neighbourhood')}</label>
              {neighbourhoods.length > 0 ? (
                <select {...inputProps('neighbourhood', 'person.neighbourhood')} value={form.neighbourhood} onChange={(e) => {
                  setMatchedNeighbourhood(null);
                  update({ neighbourhood: e.target.value });
                }}>
                  <option value="">{t('visits.intake.neighbourhoodNone')}</option>
                  {[...new Set([...neighbourhoods, ...(form.neighbourhood ? [form.neighbourhood] : [])])].map((n) => <option key={n} value={n}>{n}</option>)}
                </select>
              ) : (
                <input {...inputProps('neighbourhood', 'person.neighbourhood')} value={form.neighbourhood} onChange={(e) => {
                  setMatchedNeighbourhood(null);
                  update({ neighbourhood: e.target.value });
                }} />
              )}
              {matchedNeighbourhood && form.neighbourhood === matchedNeighbourhood && (
                <small className="intake-matched" role="status">{t('visits.intake.neighbourhoodMatched', { name: matchedNeighbourhood })}</small>
              )}
            </div>
            <div className="field intake-address">
              <label htmlFor="intake-address">{t('visits.intake.address')}</label>
              <input {...inputProps('address', 'person.address')} value={form.address} onChange={(e) => update({ address: e.target.value })} />
            </div>
          </fieldset>
          {earlier && (form.personId === earlier.personId || form.cccd !== '') && (
            <EarlierVisits visits={earlier.visits} pending={earlier.pending} catalogue={activeCatalogue} canLink={form.mode === 'new'} onLink={linkFollowUp} />
          )}
        </section>

        <section className="card intake-services" aria-labelledby="intake-services-title">
          <div className="intake-section-head">
            <h2 id="intake-services-title">{t('visits.intake.services')}</h2>
            <small className="muted">{t('visits.intake.servicesHint')}</small>
          </div>
          {err('services') && <p className="form-error" role="alert">{err('services')}</p>}
          <div className="intake-service-list" id="intake-services-keys" tabIndex={0} role="group" aria-label={t('visits.intake.serviceKeysLabel')}>
            {activeCatalogue.map((service, index) => (
              <ServiceFields
                key={service.key}
                shortcut={SERVICE_KEYS[index] ?? null}
                service={service}
                state={form.services[service.key]}
                errors={translatedErrors}
                onToggle={(checked) =>
                  setForm((f) => {
                    if (!f) return f;
                    const existing = f.services[service.key];
                    return { ...f, services: { ...f.services, [service.key]: existing ? { ...existing, checked } : newService() } };
                  })
                }
                onChange={(patch) =>
                  setForm((f) => {
                    const existing = f?.services[service.key];
                    return f && existing ? { ...f, services: { ...f.services, [service.key]: { ...existing, ...patch } } } : f;
                  })
                }
              />
            ))}
          </div>
          <div className="field">
            <label htmlFor="intake-note">{t('visits.intake.note')}</label>
            <input {...inputProps('note', 'note')} value={form.note} onChange={(e) => update({ note: e.target.value })} />
          </div>
          {form.mode === 'edit' && (
            <div className="field">
              <label htmlFor="intake-reason">{t('visits.intake.reason')}</label>
              <input {...inputProps('reason', 'reason')} value={form.reason} onChange={(e) => update({ reason: e.target.value })} />
              {fieldError('reason', 'reason')}
            </div>
          )}
        </section>

        <div className="intake-bar" role="region" aria-label={t('visits.intake.shortcuts')}>
          {!form.anonymous && (
            <div className="intake-consent" role="radiogroup" aria-labelledby="intake-consent-question" aria-invalid={err('consent') ? true : undefined} aria-describedby={err('consent') ? 'intake-consent-error' : undefined}>
              <span id="intake-consent-question" className="intake-consent-question">{t('visits.intake.consentQuestion')}</span>
              <label className="visits-check">
                <input type="radio" id="intake-consent-yes" name="intake-consent" checked={form.consent === 'yes'} onChange={() => answerConsent('yes')} />
                <span>{t('visits.intake.consentYes')} <kbd>C</kbd></span>
              </label>
              <label className="visits-check">
                <input type="radio" id="intake-consent-no" name="intake-consent" checked={form.consent === 'no'} onChange={() => answerConsent('no')} />
                <span>{t('visits.intake.consentNo')} <kbd>K</kbd></span>
              </label>
              {err('consent') && <span className="form-error" id="intake-consent-error" role="alert">{err('consent')}</span>}
              {form.consent === 'no' && <span className="intake-consent-no" role="status">{t('visits.intake.consentNoCounts')}</span>}
            </div>
          )}
          <div className="actions intake-actions">
            <button type="submit" className="button primary" disabled={saving}>
              {form.mode === 'edit' ? t('visits.intake.saveEdit') : t('visits.intake.save')} <kbd>Ctrl+Enter</kbd>
            </button>
            <button type="button" className="button" onClick={() => requestCancel('cancel')}>
              {t('visits.intake.cancel')} <kbd>Esc</kbd>
            </button>
          </div>
        </div>
      </form>

      {confirming && (
        <ConfirmDialog
          title={t('visits.intake.confirmCancelTitle')}
          confirmLabel={t('visits.intake.confirmDiscard')}
          cancelLabel={t('visits.intake.keepEditing')}
          danger
          onConfirm={() => {
            const wasEdit = formRef.current?.mode === 'edit';
            reset();
            setNotice(null);
            if (wasEdit) window.location.hash = '#/log';
          }}
          onCancel={() => setConfirming(null)}
        >
          <p>{t('visits.intake.confirmCancelText')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
