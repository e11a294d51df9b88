import type { HandlerMap } from '../api/handlers-type';
import { actorOf } from '../context';
import { vnDayOfMs } from '../../../shared/domain/vnday';
import { appendAudit, auditHead, verifyAuditChain } from './audit';
import { auditCsv } from './csv';
import { iterateAudit, listAudit } from './query';

// Issue #3 point 5: head and admin browse, verify and export the log (permission audit.read).

export const auditHandlers: HandlerMap<'audit.list' | 'audit.verify' | 'audit.head' | 'audit.export'> = {
  'audit.list': ({ core }, input) => ({ ...listAudit(core, input.filter, input.offset, input.limit), offset: input.offset, limit: input.limit }),

  'audit.verify': ({ core }) => verifyAuditChain(core),

  'audit.head': ({ core }) => auditHead(core),

  'audit.export': ({ core, session }, input) =>
    // The rows and the record of the export are taken in one transaction: the export entry
    // itself is the first one *after* what was exported.
    core.sqlite.transaction(() => {
      const { csv, count } = auditCsv(iterateAudit(core, input.filter));
      appendAudit(core, actorOf(session), { action: 'audit.export', entity: 'audit_log', summary: { filter: input.filter, rows: count } });
      return { fileName: `nhat-ky-kiem-tra-${vnDayOfMs(core.now().getTime())}.csv`, csv, rows: count };
    }).immediate(),
};
