import { z } from 'zod';

// DOMAIN.md "The four core services": what a helper records per service, the outcomes and the
// failure reason keys. The catalogue is data (services table); only the four built-in services
// have structured details, services the head adds take free text.

export const BUILTIN_SERVICE_KEYS = ['online_public_service', 'vneid_activation', 'digital_signature', 'dak_lak_so'] as const;
export type BuiltinServiceKey = (typeof BUILTIN_SERVICE_KEYS)[number];

export const OUTCOMES = ['completed', 'pending', 'failed'] as const;
export type OutcomeName = (typeof OUTCOMES)[number];

export const FAILURE_REASONS = ['no_smartphone', 'otp_sim', 'data_mismatch', 'not_level2', 'under_age', 'system_down', 'other'] as const;
export type FailureReasonName = (typeof FAILURE_REASONS)[number];

export const CATEGORIES = ['citizen', 'official', 'student', 'worker'] as const;
export type CategoryName = (typeof CATEGORIES)[number];

export const VNEID_LEVELS = ['none', '1', '2'] as const;
export const DAK_LAK_SO_VARIANTS = ['native', 'zalo_mini_app'] as const;

const shortText = z.string().trim().max(200);

/** Per-service detail schemas (DOMAIN.md table). Every field is optional: the outcome is what counts. */
export const SERVICE_DETAIL_SCHEMAS = {
  online_public_service: z.strictObject({ procedureName: shortText.optional(), submitted: z.boolean().optional() }),
  vneid_activation: z.strictObject({ levelBefore: z.enum(VNEID_LEVELS).optional(), levelAfter: z.enum(VNEID_LEVELS).optional() }),
  digital_signature: z.strictObject({ provider: shortText.optional() }),
  dak_lak_so: z.strictObject({ variant: z.enum(DAK_LAK_SO_VARIANTS).optional(), accountRegistered: z.boolean().optional() }),
} as const satisfies Record<BuiltinServiceKey, z.ZodType>;

/** Services the head adds: a free-text note. */
export const FREE_TEXT_DETAIL_SCHEMA = z.strictObject({ text: z.string().trim().max(500).optional() });

export type ServiceDetail = Record<string, string | boolean | undefined>;

export function isBuiltinService(key: string): key is BuiltinServiceKey {
  return (BUILTIN_SERVICE_KEYS as readonly string[]).includes(key);
}

/** The detail schema for a service key: structured for the four built-in ones, free text otherwise. */
export function detailSchemaFor(serviceKey: string): z.ZodType<ServiceDetail> {
  return (isBuiltinService(serviceKey) ? SERVICE_DETAIL_SCHEMAS[serviceKey] : FREE_TEXT_DETAIL_SCHEMA) as z.ZodType<ServiceDetail>;
}

/** Suggestions for the procedure name of online_public_service (free text stays allowed). */
export const PROCEDURE_SUGGESTIONS = [
  'Đăng ký thường trú',
  'Đăng ký tạm trú',
  'Đăng ký khai sinh',
  'Đăng ký kết hôn',
  'Cấp bản sao trích lục hộ tịch',
  'Chứng thực bản sao điện tử',
  'Cấp phiếu lý lịch tư pháp',
  'Đăng ký khai tử',
  'Xác nhận tình trạng hôn nhân',
  'Nộp thuế, phí, lệ phí',
] as const;

/** Signature providers commonly offered through VNeID (free text stays allowed). */
export const SIGNATURE_PROVIDERS = ['VNPT-CA', 'Viettel-CA', 'MISA eSign', 'FPT-CA', 'BKAV-CA'] as const;

/**
 * i18n keys cannot hold dots (shared/i18n), while error codes from shared/domain do ('cccd.length').
 * The page maps a code to `visits.errors.<code with dots as underscores>`.
 */
export function errorKeyOf(code: string): string {
  return `visits.errors.${code.replace(/\./g, '_')}`;
}
