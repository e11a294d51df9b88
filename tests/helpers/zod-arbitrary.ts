import fc from 'fast-check';
import type { z } from 'zod';

// Builds a fast-check arbitrary of *schema-valid but hostile* values from a zod 4 schema (for
// tests/integration/hostile-input.test.ts): strings within the allowed length full of SQL-looking
// text, control characters, bidi marks and odd Unicode; numbers at their bounds; every enum value.
// Only the node kinds our contract uses are handled; anything else gives fc.anything().

type Def = { type: string; [key: string]: unknown };
type Check = { _zod: { def: { check: string; minimum?: number; maximum?: number; value?: number; inclusive?: boolean; format?: string; pattern?: RegExp } } };

const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

const HOSTILE_TEXT = [
  "' OR 1=1 --",
  "'); DROP TABLE visits; --",
  '" OR ""="',
  '%_\\',
  '\u0000',
  '\u0007\u0008\u001b[31m',
  '\u202eđảo ngược',
  'Đặng Thị Hằng',
  "H'Hen Niê",
  '<img src=x onerror=alert(1)>',
  '${process.exit()}',
  '__proto__',
  '\ufeff\u200b',
  '😀👍🏽',
];
/** Candidates tried against `regex` checks (days, usernames, digits, times, CCCD/phone-like). */
const PATTERN_CANDIDATES = [
  '2026-11-25', '2026-02-29', '2025-07-15', '1900-01-01', '2099-12-31', 'abc', 'admin', 'nhan_vien.1', 'user-01',
  '066090001234', '0912345678', '12:30', 'A', 'AB', 'U', '1', '0', 'visits.save', 'x.y',
];

function hostileString(min: number, max: number): fc.Arbitrary<string> {
  const cap = Math.min(max, 300);
  return fc
    .tuple(fc.constantFrom(...HOSTILE_TEXT), fc.string({ unit: 'binary', maxLength: 12 }), fc.nat({ max: cap }))
    .map(([text, noise, length]) => {
      let value = `${text}${noise}`;
      const target = Math.max(min, Math.min(length, cap));
      while ([...value].length < target) value += text || 'x';
      return [...value].slice(0, Math.max(min, Math.min([...value].length, cap))).join('');
    })
    .filter((value) => value.trim().length >= Math.min(min, 1) || min === 0);
}

export function arbitraryFor(schema: z.ZodType): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const checks = ((def.checks as Check[] | undefined) ?? []).map((check) => check._zod.def);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      const entries = Object.entries(shape).map(([key, value]) => [key, arbitraryFor(value)] as const);
      const optional = Object.entries(shape).filter(([, value]) => ['optional', 'default'].includes(defOf(value).type)).map(([key]) => key);
      const required = Object.keys(shape).filter((key) => !optional.includes(key));
      return fc.record(Object.fromEntries(entries), { requiredKeys: required });
    }
    case 'string': {
      const min = checks.find((c) => c.check === 'min_length')?.minimum ?? 0;
      const max = checks.find((c) => c.check === 'max_length')?.maximum ?? 200;
      const format = (def.format as string | undefined) ?? checks.find((c) => c.check === 'string_format')?.format;
      if (format === 'uuid' || format === 'guid') return fc.uuid({ version: 4 });
      if (format === 'url') return fc.constantFrom('http://127.0.0.1:9/', 'https://example.invalid/a?b=%27');
      if (format === 'email') return fc.constant('a@example.invalid');
      const pattern = (def.pattern as RegExp | undefined) ?? checks.find((c) => c.check === 'string_format')?.pattern;
      if (pattern) {
        const matching = PATTERN_CANDIDATES.filter((candidate) => pattern.test(candidate));
        return matching.length > 0 ? fc.constantFrom(...matching) : hostileString(min, max);
      }
      return hostileString(min, max);
    }
    case 'number': {
      const isInt = checks.some((c) => c.check === 'number_format' && (c.format === 'safeint' || c.format === 'int32'));
      const lower = checks.find((c) => c.check === 'greater_than');
      const upper = checks.find((c) => c.check === 'less_than');
      const min = lower?.value ?? (isInt ? -1_000_000 : -1e9);
      const max = upper?.value ?? (isInt ? 1_000_000 : 1e9);
      const lo = isInt ? Math.ceil(min + (lower?.inclusive === false ? 1 : 0)) : min;
      const hi = isInt ? Math.floor(max - (upper?.inclusive === false ? 1 : 0)) : max;
      return isInt ? fc.oneof(fc.constantFrom(lo, hi), fc.integer({ min: lo, max: hi })) : fc.oneof(fc.constantFrom(lo, hi), fc.double({ min: lo, max: hi, noNaN: true }));
    }
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, string | number>));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'array': {
      const max = checks.find((c) => c.check === 'max_length')?.maximum ?? 4;
      const min = checks.find((c) => c.check === 'min_length')?.minimum ?? 0;
      return fc.array(arbitraryFor(def.element as z.ZodType), { minLength: min, maxLength: Math.min(Math.max(min, 4), max) });
    }
    case 'optional':
      return fc.option(arbitraryFor(def.innerType as z.ZodType), { nil: undefined });
    case 'nullable':
      return fc.option(arbitraryFor(def.innerType as z.ZodType), { nil: null });
    case 'default':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return arbitraryFor(def.innerType as z.ZodType);
    case 'union':
      return fc.oneof(...(def.options as z.ZodType[]).map(arbitraryFor));
    case 'pipe':
      return arbitraryFor(def.in as z.ZodType);
    case 'record':
      return fc.dictionary(fc.constantFrom('a', 'b', 'provider', 'variant', '__proto__', 'constructor'), arbitraryFor(def.valueType as z.ZodType), { maxKeys: 3 });
    default:
      return fc.anything({ maxDepth: 2 });
  }
}
