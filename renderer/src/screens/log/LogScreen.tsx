import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ServiceDef, VisitRow } from '../../../../shared/api/visits';
import { OUTCOMES, type OutcomeName } from '../../../../shared/visits';
import { vnDayOf } from '../../../../shared/domain/vnday';
import { call } from '../../api';
import { useApp } from '../../app-context';
import { formatNumber } from '../../i18n';
import { serviceName } from '../intake/ServiceFields';
import { apiErrorText } from '../intake/errors';
import { FollowUpPanel } from './FollowUpPanel';
import { VisitDialog } from './VisitDialog';
import '../intake/intake.css';
import './log.css';

// Issue #4 point 6: today's log. Virtualised (@tanstack/react-virtual) and loaded page by page as
// it scrolls, so 10,000 rows stay smooth; CCCD and phone arrive masked for staff from the core.

const PAGE = 200;
const ROW_HEIGHT = 48;

type Filter = { day: string; serviceKey: string; outcome: OutcomeName | ''; staffId: string; includeVoided: boolean };

/** The log's day as DOMAIN.md writes dates (dd/mm/yyyy), whatever the browser's locale. */
function showDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

function parseDay(text: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const timeOf = (iso: string) =>
  new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));

export function LogScreen() {
  const { t, i18n } = useTranslation();
  const { can } = useApp();
  const [tab, setTab] = useState<'log' | 'followups'>(() => (window.location.hash.includes('tab=followups') ? 'followups' : 'log'));
  const [catalogue, setCatalogue] = useState<ServiceDef[]>([]);
  const [staff, setStaff] = useState<{ id: string; fullName: string }[]>([]);
  const [filter, setFilter] = useState<Filter>(() => ({ day: vnDayOf(new Date().toISOString()), serviceKey: '', outcome: '', staffId: '', includeVoided: false }));
  const [total, setTotal] = useState<number | null>(null);
  const [pages, setPages] = useState<Map<number, VisitRow[]>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [openVisit, setOpenVisit] = useState<string | null>(null);
  const [dayText, setDayText] = useState(() => showDay(filter.day));
  const [dayInvalid, setDayInvalid] = useState(false);
  const [masked, setMasked] = useState(true);
  const loading = useRef(new Set<number>());
  const generation = useRef(0);
  const scrollRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void call('services.list', { includeInactive: true }).then((r) => r.ok && setCatalogue(r.value));
    void call('visits.staff', {}).then((r) => r.ok && setStaff(r.value));
  }, []);

  // F1 / Ctrl+N opens a new visit from here too.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!can('visits.write') || openVisit) return;
      if (event.key === 'F1' || (event.ctrlKey && (event.key === 'n' || event.key === 'N'))) {
        event.preventDefault();
        window.location.hash = '#/intake';
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [can, openVisit]);

  const loadPage = useCallback(
    (page: number) => {
      if (loading.current.has(page)) return;
      loading.current.add(page);
      const gen = generation.current;
      void call('visits.list', {
        from: filter.day,
        to: filter.day,
        serviceKey: filter.serviceKey || null,
        outcome: filter.outcome || null,
        staffId: filter.staffId || null,
        includeVoided: filter.includeVoided,
        offset: page * PAGE,
        limit: PAGE,
      }).then((r) => {
        if (gen !== generation.current) return;
        loading.current.delete(page);
        if (!r.ok) {
          setError(apiErrorText(t, r.error));
          return;
        }
        setError(null);
        setTotal(r.value.total);
        setMasked(r.value.masked);
        setPages((old) => new Map(old).set(page, r.value.rows));
      });
    },
    [filter, t],
  );

  const reload = useCallback(() => {
    generation.current += 1;
    loading.current = new Set();
    setPages(new Map());
    setTotal(null);
  }, []);

  useEffect(() => {
    reload();
  }, [filter, reload]);

  useEffect(() => {
    if (total === null && pages.size === 0) loadPage(0);
  }, [total, pages, loadPage]);

  const virtualizer = useVirtualizer({ count: total ?? 0, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();

  useEffect(() => {
    const needed = new Set(items.map((item) => Math.floor(item.index / PAGE)));
    for (const page of needed) if (!pages.has(page)) loadPage(page);
  }, [items, pages, loadPage]);

  const nameOf = useMemo(() => {
    const map = new Map(catalogue.map((s) => [s.key, serviceName(s, i18n.language)]));
    return (key: string) => map.get(key) ?? key;
  }, [catalogue, i18n.language]);

  const rowAt = (index: number): VisitRow | undefined => pages.get(Math.floor(index / PAGE))?.[index % PAGE];

  return (
    <div className="log">
      <div className="intake-head">
        <h1>{t('visits.log.title')}</h1>
        {can('visits.write') && (
          <div className="intake-shortcuts">
            <a className="button primary" href="#/intake">{t('visits.intake.newVisit')} <kbd>F1</kbd></a>
          </div>
        )}
      </div>
      <div className="tabs" role="tablist" aria-label={t('visits.log.title')}>
        {(['log', 'followups'] as const).map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`log-tab-${id}`}
            aria-selected={tab === id}
            className={tab === id ? 'tab tab-active' : 'tab'}
            onClick={() => setTab(id)}
          >
            {id === 'log' ? t('visits.log.tabLog') : t('visits.log.tabFollowUps')}
          </button>
        ))}
      </div>

      {tab === 'followups' ? (
        <FollowUpPanel catalogue={catalogue} />
      ) : (
        <section className="card log-card" aria-labelledby="log-tab-log">
          <div className="log-filters">
            <label className="field">
              <span>{t('visits.log.day')}</span>
              <input
                className="log-day"
                value={dayText}
                placeholder="dd/mm/yyyy"
                aria-invalid={dayInvalid ? true : undefined}
                onChange={(e) => {
                  setDayText(e.target.value);
                  const day = parseDay(e.target.value);
                  setDayInvalid(day === null);
                  if (day) setFilter((f) => ({ ...f, day }));
                }}
              />
            </label>
            <label className="field">
              <span>{t('visits.log.service')}</span>
              <select value={filter.serviceKey} onChange={(e) => setFilter((f) => ({ ...f, serviceKey: e.target.value }))}>
                <option value="">{t('visits.log.all')}</option>
                {catalogue.map((s) => <option key={s.key} value={s.key}>{serviceName(s, i18n.language)}</option>)}
              </select>
            </label>
            <label className="field">
              <span>{t('visits.log.outcome')}</span>
              <select value={filter.outcome} onChange={(e) => setFilter((f) => ({ ...f, outcome: e.target.value as OutcomeName | '' }))}>
                <option value="">{t('visits.log.all')}</option>
                {OUTCOMES.map((o) => <option key={o} value={o}>{t(`visits.outcomesShort.${o}`)}</option>)}
              </select>
            </label>
            <label className="field">
              <span>{t('visits.log.staff')}</span>
              <select value={filter.staffId} onChange={(e) => setFilter((f) => ({ ...f, staffId: e.target.value }))}>
                <option value="">{t('visits.log.all')}</option>
                {staff.map((s) => <option key={s.id} value={s.id}>{s.fullName}</option>)}
              </select>
            </label>
            <label className="visits-check log-voided">
              <input type="checkbox" checked={filter.includeVoided} onChange={(e) => setFilter((f) => ({ ...f, includeVoided: e.target.checked }))} />
              <span>{t('visits.log.showVoided')}</span>
            </label>
            <p className="log-count" role="status">{total === null ? t('common.loading') : t('visits.log.count', { n: formatNumber(total) })}</p>
          </div>
          {masked && <p className="muted log-masked">{t('visits.log.masked')}</p>}
          {error && <p className="form-error" role="alert">{error}</p>}
          {total === 0 && <p className="muted log-empty">{t('visits.log.empty')}</p>}
          {/* One table: the header row and the virtualised rows (row 1 is the header, aria-rowindex counts it). */}
          <div role="table" aria-label={t('visits.log.tabLog')} aria-rowcount={(total ?? 0) + 1}>
          <div className="log-grid log-header" role="row" aria-rowindex={1}>
            <span role="columnheader">{t('visits.log.time')}</span>
            <span role="columnheader">{t('visits.log.person')}</span>
            <span role="columnheader">{t('visits.log.cccd')}</span>
            <span role="columnheader">{t('visits.log.phone')}</span>
            <span role="columnheader">{t('visits.log.services')}</span>
            <span role="columnheader">{t('visits.log.staff')}</span>
            <span role="columnheader" />
          </div>
          <div className="log-scroll" ref={scrollRef} role="rowgroup" data-rows={total ?? 0}>
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => {
                const row = rowAt(item.index);
                return (
                  <div
                    key={item.key}
                    ref={virtualizer.measureElement}
                    data-index={item.index}
                    role="row"
                    aria-rowindex={item.index + 2}
                    className={row?.isVoided ? 'log-grid log-row log-row-voided' : 'log-grid log-row'}
                    style={{ position: 'absolute', top: 0, left: 0, right: 0, minHeight: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                  >
                    {row ? (
                      <>
                        <span role="cell">{timeOf(row.visitedAt)}</span>
                        <span role="cell" className="log-name">
                          {row.personName ?? <em className="muted">{t('visits.log.anonymous')}</em>}
                          {row.isVoided && <span className="log-badge">{t('visits.log.voided')}</span>}
                        </span>
                        <span role="cell" className="log-mono">{row.cccd ?? '—'}</span>
                        <span role="cell" className="log-mono">{row.phone ?? '—'}</span>
                        <span role="cell" className="log-services">
                          {row.services.map((s) => (
                            <span key={s.id} className={`log-chip log-chip-${s.outcome}`} title={`${nameOf(s.serviceKey)}: ${t(`visits.outcomes.${s.outcome}`)}`}>
                              {/* The outcome first, then the service: the chip wraps, nothing is cut. */}
                              <strong>{t(`visits.outcomesShort.${s.outcome}`)}</strong> · {nameOf(s.serviceKey)}
                            </span>
                          ))}
                        </span>
                        <span role="cell">{row.staffName}</span>
                        <span role="cell">
                          <button type="button" className="button log-open" onClick={() => setOpenVisit(row.id)}>
                            {t('visits.log.open')}
                          </button>
                        </span>
                      </>
                    ) : (
                      <span role="cell" className="muted">{t('visits.log.loadingRow')}</span>
                    )}
                  </div>
                );
              })}
            </div>
          </div>
          </div>
        </section>
      )}
      {openVisit && (
        <VisitDialog
          visitId={openVisit}
          catalogue={catalogue}
          onClose={() => setOpenVisit(null)}
          onVoided={() => {
            setOpenVisit(null);
            reload();
          }}
        />
      )}
    </div>
  );
}
