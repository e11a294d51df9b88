// Issue #24: every budget is a ratio of two figures measured in the same run, on the same
// machine, against a floor named exactly — so a slower disk or CPU moves both sides alike and the
// budget holds on any machine. Absolute times are printed for reference only. The UI latencies are
// the one kind of absolute budget: "instant" for a person is ~100 ms whatever the machine (Nielsen),
// printed beside the 16 ms frame as their floor. Memory budgets are in MB: they do not depend on the
// machine's speed.

export type BudgetUnit = '×' | 'ms' | 'MB';

export type BudgetCheck = {
  name: string;
  /** What the value is divided by (for a ratio), or the floor printed beside it. */
  floor: string;
  value: number | null;
  unit: BudgetUnit;
  budget: number;
  pass: boolean | null;
  /** Why a budget that fails fails (never a reason to loosen it), or why it was not measured. */
  note?: string;
};

export function check(name: string, floor: string, value: number | null, unit: BudgetUnit, budget: number, note?: string): BudgetCheck {
  const measured = value !== null && Number.isFinite(value);
  return { name, floor, value: measured ? value : null, unit, budget, pass: measured ? value <= budget : null, ...(note ? { note } : {}) };
}

/** A ratio a / b, or null when either side was not measured. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || b === null || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b <= 0) return null;
  return a / b;
}

export const BUDGETS = {
  /** save p99 ÷ the same rows by bare prepared INSERTs into the same schema, own transaction, same PRAGMAs. */
  saveRatioP99: 3,
  /** import ÷ a bare bulk insert of the same rows into the same schema in one transaction. */
  importRatio: 3,
  /** one-year tally ÷ the naive covering-index GROUP BY over the records. */
  tallyYearRatio: 2,
  /** encrypted ÷ plain, for save, tally and import (after the key store, issue #18). */
  encryptedRatio: 1.3,
  /** one desk's LAN save p99 ÷ local save p99 (after the desks, issue #22). */
  lanOneDeskRatio: 3,
  /** ten desks each saving every 200 ms, p99 ÷ local save p99. */
  lanTenDesksRatio: 5,
  /** growth of one-year tally, search p99 and save p99 when the data grows 10×. */
  growth: 1.5,
  /** what the user feels, p99 in Chromium through the built renderer. */
  uiP99Ms: 100,
  /** the export's peak memory (a 2-core, small-RAM ward PC must not swap). */
  xlsxExportPeakMb: 400,
} as const;

export const FRAME_MS = 1000 / 60;
