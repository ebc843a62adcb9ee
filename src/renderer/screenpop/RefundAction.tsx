import { useEffect, useId, useState, type FormEvent } from 'react';
import { canPerform } from '../../shared/policy/guardedActions';
import type { Transaction } from '../../shared/domain/customer';
import { approvalLabel, requiredApproval, type RemediationLimits } from '../../shared/workflow/limits';
import { useReadModels, useServices, useSession } from '../ui/context';
import { asSentence, formatInstant, formatUsd } from '../ui/format';
import type { PopSession } from './screenPopStore';
import { DialogActions } from '../ui/DialogActions';
import { ProblemAlert } from '../ui/ProblemAlert';
import { Icon } from '../ui/Icon';

type RefundKind = 'refund' | 'fee_reversal';
const kindLabel: Record<RefundKind, string> = { refund: 'Refund', fee_reversal: 'Fee reversal' };

/**
 * Money moves only for a verified customer (src/shared/policy/guardedActions.ts): until then the
 * button is disabled and says why. Enabled, it opens a request recorded on the contact's case with
 * the sign-off the authorisation limits require for this agent's role.
 */
export function RefundAction({ session, transactions, accountNumber, verified }: { session: PopSession; transactions: Transaction[]; accountNumber: Map<string, string>; verified: boolean }) {
  const role = useSession((state) => state.agent?.role ?? 'tier1_agent');
  const decision = canPerform('start_refund', { role, verified });
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const reasonId = useId();
  const enabled = decision.allowed && session.caseId !== null;

  return (
    <section className="panel pop-actions" aria-labelledby="actions-title">
      <h2 id="actions-title">Actions</h2>
      <div className="action-row">
        <button type="button" className="primary" disabled={!enabled} aria-describedby={!enabled ? reasonId : undefined} onClick={() => (setOpen(true), setDone(null))}>
          Start refund
        </button>
        {!decision.allowed ? (
          <p id={reasonId} className="action-reason">
            <Icon name="warning" />{' '}
            {asSentence(decision.reason)}
          </p>
        ) : (
          session.caseId === null && (
            <p id={reasonId} className="action-reason">
              <Icon name="warning" /> Link the contact to a case first: the refund is recorded on it.
            </p>
          )
        )}
      </div>
      {done && (
        <p className="notice" role="status">
          <Icon name="verified" />{' '}
          {done}
        </p>
      )}
      {open && enabled && session.caseId && (
        <RefundForm
          caseId={session.caseId}
          transactions={transactions}
          accountNumber={accountNumber}
          onDone={(message) => {
            setOpen(false);
            if (message) setDone(message);
          }}
        />
      )}
    </section>
  );
}

function RefundForm({ caseId, transactions, accountNumber, onDone }: { caseId: string; transactions: Transaction[]; accountNumber: Map<string, string>; onDone(message: string | null): void }) {
  const { bridge } = useServices();
  const { sync } = useReadModels();
  const agent = useSession((state) => state.agent);
  const [limits, setLimits] = useState<RemediationLimits | null | undefined>(undefined);
  const [kind, setKind] = useState<RefundKind>('refund');
  const [transactionId, setTransactionId] = useState('');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const ids = { kind: useId(), transaction: useId(), amount: useId(), reason: useId() };

  useEffect(() => {
    let live = true;
    void bridge.invoke('workflows.config', {}).then((result) => {
      if (live) setLimits(result.ok ? result.value.limits : null);
    });
    return () => {
      live = false;
    };
  }, [bridge]);

  const debits = transactions.filter((transaction) => transaction.amountCents < 0);
  const cents = parseCents(amount);
  const approval = limits && agent && cents !== null ? requiredApproval(agent.role, cents, limits, kind) : null;

  function pickTransaction(id: string) {
    setTransactionId(id);
    const chosen = debits.find((transaction) => transaction.id === id);
    if (chosen) setAmount((Math.abs(chosen.amountCents) / 100).toFixed(2));
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!agent || !limits) return;
    if (cents === null || cents <= 0) return setProblem('Enter the amount in dollars and cents, e.g. 12.50.');
    if (reason.trim() === '') return setProblem('Say why the customer should get this money back.');
    const needed = requiredApproval(agent.role, cents, limits, kind);
    setSaving(true);
    setProblem(null);
    const result = await sync.append({
      id: crypto.randomUUID(),
      caseId,
      type: 'remediation.requested',
      payload: { requestId: crypto.randomUUID(), kind, amountCents: cents, reason: reason.trim(), ...(transactionId ? { transactionId } : {}), approval: needed },
    });
    setSaving(false);
    if (!result.ok) return setProblem(result.error.message);
    onDone(`${kindLabel[kind]} of ${formatUsd(cents)} recorded on ${caseId}: ${approvalLabel[needed].toLowerCase()}.`);
  }

  if (limits === undefined) return <p className="muted">Loading authorisation limits…</p>;
  if (limits === null) return <p className="alert">The authorisation limits are not configured on this desktop, so no refund can be requested here. Ask a supervisor.</p>;
  return (
    <form className="refund-form" onSubmit={(event) => void submit(event)} noValidate>
      <label htmlFor={ids.kind}>Kind</label>
      <select id={ids.kind} value={kind} onChange={(event) => setKind(event.target.value as RefundKind)}>
        <option value="refund">Refund</option>
        <option value="fee_reversal">Fee reversal</option>
      </select>
      <label htmlFor={ids.transaction}>Transaction</label>
      <select id={ids.transaction} value={transactionId} onChange={(event) => pickTransaction(event.target.value)}>
        <option value="">Not tied to one transaction</option>
        {debits.map((transaction) => (
          <option key={transaction.id} value={transaction.id}>
            {formatInstant(transaction.postedAt, agent?.timeZone ?? 'UTC')} · {transaction.description} {formatUsd(transaction.amountCents)} ({accountNumber.get(transaction.accountId) ?? transaction.accountId})
          </option>
        ))}
      </select>
      <label htmlFor={ids.amount}>Amount (USD)</label>
      <input id={ids.amount} inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} />
      <label htmlFor={ids.reason}>Reason</label>
      <textarea id={ids.reason} rows={2} maxLength={1000} value={reason} onChange={(event) => setReason(event.target.value)} />
      {approval && <p className={`badge approval-${approval}`}>{approvalLabel[approval]}</p>}
      <ProblemAlert problem={problem} />
      <DialogActions onCancel={() => onDone(null)} busy={saving} submitLabel="Request refund" busyLabel="Recording…" />
    </form>
  );
}

/** "12.5" → 1250; anything that is not a plain dollar amount → null. */
export function parseCents(text: string): number | null {
  const match = /^\s*\$?(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}
