import { useId, useState, type FormEvent } from 'react';
import type { CaseState } from '../../../shared/domain/caseState';
import { useSession } from '../context';
import { asSentence, formatInstant } from '../format';
import { Icon } from '../Icon';
import { ProblemAlert } from '../ProblemAlert';
import { useNow } from '../useNow';
import { decideDraft } from './decideDraft';
import { useRecordAction } from './useRecordAction';

type Method = 'security_questions' | 'one_time_code';

/**
 * The identity check on the case screen (#11.3): money movement on the case opens once the
 * customer is verified during the contact in progress, wherever the agent is working. The case
 * policy says when it cannot be recorded here (no contact linked, not the owner) and why.
 */
export function CaseVerification({ caseState, nameOf }: { caseState: CaseState; nameOf(agentId: string): string }) {
  const actor = useSession((state) => state.agent);
  const agentsById = useSession((state) => state.agentsById);
  const timeZone = actor?.timeZone ?? 'UTC';
  const [method, setMethod] = useState<Method>('security_questions');
  const [problem, setProblem] = useState<string | null>(null);
  const { record, busy } = useRecordAction();
  const id = useId();
  const customerId = caseState.customerId;
  const now = useNow();

  if (caseState.verifiedAt) {
    return (
      <section className="panel verification is-verified" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>Identity check</h2>
        <p className="verified-state" role="status">
          <Icon name="verified" /> Verified on the contact in progress{caseState.verifiedBy ? ` by ${nameOf(caseState.verifiedBy)}` : ''} at {formatInstant(caseState.verifiedAt, timeZone)}
        </p>
      </section>
    );
  }

  const draft = customerId ? ({ caseId: caseState.id, type: 'customer.verified', payload: { customerId, method } } as const) : null;
  const decision = draft && actor ? decideDraft(draft, { before: caseState, actor, agentsById, now }) : null;
  const refusal = !customerId ? 'No customer is linked to this case yet.' : decision && !decision.allowed ? asSentence(decision.reason) : null;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!draft || refusal || busy) return;
    setProblem(null);
    const failure = await record(draft);
    if (failure) setProblem(`The verification was not recorded: ${failure}`);
  }

  return (
    <section className="panel verification is-unverified" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Identity check</h2>
      <p className="unverified-state" role="status">
        <Icon name="warning" /> Not verified on this contact: refunds and fee reversals stay locked
      </p>
      <form onSubmit={(event) => void submit(event)} className="verify-form">
        <fieldset>
          <legend>How did the customer prove who they are?</legend>
          <label>
            <input type="radio" name={`${id}-method`} checked={method === 'security_questions'} onChange={() => setMethod('security_questions')} /> Answered their security questions
          </label>
          <label>
            <input type="radio" name={`${id}-method`} checked={method === 'one_time_code'} onChange={() => setMethod('one_time_code')} /> Read back the one-time code sent to their phone
          </label>
        </fieldset>
        <button type="submit" className={refusal ? 'primary is-refused' : 'primary'} aria-disabled={refusal ? true : undefined} aria-describedby={refusal ? `${id}-why` : undefined}>
          {busy ? 'Recording…' : 'Record verification'}
        </button>
        {refusal && (
          <p id={`${id}-why`} className="action-reason">
            {refusal}
          </p>
        )}
      </form>
      <ProblemAlert problem={problem} />
    </section>
  );
}
