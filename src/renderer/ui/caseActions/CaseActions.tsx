import { asSentence } from '../format';
import { useCallback, useId, useMemo, useState } from 'react';
import { isFinished } from '../../../shared/cases/reducer';
import type { CaseState } from '../../../shared/domain/caseState';
import { OPEN_STATUSES } from '../../../shared/domain/enums';
import type { Decision } from '../../../shared/policy/casePolicy';
import type { EventRecord } from '../../data/db';
import { useSession } from '../context';
import { ProblemAlert } from '../ProblemAlert';
import { ChangeSeverityDialog } from './ChangeSeverityDialog';
import { ChangeTypeDialog } from './ChangeTypeDialog';
import { decideDraft } from './decideDraft';
import type { CaseDialogProps } from './dialogProps';
import { ReopenDialog } from './ReopenDialog';
import { ResolveDialog } from './ResolveDialog';
import { SendMessageDialog } from './SendMessageDialog';
import { SettleConflictDialog } from './SettleConflictDialog';
import { TransferDialog } from './TransferDialog';
import { useRecordAction, type ActionDraft } from './useRecordAction';
import { WaitOnCustomerDialog } from './WaitOnCustomerDialog';

type ActionName =
  | 'Send message'
  | 'Wait on customer'
  | 'Resume'
  | 'Change type'
  | 'Change severity'
  | 'Transfer'
  | 'Resolve case'
  | 'Close case'
  | 'Reopen case'
  | 'Settle conflict';

interface ActionSpec {
  name: ActionName;
  /** Whether the action means anything in the case's current state (otherwise it is not offered). */
  offered(state: CaseState): boolean;
  /** A representative event of this action, for the policy to judge who may do it on this case now. */
  probe(state: CaseState): ActionDraft;
  /** Recorded at once (nothing to ask), rather than through a dialog. */
  immediate?: { done: string };
}

const isOpen = (state: CaseState) => OPEN_STATUSES.includes(state.status);
const PROBE_TEXT = 'probe';

const ACTIONS: readonly ActionSpec[] = [
  { name: 'Send message', offered: isOpen, probe: (s) => ({ caseId: s.id, type: 'message.sent', payload: { channel: 'email', kind: 'response', summary: PROBE_TEXT } }) },
  {
    name: 'Wait on customer',
    offered: (s) => s.status === 'new' || s.status === 'open',
    probe: (s) => ({ caseId: s.id, type: 'status.changed', payload: { to: 'waiting_on_customer', from: s.status, reason: PROBE_TEXT } }),
  },
  {
    name: 'Resume',
    offered: (s) => s.status === 'waiting_on_customer',
    probe: (s) => ({ caseId: s.id, type: 'status.changed', payload: { to: 'open', from: s.status, reason: 'The customer came back' } }),
    immediate: { done: 'Resumed: the clocks run again' },
  },
  {
    name: 'Change type',
    offered: isOpen,
    probe: (s) => ({ caseId: s.id, type: 'case.type_changed', payload: { caseType: s.caseType === 'complaint' ? 'general_inquiry' : 'complaint', from: s.caseType, reason: PROBE_TEXT } }),
  },
  {
    name: 'Change severity',
    offered: isOpen,
    probe: (s) => ({ caseId: s.id, type: 'severity.set', payload: { severity: s.severity === 'S4' ? 'S3' : 'S4', from: s.severity, reason: PROBE_TEXT } }),
  },
  {
    name: 'Transfer',
    offered: isOpen,
    probe: (s) => ({ caseId: s.id, type: 'case.transferred', payload: { toQueueId: s.queueId ?? 'T1-EAST', toOwnerId: null, fromQueueId: s.queueId, fromOwnerId: s.ownerId, note: PROBE_TEXT } }),
  },
  { name: 'Resolve case', offered: isOpen, probe: (s) => ({ caseId: s.id, type: 'case.resolved', payload: { resolution: PROBE_TEXT } }) },
  {
    name: 'Close case',
    offered: (s) => s.status === 'resolved',
    probe: (s) => ({ caseId: s.id, type: 'case.closed', payload: s.resolutionEventId ? { resolutionEventId: s.resolutionEventId } : {} }),
    immediate: { done: 'Case closed' },
  },
  { name: 'Reopen case', offered: (s) => isFinished(s), probe: (s) => ({ caseId: s.id, type: 'case.reopened', payload: { reason: PROBE_TEXT } }) },
  {
    name: 'Settle conflict',
    offered: (s) => s.conflicts.length > 0,
    probe: (s) => ({ caseId: s.id, type: 'conflict.settled', payload: { conflictId: s.conflicts[0]!.conflictId, keepEventId: s.conflicts[0]!.sides[0].eventId } }),
  },
];

/**
 * The case's whole life from the case screen. Each action is one event; the case policy (the
 * same function the service runs on every push) decides, before anything is recorded, whether
 * this agent may take it now — a refused action stays visible, disabled, with the policy's reason.
 */
export function CaseActions({ caseState, records, nameOf, timeZone }: { caseState: CaseState; records: readonly EventRecord[]; nameOf(agentId: string): string; timeZone: string }) {
  const actor = useSession((state) => state.agent);
  const agentsById = useSession((state) => state.agentsById);
  const [open, setOpen] = useState<ActionName | null>(null);
  const [done, setDone] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const { record, busy } = useRecordAction();
  const id = useId();

  const decide = useCallback(
    (draft: ActionDraft): Decision =>
      actor ? decideDraft(draft, { before: caseState, actor, agentsById, now: Date.now() }) : { allowed: false, code: 'unknown_actor', reason: 'nobody is signed in' },
    [actor, agentsById, caseState],
  );
  const answered = useMemo(() => records.some((r) => r.event.type === 'message.sent' && (r.event.payload as { kind?: string }).kind !== 'acknowledgement'), [records]);
  const offered = ACTIONS.filter((action) => action.offered(caseState)).map((action) => ({ action, decision: decide(action.probe(caseState)) }));

  async function run(action: ActionSpec, decision: Decision) {
    if (!decision.allowed || busy) return;
    setDone('');
    setProblem(null);
    if (!action.immediate) {
      setOpen(action.name);
      return;
    }
    const failure = await record(action.probe(caseState));
    if (failure) setProblem(`${action.name} was not recorded: ${failure}`);
    else setDone(action.immediate.done);
  }

  const dialogProps: CaseDialogProps = {
    caseState,
    decide,
    onCancel: () => setOpen(null),
    onDone: (message) => {
      setOpen(null);
      setDone(message);
    },
  };

  return (
    <section className="panel case-actions" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Case actions</h2>
      <ul className="case-action-list" role="list">
        {offered.map(({ action, decision }, index) => (
          <li key={action.name}>
            <button
              type="button"
              aria-disabled={decision.allowed ? undefined : true}
              aria-describedby={decision.allowed ? undefined : `${id}-why-${index}`}
              aria-haspopup={action.immediate ? undefined : 'dialog'}
              className={decision.allowed ? undefined : 'is-refused'}
              onClick={() => void run(action, decision)}
            >
              {action.name}
            </button>
            {!decision.allowed && (
              <span id={`${id}-why-${index}`} className="action-reason">
                {asSentence(decision.reason)}
              </span>
            )}
          </li>
        ))}
      </ul>
      <p role="status" className="saved">
        {done}
      </p>
      <ProblemAlert problem={problem} />
      {open === 'Send message' && <SendMessageDialog {...dialogProps} answered={answered} />}
      {open === 'Wait on customer' && <WaitOnCustomerDialog {...dialogProps} />}
      {open === 'Change type' && <ChangeTypeDialog {...dialogProps} />}
      {open === 'Change severity' && <ChangeSeverityDialog {...dialogProps} />}
      {open === 'Transfer' && <TransferDialog {...dialogProps} agents={Object.values(agentsById)} />}
      {open === 'Resolve case' && <ResolveDialog {...dialogProps} />}
      {open === 'Reopen case' && <ReopenDialog {...dialogProps} />}
      {open === 'Settle conflict' && <SettleConflictDialog {...dialogProps} nameOf={nameOf} timeZone={timeZone} />}
    </section>
  );
}
