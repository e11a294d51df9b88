import { useEffect, useRef } from 'react';
import { SCAN_IDLE_MS, SCAN_MAX_GAP_MS, createScanFramer, splitSerialLines } from '../../../../shared/domain/qr';

// Issue #4 point 2: QR scanners.
// - Keyboard mode: a window-level keydown listener in the capture phase feeds a scan framer
//   (shared/domain/qr.ts). While the keys look like a burst they are kept out of the focused field;
//   the one key that landed before the burst was recognised is taken back by restoring the field's
//   value from before it. A complete burst is handed to `onScan`; a burst that ends without
//   being a scan is given back to the field, so fast typing is never lost — unless it has the shape
//   of a card's QR: some readers send no Enter, so after the reader's idle gap such a burst is a
//   scan (issue #15).
// - Serial (USB-COM) mode: through Web Serial when the page has it (Electron: main selects the
//   configured port, electron/main/serial.ts). Each line is a scan. Needs the hardware to test
//   beyond the line framing (splitSerialLines, unit-tested in shared/domain/qr.test.ts).

/** A field whose text the user types (a checkbox's or a select's value is not text to give back). */
function isTextField(el: EventTarget): el is HTMLInputElement | HTMLTextAreaElement {
  if (el instanceof HTMLTextAreaElement) return true;
  return el instanceof HTMLInputElement && ['text', 'tel', 'search', 'email', 'url', ''].includes(el.type);
}

/** The longest fast run outside a text field that is replayed as shortcut keys. */
const MAX_REPLAYED_KEYS = 8;

export type FieldRestore = (name: string, value: string) => void;

/**
 * `onHeldKeys` gets the keys of a fast burst that was held back and turned out not to be a scan
 * when the focus was not in a text field (e.g. a quick double press of a service key): the screen
 * replays them as its one-key shortcuts, so no press is lost.
 */
export function useKeyboardScanner(onScan: (text: string) => void, restoreField: FieldRestore, onHeldKeys?: (keys: string) => void): void {
  const onScanRef = useRef(onScan);
  const restoreRef = useRef(restoreField);
  const heldKeysRef = useRef(onHeldKeys);
  onScanRef.current = onScan;
  restoreRef.current = restoreField;
  heldKeysRef.current = onHeldKeys;

  useEffect(() => {
    const framer = createScanFramer();
    // The focused field's name and value before the latest key that did not belong to a burst.
    let before: { name: string; value: string; field: HTMLInputElement | HTMLTextAreaElement | null } | null = null;
    // A field's value is put back in the page at once, not only in the screen's state: React renders
    // the state later, and a key typed before that render would land in the stale text and its
    // change would overwrite what was given back (seen on a loaded PC: '0912' typed became '12').
    const restore = (to: { name: string; field: HTMLInputElement | HTMLTextAreaElement | null }, value: string) => {
      if (to.field && to.field.value !== value) to.field.value = value;
      restoreRef.current(to.name, value);
    };
    let lastChar = '';
    // The text of the burst held back from the field so far (the key that landed first included).
    let held: string | null = null;
    let releaseTimer: ReturnType<typeof setTimeout> | null = null;
    let lastKeyTime = 0;
    // The keys this hook itself kept from the page during the held burst (its first key was not).
    let prevented = '';
    // The element the previous key went to: a reader types into one field, so keys on either side
    // of a focus change are never one burst (a service key pressed, then the phone typed at once).
    let lastTarget: EventTarget | null = null;

    // A fast burst that does not end as a scan (a quick typist, a text expander, a barcode that is
    // not a CCCD) must not be lost: give the held text back to the field it was typed into.
    const release = () => {
      if (releaseTimer) clearTimeout(releaseTimer);
      releaseTimer = null;
      // The timer only fires after SCAN_IDLE_MS without a key: the burst is over.
      const scan = held !== null ? framer.idle(lastKeyTime + SCAN_IDLE_MS) : null;
      if (scan !== null) {
        if (before) restore(before, before.value);
        held = null;
        prevented = '';
        before = null;
        onScanRef.current(scan);
        return;
      }
      if (held !== null && before) restore(before, before.value + held);
      // Only a short run is a person's quick presses; a long one is some other barcode, dropped.
      else if (held !== null && prevented !== '' && held.length <= MAX_REPLAYED_KEYS) heldKeysRef.current?.(prevented);
      held = null;
      prevented = '';
    };

    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey) {
        release();
        framer.reset();
        return;
      }
      const target = event.target as HTMLInputElement | null;
      // A key after a pause ends a held burst first (a card without Enter is still read as a scan).
      if (held !== null && event.timeStamp - lastKeyTime >= SCAN_MAX_GAP_MS) release();
      if (event.target !== lastTarget) {
        if (held !== null) release();
        framer.reset();
        lastTarget = event.target;
      }
      lastKeyTime = event.timeStamp;
      const step = framer.push({ key: event.key, timeMs: event.timeStamp });
      if (step.scan !== null) {
        event.preventDefault();
        event.stopPropagation();
        if (releaseTimer) clearTimeout(releaseTimer);
        releaseTimer = null;
        // The field goes back to what it held before the burst; the scan fills the form.
        if (held !== null && before) restore(before, before.value);
        held = null;
        prevented = '';
        before = null;
        onScanRef.current(step.scan);
        return;
      }
      if (step.inBurst) {
        event.preventDefault();
        event.stopPropagation();
        if (held === null) {
          // The burst's first key already landed in the field: take it back and hold it.
          if (before) restore(before, before.value);
          held = lastChar;
          prevented = '';
        }
        if ([...event.key].length === 1) prevented += event.key;
        if (event.key === 'Backspace') held = held.slice(0, -1);
        else if ([...event.key].length === 1) held += event.key;
        if (releaseTimer) clearTimeout(releaseTimer);
        releaseTimer = setTimeout(release, SCAN_IDLE_MS);
        return;
      }
      // A key that ends a burst without a scan (e.g. a short fast Enter): give the text back first.
      if (held !== null) release();
      lastChar = [...event.key].length === 1 ? event.key : '';
      before = target && 'value' in target && typeof target.name === 'string' && target.name !== '' ? { name: target.name, value: target.value, field: isTextField(target) ? target : null } : null;
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      if (releaseTimer) clearTimeout(releaseTimer);
    };
  }, []);
}

type SerialPortLike = {
  open(options: { baudRate: number }): Promise<void>;
  readable: ReadableStream<Uint8Array> | null;
  close(): Promise<void>;
};
type SerialLike = { requestPort(options?: object): Promise<SerialPortLike>; getPorts(): Promise<SerialPortLike[]> };

export function serialApi(): SerialLike | null {
  const nav = navigator as Navigator & { serial?: SerialLike };
  return nav.serial ?? null;
}

/** Opens the scanner's port and calls `onScan` for every line until `signal` aborts. */
export async function readSerialScanner(onScan: (text: string) => void, signal: AbortSignal): Promise<void> {
  const serial = serialApi();
  if (!serial) throw new Error('no_serial');
  const granted = await serial.getPorts();
  const port = granted[0] ?? (await serial.requestPort());
  await port.open({ baudRate: 9600 });
  const reader = port.readable?.getReader();
  if (!reader) throw new Error('no_stream');
  signal.addEventListener('abort', () => void reader.cancel());
  const decoder = new TextDecoder();
  let rest = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const framed = splitSerialLines(rest + decoder.decode(value, { stream: true }));
      rest = framed.rest;
      for (const line of framed.lines) onScan(line);
    }
  } finally {
    reader.releaseLock();
    await port.close().catch(() => undefined);
  }
}
