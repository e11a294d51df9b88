import { useTranslation } from 'react-i18next';
import { REVIEW_STATUSES, type ReviewStatus } from '../../../../shared/api/review';
import './review.css';

/** The police review status of a signature record, for the desk's own views (issue #6 point 3). */
export function ReviewStatusBadge({ status }: { status: string | null | undefined }) {
  const { t } = useTranslation();
  if (!status || !(REVIEW_STATUSES as readonly string[]).includes(status)) return null;
  const known = status as ReviewStatus;
  return (
    <span className={`review-badge review-badge-${known}`} title={t('review.columns.status')}>
      {t('review.columns.status')}: {t(`review.status.${known}`)}
    </span>
  );
}
