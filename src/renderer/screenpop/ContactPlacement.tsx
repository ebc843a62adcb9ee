import { useId, useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { CaseType, Severity, caseTypeLabel } from '../../shared/domain/enums';
import { newCaseDefaults, rankCasesForContact, type RankedCase } from '../../shared/screenpop/contactLinking';
import { SeverityBadge, StatusBadge } from '../ui/badges';
import { useReadModels } from '../ui/context';
import { severityLabel } from '../ui/format';
import { useScreenPopStore } from './screenPopContext';
import type { PopSession } from './screenPopStore';

const whyWords: Record<RankedCase['why'], string> = {
  named_case: 'the case this contact named',
  same_type: 'same type as the case this contact named',
  same_channel: 'already worked on this channel',
  recent: 'most recently updated',
};

/**
 * The contact is on the customer's record; which case it is about is the agent's call: one of
 * their open cases (the likeliest first, marked "Suggested") or a new case of the type and
 * severity the agent chooses. Until then nothing is opened and no SLA clock runs.
 */
export function ContactPlacement({ session }: { session: PopSession }) {
  const store = useScreenPopStore();
  const { db } = useReadModels();
  const id = useId();
  const customerId = session.customerId;
  const namedCaseId = session.request.intake?.caseId?.toUpperCase();
  const cases = useLiveQuery(
    async () => (customerId ? db.cases.where('customerId').equals(customerId).toArray() : namedCaseId ? [await db.cases.get(namedCaseId)].filter((state) => state !== undefined) : []),
    [db, customerId, namedCaseId],
  );
  const ranked = useMemo(() => (cases ? rankCasesForContact({ customerId, channel: session.request.channel, namedCaseId, cases }) : null), [cases, customerId, namedCaseId, session.request.channel]);
  const named = cases?.find((state) => state.id === namedCaseId);
  const defaults = newCaseDefaults(named);
  const [caseType, setCaseType] = useState<CaseType | null>(null);
  const [severity, setSeverity] = useState<Severity | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    try {
      await action();
    } finally {
      setBusy(false);
    }
  }

  if (session.caseId) return null;
  const ready = session.contactId !== null && !busy;
  return (
    <section className="panel contact-placement" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Record this contact on a case</h2>
      {!session.contactId && <p className="muted">Recording the contact on the customer…</p>}
      {ranked === null ? (
        <p className="muted">Loading open cases…</p>
      ) : ranked.length === 0 ? (
        <p className="muted">{customerId ? 'No open cases: open a new one below if the contact needs one.' : 'Open a case below if the contact needs one; it can be tied to the customer later.'}</p>
      ) : (
        <ul className="placement-cases" aria-label="Open cases to link to">
          {ranked.map(({ state, why }, index) => (
            <li key={state.id}>
              <button type="button" className={index === 0 ? 'primary' : undefined} disabled={!ready} onClick={() => void run(() => store.getState().linkToCase(state.id))}>
                Link to {state.id}
              </button>{' '}
              {index === 0 && <span className="badge suggested">Suggested</span>} {caseTypeLabel[state.caseType]}: {state.subject} <StatusBadge status={state.status} /> <SeverityBadge severity={state.severity} />{' '}
              <span className="muted">({whyWords[why]})</span>
            </li>
          ))}
        </ul>
      )}
      <form
        className="new-contact-case"
        onSubmit={(event) => {
          event.preventDefault();
          if (ready) void run(() => store.getState().openCaseForContact({ caseType: caseType ?? defaults.caseType, severity: severity ?? defaults.severity }));
        }}
      >
        <label htmlFor={`${id}-type`}>Case type</label>
        <select id={`${id}-type`} value={caseType ?? defaults.caseType} onChange={(event) => setCaseType(event.target.value as CaseType)}>
          {CaseType.options.map((option) => (
            <option key={option} value={option}>
              {caseTypeLabel[option]}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-severity`}>Severity</label>
        <select id={`${id}-severity`} value={severity ?? defaults.severity} onChange={(event) => setSeverity(event.target.value as Severity)}>
          {Severity.options.map((option) => (
            <option key={option} value={option}>
              {option} {severityLabel[option]}
            </option>
          ))}
        </select>
        <button type="submit" disabled={!ready}>
          Open new case
        </button>
      </form>
    </section>
  );
}
