import type { Actor, CoreContext } from '../context';
import { appendAudit } from '../audit/audit';
import { fail } from '../errors';

// Issue #16 point 5: an import undone as a whole. Every visit it wrote carries its id (migration
// 0019); deleting them fires the counting triggers that keep the tallies (migrations 0009, 0012,
// 0016), so every figure is what it was before the import. One transaction, audited. Refused when
// work was done on top of the import since (a follow-up visit of an imported one, a police review
// of an imported signature): undoing would lose it.

export type ImportSummaryRow = { id: string; fileName: string; legalBasis: string | null; visits: number; createdAt: string; undoneAt: string | null };

export function listImports(ctx: CoreContext): ImportSummaryRow[] {
  return ctx.sqlite
    .prepare('SELECT id, file_name AS fileName, legal_basis AS legalBasis, visits, created_at AS createdAt, undone_at AS undoneAt FROM imports ORDER BY created_at DESC, id')
    .all() as ImportSummaryRow[];
}

export function undoImport(ctx: CoreContext, actor: Actor, importId: string): { importId: string; visits: number } {
  return ctx.sqlite
    .transaction(() => {
      const row = ctx.sqlite.prepare('SELECT file_name, undone_at FROM imports WHERE id = ?').get(importId) as { file_name: string; undone_at: string | null } | undefined;
      if (!row) return fail('import_not_found');
      if (row.undone_at) return fail('import_already_undone');
      const inImport = 'SELECT id FROM visits WHERE import_id = ?';
      const records = `SELECT id FROM service_records WHERE visit_id IN (${inImport})`;
      const followUps = ctx.sqlite
        .prepare(
          `SELECT (SELECT count(*) FROM visits WHERE follow_up_of IN (${inImport}) AND (import_id IS NULL OR import_id <> ?))
                + (SELECT count(*) FROM service_records WHERE follow_up_of_record IN (${records}) AND visit_id NOT IN (${inImport})) AS n`,
        )
        .get(importId, importId, importId, importId) as { n: number };
      if (followUps.n > 0) return fail('import_has_follow_ups', { params: { count: followUps.n } });
      const reviewed = ctx.sqlite.prepare(`SELECT count(*) AS n FROM review_history WHERE service_record_id IN (${records})`).get(importId) as { n: number };
      if (reviewed.n > 0) return fail('import_reviewed', { params: { count: reviewed.n } });
      const personIds = (ctx.sqlite.prepare(`SELECT DISTINCT person_id FROM visits WHERE import_id = ? AND person_id IS NOT NULL`).all(importId) as { person_id: string }[]).map(
        (r) => r.person_id,
      );
      ctx.sqlite.prepare(`DELETE FROM service_records WHERE visit_id IN (${inImport})`).run(importId);
      const visits = ctx.sqlite.prepare('DELETE FROM visits WHERE import_id = ?').run(importId).changes;
      // Persons the import brought in and no other visit names: their personal data goes with it.
      const orphan = ctx.sqlite.prepare('DELETE FROM persons WHERE id = ? AND NOT EXISTS (SELECT 1 FROM visits WHERE person_id = ?)');
      let persons = 0;
      for (const id of personIds) persons += orphan.run(id, id).changes;
      ctx.sqlite.prepare('UPDATE imports SET undone_at = ?, undone_by = ? WHERE id = ?').run(ctx.now().toISOString(), actor.id, importId);
      appendAudit(ctx, actor, { action: 'data.import.undo', entity: 'import', entityId: importId, summary: { fileName: row.file_name, visits, persons } });
      return { importId, visits };
    })
    .immediate();
}
