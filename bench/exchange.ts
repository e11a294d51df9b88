import type { Session } from '../electron/core/context';
import type { Core } from '../electron/core/core';

// Issue #10: data import of 100k rows and .xlsx / .csv export of 100k rows (seconds, peak RSS).
// Filled in once issue #7/#8's exchange and report-export modules land.

export type ExchangeRun = { rows: number; seconds: number; peakRssMb: number; bytes: number };
export type ExchangeResult = { import: ExchangeRun | null; xlsx: ExchangeRun | null; csv: ExchangeRun | null; lines: string[] };

export async function measureExchange(_core: Core, _head: Session, _options: { rows: number; repoRoot: string }): Promise<ExchangeResult> {
  return { import: null, xlsx: null, csv: null, lines: ['| import / export | not measured yet |'] };
}
