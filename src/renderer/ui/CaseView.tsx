import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { orderEventRecords } from '../data/orderEvents';
import { AddNoteForm } from './AddNoteForm';
import { CaseSummary } from './CaseSummary';
import { CaseTimeline } from './CaseTimeline';
import { CustomerPanel } from './CustomerPanel';
import { CustomerNotifications } from './CustomerNotifications';
import { SlaClocksPanel } from '../sla/SlaClocksPanel';
import { systemActorName } from '../../shared/domain/agent';
import { useReadModels, useServices, useSession } from './context';
import { WorkflowRunner } from './workflow/WorkflowRunner';
import { Icon } from './Icon';
import { CaseActions } from './caseActions/CaseActions';
import { CaseVerification } from './caseActions/CaseVerification';

export function CaseView({ caseId }: { caseId: string }) {
  const { ui } = useServices();
  const { db, sync } = useReadModels();
  const agentsById = useSession((state) => state.agentsById);
  const timeZone = useSession((state) => state.agent?.timeZone ?? 'UTC');
  const caseState = useLiveQuery(async () => (await db.cases.get(caseId)) ?? null, [db, caseId]);
  const customerId = caseState?.customerId ?? null;
  const customer = useLiveQuery(() => (customerId ? db.customers.get(customerId) : undefined), [db, customerId]);
  const records = useLiveQuery(() => db.events.where('caseId').equals(caseId).toArray(), [db, caseId]);
  const ordered = useMemo(() => (records ? orderEventRecords(records) : []), [records]);
  const heading = useRef<HTMLHeadingElement>(null);
  const nameOf = useCallback((agentId: string) => agentsById[agentId]?.displayName ?? systemActorName(agentId), [agentsById]);

  const back = useCallback(() => ui.getState().backToQueue(), [ui]);

  useEffect(() => {
    heading.current?.focus();
  }, [caseId]);

  // A screen pop shows today's balances, not the ones cached when the queue loaded.
  useEffect(() => {
    if (customerId) void sync.refreshCustomer(customerId);
  }, [customerId, sync]);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key === 'Escape' && !event.defaultPrevented) back();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [back]);

  return (
    <article className="case-view" aria-labelledby="case-title">
      <div className="case-toolbar">
        <button type="button" onClick={back}>
          <Icon name="back" /> Back to queue
        </button>
        <span className="hint">Esc</span>
      </div>
      <h1 id="case-title" ref={heading} tabIndex={-1}>
        {caseState === undefined ? 'Loading case…' : caseState === null ? 'Case not found' : caseState.subject}
      </h1>
      {caseState && (
        <div className="case-grid">
          <div className="case-side">
            {customer ? (
              <CustomerPanel record={customer} />
            ) : (
              <section className="panel customer" aria-label="Customer">
                <p className="muted">{customerId ? 'Loading customer…' : 'No customer linked to this case.'}</p>
              </section>
            )}
            <CaseSummary caseState={caseState} ownerName={caseState.ownerId === null ? 'Unassigned (in its queue)' : nameOf(caseState.ownerId)} nameOf={nameOf} timeZone={timeZone} />
            <CaseVerification caseState={caseState} nameOf={nameOf} />
            <SlaClocksPanel caseId={caseId} />
          </div>
          <div className="case-main">
            <CaseActions caseState={caseState} records={ordered} nameOf={nameOf} timeZone={timeZone} />
            <WorkflowRunner caseId={caseId} caseState={caseState} />
            <CaseTimeline records={ordered} nameOf={nameOf} timeZone={timeZone} />
            <AddNoteForm caseId={caseId} />
            <CustomerNotifications caseId={caseId} eventCount={ordered.length} timeZone={timeZone} />
          </div>
        </div>
      )}
    </article>
  );
}
