import { SETTINGS, SETTING_KEYS, type SettingKey, type SettingValues } from '../../../shared/settings';
import type { CoreContext, Actor } from '../context';
import { appendAudit } from '../audit/audit';
import { fail } from '../errors';
import { cachedStatement } from '../db/statement-cache';

// Settings live in the database, typed and validated by shared/settings.ts.

export function getSetting<K extends SettingKey>(ctx: CoreContext, key: K): SettingValues[K] {
  const row = cachedStatement(ctx.sqlite, 'SELECT value_json FROM settings WHERE key = ?').get(key) as { value_json: string } | undefined;
  if (!row) return SETTINGS[key].default as SettingValues[K];
  const parsed = SETTINGS[key].schema.safeParse(JSON.parse(row.value_json));
  // A value that no longer validates (e.g. written by an older version) falls back to the default.
  return (parsed.success ? parsed.data : SETTINGS[key].default) as SettingValues[K];
}

export function getAllSettings(ctx: CoreContext): SettingValues {
  const values: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) values[key] = getSetting(ctx, key);
  return values as SettingValues;
}

/** Validates, stores and audits one setting change (before/after). Call inside a transaction. */
export function writeSetting(ctx: CoreContext, actor: Actor, key: SettingKey, value: unknown): void {
  const parsed = SETTINGS[key].schema.safeParse(value);
  if (!parsed.success) {
    fail('invalid_input', { fields: parsed.error.issues.map((issue) => ({ path: ['value', ...issue.path].join('.'), code: issue.code })) });
  }
  const before = getSetting(ctx, key);
  ctx.sqlite
    .prepare(
      `INSERT INTO settings (key, value_json, updated_at, updated_by) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    )
    .run(key, JSON.stringify(parsed.data), ctx.now().toISOString(), actor.id);
  appendAudit(ctx, actor, { action: 'settings.update', entity: 'setting', entityId: key, summary: { before, after: parsed.data } });
}
