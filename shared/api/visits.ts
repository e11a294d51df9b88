import { z } from 'zod';
import { method } from './define';
import { CATEGORIES, FAILURE_REASONS, OUTCOMES, type CategoryName, type FailureReasonName, type OutcomeName } from '../visits';
import { isoDaySchema } from './day';

// Issue #4: persons, visits, the service catalogue, the follow-up list and the form's draft.
// The staff id of a visit is always the session user (never sent by the page); the visit time is
// the core's clock. CCCD and phone come back masked unless the role holds `persons.unmasked`.

const uuid = z.uuid();
const day = isoDaySchema;
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const reason = z.string().trim().min(1).max(500);

export const personInputSchema = z.strictObject({
  /** A person picked from search: links the visit to them when no CCCD is typed. */
  personId: uuid.nullable().optional(),
  fullName: z.string().trim().min(1).max(120),
  /** Omitted (undefined) on an edit means "keep the stored number" (the page may only hold a masked one). */
  cccd: z.string().trim().max(20).nullable().optional(),
  birthDate: day.nullable().optional(),
  birthYear: z.number().int().min(1900).max(2100).nullable().optional(),
  gender: z.enum(['male', 'female']).nullable().optional(),
  /** Omitted (undefined) on an edit means "keep the stored number". */
  phone: z.string().trim().max(20).nullable().optional(),
  address: optionalText(300),
  category: z.enum(CATEGORIES),
  agency: optionalText(200),
  neighbourhood: optionalText(120),
});
export type PersonInput = z.input<typeof personInputSchema>;

export const serviceInputSchema = z.strictObject({
  id: uuid,
  serviceKey: z.string().trim().min(1).max(64),
  outcome: z.enum(OUTCOMES),
  failureReason: z.enum(FAILURE_REASONS).nullable().optional(),
  /** Checked per service in the core (shared/visits.ts detailSchemaFor). */
  detail: z.record(z.string(), z.union([z.string().max(500), z.boolean()])).optional(),
  /** Finishing a pending service: the pending record this one completes. */
  followUpOfRecord: uuid.nullable().optional(),
});
export type ServiceInput = z.input<typeof serviceInputSchema>;

const consent = z.enum(['yes', 'no', 'unknown']);

export type PersonView = {
  id: string;
  fullName: string | null;
  /** Masked unless the caller may see it in full (`masked` says which). */
  cccd: string | null;
  phone: string | null;
  hasCccd: boolean;
  birthDate: string | null;
  birthYear: number | null;
  gender: 'male' | 'female' | null;
  address: string | null;
  category: CategoryName;
  agency: string | null;
  neighbourhood: string | null;
  masked: boolean;
};

export type ServiceRecordView = {
  id: string;
  serviceKey: string;
  outcome: OutcomeName;
  failureReason: FailureReasonName | null;
  detail: Record<string, string | boolean>;
  followUpOfRecord: string | null;
  reviewStatus: string | null;
};

export type VisitRow = {
  id: string;
  visitedAt: string;
  visitDay: string;
  staffId: string;
  staffName: string;
  personId: string | null;
  personName: string | null;
  cccd: string | null;
  phone: string | null;
  categorySnapshot: CategoryName | null;
  consent: 'yes' | 'no' | 'unknown';
  isVoided: boolean;
  followUpOf: string | null;
  ticketId: string | null;
  services: { id: string; serviceKey: string; outcome: OutcomeName; failureReason: FailureReasonName | null }[];
};

export type VisitDetail = Omit<VisitRow, 'services'> & {
  person: PersonView | null;
  agencySnapshot: string | null;
  note: string | null;
  voidReason: string | null;
  services: ServiceRecordView[];
};

export type VisitList = { total: number; offset: number; rows: VisitRow[]; masked: boolean };

export type FollowUpItem = {
  recordId: string;
  visitId: string;
  serviceKey: string;
  visitedAt: string;
  visitDay: string;
  detail: Record<string, string | boolean>;
  staffName: string;
  person: PersonView | null;
};

export type FollowUpList = {
  /** Pending services not yet finished by a follow-up visit (oldest first). */
  pending: FollowUpItem[];
  /** Issue #6 (police review) adds signature records the police returned to the desk here. */
  returned: FollowUpItem[];
};

export type ServiceDef = { key: string; nameVi: string; nameEn: string; isBuiltin: boolean; isActive: boolean; sortOrder: number };

export type DraftValue = { value: string | null; savedAt: string | null };

export const visitMethods = {
  'persons.search': method<PersonView[]>()(z.strictObject({ query: z.string().max(100) }), 'visits.read'),
  /** A full unmasked record (head) is audited. */
  'persons.get': method<PersonView>()(z.strictObject({ personId: uuid }), 'visits.read'),

  'visits.save': method<{ visitId: string; personId: string | null; created: boolean }>()(
    z.strictObject({
      id: uuid,
      person: personInputSchema.nullable(),
      consent,
      ticketId: uuid.nullable().optional(),
      /** Finishing a pending service: the visit it came from. */
      followUpOf: uuid.nullable().optional(),
      note: optionalText(1000),
      services: z.array(serviceInputSchema).min(1).max(20),
    }),
    'visits.write',
  ),
  'visits.list': method<VisitList>()(
    z.strictObject({
      from: day,
      to: day,
      serviceKey: z.string().max(64).nullable().optional(),
      outcome: z.enum(OUTCOMES).nullable().optional(),
      staffId: z.string().max(64).nullable().optional(),
      personId: uuid.nullable().optional(),
      includeVoided: z.boolean().optional(),
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
    'visits.read',
  ),
  'visits.get': method<VisitDetail>()(z.strictObject({ visitId: uuid }), 'visits.read'),
  'visits.update': method<VisitDetail>()(
    z.strictObject({
      visitId: uuid,
      reason,
      person: personInputSchema.nullable(),
      consent,
      note: optionalText(1000),
      services: z.array(serviceInputSchema).min(1).max(20),
    }),
    'visits.write',
  ),
  'visits.void': method<VisitDetail>()(z.strictObject({ visitId: uuid, reason }), 'visits.write'),
  /** The staff who logged visits (for the log's staff filter). */
  'visits.staff': method<{ id: string; fullName: string }[]>()(z.strictObject({}), 'visits.read'),

  'followups.list': method<FollowUpList>()(z.strictObject({}), 'visits.read'),

  'services.list': method<ServiceDef[]>()(z.strictObject({ includeInactive: z.boolean().optional() }), 'session'),
  'services.upsert': method<ServiceDef[]>()(
    z.strictObject({
      key: z.string().trim().regex(/^[a-z][a-z0-9_]{1,47}$/),
      nameVi: z.string().trim().min(1).max(200),
      nameEn: z.string().trim().min(1).max(200),
      isActive: z.boolean(),
      sortOrder: z.number().int().min(0).max(1000),
    }),
    'settings.head',
  ),

  /** The visit form's draft, per user, so it survives a crash or restart. */
  'drafts.get': method<DraftValue>()(z.strictObject({ name: z.string().min(1).max(40) }), 'visits.write'),
  'drafts.save': method<DraftValue>()(z.strictObject({ name: z.string().min(1).max(40), value: z.string().max(100_000) }), 'visits.write'),
  'drafts.clear': method<DraftValue>()(z.strictObject({ name: z.string().min(1).max(40) }), 'visits.write'),
};
