import fs from 'node:fs/promises';
import { dialog, BrowserWindow, type WebContents } from 'electron';
import type { ApiResult } from '../../shared/api/result';

// Issue #8: "save as PDF" of the printed tally. `reports.savePdf` is dispatched like any method
// (the core checks the role and audits the range and file name); when it succeeds, main prints the
// calling window's page — the print preview on screen, laid out by print.css's @page A4 rules —
// with webContents.printToPDF and writes it where the user chooses. Thin: no business rule here.

export async function savePdfAfterDispatch(sender: WebContents, result: ApiResult<unknown>): Promise<ApiResult<unknown>> {
  if (!result.ok) return result;
  const { fileName } = result.value as { saved: boolean; fileName: string };
  const window = BrowserWindow.fromWebContents(sender);
  const options = { title: fileName, defaultPath: fileName, filters: [{ name: 'PDF', extensions: ['pdf'] }] };
  const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  if (choice.canceled || !choice.filePath) return { ok: true, value: { saved: false, fileName } };
  // preferCSSPageSize: the page's own `@page { size: A4; margin: … }` (Nghị định 30/2020) wins.
  const pdf = await sender.printToPDF({ printBackground: false, preferCSSPageSize: true, pageSize: 'A4' });
  await fs.writeFile(choice.filePath, pdf);
  return { ok: true, value: { saved: true, fileName: choice.filePath.split(/[\\/]/).pop() ?? fileName } };
}
