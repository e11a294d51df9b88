import { describe, expect, it } from 'vitest';
import { callApi, freshCores, mustCall, sessionWithRoles, setupAdmin } from '../../helpers/core';

// Issue #17 Medium 9: the admin saw masked numbers on screen but exported them in full with
// data.export. One rule: a full-identity export needs a role that sees identity.

const newCore = freshCores({ now: () => new Date('2026-03-10T02:00:00.000Z') });

describe('full-identity exports', () => {
  it('data.export is refused to the admin (who sees masked numbers) and works for the head', async () => {
    const core = newCore();
    const admin = await setupAdmin(core);
    const staff = await sessionWithRoles(core, ['staff']);
    const head = await sessionWithRoles(core, ['head']);
    await mustCall(core, staff, 'visits.save', {
      id: crypto.randomUUID(),
      person: { fullName: 'Đặng Thị Hoa', cccd: '066185004321', phone: '0987654321', category: 'citizen', neighbourhood: 'Tổ dân phố 1' },
      consent: 'yes',
      services: [{ id: crypto.randomUUID(), serviceKey: 'dak_lak_so', outcome: 'completed', detail: { variant: 'zalo_mini_app', accountRegistered: true } }],
    });
    const visits = await mustCall(core, admin, 'visits.list', { from: '2026-03-10', to: '2026-03-10' });
    expect(visits.rows[0]).toMatchObject({ cccd: '066******321' });
    for (const format of ['csv', 'xlsx'] as const) {
      const refused = await callApi(core, admin, 'data.export', { from: '2026-03-10', to: '2026-03-10', format });
      expect(refused).toMatchObject({ ok: false, error: { code: 'identity_export_forbidden', message: 'errors.identity_export_forbidden' } });
    }
    expect(core.ctx.sqlite.prepare(`SELECT count(*) n FROM audit_log WHERE action = 'data.export'`).get()).toEqual({ n: 0 });
    const exported = await mustCall(core, head, 'data.export', { from: '2026-03-10', to: '2026-03-10', format: 'csv' });
    expect(Buffer.from(exported.contentBase64, 'base64').toString('utf8')).toContain('066185004321');
  });
});
