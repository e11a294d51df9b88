import { describe, expect, it } from 'vitest';
import { afterDispatch } from './board-result';

describe('afterDispatch (the board window hook)', () => {
  it('opens the board on the display the core returned, only when queue.openBoard succeeded', () => {
    const opened: number[] = [];
    const open = (display: number) => opened.push(display);
    expect(afterDispatch('queue.openBoard', { ok: true, value: { opened: false, display: 2 } }, open)).toEqual({ ok: true, value: { opened: true, display: 2 } });
    expect(opened).toEqual([2]);

    const refused = { ok: false as const, error: { code: 'forbidden', message: 'errors.forbidden' } };
    expect(afterDispatch('queue.openBoard', refused, open)).toBe(refused);
    const other = { ok: true as const, value: { opened: false, display: 3 } };
    expect(afterDispatch('queue.state', other, open)).toBe(other);
    expect(opened).toEqual([2]);
  });
});
