// Issue #17 Medium 4: the one rule for every CSV cell the app writes (data export and the CLI,
// report tables, audit log). A text cell a spreadsheet would read as a formula — starting with
// = + - @, a tab or a carriage return (OWASP "CSV injection": `=HYPERLINK(…)`, `+cmd|' /C calc'!A0`,
// `@SUM(…)`) — gets a leading apostrophe, so Excel and LibreOffice show it as text. Numbers the
// app itself computed are written as numbers. Then RFC 4180 quoting for the given separator.

const FORMULA_START = /^[=+\-@\t\r]/;

/** The text as a spreadsheet will show it, never run it. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function csvCell(value: string | number | null | undefined, separator = ','): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const safe = neutraliseFormula(value);
  return safe.includes(separator) || /["\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replaceAll('"', '""')}"` : safe;
}
