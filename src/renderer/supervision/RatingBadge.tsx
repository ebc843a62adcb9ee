import { Icon, type IconName } from '../ui/Icon';
import type { KpiRating } from './kpiUnits';

const ICON: Record<KpiRating['status'], IconName | null> = { green: 'met', amber: 'warning', red: 'breached', no_data: null, no_target: null };
const STATUS_WORD: Record<KpiRating['status'], string> = { green: 'Green', amber: 'Amber', red: 'Red', no_data: 'No data', no_target: 'No target' };

/** Red / amber / green against the target, always with the words (never colour alone). */
export function RatingBadge({ rating }: { rating: KpiRating }) {
  const icon = ICON[rating.status];
  const word = STATUS_WORD[rating.status];
  return (
    <span className={`rating rating-${rating.status}`}>
      {icon && <Icon name={icon} />} {rating.status === 'no_data' || rating.status === 'no_target' ? rating.words || word : `${word}: ${rating.words}`}
    </span>
  );
}

/** How a rating reads in a CSV cell. */
export function ratingText(rating: KpiRating): string {
  return rating.status === 'no_data' || rating.status === 'no_target' ? rating.words || STATUS_WORD[rating.status] : `${STATUS_WORD[rating.status]}: ${rating.words}`;
}
