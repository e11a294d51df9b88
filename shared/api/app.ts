import { z } from 'zod';
import { method } from './define';
import { ROLES, type Role } from '../roles';
import { SETTING_KEYS, type SettingValues } from '../settings';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export type AppInfo = {
  appName: string;
  version: string;
  centerName: string;
  ward: string;
  language: Language;
  /** True until the first administrator has been created (first run). */
  needsSetup: boolean;
  /** Set when the database could not be opened: the app shows the recovery screen (issue #9). */
  recovery?: { reason: 'corrupt' | 'unreadable' | 'future_version' | 'key_missing'; dbFile: string };
  /** Set when the recovery screen opened the file read-only: every write is refused (issue #9). */
  readOnly?: { reason: 'corrupt' | 'unreadable' | 'future_version' | 'key_missing'; dbFile: string };
};

export type SessionUser = { id: string; username: string; fullName: string; roles: Role[] };
export type SessionInfo = { user: SessionUser | null; isLocked: boolean; idleMinutes: number };

/** The username rule, shared with the forms so they can say which part of it a name breaks. */
export const USERNAME_PATTERN = /^[a-z0-9._-]{3,32}$/;
export const USERNAME_MIN = 3;
export const USERNAME_MAX = 32;
export const PASSWORD_MIN = 8;
const username = z.string().trim().toLowerCase().regex(USERNAME_PATTERN);
export const passwordSchema = z.string().min(PASSWORD_MIN).max(200);

export const appMethods = {
  'app.info': method<AppInfo>()(z.strictObject({}), 'public'),
  /** The UI language is a property of this PC, chosen before anyone signs in. */
  'app.setLanguage': method<{ language: Language }>()(z.strictObject({ language: z.enum(LANGUAGES) }), 'public'),

  'setup.complete': method<SessionInfo & { recoveryCode: string }>()(
    z.strictObject({
      centerName: z.string().trim().min(1).max(200),
      ward: z.string().trim().min(1).max(120),
      admin: z.strictObject({ fullName: z.string().trim().min(1).max(120), username, password: passwordSchema }),
    }),
    'public',
  ),

  'auth.session': method<SessionInfo>()(z.strictObject({}), 'public'),
  'auth.login': method<SessionInfo>()(z.strictObject({ username: z.string().trim().toLowerCase().min(1).max(64), password: z.string().min(1).max(200) }), 'public'),
  'auth.logout': method<SessionInfo>()(z.strictObject({}), 'public'),

  'settings.get': method<SettingValues>()(z.strictObject({}), 'settings.read'),
  'settings.update': method<SettingValues>()(
    z.strictObject({ key: z.enum(SETTING_KEYS as [string, ...string[]]), value: z.unknown() }),
    'session',
  ),
};

export const roleSchema = z.enum(ROLES);
export const usernameSchema = username;
