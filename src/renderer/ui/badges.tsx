import { statusLabel, type CaseStatus, type CustomerTier, type Severity } from '../../shared/domain/enums';
import { isPriorityTier, severityLabel, tierLabel } from './format';
import { Icon, type IconName } from './Icon';

const severityIcon: Record<Severity, IconName> = { S1: 'severityCritical', S2: 'severityHigh', S3: 'severityMedium', S4: 'severityLow' };
const statusIcon: Record<CaseStatus, IconName> = { new: 'statusNew', open: 'statusOpen', waiting_on_customer: 'clock', resolved: 'done', closed: 'done' };

/** Severity as icon + code + word, so it reads without colour. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`badge severity severity-${severity.toLowerCase()}`}>
      <Icon name={severityIcon[severity]} /> {severity} {severityLabel[severity]}
    </span>
  );
}

export function StatusBadge({ status }: { status: CaseStatus }) {
  return (
    <span className={`badge status status-${status}`}>
      <Icon name={statusIcon[status]} /> {statusLabel[status]}
    </span>
  );
}

/** VIP and premium customers are flagged with a star as well as the word. */
export function TierBadge({ tier }: { tier: CustomerTier }) {
  const priority = isPriorityTier(tier);
  return (
    <span className={`badge tier tier-${tier}${priority ? ' tier-priority' : ''}`}>
      {priority && (
        <>
          <Icon name="priority" />{' '}
        </>
      )}
      {tierLabel[tier]}
    </span>
  );
}
