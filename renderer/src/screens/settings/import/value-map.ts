import type { ValueGroup, ValueKind, WardDetection, WardMapping } from '../../../../../shared/api/ward';

// Issue #16: the value step's state. The mapping's value tables hold what the head chose; a value
// the head left alone means what the mapping already said (`mapped`) or else the app's guess.

type ValueTables = NonNullable<WardMapping['values']>;

/** What a listed value means now: the head's choice, the mapping's, or the app's guess (null: unknown). */
export function meaningOf(mapping: WardMapping, kind: ValueKind, value: ValueGroup['values'][number]): string | null {
  const chosen = mapping.values?.[kind]?.[value.text];
  return chosen ?? value.mapped ?? value.guess;
}

/** Values nobody has answered yet: the preview waits for them. */
export function unansweredValues(mapping: WardMapping, detection: WardDetection | undefined): number {
  if (!detection) return 0;
  return detection.values.reduce((sum, group) => sum + group.values.filter((v) => meaningOf(mapping, group.kind, v) === null).length, 0);
}

/** The mapping with one value's meaning chosen. */
export function withValue(mapping: WardMapping, kind: ValueKind, text: string, meaning: string): WardMapping {
  const tables: ValueTables = { ...(mapping.values ?? {}) };
  (tables as Record<ValueKind, Record<string, string> | undefined>)[kind] = { ...(tables[kind] ?? {}), [text]: meaning };
  return { ...mapping, values: tables };
}

/**
 * The mapping as it is saved (file, remembered layout): every listed value with its meaning, the
 * guesses written out, so the file says what the import did whatever later versions guess.
 */
export function completeMapping(mapping: WardMapping, detection: WardDetection | undefined): WardMapping {
  let complete = mapping;
  for (const group of detection?.values ?? []) {
    for (const value of group.values) {
      const meaning = meaningOf(mapping, group.kind, value);
      if (meaning !== null && mapping.values?.[group.kind]?.[value.text] === undefined) complete = withValue(complete, group.kind, value.text, meaning);
    }
  }
  return complete;
}
