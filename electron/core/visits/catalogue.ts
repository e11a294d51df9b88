import type { ServiceDef } from '../../../shared/api/visits';
import type { Actor, CoreContext } from '../context';
import type { ServicesTable } from '../db/schema';
import { appendAudit } from '../audit/audit';

// DOMAIN.md: the catalogue of services is data — four built-in services plus ones the head adds.
// A service is never deleted (its records keep pointing at it); the head deactivates it instead.

const toDef = (row: ServicesTable): ServiceDef => ({
  key: row.key,
  nameVi: row.name_vi,
  nameEn: row.name_en,
  isBuiltin: row.is_builtin === 1,
  isActive: row.is_active === 1,
  sortOrder: row.sort_order,
});

export function listServices(ctx: CoreContext, includeInactive = false): ServiceDef[] {
  const rows = ctx.sqlite
    .prepare(`SELECT * FROM services ${includeInactive ? '' : 'WHERE is_active = 1'} ORDER BY sort_order, key`)
    .all() as ServicesTable[];
  return rows.map(toDef);
}

export function upsertService(ctx: CoreContext, actor: Actor, input: Omit<ServiceDef, 'isBuiltin'>): void {
  const existing = ctx.sqlite.prepare('SELECT * FROM services WHERE key = ?').get(input.key) as ServicesTable | undefined;
  ctx.sqlite
    .prepare(
      `INSERT INTO services (key, name_vi, name_en, is_builtin, is_active, sort_order) VALUES (@key, @nameVi, @nameEn, 0, @isActive, @sortOrder)
       ON CONFLICT (key) DO UPDATE SET name_vi = excluded.name_vi, name_en = excluded.name_en, is_active = excluded.is_active, sort_order = excluded.sort_order`,
    )
    .run({ ...input, isActive: input.isActive ? 1 : 0 });
  appendAudit(ctx, actor, {
    action: existing ? 'service.update' : 'service.create',
    entity: 'service',
    entityId: input.key,
    summary: { before: existing ? toDef(existing) : null, after: input },
  });
}
