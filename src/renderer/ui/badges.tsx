import { statusLabel, type CaseStatus, type CustomerTier, type Severity } from '../../shared/domain/enums';
import { isPriorityTier, severityLabel, tierLabel } from './format';

const severityIcon: Record<Severity, string> = { S1: '▲▲', S2: '▲', S3: '■', S4: '▽' };
const statusIcon: Record<CaseStatus, string> = { new: '✱', open: '●', waiting_on_customer: '◷', resolved: '✓', closed: '✓' };

/** Severity as icon + code + word, so it reads without colour. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`badge severity severity-${severity.toLowerCase()}`}>
      <span aria-hidden="true">{severityIcon[severity]} </span>
      {severity} {severityLabel[severity]}
    </span>
  );
}

export function StatusBadge({ status }: { status: CaseStatus }) {
  return (
    <span className={`badge status status-${status}`}>
      <span aria-hidden="true">{statusIcon[status]} </span>
      {statusLabel[status]}
    </span>
  );
}

/** VIP and premium customers are flagged with a star as well as the word. */
export function TierBadge({ tier }: { tier: CustomerTier }) {
  const priority = isPriorityTier(tier);
  return (
    <span className={`badge tier tier-${tier}${priority ? ' tier-priority' : ''}`}>
      {priority && <span aria-hidden="true">★ </span>}
      {tierLabel[tier]}
    </span>
  );
}
