import { useMemo, useState } from 'react';
import type { Agent } from '../../../shared/domain/agent';
import type { CaseEvent } from '../../../shared/domain/caseEvent';
import { escalationOwners } from '../../../shared/escalation/ownerRoles';
import type { EscalationOffer } from '../../../shared/workflow';
import { useReadModels, useSession } from '../context';
import { Icon } from '../Icon';

/** The reason recorded on a workflow escalation starts with the target's label, so the runner can tell it was done. */
export function escalationReason(offer: EscalationOffer): string {
  return `${offer.label}: ${offer.reason}`.slice(0, 500);
}

/** Escalation targets the answers call for; the owner is a real agent who works that queue. */
export function EscalationOffers({ caseId, offers, events }: { caseId: string; offers: EscalationOffer[]; events: readonly CaseEvent[] }) {
  if (offers.length === 0) return null;
  return (
    <section className="wf-escalation" aria-label="Escalation">
      <h3>Escalation</h3>
      <ul className="wf-offers">
        {offers.map((offer) => (
          <EscalationRow key={offer.target} caseId={caseId} offer={offer} events={events} />
        ))}
      </ul>
    </section>
  );
}

function EscalationRow({ caseId, offer, events }: { caseId: string; offer: EscalationOffer; events: readonly CaseEvent[] }) {
  const { sync } = useReadModels();
  const me = useSession((state) => state.agent);
  const agentsById = useSession((state) => state.agentsById);
  const candidates = useMemo(() => escalationOwners(offer.target, Object.values(agentsById) as Agent[], me?.teamId ?? null).filter((a) => a.id !== me?.id), [agentsById, offer.target, me]);
  const [ownerId, setOwnerId] = useState<string>('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = ownerId || candidates[0]?.id || '';
  const done = events.find((event) => event.type === 'case.escalated' && event.payload.reason.startsWith(`${offer.label}:`));

  async function escalate() {
    if (!chosen) return;
    setBusy(true);
    setError(null);
    const result = await sync.append({ id: crypto.randomUUID(), caseId, type: 'case.escalated', payload: { level: offer.level, toOwnerId: chosen, reason: escalationReason(offer), automatic: false } });
    setBusy(false);
    if (!result.ok) setError(result.error.message);
  }

  return (
    <li className={`wf-offer${offer.mandatory ? ' mandatory' : ''}`}>
      <div className="wf-offer-head">
        <strong>{offer.label}</strong> <span className="muted">level {offer.level}</span>
        {offer.mandatory && <span className="badge required-badge">Required by policy</span>}
      </div>
      <p>{offer.reason}</p>
      {done && done.type === 'case.escalated' ? (
        <p className="done">
          <Icon name="done" /> Escalated to {agentsById[done.payload.toOwnerId]?.displayName ?? done.payload.toOwnerId}</p>
      ) : candidates.length === 0 ? (
        <p className="blocked">Nobody in the agent directory works this queue; the directory may not have loaded yet.</p>
      ) : (
        <div className="wf-offer-form">
          <label>
            Owner{' '}
            <select value={chosen} onChange={(e) => setOwnerId(e.target.value)}>
              {candidates.map((agent) => (
                <option key={agent.id} value={agent.id}>
                  {agent.displayName} ({agent.teamId})
                </option>
              ))}
            </select>
          </label>
          <button type="button" className={offer.mandatory ? 'primary' : undefined} disabled={busy} onClick={() => void escalate()}>
            Escalate to {offer.label}
          </button>
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          Not escalated: {error}
        </p>
      )}
    </li>
  );
}
