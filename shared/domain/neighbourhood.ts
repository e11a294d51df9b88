// Issue #15 point 5: the tổ dân phố / thôn / buôn from the address on a card. Card addresses
// predate the 2025 merger (DOMAIN.md "The place"), so a neighbourhood is found by its old unit and
// its name there: "Tổ dân phố 3" exists in more than one old unit, so both must match, and only a
// single match is filled (the helper confirms it). "Tổ dân phố 3", "TDP 3", "Tổ 3" are the same.

import { foldName } from './fold';
import type { NeighbourhoodOrigin } from '../settings';

// The kinds of neighbourhood and their abbreviations, folded; each maps to one canonical word.
const KIND_WORDS: readonly [RegExp, string][] = [
  [/\b(to dan pho|tdp|to dp|to)\b\.?/g, 'to'],
  [/\b(khu pho|kp)\b\.?/g, 'khupho'],
  [/\b(thon)\b/g, 'thon'],
  [/\b(buon|bon)\b/g, 'buon'],
  [/\b(ap)\b/g, 'ap'],
];
// Unit words (phường, xã, thị trấn and their abbreviations) carry no distinction between units.
const UNIT_WORDS_RE = /\b(phuong|p|xa|x|thi tran|tt)\b\.?/g;

/** Folded, punctuation to spaces, 'tổ dân phố 03' → 'to 3'. */
function canonical(text: string): string {
  let s = foldName(text).replace(/[.,;:/\\()-]+/g, ' ');
  for (const [re, word] of KIND_WORDS) s = s.replace(re, ` ${word} `);
  return s
    .replace(/\b0+(\d)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

function canonicalUnit(unit: string): string {
  return foldName(unit).replace(/[.,;:/\\()-]+/g, ' ').replace(UNIT_WORDS_RE, ' ').replace(/\s+/g, ' ').trim();
}

/** The address split at commas into its parts (house/neighbourhood, ward, district, province). */
function addressParts(address: string): string[] {
  return address.split(/[,;\n]+/).map((p) => p.trim()).filter((p) => p !== '');
}

/** Whether `part` names the neighbourhood `name` (its whole text, not a prefix: "Tổ 3" ≠ "Tổ 13"). */
function partNames(part: string, name: string): boolean {
  const p = ` ${canonical(part)} `;
  const n = canonical(name);
  return n !== '' && p.includes(` ${n} `);
}

function partIsUnit(part: string, unit: string): boolean {
  const u = canonicalUnit(unit);
  return u !== '' && canonicalUnit(part) === u;
}

export type NeighbourhoodMatch = { name: string; oldUnit: string } | null;

/**
 * The neighbourhood a card address points to, or null when none or more than one fits. A match
 * needs a part of the address naming the neighbourhood (its name or an alias) and, after it, a part
 * that is its old unit.
 */
export function matchNeighbourhood(address: string, origins: readonly NeighbourhoodOrigin[]): NeighbourhoodMatch {
  const parts = addressParts(address);
  const found = new Map<string, NeighbourhoodOrigin>();
  for (const origin of origins) {
    const names = [origin.name, ...origin.aliases];
    const at = parts.findIndex((part) => names.some((n) => partNames(part, n)));
    if (at < 0) continue;
    if (!parts.slice(at + 1).some((part) => partIsUnit(part, origin.oldUnit))) continue;
    found.set(origin.name, origin);
  }
  if (found.size !== 1) return null;
  const [only] = found.values();
  return only ? { name: only.name, oldUnit: only.oldUnit } : null;
}

/**
 * The head's list, one neighbourhood a line: `Name`, or `Name | old unit | alias; alias` (the
 * Settings editor). Returns the names (persons.neighbourhoods) and the origins of those that say
 * where they came from (persons.neighbourhoodOrigins).
 */
export function parseNeighbourhoodLines(text: string): { names: string[]; origins: NeighbourhoodOrigin[] } {
  const names: string[] = [];
  const origins: NeighbourhoodOrigin[] = [];
  for (const line of text.split(/\r?\n/)) {
    const [rawName = '', rawUnit = '', rawAliases = ''] = line.split('|').map((p) => p.trim());
    if (rawName === '' || names.includes(rawName)) continue;
    names.push(rawName);
    if (rawUnit !== '') {
      const aliases = [...new Set(rawAliases.split(';').map((a) => a.trim()).filter((a) => a !== '' && a !== rawName))];
      origins.push({ name: rawName, oldUnit: rawUnit, aliases });
    }
  }
  return { names, origins };
}

export function formatNeighbourhoodLines(names: readonly string[], origins: readonly NeighbourhoodOrigin[]): string {
  return names
    .map((name) => {
      const origin = origins.find((o) => o.name === name);
      if (!origin) return name;
      return origin.aliases.length > 0 ? `${name} | ${origin.oldUnit} | ${origin.aliases.join('; ')}` : `${name} | ${origin.oldUnit}`;
    })
    .join('\n');
}
