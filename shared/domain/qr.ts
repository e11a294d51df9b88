// The QR code on the chip CCCD and the căn cước card, and recognising a scanner among keystrokes.
// DOMAIN.md "Identity data": content is `CCCD|old CMND (may be empty)|Full name|DDMMYYYY birth|
// Gender|Address|DDMMYYYY issue date` (the chip CCCD's front, 7 fields), or the same 7 fields
// followed by empty ones (the căn cước card's back, from 1/7/2024). A USB scanner types it, usually
// ending with Enter, sometimes with a NUL before CR/LF, sometimes with no Enter at all.
// DOMAIN.md "Office realities": the scanner types through Unikey/EVKey, so letters may arrive
// garbled while digits survive. We therefore trust the digits (CCCD, dates, gender digit) and only
// flag the name for the helper to confirm; we never "repair" a name.

import { validateCccd, type Gender, type ProvinceCode } from './cccd';
import { foldName, normalizeText } from './fold';
import { err, ok, type DomainResult } from './result';
import { isValidDate, toIsoDay } from './vnday';

export type QrErrorCode = 'qr.shape' | 'qr.cccd' | 'qr.birth_date' | 'qr.issue_date' | 'qr.mismatch';
export type QrError = { code: QrErrorCode };

/** Which card the QR came from: 'chip_cccd' = 7 fields; 'can_cuoc' = 7 fields + empty trailing ones. */
export type QrLayout = 'chip_cccd' | 'can_cuoc';

export type CccdQrData = {
  layout: QrLayout;
  cccd: string;
  /** Old 9- or 12-digit CMND number, or null when the field is empty (or `0`, as a few readers write). */
  oldId: string | null;
  /** NFC, trimmed; show it to the helper to confirm (always, and insistently when flagged). */
  fullName: string;
  /** True when the name shows signs of input-method garbling or a scanner without diacritics. */
  nameNeedsConfirmation: boolean;
  birthDate: string;
  birthYear: number;
  gender: Gender;
  /** 'text' when the gender field was readable; 'cccd' when it was garbled and read from the number. */
  genderSource: 'text' | 'cccd';
  provinceCode: ProvinceCode;
  address: string;
  issueDate: string;
};

export type CccdQrResult = DomainResult<CccdQrData, QrError>;

// What readers leave around the content: a BOM or NUL at the start (serial readers, some
// keyboard-wedge firmware), NUL/CR/LF/tab/space at the end (`…|10042021\x00\r\n`).
// eslint-disable-next-line no-control-regex -- NUL and control characters are what we strip
const EDGE_JUNK_RE = /^[\uFEFF\u0000\s]+|[\uFEFF\u0000\s]+$/g;

/** The content without the reader's framing junk (BOM, NUL, whitespace, CR/LF) at either end. */
export function stripQrFraming(payload: string): string {
  return payload.replace(EDGE_JUNK_RE, '');
}

/** The fields by position, or null when the shape is not one of the layouts in use. */
function splitQrFields(payload: string): { fields: string[]; layout: QrLayout } | null {
  const fields = stripQrFraming(payload).split('|');
  if (fields.length < 7) return null;
  // Trailing fields of the căn cước layout are empty; anything in them is not a card we know.
  if (fields.slice(7).some((f) => f.trim() !== '')) return null;
  return { fields: fields.slice(0, 7), layout: fields.length === 7 ? 'chip_cccd' : 'can_cuoc' };
}

/** Cheap shape test to recognise a scan burst: 12 digits, a pipe, 7 fields (+ empty trailing ones). */
export function looksLikeQrPayload(s: string): boolean {
  const t = stripQrFraming(s);
  if (!/^\d{12}\|/.test(t)) return false;
  return splitQrFields(t) !== null;
}

/** 'DDMMYYYY' → 'yyyy-mm-dd' when it is a real calendar date. */
function parseQrDate(s: string): string | null {
  const m = /^(\d{2})(\d{2})(\d{4})$/.exec(s);
  if (!m) return null;
  const d = Number(m[1]);
  const mo = Number(m[2]);
  const y = Number(m[3]);
  return isValidDate(y, mo, d) ? toIsoDay(y, mo, d) : null;
}

/** 'Nam' / 'Nữ' in any normalisation form or case; null when unreadable ('N?', 'Nuw', '').
 *  'Nu' (a scanner that drops diacritics) still reads as Nữ: it cannot be anything else. */
function readGender(text: string): Gender | null {
  const f = foldName(text);
  if (f === 'nam') return 'male';
  if (f === 'nu') return 'female';
  return null;
}

// Letters a correctly typed name may contain: Latin letters, Vietnamese precomposed letters in NFC,
// the look-alike ETH Ð/ð that real data uses for Đ/đ, the breve vowels and extra letters of Ê Đê / M'Nông / Jarai spellings (ĕ ŏ ŭ ĭ ƀ č ñ, and ê̆ ô̆ ơ̆ ư̆,
// which have no precomposed form and so keep a combining breve U+0306 even in NFC), space,
// apostrophes and hyphen.
const NAME_CHARS_RE =
  // eslint-disable-next-line no-misleading-character-class -- the lone combining breve is intended (see above)
  /^[A-Za-zÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđÐðĨĩŨũƠơƯưẠ-ỹĔĕĬĭŎŏŬŭƀɃČčÑñ\u0306 '\u2019\u02BC-]+$/u;

// Telex input-method leftovers: a double vowel (â ê ô) or dd (đ), a w after a vowel (ă ơ ư), a
// word ending in a tone key s f r x j after a letter ("Nguyeenx"), or f/z (absent from Vietnamese
// and Ê Đê; j and w are real Ê Đê letters, so they alone do not flag). Native Vietnamese spelling
// has none of these.
const TELEX_RE = /(aa|ee|oo|dd|[aou]w|[a-z][sfrxj]\b|[fz])/;
const TONE_KEY_END_RE = /[a-z][sfrxj]$/;

// DOMAIN.md "Identity data": Jrai and Ê Đê clan names (and their spellings without diacritics, as a
// scanner that cannot type them sends) are real names, although some end in r like the hỏi key.
// Folded, lower case. The list is the common clans; the syllable rule below covers the rest.
export const CLAN_NAMES: readonly string[] = [
  'ksor', 'ksơr', 'nay', 'siu', 'rơ châm', 'ro cham', 'rơ mah', 'ro mah', 'kpă', 'kpa', 'rahlan', 'mlô', 'mlo', 'byă', 'bya',
  'kpor', 'kbuôr', 'kbuor', 'buôr', 'buor', 'adrơng', 'adrong', 'êban', 'eban', 'niê', 'nie', 'ayŭn', 'ayun', 'hmok', 'knul',
  'rcom', 'rcăm', 'rcam', 'ktla', 'bkrông', 'bkrong', 'mdrang', 'êya', 'eya', 'kđoh', 'kdoh', 'hđơk', 'hdok', 'alio', 'arul',
  'enuôl', 'enuol', 'kpuih', 'puih', 'rmah', 'hwing',
];
const CLAN_WORDS = new Set(CLAN_NAMES.flatMap((n) => n.split(' ')));

// Vietnamese syllables begin with a single consonant or one of these digraphs/trigraphs; a word
// that begins with another consonant cluster (Ksor, Kpor, Hmok, Mdrang…) is an Ê Đê / Jrai / M'Nông
// syllable, not a Vietnamese one typed through Telex, so its final r/s/j is a real letter.
const VIETNAMESE_ONSET_RE = /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?[aăâeêioôơuưy]/;

function telexLeftover(word: string): boolean {
  if (!TELEX_RE.test(word)) return false;
  const bare = word.replace(/^[^a-z]+/, '');
  if (CLAN_WORDS.has(bare)) return false;
  // Only the "ends in a tone key" rule is relaxed for non-Vietnamese onsets; aa/ee/oo/dd/w still flag.
  const withoutToneEnd = TONE_KEY_END_RE.test(bare) && !/(aa|ee|oo|dd|[aou]w|[fz])/.test(bare);
  if (withoutToneEnd && !VIETNAMESE_ONSET_RE.test(bare)) return false;
  return true;
}

/** Whether the name looks garbled (DOMAIN.md: trust the digits, show the name to confirm). */
export function nameLooksGarbled(raw: string): boolean {
  const name = normalizeText(raw);
  if (name === '') return true;
  // Anything outside the letter set: '?', U+FFFD, digits (VNI tone keys), stray combining marks
  // that did not compose under NFC, punctuation from a mistyped field.
  if (!NAME_CHARS_RE.test(name)) return true;
  // Telex leftovers are only meaningful in words typed without any diacritic. H'Hen, Y'… split at
  // the apostrophe: each part is a syllable of its own.
  return name
    .toLowerCase()
    .split(/[ '\u2019\u02BC-]+/)
    .filter((word) => word !== '')
    .some((word) => /^[a-z]+$/.test(word) && telexLeftover(word));
}

export type QrParseOptions = {
  /** Today's Vietnam day 'yyyy-mm-dd': the birth date may not be after it. */
  visitDay: string;
};

/**
 * Parses the CCCD card's QR content. Fails on a wrong shape, an invalid CCCD, an impossible
 * birth/issue date, or a birth year/gender that disagrees with the number's digits.
 */
export function parseCccdQr(payload: string, opts: QrParseOptions): CccdQrResult {
  const split = splitQrFields(payload);
  if (split === null) return err({ code: 'qr.shape' });
  const [rawCccd, rawOldId, rawName, rawBirth, rawGender, rawAddress, rawIssue] = split.fields.map((f) => f.trim());
  if (
    rawCccd === undefined || rawOldId === undefined || rawName === undefined || rawBirth === undefined ||
    rawGender === undefined || rawAddress === undefined || rawIssue === undefined
  ) {
    return err({ code: 'qr.shape' });
  }
  if (!/^\d{12}$/.test(rawCccd)) return err({ code: 'qr.shape' });
  // A few readers write `0` for a missing old CMND (DOMAIN.md): it means none.
  const oldId = rawOldId === '' || rawOldId === '0' ? null : rawOldId;
  if (oldId !== null && !/^(\d{9}|\d{12})$/.test(oldId)) return err({ code: 'qr.shape' });

  const bare = validateCccd(rawCccd, { visitDay: opts.visitDay });
  if (!bare.ok) return err({ code: 'qr.cccd' });

  const birthDate = parseQrDate(rawBirth);
  if (birthDate === null || birthDate > opts.visitDay) return err({ code: 'qr.birth_date' });
  const issueDate = parseQrDate(rawIssue);
  if (issueDate === null || issueDate < birthDate) return err({ code: 'qr.issue_date' });

  const textGender = readGender(rawGender);
  const checked = validateCccd(rawCccd, { visitDay: opts.visitDay, birthDate, gender: textGender });
  if (!checked.ok) return err({ code: 'qr.mismatch' });

  return ok({
    layout: split.layout,
    cccd: checked.value.cccd,
    oldId,
    fullName: normalizeText(rawName),
    nameNeedsConfirmation: nameLooksGarbled(rawName),
    birthDate,
    birthYear: checked.value.birthYear,
    gender: checked.value.gender,
    genderSource: textGender === null ? 'cccd' : 'text',
    provinceCode: checked.value.provinceCode,
    address: normalizeText(rawAddress),
    issueDate,
  });
}

// ---------------------------------------------------------------------------------------------
// Keyboard-mode scanner framing. A scanner "types" its content far faster than a person (a few ms
// per key) and ends with Enter; people rarely press two keys under ~35 ms apart, and never 30 in a
// row. The framer is a pure state machine fed with key events so the renderer can divert a scan
// into the form instead of the focused field, and so the rule is unit-testable without a DOM.

export type KeyStroke = { key: string; timeMs: number };

export type ScanFramerOptions = {
  /** A key counts as part of a burst when it arrives less than this after the previous key. */
  maxGapMs?: number | undefined;
  /** Minimum characters before Enter for a burst to be a scan (a CCCD QR is ~80+). */
  minLength?: number | undefined;
};

export type FramerStep = {
  /** The scanned text when this key (Enter) completed a scan, else null. */
  scan: string | null;
  /** True while the keys so far look like a burst (the UI may hold them back from the field). */
  inBurst: boolean;
};

export type ScanFramer = {
  push(stroke: KeyStroke): FramerStep;
  /**
   * The reader's idle gap has passed at `timeMs` with no new key: a burst that ended without Enter
   * (some readers send none) is a scan when it has the shape of a card's QR. Returns it, or null.
   */
  idle(timeMs: number): string | null;
  reset(): void;
};

export const SCAN_MAX_GAP_MS = 35;
export const SCAN_MIN_LENGTH = 30;
/** After this long without a key, a burst without Enter is over (a reader's idle gap). */
export const SCAN_IDLE_MS = 120;

/** True when the keys so far can be the start of a card's QR (a digit after the reader's framing). */
function couldStartQr(keys: string[]): boolean {
  // eslint-disable-next-line no-control-regex -- NUL is a reader's framing, as in EDGE_JUNK_RE
  const content = keys.join('').replace(/^[\uFEFF\u0000\s]+/, '');
  return /^[0-9]/.test(content);
}

export function createScanFramer(options: ScanFramerOptions = {}): ScanFramer {
  const maxGapMs = options.maxGapMs ?? SCAN_MAX_GAP_MS;
  const minLength = options.minLength ?? SCAN_MIN_LENGTH;
  let buffer: string[] = [];
  let lastTime: number | null = null;

  function reset(): void {
    buffer = [];
    lastTime = null;
  }

  function push({ key, timeMs }: KeyStroke): FramerStep {
    const gap = lastTime === null ? Number.POSITIVE_INFINITY : timeMs - lastTime;
    lastTime = timeMs;
    // A clock going backwards is not evidence of a fast burst.
    const fast = gap >= 0 && gap < maxGapMs;
    if (!fast) buffer = [];

    if (key === 'Enter') {
      const text = buffer.join('');
      buffer = [];
      return { scan: fast && text.length >= minLength ? text : null, inBurst: false };
    }
    if (key === 'Backspace') {
      // Unikey/EVKey rewrite text by sending Backspace + new letters; replay that.
      buffer.pop();
    } else if ([...key].length === 1) {
      buffer.push(key);
    }
    // Other named keys (Shift, which scanners press for capitals; Unidentified…) add nothing.
    // Only a run that can still be a card's QR is held back from the field: both layouts start with
    // the 12-digit number, after a reader's BOM/NUL/whitespace at most. Two quick presses of Space
    // on a checkbox, or a fast typist's letters, go where they were typed at once (a held Space on
    // a checkbox had nowhere to be given back to and was lost).
    return { scan: null, inBurst: fast && buffer.length >= 2 && couldStartQr(buffer) };
  }

  function idle(timeMs: number): string | null {
    if (lastTime === null || timeMs - lastTime < maxGapMs) return null;
    const text = buffer.join('');
    if (buffer.length < minLength || !looksLikeQrPayload(text)) return null;
    reset();
    return text;
  }

  return { push, idle, reset };
}

/**
 * Serial (USB-COM) scanners bypass the input method and end each scan with CR, LF or CRLF.
 * Splits the received text into complete lines plus the unterminated rest, to be prepended to the
 * next chunk. Empty lines are dropped: they carry nothing, and this also absorbs a CRLF split across
 * two chunks (the CR ends the line, the lone LF at the start of the next chunk yields nothing).
 */
export function splitSerialLines(buffer: string): { lines: string[]; rest: string } {
  const parts = buffer.split(/\r\n|\r|\n/);
  const rest = parts.pop() ?? '';
  return { lines: parts.filter((l) => l !== ''), rest };
}
