import { describe, expect, it } from 'vitest';
import { resources } from '../../shared/i18n';

function keysOf(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

describe('i18n resources', () => {
  it('has every key in both Vietnamese and English', () => {
    const vi = new Set(keysOf(resources.vi));
    const en = new Set(keysOf(resources.en));
    expect([...vi].filter((k) => !en.has(k))).toEqual([]);
    expect([...en].filter((k) => !vi.has(k))).toEqual([]);
  });

  it('has no empty strings and the same placeholders in both languages', () => {
    const flat = (tree: unknown) => Object.fromEntries(keysOf(tree).map((k) => [k, k.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree)]));
    const vi = flat(resources.vi);
    const en = flat(resources.en);
    for (const [key, text] of Object.entries(vi)) {
      expect(typeof text === 'string' && text.length > 0, key).toBe(true);
      const placeholders = (s: unknown) => [...String(s).matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
      expect(placeholders(en[key]), key).toEqual(placeholders(text));
    }
  });

  it('has an error message for every error code the core returns', () => {
    for (const code of ['unknown_method', 'invalid_input', 'not_signed_in', 'session_locked', 'forbidden', 'internal', 'disk_full', 'db_from_future']) {
      expect((resources.vi.errors as Record<string, string>)[code], code).toBeTruthy();
    }
  });
});
