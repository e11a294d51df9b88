import { addDays, vnDayRange, VN_OFFSET_MS } from '../shared/domain/vnday';
import type { FailureReason, Outcome, ReviewStatus } from '../electron/core/db/schema';
import type { ServiceWrite, VisitWrite } from '../electron/core/visits/write';
import { PROCEDURE_SUGGESTIONS, SIGNATURE_PROVIDERS, type BuiltinServiceKey } from '../shared/visits';
import { createRng, type Rng } from './prng';
import { makePerson, type GeneratedPerson } from './people';

// Deterministic synthetic visits (issue #10): the same seed and size give the same visits, in
// time order, over two years of working days ending on END_DAY. Mixes follow DOMAIN.md: four
// services with realistic outcomes and failure reasons, repeat visitors, pending services finished
// on a linked follow-up visit, anonymous visits, persons without CCCD, officials, voided visits
// and police review decisions on signature registrations.

export const END_DAY = '2026-11-20';
export const SPAN_DAYS = 730;

export type GenerateOptions = { seed: number; visits: number; staffIds: readonly string[] };

export type GeneratedVisit = {
  visit: VisitWrite;
  /** Police decisions on this visit's signature records (written after the visit, like the review screen). */
  reviews: { recordId: string; status: Exclude<ReviewStatus, 'pending'>; reason: string | null; atMs: number }[];
};

type PendingRecord = { visitId: string; recordId: string; serviceKey: BuiltinServiceKey };
type PoolPerson = { person: GeneratedPerson; pending: PendingRecord[] };

const SERVICE_WEIGHTS: readonly (readonly [BuiltinServiceKey, number])[] = [
  ['online_public_service', 35], ['vneid_activation', 25], ['digital_signature', 20], ['dak_lak_so', 20],
];
const OUTCOME_MIX: Record<BuiltinServiceKey, readonly (readonly [Outcome, number])[]> = {
  online_public_service: [['completed', 70], ['pending', 15], ['failed', 15]],
  vneid_activation: [['completed', 75], ['pending', 10], ['failed', 15]],
  digital_signature: [['completed', 65], ['pending', 20], ['failed', 15]],
  dak_lak_so: [['completed', 85], ['pending', 5], ['failed', 10]],
};
const FAILURE_MIX: Record<BuiltinServiceKey, readonly (readonly [FailureReason, number])[]> = {
  online_public_service: [['system_down', 30], ['data_mismatch', 30], ['not_level2', 20], ['other', 20]],
  vneid_activation: [['otp_sim', 40], ['not_level2', 15], ['no_smartphone', 20], ['data_mismatch', 20], ['other', 5]],
  digital_signature: [['not_level2', 35], ['data_mismatch', 25], ['system_down', 20], ['under_age', 5], ['otp_sim', 15]],
  dak_lak_so: [['no_smartphone', 60], ['otp_sim', 30], ['other', 10]],
};
const REJECT_REASONS = ['Thông tin không khớp CSDL quốc gia về dân cư', 'Số điện thoại không chính chủ', 'Ảnh chân dung không hợp lệ'];

function detailOf(rng: Rng, key: BuiltinServiceKey, outcome: Outcome): Record<string, unknown> {
  switch (key) {
    case 'online_public_service':
      return { procedureName: rng.pick(PROCEDURE_SUGGESTIONS), submitted: outcome === 'completed' };
    case 'vneid_activation':
      return { levelBefore: rng.weighted([['none', 60], ['1', 40]] as const), levelAfter: outcome === 'completed' ? '2' : 'none' };
    case 'digital_signature':
      return { provider: rng.pick(SIGNATURE_PROVIDERS) };
    case 'dak_lak_so':
      return { variant: rng.weighted([['native', 65], ['zalo_mini_app', 35]] as const), accountRegistered: outcome === 'completed' };
  }
}

/** Working days (Mon–Sat; Saturday mornings only) with a weight: the 100-day peak (15/7–25/10/2025) doubles traffic. */
function workingDays(): { day: string; weight: number; isSaturday: boolean }[] {
  return vnDayRange(addDays(END_DAY, -(SPAN_DAYS - 1)), END_DAY)
    .map((day) => {
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      const isPeak = day >= '2025-07-15' && day <= '2025-10-25';
      return { day, weekday, weight: (weekday === 6 ? 0.5 : 1) * (isPeak ? 2 : 1), isSaturday: weekday === 6 };
    })
    .filter((d) => d.weekday !== 0);
}

/** Splits `total` over days by weight (largest remainder), so the sum is exact. */
function visitsPerDay(total: number, days: { weight: number }[]): number[] {
  const weightSum = days.reduce((s, d) => s + d.weight, 0);
  const exact = days.map((d) => (total * d.weight) / weightSum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((s, c) => s + c, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    left -= 1;
  }
  return counts;
}

/** Times within office hours (07:30–11:30, 13:30–17:00 Vietnam time), sorted, as epoch ms. */
function officeTimes(rng: Rng, day: string, count: number, isSaturday: boolean): number[] {
  const midnightVn = Date.parse(`${day}T00:00:00Z`) - VN_OFFSET_MS;
  const minutes: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const morning = isSaturday || rng.chance(0.55);
    const m = morning ? rng.int(450, 689) : rng.int(810, 1019);
    minutes.push(m * 60_000 + rng.int(0, 59_999));
  }
  return minutes.sort((a, b) => a - b).map((ms) => midnightVn + ms);
}

/** The generated visits in time order. Lazy: 1M visits never sit in memory at once. */
export function* generateVisits(options: GenerateOptions): Generator<GeneratedVisit> {
  const rng = createRng(options.seed);
  const days = workingDays();
  const counts = visitsPerDay(options.visits, days);
  const pool: PoolPerson[] = [];
  const cccdTaken = new Set<string>();
  for (const [dayIndex, { day, isSaturday }] of days.entries()) {
    const times = officeTimes(rng, day, counts[dayIndex] ?? 0, isSaturday);
    for (const atMs of times) yield makeVisit(rng, options, pool, cccdTaken, day, atMs);
  }
}

function makeVisit(rng: Rng, options: GenerateOptions, pool: PoolPerson[], cccdTaken: Set<string>, day: string, atMs: number): GeneratedVisit {
  const visitId = rng.uuid();
  const staffId = rng.pick(options.staffIds);
  const visitedAt = new Date(atMs).toISOString();
  const isVoided = rng.chance(0.008);
  const base = { id: visitId, visitedAt, staffId, isVoided, ...(isVoided ? { voidReason: 'Nhập nhầm người' } : {}) };

  // Anonymous visits: no consent to record personal data (DOMAIN.md, issue #4).
  if (rng.chance(0.04)) {
    const key = rng.weighted(SERVICE_WEIGHTS);
    const outcome = rng.weighted(OUTCOME_MIX[key]);
    return {
      visit: { ...base, person: null, consent: 'no', services: [serviceOf(rng, key, outcome)] },
      reviews: [],
    };
  }

  // Repeat visitors: about a third of visits are by someone seen before.
  let entry: PoolPerson;
  if (pool.length > 0 && rng.chance(0.35)) {
    entry = pool[rng.int(Math.max(0, pool.length - 50_000), pool.length - 1)] as PoolPerson;
  } else {
    entry = { person: makePerson(rng, day, cccdTaken, { withCccd: rng.chance(0.93) }), pending: [] };
    pool.push(entry);
  }

  const services: ServiceWrite[] = [];
  let followUpOf: string | null = null;
  const pendingBefore = entry.pending.shift();
  if (pendingBefore && rng.chance(0.7)) {
    // DOMAIN.md: a pending service finished later is recorded on a follow-up visit linked to the first.
    followUpOf = pendingBefore.visitId;
    const outcome = rng.weighted<Outcome>([['completed', 80], ['failed', 15], ['pending', 5]]);
    services.push({ ...serviceOf(rng, pendingBefore.serviceKey, outcome), followUpOfRecord: pendingBefore.recordId });
  }
  const wanted = followUpOf ? rng.weighted([[0, 70], [1, 30]] as const) : rng.weighted([[1, 75], [2, 20], [3, 5]] as const);
  const keys = new Set(services.map((s) => s.serviceKey));
  while (services.length < wanted + (followUpOf ? 1 : 0)) {
    const key = rng.weighted(SERVICE_WEIGHTS);
    if (keys.has(key)) continue;
    keys.add(key);
    services.push(serviceOf(rng, key, rng.weighted(OUTCOME_MIX[key])));
  }
  for (const s of services) {
    if (s.outcome === 'pending' && !isVoided) entry.pending.push({ visitId, recordId: s.id, serviceKey: s.serviceKey as BuiltinServiceKey });
  }

  const reviews: GeneratedVisit['reviews'] = [];
  for (const s of services) {
    if (s.serviceKey !== 'digital_signature' || s.outcome !== 'completed') continue;
    const ageDays = (Date.parse(`${END_DAY}T12:00:00Z`) - atMs) / 86_400_000;
    const status = rng.weighted<ReviewStatus>(ageDays > 14 ? [['confirmed', 80], ['rejected', 5], ['returned', 5], ['pending', 10]] : [['pending', 70], ['confirmed', 30]]);
    if (status !== 'pending') {
      reviews.push({ recordId: s.id, status, reason: status === 'rejected' ? rng.pick(REJECT_REASONS) : null, atMs: atMs + rng.int(1, 5) * 86_400_000 });
    }
  }
  const { ethnicity: _ethnicity, ...person } = entry.person;
  return { visit: { ...base, person, consent: 'yes', followUpOf, services }, reviews };
}

function serviceOf(rng: Rng, key: BuiltinServiceKey, outcome: Outcome): ServiceWrite {
  return {
    id: rng.uuid(),
    serviceKey: key,
    outcome,
    failureReason: outcome === 'failed' ? rng.weighted(FAILURE_MIX[key]) : null,
    detail: detailOf(rng, key, outcome),
  };
}
