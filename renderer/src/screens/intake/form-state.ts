import type { MethodInput } from '../../../../shared/api/contract';
import type { PersonView, VisitDetail } from '../../../../shared/api/visits';
import type { CategoryName, FailureReasonName, OutcomeName } from '../../../../shared/visits';
import type { CccdQrData } from '../../../../shared/domain/qr';

// The visit form's state as plain JSON (it is saved as the draft), and its conversion to the
// API payloads. The visit id is made when the form opens, so a double submit or a retried request
// saves one visit (issue #4 point 5).

export type ServiceState = {
  /** Service record id, made when the service is ticked (kept on edit). */
  id: string;
  checked: boolean;
  outcome: OutcomeName;
  failureReason: FailureReasonName | '';
  detail: Record<string, string | boolean>;
  followUpOfRecord: string | null;
};

export type ConsentAnswer = '' | 'yes' | 'no';

export type FormState = {
  visitId: string;
  mode: 'new' | 'edit' | 'followUp';
  ticketId: string | null;
  ticketLabel: string | null;
  followUpOf: string | null;
  followUpDay: string | null;
  anonymous: boolean;
  /** The citizen's answer; '' until the helper records it (never pre-ticked, issue #15). */
  consent: ConsentAnswer;
  personId: string | null;
  fullName: string;
  cccd: string;
  /** The masked CCCD/phone of a picked or edited person: the page never holds the digits. */
  storedCccd: string | null;
  phone: string;
  storedPhone: string | null;
  birth: string;
  gender: '' | 'male' | 'female';
  address: string;
  category: CategoryName;
  agency: string;
  neighbourhood: string;
  note: string;
  reason: string;
  services: Record<string, ServiceState>;
  /** The QR name may be garbled (DOMAIN.md "Office realities"): ask the helper to confirm it. */
  nameNeedsConfirmation: boolean;
};

export function emptyForm(): FormState {
  return {
    visitId: crypto.randomUUID(),
    mode: 'new',
    ticketId: null,
    ticketLabel: null,
    followUpOf: null,
    followUpDay: null,
    anonymous: false,
    consent: '',
    personId: null,
    fullName: '',
    cccd: '',
    storedCccd: null,
    phone: '',
    storedPhone: null,
    birth: '',
    gender: '',
    address: '',
    category: 'citizen',
    agency: '',
    neighbourhood: '',
    note: '',
    reason: '',
    services: {},
    nameNeedsConfirmation: false,
  };
}

export function newService(): ServiceState {
  return { id: crypto.randomUUID(), checked: true, outcome: 'completed', failureReason: '', detail: {}, followUpOfRecord: null };
}

/**
 * The service key (1–4, shown on screen) cycles a service: not chosen → completed → pending →
 * failed → removed (issue #15). A service opened from a follow-up keeps its link on every step.
 */
export function cycleService(current: ServiceState | undefined): ServiceState {
  if (!current || !current.checked) return { ...(current ?? newService()), checked: true, outcome: 'completed', failureReason: '' };
  if (current.outcome === 'completed') return { ...current, outcome: 'pending', failureReason: '' };
  if (current.outcome === 'pending') return { ...current, outcome: 'failed' };
  return { ...current, checked: false, outcome: 'completed', failureReason: '' };
}

/** A draft saved before consent had three states (a boolean) is read as unanswered. */
export function restoreDraft(value: unknown): FormState | null {
  if (typeof value !== 'object' || value === null) return null;
  const draft = value as FormState & { consent: unknown };
  const consent: ConsentAnswer = draft.consent === 'yes' || draft.consent === 'no' ? draft.consent : '';
  return { ...emptyForm(), ...draft, consent };
}

/** Something the helper typed or chose (Esc then asks before discarding). */
export function isDirty(form: FormState): boolean {
  return (
    form.fullName.trim() !== '' || form.cccd.trim() !== '' || form.phone.trim() !== '' || form.birth.trim() !== '' ||
    form.address.trim() !== '' || form.agency.trim() !== '' || form.note.trim() !== '' || form.personId !== null ||
    Object.values(form.services).some((s) => s.checked)
  );
}

/** 'dd/mm/yyyy' → birthDate, 'yyyy' → birthYear, '' → neither; null when unreadable. */
export function parseBirth(text: string): { birthDate: string | null; birthYear: number | null } | null {
  const s = text.trim();
  if (s === '') return { birthDate: null, birthYear: null };
  if (/^\d{4}$/.test(s)) return { birthDate: null, birthYear: Number(s) };
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return { birthDate: `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`, birthYear: null };
}

export function formatBirth(birthDate: string | null, birthYear: number | null): string {
  if (birthDate) {
    const [y, m, d] = birthDate.split('-');
    return `${d}/${m}/${y}`;
  }
  return birthYear ? String(birthYear) : '';
}

type SavePayload = MethodInput<'visits.save'>;
type PersonPayload = NonNullable<SavePayload['person']>;

function personPayload(form: FormState, birth: { birthDate: string | null; birthYear: number | null }): PersonPayload {
  const person: PersonPayload = {
    personId: form.personId,
    fullName: form.fullName,
    birthDate: birth.birthDate,
    birthYear: birth.birthYear,
    gender: form.gender === '' ? null : form.gender,
    address: form.address || null,
    category: form.category,
    agency: form.category === 'official' ? form.agency || null : null,
    neighbourhood: form.neighbourhood || null,
  };
  // A stored number the page only saw masked is kept by leaving the field out (undefined).
  if (form.cccd.trim() !== '' || form.storedCccd === null) person.cccd = form.cccd.trim() || null;
  if (form.phone.trim() !== '' || form.storedPhone === null) person.phone = form.phone.trim() || null;
  return person;
}

function servicesPayload(form: FormState): SavePayload['services'] {
  return Object.entries(form.services)
    .filter(([, s]) => s.checked)
    .map(([serviceKey, s]) => ({
      id: s.id,
      serviceKey,
      outcome: s.outcome,
      failureReason: s.outcome === 'failed' && s.failureReason !== '' ? s.failureReason : null,
      detail: Object.fromEntries(Object.entries(s.detail).filter(([, v]) => v !== '')),
      followUpOfRecord: s.followUpOfRecord,
    }));
}

export type BuiltPayload =
  | { ok: true; save: SavePayload; update: MethodInput<'visits.update'> }
  | { ok: false; fields: { path: string; code: string }[] };

export function buildPayload(form: FormState): BuiltPayload {
  const birth = parseBirth(form.birth);
  const fields: { path: string; code: string }[] = [];
  if (!birth) fields.push({ path: 'person.birthDate', code: 'birth_date_invalid' });
  const services = servicesPayload(form);
  if (services.length === 0) fields.push({ path: 'services', code: 'too_small' });
  services.forEach((s, index) => {
    if (s.outcome === 'failed' && !s.failureReason) fields.push({ path: `services.${index}.failureReason`, code: 'required' });
  });
  // A named visit needs the citizen's answer (Luật 91/2025: consent recorded per visit); no default.
  if (!form.anonymous && form.consent === '') fields.unshift({ path: 'consent', code: 'consent_missing' });
  if (!birth || fields.length > 0) return { ok: false, fields };
  const withPerson = !form.anonymous && form.consent === 'yes';
  const person = withPerson ? personPayload(form, birth) : null;
  // An anonymous visitor gave no data (consent not asked); a "no" stores no data either.
  const consent = form.anonymous || form.consent === '' ? 'unknown' : form.consent;
  return {
    ok: true,
    save: { id: form.visitId, person, consent, ticketId: form.ticketId, followUpOf: form.followUpOf, note: form.note || null, services },
    update: { visitId: form.visitId, reason: form.reason, person, consent, note: form.note || null, services },
  };
}

/** Index of each checked service in the payload, to place `services.N.*` errors. */
export function checkedKeys(form: FormState): string[] {
  return Object.entries(form.services).filter(([, s]) => s.checked).map(([key]) => key);
}

export function fillFromPerson(form: FormState, person: PersonView): FormState {
  return {
    ...form,
    anonymous: false,
    personId: person.id,
    fullName: person.fullName ?? '',
    cccd: person.masked ? '' : (person.cccd ?? ''),
    storedCccd: person.masked ? person.cccd : null,
    phone: person.masked ? '' : (person.phone ?? ''),
    storedPhone: person.masked ? person.phone : null,
    birth: formatBirth(person.birthDate, person.birthYear),
    gender: person.gender ?? '',
    address: person.address ?? '',
    category: person.category,
    agency: person.agency ?? '',
    neighbourhood: person.neighbourhood ?? form.neighbourhood,
    nameNeedsConfirmation: false,
  };
}

/** A scanned QR replaces the identity fields (a different card means a different person). */
export function fillFromQr(form: FormState, qr: CccdQrData): FormState {
  return {
    ...form,
    anonymous: false,
    personId: null,
    fullName: qr.fullName,
    cccd: qr.cccd,
    storedCccd: null,
    storedPhone: form.personId ? null : form.storedPhone,
    phone: form.personId ? '' : form.phone,
    birth: formatBirth(qr.birthDate, null),
    gender: qr.gender,
    address: qr.address,
    nameNeedsConfirmation: qr.nameNeedsConfirmation,
  };
}

export function formFromVisit(visit: VisitDetail): FormState {
  const base = emptyForm();
  const withPerson = visit.person
    ? fillFromPerson(base, visit.person)
    : { ...base, anonymous: visit.consent !== 'no', consent: visit.consent === 'no' ? ('no' as const) : ('' as const) };
  const services: Record<string, ServiceState> = {};
  for (const s of visit.services) {
    services[s.serviceKey] = { id: s.id, checked: true, outcome: s.outcome, failureReason: s.failureReason ?? '', detail: s.detail, followUpOfRecord: s.followUpOfRecord };
  }
  return {
    ...withPerson,
    visitId: visit.id,
    mode: 'edit',
    ticketId: visit.ticketId,
    followUpOf: visit.followUpOf,
    consent: visit.person ? (visit.consent === 'no' ? 'no' : 'yes') : withPerson.consent,
    category: visit.categorySnapshot ?? withPerson.category,
    agency: visit.agencySnapshot ?? withPerson.agency,
    note: visit.note ?? '',
    services,
  };
}
