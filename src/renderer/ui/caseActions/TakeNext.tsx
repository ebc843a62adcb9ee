import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { CaseState } from '../../../shared/domain/caseState';
import { OPEN_STATUSES } from '../../../shared/domain/enums';
import { BUNDLED_QUEUES, queuesWorkedBy } from '../../../shared/policy/queuesConfig';
import { useReadModels, useServices, useSession } from '../context';
import { plural } from '../format';
import { ProblemAlert } from '../ProblemAlert';
import { decideDraft } from './decideDraft';
import { useRecordAction } from './useRecordAction';

const SEVERITY_RANK = { S1: 0, S2: 1, S3: 2, S4: 3 } as const;

/** Most severe first, then the one waiting longest: what "next" means for work nobody has yet. */
function nextOf(cases: readonly CaseState[]): CaseState | undefined {
  return [...cases].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))[0];
}

/**
 * "Take next" (#12.3): the agent takes the next unassigned case from the queues they work
 * (resources/queues.json), as an owner.assigned the case policy decides like any other action.
 */
export function TakeNext() {
  const { db } = useReadModels();
  const { ui } = useServices();
  const actor = useSession((state) => state.agent);
  const agentsById = useSession((state) => state.agentsById);
  const { record, busy } = useRecordAction();
  const [problem, setProblem] = useState<string | null>(null);
  const queueIds = actor ? queuesWorkedBy(BUNDLED_QUEUES, actor).map((queue) => queue.id) : [];
  const key = queueIds.join(',');
  const waiting = useLiveQuery(
    () =>
      db.cases
        .where('status')
        .anyOf([...OPEN_STATUSES])
        .filter((state) => state.ownerId === null && state.queueId !== null && key.split(',').includes(state.queueId))
        .toArray(),
    [db, key],
  );
  if (!actor || queueIds.length === 0) return null;

  async function take() {
    if (!actor || busy || !waiting) return;
    const next = nextOf(waiting);
    if (!next) return;
    const draft = { caseId: next.id, type: 'owner.assigned', payload: { ownerId: actor.id, from: null } } as const;
    const decision = decideDraft(draft, { before: next, actor, agentsById, now: Date.now() });
    if (!decision.allowed) {
      setProblem(`You cannot take ${next.id}: ${decision.reason}`);
      return;
    }
    setProblem(null);
    const failure = await record(draft);
    if (failure) setProblem(`${next.id} was not taken: ${failure}`);
    else ui.getState().openCase(next.id);
  }

  const count = waiting?.length ?? 0;
  return (
    <div className="take-next">
      <button type="button" className="primary" aria-disabled={count === 0 ? true : undefined} aria-describedby="take-next-count" onClick={() => void take()}>
        {busy ? 'Taking…' : 'Take next'}
      </button>{' '}
      <span id="take-next-count" className="muted">
        {waiting === undefined ? 'Looking at your queues…' : count === 0 ? 'Nothing waiting in your queues' : `${plural(count, 'case', 'cases')} waiting in your queues`}
      </span>
      <ProblemAlert problem={problem} />
    </div>
  );
}
