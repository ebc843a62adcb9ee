import { useId, useState } from 'react';
import { caseEventPayloads } from '../../../shared/domain/caseEvent';
import { Channel, channelLabel } from '../../../shared/domain/enums';
import { TypedTextProblem, useTypedText } from '../typedText';
import { ActionDialog } from './ActionDialog';
import type { CaseDialogProps } from './dialogProps';

type Kind = 'response' | 'status_update';
/** Channels a written message can go out on (a call or a visit is a contact, not a message). */
const MESSAGE_CHANNELS: readonly Channel[] = Channel.options.filter((channel) => channel !== 'phone' && channel !== 'walk_in');

/**
 * "Send message": the first message answers the customer (meets the first-response clock), later
 * ones tell them where the case stands (the status-update clock).
 */
export function SendMessageDialog({ caseState, decide, onCancel, onDone, answered }: CaseDialogProps & { answered: boolean }) {
  const [kind, setKind] = useState<Kind>(answered ? 'status_update' : 'response');
  const [channel, setChannel] = useState<Channel>(MESSAGE_CHANNELS.includes(caseState.channel) ? caseState.channel : 'email');
  const message = useTypedText(caseEventPayloads['message.sent'].shape.summary, 'This message');
  const text = message.text;
  const id = useId();
  return (
    <ActionDialog
      title="Send message"
      submitLabel="Send"
      busyLabel="Sending…"
      doneMessage={kind === 'response' ? 'Response sent to the customer' : 'Status update sent to the customer'}
      decide={decide}
      onCancel={onCancel}
      onDone={onDone}
      blockedBy={message.blockedBy}
      draft={() => (text.trim() ? { caseId: caseState.id, type: 'message.sent', payload: { channel, kind, summary: text.trim() } } : { missing: 'Write the message to the customer first.' })}
    >
      <fieldset className="radio-group">
        <legend>What is it?</legend>
        <label>
          <input type="radio" name={`${id}-kind`} checked={kind === 'response'} onChange={() => setKind('response')} /> Response to the customer
        </label>
        <label>
          <input type="radio" name={`${id}-kind`} checked={kind === 'status_update'} onChange={() => setKind('status_update')} /> Status update
        </label>
      </fieldset>
      <label htmlFor={`${id}-channel`}>Sent by</label>
      <select id={`${id}-channel`} value={channel} onChange={(event) => setChannel(event.target.value as Channel)}>
        {MESSAGE_CHANNELS.map((option) => (
          <option key={option} value={option}>
            {channelLabel[option]}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-text`}>Message to the customer</label>
      <textarea id={`${id}-text`} rows={4} {...message.inputProps} />
      <TypedTextProblem id={message.problemId} problem={message.problem} />
    </ActionDialog>
  );
}
