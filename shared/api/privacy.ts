import { z } from 'zod';
import { method } from './define';

// Issue #9 point 6 and DOMAIN.md "Personal data": retention and citizens' data rights (Law
// 91/2025): see everything held about a person, erase their personal fields. Redaction keeps the
// person key and the counting facts on each service record, so past tallies never change.

export type RetentionReport = { cutoffDay: string | null; redactedPersons: number; redactedTickets: number };

export type PersonDataReport = {
  person: {
    id: string;
    fullName: string | null;
    cccd: string | null;
    birthDate: string | null;
    birthYear: number | null;
    gender: string | null;
    phone: string | null;
    address: string | null;
    category: string;
    agency: string | null;
    neighbourhood: string | null;
    createdAt: string;
    updatedAt: string;
    redactedAt: string | null;
  };
  visits: {
    id: string;
    visitedAt: string;
    consent: string;
    note: string | null;
    isVoided: boolean;
    services: { serviceKey: string; outcome: string; failureReason: string | null; detail: Record<string, unknown>; reviewStatus: string | null }[];
  }[];
};

const uuid = z.uuid();

export const privacyMethods = {
  /** Redacts personal fields of persons not seen for longer than `privacy.retentionMonths`. */
  'privacy.runRetention': method<RetentionReport>()(z.strictObject({}), 'privacy.manage'),
  /** Issue #20: how many persons a retention run would redact now (the confirmation asks with this count). */
  'privacy.retentionPreview': method<{ cutoffDay: string | null; persons: number }>()(z.strictObject({}), 'privacy.manage'),
  /** Everything held about one person, unmasked (audited), for printing on their request. */
  'privacy.personReport': method<PersonDataReport>()(z.strictObject({ personId: uuid }), 'privacy.manage'),
  /** Erases a person's personal fields on their request (audited with the reason). */
  'privacy.erase': method<{ personId: string; redactedAt: string }>()(
    z.strictObject({ personId: uuid, reason: z.string().trim().min(1).max(500) }),
    'privacy.manage',
  ),
};
