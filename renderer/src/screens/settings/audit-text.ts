import type { AuditEntry } from '../../../../shared/api/accounts';
import { isIsoDay } from '../../../../shared/domain/vnday';

// Issue #20: an audit entry as a sentence in the UI language (what), with the record it is about
// (which). The raw action code and JSON summary are for the CSV export only.

type T = (key: string, params?: Record<string, unknown>) => string;

const vnDay = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/** The action filter's groups: each an action prefix the API accepts ("auth" finds auth.login, auth.lock, …). */
export const AUDIT_GROUPS: { id: string; action: string }[] = [
  { id: 'auth', action: 'auth' },
  { id: 'accounts', action: 'accounts' },
  { id: 'settings', action: 'settings' },
  { id: 'visit', action: 'visit' },
  { id: 'unmasked', action: 'person' },
  { id: 'review', action: 'review' },
  { id: 'report', action: 'report' },
  { id: 'privacy', action: 'privacy' },
  { id: 'backup', action: 'backup' },
  { id: 'data', action: 'data' },
  { id: 'queue', action: 'queue' },
  { id: 'audit', action: 'audit' },
];

export function auditSentence(t: T, entry: AuditEntry): string {
  const summary = entry.summary;
  const text = (key: string) => (typeof summary[key] === 'string' ? (summary[key] as string) : '');
  const reasonKey = text('reason');
  const reason = reasonKey ? t(`auditLog.reasons.${reasonKey}`) : '';
  const from = text('from');
  const to = text('to');
  const range = isIsoDay(from) && isIsoDay(to) ? (from === to ? vnDay(from) : `${vnDay(from)} – ${vnDay(to)}`) : '';
  const params: Record<string, unknown> = {
    username: text('username'),
    label: text('label'),
    from: isIsoDay(from) ? '' : from,
    to: ['pending', 'confirmed', 'rejected', 'returned'].includes(to) ? t(`review.status.${to}`) : to,
    range,
    rows: typeof summary.rows === 'number' ? summary.rows : '',
    count: typeof summary.redactedPersons === 'number' ? summary.redactedPersons : typeof summary.count === 'number' ? summary.count : typeof summary.persons === 'number' ? summary.persons : '',
    reason: reason === `auditLog.reasons.${reasonKey}` ? '' : reason,
  };
  // 'data.import.undo' would sit under the string 'data.import' in the catalogue: its key is data.import_undo.
  const action = entry.action === 'auth.lock' && text('reason') === 'idle' ? 'auth.lock_idle' : entry.action === 'data.import.undo' ? 'data.import_undo' : entry.action;
  const key = `auditLog.actions.${action}`;
  const sentence = t(key, params);
  // An action this version does not know yet still reads as a sentence, never as its code.
  if (sentence === key || typeof sentence !== 'string') return t('auditLog.actions.other');
  // A part left empty (no reason recorded, …) leaves no empty brackets behind.
  return sentence.replace(/\s*\(\s*\)/g, '').replace(/:\s*$/, '').trim();
}

/** The record an entry is about: its kind in words and a short id (whole ids are in the CSV). */
export function auditRecord(t: T, entry: AuditEntry): string {
  if (!entry.entity) return '';
  const kind = t(`auditLog.entities.${entry.entity}`);
  const label = kind === `auditLog.entities.${entry.entity}` ? '' : kind;
  // A setting's id is its internal key: the sentence already says a setting changed.
  const id = entry.entityId && entry.entity !== 'setting' ? (entry.entityId.length > 14 ? `${entry.entityId.slice(0, 8)}…` : entry.entityId) : '';
  return [label, id && `#${id}`].filter(Boolean).join(' ');
}
