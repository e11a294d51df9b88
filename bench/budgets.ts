// Issue #10 "Budgets": stated at 1M visits (save, search, tally) and at 100k rows (import, export);
// cold open at any size. The bench applies them at whatever scale it ran and prints the scale.

export type BudgetCheck = { name: string; value: number | null; unit: 'ms' | 's' | 'MB' | '×'; budget: number; pass: boolean | null; note?: string };

export function check(name: string, value: number | null, unit: BudgetCheck['unit'], budget: number, note?: string): BudgetCheck {
  return { name, value, unit, budget, pass: value === null || !Number.isFinite(value) ? null : value < budget || (unit === '×' && value <= budget), ...(note ? { note } : {}) };
}

export const BUDGETS = {
  saveP99Ms: 2,
  saveRatioP99: 3,
  searchP99Ms: 20,
  tallyYearMs: 100,
  tallyDayMs: 10,
  importSeconds: 10,
  xlsxExportSeconds: 10,
  xlsxExportPeakMb: 400,
  openMs: 200,
} as const;
