import { useEffect, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { systemActorName } from '../../../shared/domain/agent';
import { useReadModels, useServices, useSession } from '../context';
import { Icon } from '../Icon';
import { decisionNoticesFor, describeDecision, type DecisionNotice } from './decisionNotices';

/** A decision recorded a little before this window opened (clock skew, a sync in flight) still counts as news. */
const SKEW_MS = 5 * 60_000;
const NO_NOTICES: DecisionNotice[] = [];

/**
 * Approvals told live (#12.7): when a supervisor (or finance) decides a remediation this agent
 * asked for, the agent is told at once — amount, decision and who — in a strip of its own under
 * the tabs (never over the work), announced to screen readers, and as an OS notification where
 * the host has them. Each notice stays until dismissed.
 */
export function ApprovalDecisionAlerts() {
  const { db } = useReadModels();
  const { bridge, ui } = useServices();
  const agent = useSession((state) => state.agent);
  const agentsById = useSession((state) => state.agentsById);
  const [openedAt] = useState(() => Date.now());
  // What the desktop held when the window opened is history, not news.
  const [fixedBaseline, setFixedBaseline] = useState<number | null>(null);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const told = useRef(new Set<string>());
  const agentId = agent?.id ?? null;

  useEffect(() => {
    let live = true;
    void db.events
      .orderBy('localSeq')
      .last()
      .then((record) => live && setFixedBaseline(record?.localSeq ?? 0));
    return () => {
      live = false;
    };
  }, [db]);

  const notices = useLiveQuery(async (): Promise<DecisionNotice[]> => {
      if (fixedBaseline === null || !agentId) return [];
      const since = new Date(openedAt - SKEW_MS).toISOString();
      const decisions = await db.events
        .where('localSeq')
        .above(fixedBaseline)
        .filter((record) => (record.event.type === 'remediation.approved' || record.event.type === 'remediation.rejected') && record.event.at >= since)
        .toArray();
      const caseIds = [...new Set(decisions.map((record) => record.caseId))];
      if (caseIds.length === 0) return [];
      const records = await db.events.where('caseId').anyOf(caseIds).toArray();
      const news = new Set(decisions.map((record) => record.id));
      return decisionNoticesFor(agentId, records).filter((notice) => news.has(notice.eventId));
    }, [db, fixedBaseline, agentId, openedAt], NO_NOTICES);

  const nameOf = (id: string) => agentsById[id]?.displayName ?? systemActorName(id);
  const shown = notices.filter((notice) => !dismissed.has(notice.eventId));

  useEffect(() => {
    for (const notice of notices) {
      if (told.current.has(notice.eventId)) continue;
      told.current.add(notice.eventId);
      const name = agentsById[notice.deciderId]?.displayName ?? systemActorName(notice.deciderId);
      void bridge.invoke('notify.os', { title: `Remediation ${notice.decision}`, body: describeDecision(notice, () => name).slice(0, 500) });
    }
  }, [notices, bridge, agentsById]);

  return (
    <aside className={`approval-alerts${shown.length === 0 ? ' approval-alerts-empty' : ''}`} aria-label="Approval decisions">
      <div className="visually-hidden" aria-live="assertive">
        {shown.map((notice) => (
          <p key={notice.eventId}>{describeDecision(notice, nameOf)}</p>
        ))}
      </div>
      {shown.length > 0 && (
        <ul className="approval-alert-list">
          {shown.map((notice) => (
            <li key={notice.eventId} className={`approval-alert is-${notice.decision}`}>
              <Icon name={notice.decision === 'approved' ? 'verified' : 'warning'} /> <span>{describeDecision(notice, nameOf)}</span>
              {notice.note && <span className="muted"> — {notice.note}</span>}{' '}
              <button type="button" onClick={() => ui.getState().openCase(notice.caseId)}>
                Open case
              </button>{' '}
              <button type="button" onClick={() => setDismissed(new Set([...dismissed, notice.eventId]))} aria-label={`Dismiss: ${describeDecision(notice, nameOf)}`}>
                Dismiss
              </button>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
