import { useId, useState } from 'react';
import type { CaseState } from '../../../shared/domain/caseState';
import type { Role } from '../../../shared/domain/enums';
import { hasPermission } from '../../../shared/policy/rolesConfig';
import {
  approvalLabel,
  formatMoney,
  parseMoneyInput,
  requiredApproval,
  type ApprovalLevel,
  type RemediationLimits,
  type RemediationOffer,
} from '../../../shared/workflow';
import { useReadModels } from '../context';
import { Icon } from '../Icon';

const statusText = { pending_approval: 'waiting for approval', approved: 'approved', rejected: 'rejected' } as const;

function actionLabel(offer: RemediationOffer, approval: ApprovalLevel | null, amount: number | null): string {
  const what = `${offer.label.toLowerCase()}${amount !== null && offer.kind !== 'executive_review' ? ` of ${formatMoney(amount)}` : ''}`;
  if (approval === 'supervisor') return `Request supervisor approval for ${what}`;
  if (approval === 'finance_legal') return `Request finance/legal sign-off for ${what}`;
  return offer.kind === 'executive_review' ? 'Refer for executive review' : `Grant ${what}`;
}

/**
 * The remediations this step offers, with who must sign each off for this agent. Granting
 * within the agent's limit is immediate; above it the request goes to the Approvals queue.
 */
export function RemediationOffers(props: { caseId: string; caseState: CaseState; offers: RemediationOffer[]; role: Role; limits: RemediationLimits; defaultReason: string }) {
  if (props.offers.length === 0) return null;
  return (
    <section className="wf-remediation" aria-label="Remediation">
      <h3>Remediation</h3>
      <p className="hint">Your limit: {formatMoney(props.limits.grantLimitsCents[props.role] ?? 0)} on your own; above that a supervisor approves up to {formatMoney(props.limits.supervisorApprovalUpToCents)}, and finance/legal above.</p>
      <ul className="wf-offers">
        {props.offers.map((offer) => (
          <RemediationOfferRow key={offer.kind} {...props} offer={offer} />
        ))}
      </ul>
    </section>
  );
}

function RemediationOfferRow({ caseId, caseState, offer, role, limits, defaultReason }: { caseId: string; caseState: CaseState; offer: RemediationOffer; role: Role; limits: RemediationLimits; defaultReason: string }) {
  const { sync } = useReadModels();
  const id = useId();
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState(defaultReason);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const typed = offer.amountCents === null && amountText.trim() !== '' ? parseMoneyInput(amountText) : null;
  const amount = offer.amountCents ?? (typed?.ok ? typed.cents : null);
  const approval = offer.approval ?? (amount !== null ? requiredApproval(role, amount, limits, offer.kind) : null);
  const earlier = caseState.remediations.filter((r) => r.kind === offer.kind);
  const permitted = hasPermission(role, 'request_remediation');

  async function request() {
    if (amount === null || approval === null) {
      setError(typed && !typed.ok ? typed.reason : 'enter the amount first');
      return;
    }
    if (reason.trim() === '') {
      setError('say why, for the approver and the audit trail');
      return;
    }
    setBusy(true);
    setError(null);
    const result = await sync.append({
      id: crypto.randomUUID(),
      caseId,
      type: 'remediation.requested',
      payload: { requestId: crypto.randomUUID(), kind: offer.kind, amountCents: amount, reason: reason.trim().slice(0, 1000), approval, ...(offer.transactionId ? { transactionId: offer.transactionId } : {}) },
    });
    setBusy(false);
    if (!result.ok) setError(result.error.message);
  }

  return (
    <li className="wf-offer">
      <div className="wf-offer-head">
        <strong>{offer.label}</strong>
        {amount !== null && offer.kind !== 'executive_review' && <span className="money">{formatMoney(amount)}</span>}
        {offer.transactionId && <span className="muted mono">txn {offer.transactionId}</span>}
        {approval && <span className={`badge approval approval-${approval}`}>{approvalLabel[approval]}</span>}
      </div>
      {earlier.length > 0 && (
        <ul className="wf-earlier" aria-label={`${offer.label} requests on this case`}>
          {earlier.map((r) => (
            <li key={r.requestId} className={`remediation-${r.status}`}>
              {formatMoney(r.amountCents)} — {statusText[r.status]}
            </li>
          ))}
        </ul>
      )}
      {!offer.available ? (
        <p className="blocked" role="note">
          <Icon name="blocked" />{' '}
          {offer.blockedReason}
        </p>
      ) : !permitted ? (
        <p className="blocked">Your role cannot request remediation.</p>
      ) : (
        <div className="wf-offer-form">
          {offer.amountCents === null && offer.kind !== 'executive_review' && (
            <label>
              Amount (USD) <input value={amountText} onChange={(e) => setAmountText(e.target.value)} inputMode="decimal" placeholder="0.00" />
            </label>
          )}
          <label htmlFor={`${id}-reason`}>Reason</label>
          <input id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} />
          <button type="button" className="primary" disabled={busy} onClick={() => void request()}>
            {actionLabel(offer, approval, amount)}
          </button>
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          Not requested: {error}
        </p>
      )}
    </li>
  );
}
