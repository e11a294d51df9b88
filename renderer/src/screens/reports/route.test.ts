import { describe, expect, it } from 'vitest';
import { printHash, unregisteredHash, viewFromHash } from './route';

describe('reports sub-views in the hash', () => {
  it('round-trips the print range and the agency of the not-registered list', () => {
    expect(viewFromHash(printHash('2026-03-01', '2026-03-31'))).toEqual({ kind: 'print', from: '2026-03-01', to: '2026-03-31' });
    expect(viewFromHash(unregisteredHash('Trường THCS Tân Lập & Mầm non'))).toEqual({ kind: 'unregistered', agency: 'Trường THCS Tân Lập & Mầm non' });
    expect(viewFromHash(unregisteredHash(null))).toEqual({ kind: 'unregistered', agency: null });
  });

  it('falls back to the dashboard for anything else', () => {
    expect(viewFromHash('#/reports')).toEqual({ kind: 'dashboard' });
    expect(viewFromHash('#/reports?print=hôm-nay')).toEqual({ kind: 'dashboard' });
    expect(viewFromHash('#/reports?print=2026-03-01_x')).toEqual({ kind: 'dashboard' });
  });
});
