import type { HandlerMap } from '../api/handlers-type';
import { actorOf } from '../context';
import { appendAudit } from '../audit/audit';
import { answer, bulkConfirm, decide, reviewHistory } from './decide';
import { deskReviewLists, filterForAudit, listReview, reviewCounts } from './list';
import { exportReview } from './export';

// Issue #6: the review API. Every write runs in one immediate transaction with its audit entry.
// The police's list shows full CCCDs: each call is audited once, with the filter (not per row).

export const reviewHandlers: HandlerMap<
  'review.list' | 'review.counts' | 'review.decide' | 'review.bulkConfirm' | 'review.history' | 'review.answer' | 'review.returnedForStaff' | 'review.export'
> = {
  'review.list': ({ core, session }, filter) =>
    core.sqlite
      .transaction(() => {
        const result = listReview(core, filter);
        appendAudit(core, actorOf(session), {
          action: 'review.view',
          entity: 'service_record',
          summary: { filter: filterForAudit(filter), rows: result.rows.length, total: result.total },
        });
        return result;
      })
      .immediate(),

  'review.counts': ({ core }) => reviewCounts(core),

  'review.decide': ({ core, session }, input) => core.sqlite.transaction(() => decide(core, actorOf(session), input)).immediate(),

  'review.bulkConfirm': ({ core, session }, input) =>
    core.sqlite.transaction(() => bulkConfirm(core, actorOf(session), input.serviceRecordIds)).immediate(),

  'review.history': ({ core }, input) => reviewHistory(core, input.serviceRecordId),

  'review.answer': ({ core, session }, input) =>
    core.sqlite.transaction(() => answer(core, actorOf(session), input.serviceRecordId, input.answer)).immediate(),

  'review.returnedForStaff': ({ core }) => deskReviewLists(core),

  'review.export': async ({ core, session }, filter) => {
    const exportedBy = session.user?.fullName ?? '';
    const file = await exportReview(core, filter, exportedBy);
    core.sqlite
      .transaction(() => {
        appendAudit(core, actorOf(session), {
          action: 'review.export',
          entity: 'service_record',
          summary: { filter: filterForAudit(filter), rows: file.rows, fileName: file.fileName },
        });
      })
      .immediate();
    return file;
  },
};
