import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { createScanFramer, parseCccdQr, type QrErrorCode, type QrLayout } from '../../shared/domain/qr';
import { foldName } from '../../shared/domain/fold';

// Issue #15: the committed card fixtures (both layouts, NUL tails, no Enter, `0` old IDs, clan
// names, Ð, ƀ; fake personal data) parse, and come through the keyboard framer as a reader types them.

type CardFixture = {
  name: string;
  layout: QrLayout;
  enter: boolean;
  raw: string;
  expect: { cccd: string; oldId: string | null; fullName: string; gender: 'male' | 'female'; birthDate: string; issueDate: string; nameNeedsConfirmation: boolean; folded?: string };
};
type Fixtures = { visitDay: string; cards: CardFixture[]; refused: { name: string; raw: string; code: QrErrorCode }[] };

const fixtures = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/cards/qr-cards.json'), 'utf8')) as Fixtures;
const opts = { visitDay: fixtures.visitDay };

/** Key strokes 4 ms apart, like a keyboard-mode reader: CR/LF become Enter, NUL and BOM are dropped
 *  by the reader's keyboard emulation (they have no key), the rest are typed as characters. */
function typeAsReader(raw: string, start: number): { key: string; timeMs: number }[] {
  const keys: string[] = [];
  for (const ch of raw) {
    if (ch === '\r' || ch === '\n') {
      if (keys.at(-1) !== 'Enter') keys.push('Enter');
    } else if (ch !== '\u0000' && ch !== '\uFEFF') keys.push(ch);
  }
  return keys.map((key, i) => ({ key, timeMs: start + i * 4 }));
}

describe('card fixtures', () => {
  it('cover every kind the issue lists', () => {
    const raws = fixtures.cards.map((c) => c.raw);
    expect(fixtures.cards.some((c) => c.layout === 'chip_cccd')).toBe(true);
    expect(fixtures.cards.some((c) => c.layout === 'can_cuoc')).toBe(true);
    expect(raws.some((r) => r.includes('\u0000'))).toBe(true);
    expect(fixtures.cards.some((c) => !c.enter)).toBe(true);
    expect(raws.some((r) => r.split('|')[1] === '0')).toBe(true);
    expect(raws.some((r) => /Ksor|KSOR/.test(r))).toBe(true);
    expect(raws.some((r) => r.includes('Ð'))).toBe(true);
  });

  it.each(fixtures.cards.map((c) => [c.name, c] as const))('%s parses', (_name, card) => {
    const parsed = parseCccdQr(card.raw, opts);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const { folded, ...fields } = card.expect;
    expect(parsed.value).toMatchObject({ ...fields, layout: card.layout });
    if (folded) expect(foldName(parsed.value.fullName)).toBe(folded);
  });

  it.each(fixtures.cards.map((c) => [c.name, c] as const))('%s comes through the keyboard framer', (_name, card) => {
    const framer = createScanFramer();
    const keys = typeAsReader(card.raw, 10_000);
    if (card.enter && keys.at(-1)?.key !== 'Enter') keys.push({ key: 'Enter', timeMs: (keys.at(-1)?.timeMs ?? 0) + 4 });
    const scans: string[] = [];
    for (const k of keys) {
      const step = framer.push(k);
      if (step.scan !== null) scans.push(step.scan);
    }
    if (!card.enter) {
      const last = keys.at(-1)?.timeMs ?? 0;
      expect(scans).toEqual([]);
      // Still within the burst's rhythm: not over yet.
      expect(framer.idle(last + 10)).toBeNull();
      const scan = framer.idle(last + 200);
      expect(scan).not.toBeNull();
      scans.push(scan ?? '');
    }
    expect(scans).toHaveLength(1);
    expect(parseCccdQr(scans[0] ?? '', opts)).toMatchObject({ ok: true, value: { cccd: card.expect.cccd, layout: card.layout } });
  });

  it.each(fixtures.refused.map((c) => [c.name, c] as const))('%s is refused with its code', (_name, card) => {
    expect(parseCccdQr(card.raw, opts)).toEqual({ ok: false, error: { code: card.code } });
  });
});
