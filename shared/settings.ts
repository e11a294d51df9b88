import { z } from 'zod';
import type { Permission } from './roles';
import { isoDaySchema } from './api/day';

// Settings are typed and validated here, stored in the database (settings table, JSON values),
// and each key belongs to the role that may change it (issue #3: settings belong to roles).

const dayString = isoDaySchema;
const nonNegativeInt = z.number().int().min(0).max(10_000_000);

export const periodSchema = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(120),
  from: dayString,
  to: dayString,
});
export type Period = z.infer<typeof periodSchema>;

export const neighbourhoodOriginSchema = z.strictObject({
  /** The neighbourhood's name in persons.neighbourhoods. */
  name: z.string().trim().min(1).max(120),
  /** The pre-2025 ward or commune it belonged to, e.g. 'phường Tân Hòa'. */
  oldUnit: z.string().trim().min(1).max(120),
  /** Other names used on cards: 'Tổ dân phố 3', 'TDP 3', 'Tổ 3', 'Buôn Ko Tam'. */
  aliases: z.array(z.string().trim().min(1).max(120)).max(20),
});
export type NeighbourhoodOrigin = z.infer<typeof neighbourhoodOriginSchema>;

export const SETTINGS = {
  'center.name': {
    schema: z.string().trim().min(1).max(200),
    default: 'Trung tâm phục vụ Hành chính công phường Tân Lập',
    owner: 'settings.head',
  },
  'center.ward': { schema: z.string().trim().min(1).max(120), default: 'Tân Lập', owner: 'settings.head' },
  'targets.smartphoneUsers': { schema: nonNegativeInt.nullable(), default: null, owner: 'settings.head' },
  'targets.officials': { schema: nonNegativeInt.nullable(), default: null, owner: 'settings.head' },
  'targets.citizenGoal': { schema: nonNegativeInt, default: 100, owner: 'settings.head' },
  'targets.periods': { schema: z.array(periodSchema).max(100), default: [], owner: 'settings.head' },
  'persons.neighbourhoods': {
    schema: z.array(z.string().trim().min(1).max(120)).max(500),
    default: [],
    owner: 'settings.head',
  },
  /**
   * Issue #15: where each neighbourhood came from. Card addresses predate the 2025 merger, so a
   * neighbourhood keeps its old unit (phường Tân Lập, phường Tân Hòa, xã Hòa Thắng) and the names it
   * had there; the intake matches a scanned address against them (shared/domain/neighbourhood.ts).
   */
  'persons.neighbourhoodOrigins': {
    schema: z.array(neighbourhoodOriginSchema).max(500),
    default: [],
    owner: 'settings.head',
  },
  'security.idleMinutes': { schema: z.number().int().min(1).max(240), default: 10, owner: 'settings.head' },
  'privacy.retentionMonths': { schema: z.number().int().min(1).max(600).nullable(), default: null, owner: 'settings.head' },
  'desk.number': { schema: z.number().int().min(1).max(99), default: 1, owner: 'settings.admin' },
  /** Issue #4: the serial (USB-COM) QR scanner's port name, e.g. 'COM3'; empty = keyboard-mode scanner only. */
  'scanner.serialPort': { schema: z.string().trim().max(100), default: '', owner: 'settings.admin' },
  // Issue #5, the queue: prefixes and devices belong to the admin, the priority reasons to the head.
  'queue.deskPrefix': { schema: z.string().trim().regex(/^[A-Z]{1,2}$/), default: 'A', owner: 'settings.admin' },
  'queue.priorityPrefix': { schema: z.string().trim().regex(/^[A-Z]{1,2}$/), default: 'U', owner: 'settings.admin' },
  'queue.priorityReasons': {
    schema: z.array(z.string().trim().min(1).max(120)).min(1).max(20),
    default: ['Người cao tuổi', 'Người khuyết tật', 'Phụ nữ mang thai', 'Người có con nhỏ'],
    owner: 'settings.head',
  },
  'queue.noShowAfterRecalls': { schema: z.number().int().min(1).max(10), default: 3, owner: 'settings.admin' },
  'queue.rejoinMinutes': { schema: z.number().int().min(0).max(480), default: 30, owner: 'settings.admin' },
  /** 1-based display number for the board window (1 = the primary screen). */
  'queue.boardDisplay': { schema: z.number().int().min(1).max(9), default: 2, owner: 'settings.admin' },
  // Issue #9, backups: the admin's folder outside the PC (USB drive, network share; '' = none)
  // and the interval of automatic backups while the app is open.
  'backup.externalDir': { schema: z.string().trim().max(1000), default: '', owner: 'settings.admin' },
  'backup.intervalHours': { schema: z.number().int().min(1).max(24), default: 4, owner: 'settings.admin' },
  // Issue #17 Medium 8: HTTPS only (an update over plain HTTP can be swapped on the way); plain
  // HTTP only to this PC itself (loopback), which tests and a local mirror use. A stored http://
  // address from before no longer parses, so it reads as '' (no updates) until the admin fixes it.
  'updates.serverUrl': {
    schema: z.union([
      z.url({ protocol: /^https$/ }).max(500),
      z.url({ protocol: /^http$/, hostname: /^(localhost|127\.0\.0\.1|\[::1\])$/ }).max(500),
      z.literal(''),
    ]),
    default: '',
    owner: 'settings.admin',
  },
} as const satisfies Record<string, { schema: z.ZodType; default: unknown; owner: Permission }>;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValues = { [K in SettingKey]: z.infer<(typeof SETTINGS)[K]['schema']> };
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}
