import { beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../electron/core/context';
import { freshCores, mustCall, sessionWithRoles, setupAdmin, type TestCore } from '../../helpers/core';

// Issue #17 Medium 5: persons.search and followups.list returned full numbers to the head with 0
// audit rows. DOMAIN.md: every view of an unmasked record goes to the audit log.

const newCore = freshCores();
let core: TestCore;
let staff: Session;
let head: Session;
let personId: string;

const auditRows = (action: string) => core.ctx.sqlite.prepare('SELECT actor_name, summary_json FROM audit_log WHERE action = ?').all(action) as { actor_name: string; summary_json: string }[];

beforeEach(async () => {
  core = newCore();
  await setupAdmin(core);
  staff = await sessionWithRoles(core, ['staff']);
  head = await sessionWithRoles(core, ['head']);
  const saved = await mustCall(core, staff, 'visits.save', {
    id: crypto.randomUUID(),
    person: { fullName: 'Đặng Thị Hoa', cccd: '066185004321', phone: '0987654321', category: 'citizen', neighbourhood: 'Tổ dân phố 1' },
    consent: 'yes',
    services: [{ id: crypto.randomUUID(), serviceKey: 'dak_lak_so', outcome: 'pending', detail: { variant: 'zalo_mini_app', accountRegistered: false } }],
  });
  personId = saved.personId!;
});

describe("the head's unmasked lists are audited", () => {
  it('persons.search: by name and by number, one row per search naming the persons shown, no digits', async () => {
    const byName = await mustCall(core, head, 'persons.search', { query: 'dang thi' });
    expect(byName).toMatchObject([{ cccd: '066185004321', masked: false }]);
    await mustCall(core, head, 'persons.search', { query: '0661' });
    const rows = auditRows('persons.search_unmasked');
    expect(rows.map((r) => [r.actor_name, JSON.parse(r.summary_json)])).toEqual([
      ['head', { kind: 'name', results: 1, personIds: [personId] }],
      ['head', { kind: 'number', results: 1, personIds: [personId] }],
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/0661850|0987654/);
    // Staff see masked lists: nothing to audit. No result: nothing shown, nothing audited.
    await mustCall(core, staff, 'persons.search', { query: 'dang thi' });
    await mustCall(core, head, 'persons.search', { query: 'khong co ai' });
    expect(auditRows('persons.search_unmasked')).toHaveLength(2);
  });

  it('followups.list: audited for the head, not for staff', async () => {
    const list = await mustCall(core, head, 'followups.list', {});
    expect(list.pending[0]?.person).toMatchObject({ cccd: '066185004321', masked: false });
    await mustCall(core, staff, 'followups.list', {});
    expect(auditRows('followups.view_unmasked').map((r) => JSON.parse(r.summary_json))).toEqual([{ results: 1, personIds: [personId] }]);
  });
});
