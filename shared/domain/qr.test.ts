import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  createScanFramer,
  looksLikeQrPayload,
  nameLooksGarbled,
  parseCccdQr,
  SCAN_IDLE_MS,
  splitSerialLines,
  type KeyStroke,
} from './qr';
import { PROVINCE_CODES, centuryDigitFor, type Gender } from './cccd';

const TODAY = { visitDay: '2025-08-15' };
const ADDRESS = 'Thôn 1, Hòa Thắng, Buôn Ma Thuột, Đắk Lắk';

function payload(over: Partial<Record<'cccd' | 'oldId' | 'name' | 'birth' | 'gender' | 'address' | 'issue', string>> = {}): string {
  const f = {
    cccd: '066185123456',
    oldId: '241234567',
    name: 'Nguyễn Thị Hoa',
    birth: '02031985',
    gender: 'Nữ',
    address: ADDRESS,
    issue: '10042021',
    ...over,
  };
  return [f.cccd, f.oldId, f.name, f.birth, f.gender, f.address, f.issue].join('|');
}

describe('parseCccdQr', () => {
  it('parses a typical card with a 9-digit old CMND', () => {
    expect(parseCccdQr(payload(), TODAY)).toEqual({
      ok: true,
      value: {
        layout: 'chip_cccd',
        cccd: '066185123456',
        oldId: '241234567',
        fullName: 'Nguyễn Thị Hoa',
        nameNeedsConfirmation: false,
        birthDate: '1985-03-02',
        birthYear: 1985,
        gender: 'female',
        genderSource: 'text',
        provinceCode: '066',
        address: ADDRESS,
        issueDate: '2021-04-10',
      },
    });
  });

  it('accepts an empty or 12-digit old id, refuses other lengths', () => {
    expect(parseCccdQr(payload({ oldId: '' }), TODAY)).toMatchObject({ ok: true, value: { oldId: null } });
    expect(parseCccdQr(payload({ oldId: '066085000111' }), TODAY)).toMatchObject({ ok: true, value: { oldId: '066085000111' } });
    expect(parseCccdQr(payload({ oldId: '2412345678' }), TODAY)).toEqual({ ok: false, error: { code: 'qr.shape' } });
  });

  it('tolerates the terminating CR/LF and surrounding spaces in fields', () => {
    expect(parseCccdQr(`${payload({ name: ' Nguyễn  Thị Hoa ' })}\r\n`, TODAY)).toMatchObject({
      ok: true,
      value: { fullName: 'Nguyễn Thị Hoa', issueDate: '2021-04-10' },
    });
  });

  it('a male born in the 2000s', () => {
    expect(parseCccdQr(payload({ cccd: '079208000123', oldId: '', name: 'Trần Văn Bình', birth: '29022008', gender: 'Nam', issue: '01072022' }), TODAY)).toMatchObject({
      ok: true,
      value: { gender: 'male', birthDate: '2008-02-29', birthYear: 2008, provinceCode: '079' },
    });
  });

  it.each([
    ['not enough fields', '066185123456|241234567|Nguyễn Thị Hoa|02031985|Nữ|10042021'],
    ['too many fields', `${payload()}|extra`],
    ['not a payload', 'hello world'],
    ['CCCD with letters', payload({ cccd: '06618512345X' })],
    ['11-digit CCCD (no import padding for scans)', payload({ cccd: '66185123456' })],
  ])('qr.shape: %s', (_label, raw) => {
    expect(parseCccdQr(raw, TODAY)).toEqual({ ok: false, error: { code: 'qr.shape' } });
  });

  it.each([
    ['unknown province 003', '003185123456'],
    ['century digit 4', '066485123456'],
    ['born after the visit year', '066326123456'],
  ])('qr.cccd: %s', (_label, cccd) => {
    expect(parseCccdQr(payload({ cccd }), TODAY)).toEqual({ ok: false, error: { code: 'qr.cccd' } });
  });

  it.each(['30021985', '29021985', '00031985', '02131985', '0203198', '2/3/1985', ''])('qr.birth_date: %j', (birth) => {
    expect(parseCccdQr(payload({ birth }), TODAY)).toEqual({ ok: false, error: { code: 'qr.birth_date' } });
  });

  it('qr.birth_date when the birth date is after the visit day', () => {
    expect(parseCccdQr(payload({ cccd: '066325123456', birth: '16082025', issue: '16082025' }), TODAY)).toEqual({
      ok: false,
      error: { code: 'qr.birth_date' },
    });
  });

  it.each(['31042021', '29022021', '', '1004202', '01011980'])('qr.issue_date: %j (impossible, or before birth)', (issue) => {
    expect(parseCccdQr(payload({ issue }), TODAY)).toEqual({ ok: false, error: { code: 'qr.issue_date' } });
  });

  it('qr.mismatch when the birth year disagrees with the number', () => {
    expect(parseCccdQr(payload({ birth: '02031986' }), TODAY)).toEqual({ ok: false, error: { code: 'qr.mismatch' } });
  });

  it('qr.mismatch when a readable gender disagrees with the number', () => {
    expect(parseCccdQr(payload({ gender: 'Nam' }), TODAY)).toEqual({ ok: false, error: { code: 'qr.mismatch' } });
    expect(parseCccdQr(payload({ cccd: '066085123456', gender: 'Nữ' }), TODAY)).toEqual({ ok: false, error: { code: 'qr.mismatch' } });
  });

  it.each([
    ['Nữ', 'text'],
    ['Nữ'.normalize('NFD'), 'text'],
    ['NỮ', 'text'],
    ['Nu', 'text'],
    ['N?', 'cccd'],
    ['Nuw', 'cccd'],
    ['N\uFFFD', 'cccd'],
    ['', 'cccd'],
  ] as const)('gender text %j is read from the %s', (gender, source) => {
    expect(parseCccdQr(payload({ gender }), TODAY)).toMatchObject({ ok: true, value: { gender: 'female', genderSource: source } });
  });

  it('an unreadable gender on a male card is taken from the digit, not guessed', () => {
    expect(parseCccdQr(payload({ cccd: '066085123456', gender: 'N?' }), TODAY)).toMatchObject({
      ok: true,
      value: { gender: 'male', genderSource: 'cccd' },
    });
  });

  it('flags a name that arrived garbled, but still fills the digits', () => {
    for (const name of ['Nguy?n Th? Hoa', 'Nguy\uFFFDn Thị Hoa', 'Nguyeenx Thij Hoa', 'Nguye4n Thi5 Hoa', 'Tr?n V?n B\u00ECnh', 'Nguyễn Vawn A', '']) {
      expect(parseCccdQr(payload({ name }), TODAY)).toMatchObject({
        ok: true,
        value: { cccd: '066185123456', birthDate: '1985-03-02', gender: 'female', nameNeedsConfirmation: true },
      });
    }
  });

  it('does not flag clean names, including NFD input and Ê Đê / M\'Nông names', () => {
    for (const name of ['Nguyễn Thị Hoa', 'NGUYỄN THỊ HOA', 'Nguyễn Thị Hoa'.normalize('NFD'), "H'Hen Niê", 'Y Bhim Êban', 'Lê Anh', 'Đặng Quốc Tuấn', 'Y Jut Ayŭn', "H'Ñơng Mlô", 'Ê\u0306ban']) {
      expect(nameLooksGarbled(name), name).toBe(false);
    }
    const nfd = parseCccdQr(payload({ name: 'Nguyễn Thị Hoa'.normalize('NFD') }), TODAY);
    expect(nfd).toMatchObject({ ok: true, value: { fullName: 'Nguyễn Thị Hoa', nameNeedsConfirmation: false } });
  });

  it('flags a stray combining mark that does not compose', () => {
    expect(nameLooksGarbled('Nguyen\u0309 Hoa')).toBe(true);
  });
});

describe('looksLikeQrPayload', () => {
  it('recognises the shape cheaply', () => {
    expect(looksLikeQrPayload(payload())).toBe(true);
    expect(looksLikeQrPayload(`${payload()}\r`)).toBe(true);
    expect(looksLikeQrPayload('066185123456')).toBe(false);
    expect(looksLikeQrPayload('06618512345|a|b|c|d|e|f')).toBe(false);
    expect(looksLikeQrPayload(`${payload()}|x`)).toBe(false);
    expect(looksLikeQrPayload('Nguyễn Thị Hoa')).toBe(false);
  });
});

// ---- scan framing -------------------------------------------------------------------------------

function strokes(text: string, start: number, gapMs: number, enter = true): KeyStroke[] {
  const keys = [...text, ...(enter ? ['Enter'] : [])];
  return keys.map((key, i) => ({ key, timeMs: start + i * gapMs }));
}

function run(keys: KeyStroke[], options?: Parameters<typeof createScanFramer>[0]): string[] {
  const framer = createScanFramer(options);
  const scans: string[] = [];
  for (const k of keys) {
    const step = framer.push(k);
    if (step.scan !== null) scans.push(step.scan);
  }
  return scans;
}

describe('createScanFramer', () => {
  it('emits a fast burst ending in Enter as one scan', () => {
    expect(run(strokes(payload(), 1000, 5))).toEqual([payload()]);
  });

  it('does not emit human typing, however long', () => {
    expect(run(strokes(payload(), 1000, 120))).toEqual([]);
  });

  it('35 ms apart is already too slow; 34 ms is a burst', () => {
    expect(run(strokes(payload(), 0, 35))).toEqual([]);
    expect(run(strokes(payload(), 0, 34))).toEqual([payload()]);
  });

  it('needs at least 30 characters', () => {
    expect(run(strokes('x'.repeat(29), 0, 3))).toEqual([]);
    expect(run(strokes('x'.repeat(30), 0, 3))).toEqual(['x'.repeat(30)]);
  });

  it('a slow Enter after a burst is a human Enter', () => {
    const keys = strokes(payload(), 0, 4, false);
    keys.push({ key: 'Enter', timeMs: (keys.at(-1)?.timeMs ?? 0) + 500 });
    expect(run(keys)).toEqual([]);
  });

  it('starts a new burst after a pause, dropping what a human typed before', () => {
    const human = strokes('0661', 0, 200, false);
    const scan = strokes(payload(), 2000, 4);
    expect(run([...human, ...scan])).toEqual([payload()]);
  });

  it('ignores Shift and replays Backspace (input methods rewrite letters that way)', () => {
    const keys: KeyStroke[] = [];
    let t = 0;
    for (const ch of 'ABC'.repeat(12)) {
      keys.push({ key: 'Shift', timeMs: (t += 2) }, { key: ch, timeMs: (t += 2) });
    }
    keys.push({ key: 'x', timeMs: (t += 2) }, { key: 'Backspace', timeMs: (t += 2) }, { key: 'Enter', timeMs: (t += 2) });
    expect(run(keys)).toEqual(['ABC'.repeat(12)]);
  });

  it('reports inBurst while keys come fast, and reset() forgets the burst', () => {
    const framer = createScanFramer();
    expect(framer.push({ key: '0', timeMs: 0 }).inBurst).toBe(false);
    expect(framer.push({ key: '6', timeMs: 5 }).inBurst).toBe(true);
    framer.reset();
    expect(framer.push({ key: '6', timeMs: 10 }).inBurst).toBe(false);
  });

  it('holds back only a run that can start a card QR: a digit, after BOM/NUL/space at most', () => {
    // Two quick Space presses on a service checkbox (10 ms apart) are not a burst: both must reach it.
    const spaces = createScanFramer();
    expect(spaces.push({ key: ' ', timeMs: 0 }).inBurst).toBe(false);
    expect(spaces.push({ key: ' ', timeMs: 10 }).inBurst).toBe(false);
    // A fast typist's letters go straight to the field.
    const letters = createScanFramer();
    letters.push({ key: 'a', timeMs: 0 });
    expect(letters.push({ key: 'n', timeMs: 8 }).inBurst).toBe(false);
    // A reader's BOM or a space before the number does not stop the card's keys being held.
    const framed = createScanFramer();
    framed.push({ key: '\uFEFF', timeMs: 0 });
    expect(framed.push({ key: '0', timeMs: 3 }).inBurst).toBe(true);
    const spaced = createScanFramer();
    spaced.push({ key: ' ', timeMs: 0 });
    expect(spaced.push({ key: ' ', timeMs: 3 }).inBurst).toBe(false);
    expect(spaced.push({ key: '0', timeMs: 6 }).inBurst).toBe(true);
    expect(spaced.push({ key: '6', timeMs: 9 }).inBurst).toBe(true);
  });

  it('a clock going backwards does not count as fast', () => {
    const keys = strokes(payload(), 10_000, -5);
    expect(run(keys)).toEqual([]);
  });

  it('property: never emits a scan for typing with every gap ≥ 35 ms', () => {
    const keyArb = fc.oneof(fc.constantFrom('Enter', 'Backspace', 'Shift'), fc.string({ minLength: 1, maxLength: 1 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(keyArb, fc.integer({ min: 35, max: 2000 })), { maxLength: 150 }), (seq) => {
        let t = 0;
        const keys = seq.map(([key, gap]) => ({ key, timeMs: (t += gap) }));
        expect(run(keys)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('property: any fast burst of ≥ 30 printable characters + Enter comes out verbatim', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...'0123456789|abcxyzĐắk '), { minLength: 30, maxLength: 120 }),
        fc.array(fc.integer({ min: 0, max: 34 }), { minLength: 121, maxLength: 121 }),
        (chars, gaps) => {
          let t = 1_000;
          const keys = [...chars, 'Enter'].map((key, i) => ({ key, timeMs: (t += gaps[i] ?? 0) }));
          expect(run(keys)).toEqual([chars.join('')]);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('splitSerialLines', () => {
  it('splits on CR, LF and CRLF and keeps the unterminated rest', () => {
    expect(splitSerialLines('a\rb\nc\r\nd')).toEqual({ lines: ['a', 'b', 'c'], rest: 'd' });
    expect(splitSerialLines('abc')).toEqual({ lines: [], rest: 'abc' });
    expect(splitSerialLines('abc\r\n')).toEqual({ lines: ['abc'], rest: '' });
    expect(splitSerialLines('')).toEqual({ lines: [], rest: '' });
  });

  it('a CRLF split across two chunks yields no empty line', () => {
    const first = splitSerialLines('one\r');
    const second = splitSerialLines(`${first.rest}\ntwo\r\n`);
    expect([...first.lines, ...second.lines]).toEqual(['one', 'two']);
  });

  it('property: chunking does not change the lines received', () => {
    const lineArb = fc.stringMatching(/^[0-9A-Za-z|]{1,20}$/);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(lineArb, fc.constantFrom('\r', '\n', '\r\n')), { maxLength: 8 }),
        fc.array(fc.nat(200), { maxLength: 6 }),
        (lines, cuts) => {
          const stream = lines.map(([l, eol]) => l + eol).join('');
          const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
          const got: string[] = [];
          let rest = '';
          let prev = 0;
          for (const p of [...points, stream.length]) {
            const r = splitSerialLines(rest + stream.slice(prev, p));
            got.push(...r.lines);
            rest = r.rest;
            prev = p;
          }
          expect(got).toEqual(lines.map(([l]) => l));
          expect(rest).toBe('');
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('properties of parseCccdQr', () => {
  it('any consistent card parses back to its digits', () => {
    const cardArb = fc.record({
      province: fc.constantFrom(...PROVINCE_CODES),
      year: fc.integer({ min: 1900, max: 2024 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
      gender: fc.constantFrom<Gender>('male', 'female'),
      tail: fc.stringMatching(/^\d{6}$/),
      oldId: fc.oneof(fc.constant(''), fc.stringMatching(/^\d{9}$/), fc.stringMatching(/^\d{12}$/)),
    });
    fc.assert(
      fc.property(cardArb, (c) => {
        const cccd = `${c.province}${centuryDigitFor(c.year, c.gender)}${String(c.year).slice(2)}${c.tail}`;
        const dd = String(c.day).padStart(2, '0');
        const mm = String(c.month).padStart(2, '0');
        const raw = payload({ cccd, oldId: c.oldId, birth: `${dd}${mm}${c.year}`, gender: c.gender === 'male' ? 'Nam' : 'Nữ', issue: '01012025' });
        expect(looksLikeQrPayload(raw)).toBe(true);
        expect(parseCccdQr(raw, TODAY)).toMatchObject({
          ok: true,
          value: { cccd, birthYear: c.year, birthDate: `${c.year}-${mm}-${dd}`, gender: c.gender, oldId: c.oldId === '' ? null : c.oldId },
        });
      }),
      { numRuns: 150 },
    );
  });
});

// ---- issue #15: every layout in use, reader tails, `0` old ids, clan names, bursts without Enter ----

describe('both card layouts', () => {
  it('the chip CCCD front (7 fields) and the căn cước back (7 + empty fields) give the same data', () => {
    const chip = parseCccdQr(payload(), TODAY);
    const canCuoc = parseCccdQr(`${payload()}||||`, TODAY);
    expect(chip).toMatchObject({ ok: true, value: { layout: 'chip_cccd' } });
    expect(canCuoc).toMatchObject({ ok: true, value: { layout: 'can_cuoc' } });
    if (chip.ok && canCuoc.ok) expect({ ...canCuoc.value, layout: 'chip_cccd' }).toEqual(chip.value);
  });

  it('the issue’s căn cước example parses', () => {
    expect(parseCccdQr('026099003333||Lương Đình Nam|30121999|Nam|Thôn Dẫn Tự, Tân Phú, Vĩnh Tường, Vĩnh Phúc|01082024||||', { visitDay: '2025-12-01' })).toMatchObject({
      ok: true,
      value: { layout: 'can_cuoc', cccd: '026099003333', oldId: null, fullName: 'Lương Đình Nam', birthDate: '1999-12-30', gender: 'male', issueDate: '2024-08-01' },
    });
  });

  it.each([
    ['NUL before CRLF', `${payload()}\u0000\r\n`],
    ['NUL alone', `${payload()}\u0000`],
    ['several NULs and a LF', `${payload()}\u0000\u0000\n`],
    ['BOM at the start', `\uFEFF${payload()}`],
    ['tab and spaces at the end', `${payload()} \t`],
    ['căn cước with NUL tail', `${payload()}||||\u0000\r\n`],
  ])('strips the reader’s framing: %s', (_label, raw) => {
    expect(parseCccdQr(raw, TODAY)).toMatchObject({ ok: true, value: { cccd: '066185123456', issueDate: '2021-04-10' } });
    expect(looksLikeQrPayload(raw)).toBe(true);
  });

  it('reads an old CMND written as 0 as none, and still refuses other short numbers', () => {
    expect(parseCccdQr(payload({ oldId: '0' }), TODAY)).toMatchObject({ ok: true, value: { oldId: null } });
    expect(parseCccdQr(`${payload({ oldId: '0' })}||||`, TODAY)).toMatchObject({ ok: true, value: { oldId: null, layout: 'can_cuoc' } });
    expect(parseCccdQr(payload({ oldId: '00' }), TODAY)).toEqual({ ok: false, error: { code: 'qr.shape' } });
  });

  it('a malformed known field on a căn cước is still refused with its code', () => {
    expect(parseCccdQr(`${payload({ birth: '30021985' })}||||`, TODAY)).toEqual({ ok: false, error: { code: 'qr.birth_date' } });
    expect(parseCccdQr(`${payload({ cccd: '003185123456' })}||||`, TODAY)).toEqual({ ok: false, error: { code: 'qr.cccd' } });
    expect(parseCccdQr(`${payload()}|||x|`, TODAY)).toEqual({ ok: false, error: { code: 'qr.shape' } });
  });

  it('property: any number of empty trailing fields and any reader tail parse to the 7-field data', () => {
    const base = parseCccdQr(payload(), TODAY);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 12 }),
        fc.constantFrom('', '\r', '\n', '\r\n', '\u0000', '\u0000\r\n', ' \u0000\n', '\t'),
        fc.constantFrom('', '\uFEFF'),
        fc.constantFrom('', ' '),
        (empties, tail, head, pad) => {
          const raw = `${head}${payload()}${Array.from({ length: empties }, () => `|${pad}`).join('')}${tail}`;
          const parsed = parseCccdQr(raw, TODAY);
          expect(parsed.ok).toBe(true);
          if (parsed.ok && base.ok) {
            expect(parsed.value.layout).toBe(empties === 0 ? 'chip_cccd' : 'can_cuoc');
            expect({ ...parsed.value, layout: base.value.layout }).toEqual(base.value);
          }
          expect(looksLikeQrPayload(raw)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('property: text in any trailing field is refused, nothing read', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.stringMatching(/^[A-Za-z0-9]{1,8}$/), (position, junk) => {
        const trailing = Array.from({ length: 6 }, (_v, i) => (i === position ? junk : ''));
        expect(parseCccdQr(`${payload()}|${trailing.join('|')}`, TODAY)).toEqual({ ok: false, error: { code: 'qr.shape' } });
      }),
      { numRuns: 100 },
    );
  });
});

describe('clan names are not Telex garbling', () => {
  // DOMAIN.md: Jrai / Ê Đê clan names, written with and without diacritics, alone and in full names.
  it.each([
    'Ksor', 'KSOR', 'Ksơr', 'Nay', 'Siu', 'Rơ Châm', 'Ro Cham', 'Kpă', 'Kpa', 'Rahlan', 'Mlô', 'Mlo', 'Byă', 'Bya',
    "H'Hen", "H'Bia", 'Kpor', 'Kbuôr', 'Kbuor', 'Buôr', 'Buor', 'Niê', 'Êban', 'Ayŭn', 'Hmok', 'Adrơng',
  ])('%s', (clan) => {
    expect(nameLooksGarbled(clan)).toBe(false);
  });

  it.each(["Ksor H'Bia", 'Nay Y Siu', "Rơ Châm H'Nhi Mlô", 'Kpa Rahlan Y Bya', 'KSOR Y THANH', "Siu H'Lan", 'Y Kbuor Niê', "H'Ƀlơ Niê", 'Ðặng Văn Ðức'])('full name %s', (name) => {
    expect(nameLooksGarbled(name)).toBe(false);
  });

  it.each(['Nguyeenx Thij Hoaf', 'Trafn Vawn Binh', 'Lans', 'Ksor Thij', 'Hoangf', 'Ddinh Vawn', 'Nguyeen'])('a garbled name is still flagged: %s', (name) => {
    expect(nameLooksGarbled(name)).toBe(true);
  });

  it('property: a Vietnamese syllable ending in a Telex tone key is flagged, even next to a clan name', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Ksor', 'Nay', 'Siu', 'Rahlan', 'Mlo', 'Kpa', 'Bya', "H'Bia"),
        fc.constantFrom('Thi', 'Van', 'Lan', 'Hoa', 'Tuan', 'Minh', 'Nga'),
        fc.constantFrom('s', 'f', 'r', 'x', 'j'),
        (clan, syllable, key) => {
          expect(nameLooksGarbled(`${clan} ${syllable}${key}`)).toBe(true);
          expect(nameLooksGarbled(`${clan} ${syllable}`)).toBe(false);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('a burst that ends without Enter', () => {
  it('is a scan once the reader’s idle gap has passed, when it has the shape of a card', () => {
    const framer = createScanFramer();
    const keys = strokes(`${payload()}||||`, 1_000, 4, false);
    for (const k of keys) expect(framer.push(k).scan).toBeNull();
    const last = keys.at(-1)?.timeMs ?? 0;
    expect(framer.idle(last + 20)).toBeNull(); // still inside the burst's rhythm
    expect(framer.idle(last + SCAN_IDLE_MS)).toBe(`${payload()}||||`);
    expect(framer.idle(last + SCAN_IDLE_MS * 2)).toBeNull(); // emitted once
  });

  it('is not a scan when it is fast typing that is not a card (given back by the screen)', () => {
    const framer = createScanFramer();
    const keys = strokes('Nguyen Van Binh, To dan pho 3, phuong Tan Lap', 1_000, 4, false);
    for (const k of keys) framer.push(k);
    expect(framer.idle((keys.at(-1)?.timeMs ?? 0) + 500)).toBeNull();
  });

  it('is not a scan when a human typed the card string slowly', () => {
    const framer = createScanFramer();
    const keys = strokes(payload(), 1_000, 120, false);
    for (const k of keys) framer.push(k);
    expect(framer.idle((keys.at(-1)?.timeMs ?? 0) + 500)).toBeNull();
  });

  it('property: any card burst without Enter comes out verbatim after the gap, with an Enter the same', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 30 }), (empties, gap) => {
        const text = `${payload()}${'|'.repeat(empties)}`;
        const noEnter = createScanFramer();
        const keys = strokes(text, 5_000, gap, false);
        for (const k of keys) expect(noEnter.push(k).scan).toBeNull();
        expect(noEnter.idle((keys.at(-1)?.timeMs ?? 0) + SCAN_IDLE_MS)).toBe(text);
        expect(run(strokes(text, 5_000, gap, true))).toEqual([text]);
      }),
      { numRuns: 100 },
    );
  });
});
