import { describe, expect, it } from 'vitest';
import { spokenLabel } from './announce';

describe('spokenLabel', () => {
  it('reads a ticket number without its leading zeros, and leaves anything else as it is', () => {
    expect(spokenLabel('A-007')).toBe('A 7');
    expect(spokenLabel('U-120')).toBe('U 120');
    expect(spokenLabel('AB-000')).toBe('AB 0');
    expect(spokenLabel('A-1000')).toBe('A 1000');
    expect(spokenLabel('khác')).toBe('khác');
  });
});
