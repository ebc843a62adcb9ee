import { useId, useState, type FormEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { canPerform } from '../../shared/policy/guardedActions';
import { useReadModels, useSession } from '../ui/context';
import { asSentence, formatInstant } from '../ui/format';
import type { PopSession } from './screenPopStore';
import { useScreenPopStore } from './screenPopContext';
import { ProblemAlert } from '../ui/ProblemAlert';
import { Icon } from '../ui/Icon';

type Method = 'security_questions' | 'one_time_code';
const methodLabel: Record<Method, string> = { security_questions: 'security questions', one_time_code: 'one-time code' };

export interface ContactVerification {
  verified: boolean;
  method: Method | null;
  at: string | null;
}

/**
 * Verified means verified during this contact: a customer.verified on the contact's own record,
 * or on the case it is linked to, at or after the contact arrived. A check from an earlier call
 * does not carry over.
 */
export function useContactVerification(session: PopSession): ContactVerification {
  const { db } = useReadModels();
  const { caseId, contactId, request } = session;
  return (
    useLiveQuery(
      async (): Promise<ContactVerification> => {
        const streams = [contactId, caseId].filter((id): id is string => id !== null);
        if (streams.length === 0) return { verified: false, method: null, at: null };
        const records = await db.events.where('caseId').anyOf(streams).filter((record) => record.event.type === 'customer.verified' && record.event.at >= request.receivedAt).toArray();
        const latest = records.sort((a, b) => (a.event.at < b.event.at ? 1 : -1))[0];
        if (!latest) return { verified: false, method: null, at: null };
        const method = (latest.event.payload as { method?: Method }).method ?? null;
        return { verified: true, method, at: latest.event.at };
      },
      [db, caseId, contactId, request.receivedAt],
      { verified: false, method: null, at: null },
    ) ?? { verified: false, method: null, at: null }
  );
}

export function VerificationPanel({ session, verification }: { session: PopSession; verification: ContactVerification }) {
  const store = useScreenPopStore();
  const agent = useSession((state) => state.agent);
  const timeZone = agent?.timeZone ?? 'UTC';
  const [method, setMethod] = useState<Method>('security_questions');
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const groupId = useId();
  const allowed = canPerform('verify_customer', { role: agent?.role ?? 'tier1_agent', verified: false });

  async function record(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!session.contactId && !session.caseId) return;
    setSaving(true);
    setProblem(null);
    const failure = await store.getState().verify(method);
    setSaving(false);
    if (failure) setProblem(failure);
  }

  return (
    <section className={`panel verification ${verification.verified ? 'is-verified' : 'is-unverified'}`} aria-labelledby="verify-title">
      <h2 id="verify-title">Identity check</h2>
      {verification.verified ? (
        <p className="verified-state" role="status">
          <Icon name="verified" />{' '}
          Verified by {verification.method ? methodLabel[verification.method] : 'an identity check'}
          {verification.at ? ` at ${formatInstant(verification.at, timeZone)}` : ''}
        </p>
      ) : (
        <>
          <p className="unverified-state" role="status">
            <Icon name="warning" />{' '}
            Not verified on this contact
          </p>
          {allowed.allowed ? (
            <form onSubmit={(event) => void record(event)} className="verify-form">
              <fieldset>
                <legend id={groupId}>How did the customer prove who they are?</legend>
                <label>
                  <input type="radio" name="verify-method" value="security_questions" checked={method === 'security_questions'} onChange={() => setMethod('security_questions')} /> Answered
                  their security questions
                </label>
                <label>
                  <input type="radio" name="verify-method" value="one_time_code" checked={method === 'one_time_code'} onChange={() => setMethod('one_time_code')} /> Read back the one-time
                  code sent to their phone
                </label>
              </fieldset>
              <button type="submit" className="primary" disabled={(!session.contactId && !session.caseId) || saving}>
                {saving ? 'Recording…' : 'Record verification'}
              </button>
              {!session.contactId && !session.caseId && <p className="hint">Available once the contact is recorded.</p>}
            </form>
          ) : (
            <p className="action-reason">{asSentence(allowed.reason)}</p>
          )}
          <ProblemAlert problem={problem} />
        </>
      )}
    </section>
  );
}
