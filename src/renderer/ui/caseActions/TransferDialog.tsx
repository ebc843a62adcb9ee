import { asSentence } from '../format';
import { useId, useMemo, useState } from 'react';
import type { Agent } from '../../../shared/domain/agent';
import { caseEventPayloads } from '../../../shared/domain/caseEvent';
import { TypedTextProblem, useTypedText } from '../typedText';
import { BUNDLED_QUEUES, findQueue, worksQueue } from '../../../shared/policy/queuesConfig';
import { ActionDialog } from './ActionDialog';
import type { CaseDialogProps } from './dialogProps';
import type { ActionDraft } from './useRecordAction';

const ANYONE = '';

/** "Transfer": to another queue, unassigned or straight to a person who works it, with a note for them. */
export function TransferDialog({ caseState, decide, onCancel, onDone, agents }: CaseDialogProps & { agents: readonly Agent[] }) {
  const queues = BUNDLED_QUEUES.queues;
  const [queueId, setQueueId] = useState(() => queues.find((queue) => queue.id !== caseState.queueId)?.id ?? queues[0]!.id);
  const [ownerId, setOwnerId] = useState(ANYONE);
  const typed = useTypedText(caseEventPayloads['case.transferred'].shape.note, 'This note');
  const note = typed.text;
  const id = useId();
  const queue = findQueue(BUNDLED_QUEUES, queueId);
  const workers = useMemo(() => (queue ? agents.filter((agent) => worksQueue(queue, agent)).sort((a, b) => a.displayName.localeCompare(b.displayName)) : []), [agents, queue]);

  function build(text: string): ActionDraft {
    return {
      caseId: caseState.id,
      type: 'case.transferred',
      payload: { toQueueId: queueId, toOwnerId: ownerId === ANYONE ? null : ownerId, fromQueueId: caseState.queueId, fromOwnerId: caseState.ownerId, note: text },
    };
  }
  // Whether this person may be handed the case is the policy's to say, as the choice is made.
  const choice = decide(build(note.trim() || 'transfer'));
  const target = ownerId === ANYONE ? (queue?.name ?? queueId) : (agents.find((agent) => agent.id === ownerId)?.displayName ?? ownerId);

  return (
    <ActionDialog
      title="Transfer"
      submitLabel="Transfer the case"
      busyLabel="Transferring…"
      doneMessage={`Transferred to ${target}`}
      decide={decide}
      onCancel={onCancel}
      onDone={onDone}
      blockedBy={typed.blockedBy}
      draft={() => (note.trim() ? build(note.trim()) : { missing: 'Write a note for whoever picks the case up.' })}
    >
      <label htmlFor={`${id}-queue`}>To queue</label>
      <select
        id={`${id}-queue`}
        value={queueId}
        onChange={(event) => {
          setQueueId(event.target.value);
          setOwnerId(ANYONE);
        }}
      >
        {queues.map((option) => (
          <option key={option.id} value={option.id}>
            {option.name}
            {option.id === caseState.queueId ? ' (its queue now)' : ''}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-owner`}>To a person</label>
      <select id={`${id}-owner`} value={ownerId} onChange={(event) => setOwnerId(event.target.value)} aria-describedby={`${id}-owner-why`}>
        <option value={ANYONE}>Anyone who works the queue</option>
        {workers.map((agent) => (
          <option key={agent.id} value={agent.id}>
            {agent.displayName}
          </option>
        ))}
      </select>
      <p id={`${id}-owner-why`} className="action-reason">
        {choice.allowed ? '' : asSentence(choice.reason)}
      </p>
      <label htmlFor={`${id}-note`}>Note for whoever picks it up</label>
      <textarea id={`${id}-note`} rows={3} {...typed.inputProps} />
      <TypedTextProblem id={typed.problemId} problem={typed.problem} />
    </ActionDialog>
  );
}
