import type { EventRecord } from '../data/db';
import { parseCaseEvent } from '../../shared/domain/caseEvent';
import type { RemediationKind } from '../../shared/workflow/definition';
import { describeEvent } from './describeEvent';
import { formatInstant } from './format';
import { useWorkflowSetup } from './workflow/WorkflowProvider';
import { Icon } from './Icon';
import { BUNDLED_QUEUES, findQueue } from '../../shared/policy/queuesConfig';

const queueName = (queueId: string) => findQueue(BUNDLED_QUEUES, queueId)?.name ?? queueId;

export function CaseTimeline({ records, nameOf, timeZone }: { records: readonly EventRecord[]; nameOf: (agentId: string) => string; timeZone: string }) {
  const { load } = useWorkflowSetup();
  const workflows = load?.ok ? load.setup.registry : null;
  const requests = new Map<string, { kind: RemediationKind; amountCents: number }>();
  for (const { event } of records) {
    const parsed = event.type === 'remediation.requested' ? parseCaseEvent(event) : null;
    if (parsed?.ok && parsed.event.type === 'remediation.requested') requests.set(parsed.event.payload.requestId, { kind: parsed.event.payload.kind, amountCents: parsed.event.payload.amountCents });
  }
  const requestOf = (requestId: string) => requests.get(requestId);
  return (
    <section className="panel timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      {/* Focusable: it scrolls on its own, and keyboard users must be able to scroll it. */}
      <ol className="timeline-list" aria-label="Case timeline" tabIndex={0}>
        {records.map((record) => {
          const description = describeEvent(record.event, nameOf, workflows, queueName, requestOf);
          return (
            <li key={record.id} className={`timeline-item type-${record.event.type.replace(/\W/g, '-')}`}>
              <p className="timeline-meta">
                <span className="timeline-who">{nameOf(record.event.actorId)}</span>
                <time dateTime={record.event.at}>{formatInstant(record.event.at, timeZone)}</time>
                {!record.synced && !record.rejectedReason && (
                  <span className="unsynced">
                    <Icon name="pending" /> Not yet synced
                  </span>
                )}
                {record.rejectedReason && (
                  <span className="refused">
                    <Icon name="rejected" /> Refused by the case service: {record.rejectedReason}
                  </span>
                )}
              </p>
              <p className="timeline-what">{description.summary}</p>
              {description.body && <p className="timeline-body">{description.body}</p>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
