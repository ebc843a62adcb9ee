import { useId, useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { CaseState, Remediation } from '../../../shared/domain/caseState';
import { parseCaseEvent } from '../../../shared/domain/caseEvent';
import { mayDecide } from '../../../shared/remediation/approvers';
import { approvalLabel, formatMoney, remediationLabel, type RemediationKind } from '../../../shared/workflow';
import { formatInstant, plural } from '../format';
import { useReadModels, useServices, useSession } from '../context';
import { useWorkflowSetup } from '../workflow/WorkflowProvider';
import { Screen } from '../Screen';

interface PendingRequest {
  caseState: CaseState;
  remediation: Remediation;
  reason: string;
  transactionId: string | null;
  requestedAt: string;
}

/** Every remediation waiting for sign-off, across all cases this desktop holds, oldest first. */
async function pendingRequests(db: ReturnType<typeof useReadModels>['db']): Promise<PendingRequest[]> {
  const cases = await db.cases.filter((c) => c.remediations.some((r) => r.status === 'pending_approval')).toArray();
  const out: PendingRequest[] = [];
  for (const caseState of cases) {
    const records = await db.events.where('caseId').equals(caseState.id).toArray();
    for (const remediation of caseState.remediations.filter((r) => r.status === 'pending_approval')) {
      const requested = records
        .map((record) => parseCaseEvent(record.event))
        .find((parsed) => parsed.ok && parsed.event.type === 'remediation.requested' && parsed.event.payload.requestId === remediation.requestId);
      const event = requested?.ok && requested.event.type === 'remediation.requested' ? requested.event : null;
      out.push({ caseState, remediation, reason: event?.payload.reason ?? '', transactionId: event?.payload.transactionId ?? null, requestedAt: event?.at ?? caseState.updatedAt });
    }
  }
  return out.sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
}

/** The supervisor's (and finance/legal's) queue of remediation requests over an agent's limit. */
export function ApprovalsScreen() {
  const { db } = useReadModels();
  const { load } = useWorkflowSetup();
  const agent = useSession((state) => state.agent);
  const pending = useLiveQuery(() => pendingRequests(db), [db]);
  const approvers = load?.ok ? load.setup.approvers : null;
  const [showAll, setShowAll] = useState(false);

  const mine = useMemo(
    () => (pending ?? []).filter((p) => agent && approvers && mayDecide(agent.role, p.remediation.approval, approvers) && p.remediation.requestedBy !== agent.id),
    [pending, agent, approvers],
  );
  const shown = showAll ? (pending ?? []) : mine;

  return (
    <Screen
      className="approvals-screen"
      titleId="approvals-title"
      title="Approvals"
      count={pending && plural(mine.length, 'request waits for you', 'requests wait for you')}
      actions={
        <label className="toggle">
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} /> Show every pending request
        </label>
      }
    >
      {!approvers && load && <p className="alert">The remediation approvers configuration did not load, so nobody can decide requests here.</p>}
      {!pending ? (
        <p role="status">Loading requests…</p>
      ) : shown.length === 0 ? (
        <p className="muted">No remediation requests are waiting{showAll ? '' : ' for your sign-off'}.</p>
      ) : (
        <ul className="approval-list" aria-label="Pending remediation requests">
          {shown.map((request) => (
            <ApprovalRow key={request.remediation.requestId} request={request} canDecide={mine.includes(request)} />
          ))}
        </ul>
      )}
    </Screen>
  );
}

function ApprovalRow({ request, canDecide }: { request: PendingRequest; canDecide: boolean }) {
  const { sync } = useReadModels();
  const { ui } = useServices();
  const agentsById = useSession((state) => state.agentsById);
  const timeZone = useSession((state) => state.agent?.timeZone ?? 'UTC');
  const id = useId();
  const [note, setNote] = useState('');
  const [rejecting, setRejecting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { caseState, remediation } = request;
  const kind = remediation.kind as RemediationKind;
  const what = `${remediationLabel[kind] ?? remediation.kind}${kind === 'executive_review' ? '' : ` of ${formatMoney(remediation.amountCents)}`}`;

  async function decide(approve: boolean) {
    if (!approve && note.trim() === '') {
      setError('Give the reason for rejecting: the requesting agent sees it on the case.');
      return;
    }
    setBusy(true);
    setError(null);
    const result = await sync.append(
      approve
        ? { id: crypto.randomUUID(), caseId: caseState.id, type: 'remediation.approved', payload: { requestId: remediation.requestId, ...(note.trim() ? { note: note.trim() } : {}) } }
        : { id: crypto.randomUUID(), caseId: caseState.id, type: 'remediation.rejected', payload: { requestId: remediation.requestId, reason: note.trim() } },
    );
    setBusy(false);
    if (!result.ok) setError(result.error.message);
  }

  return (
    <li className="approval" aria-label={`${what} on case ${caseState.id}`}>
      <div className="approval-head">
        <strong>{what}</strong>
        <span className={`badge approval approval-${remediation.approval}`}>{approvalLabel[remediation.approval]}</span>
        <button type="button" className="link" onClick={() => ui.getState().openCase(caseState.id)}>
          {caseState.subject} <span className="mono">({caseState.id})</span>
        </button>
      </div>
      <p>
        Requested by {agentsById[remediation.requestedBy]?.displayName ?? remediation.requestedBy} on {formatInstant(request.requestedAt, timeZone)}
        {request.transactionId && (
          <>
            {' '}
            for transaction <span className="mono">{request.transactionId}</span>
          </>
        )}
      </p>
      {request.reason && <p className="approval-reason">“{request.reason}”</p>}
      {canDecide ? (
        <div className="approval-actions">
          <label htmlFor={`${id}-note`}>{rejecting ? 'Reason for rejecting' : 'Note (optional)'}</label>
          <input id={`${id}-note`} value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} />
          <button type="button" className="primary" disabled={busy} onClick={() => void decide(true)}>
            Approve
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              if (!rejecting) setRejecting(true);
              else void decide(false);
            }}
          >
            {rejecting ? 'Confirm rejection' : 'Reject…'}
          </button>
        </div>
      ) : (
        <p className="muted">Waiting for {remediation.approval === 'finance_legal' ? 'finance/legal' : 'a supervisor'}.</p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
