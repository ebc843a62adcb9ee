import { BUNDLED_QUEUES, placeNewCase } from '../../../shared/policy/queuesConfig';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { DateTime } from 'luxon';
import { caseEventPayloads, describeZodError } from '../../../shared/domain/caseEvent';
import { CaseType, caseTypeLabel } from '../../../shared/domain/enums';
import { walkInCaseId } from '../../../shared/walkin/caseReference';
import { ManualCustomer, walkInContactSummary } from '../../../shared/walkin/walkInContact';
import { latestDefinition, severityCodeOf } from '../../../shared/workflow';
import type { CustomerRecord } from '../../data/db';
import { useReadModels, useSession } from '../context';
import { WorkflowRunner } from '../workflow/WorkflowRunner';
import { useWorkflowSetup, useWorkspaceView, useWorkspaceViews } from '../workflow/WorkflowProvider';
import { ProblemAlert } from '../ProblemAlert';
import { Screen } from '../Screen';
import { useListboxKeys } from '../useListboxKeys';
import { useDraft } from '../drafts/useDraft';

const WALK_IN_WORKFLOW = 'walk_in_complaint';

/**
 * The branch desk: take a complaint with the customer in front of you, with or without the
 * link to the case service. Everything is recorded in this desktop's journal first (case,
 * contact, workflow answers) and syncs when the link is back; the reference on the printed
 * acknowledgement is made here, so it never waits for the service.
 */
export function WalkInScreen() {
  const caseId = useWorkspaceView((state) => state.walkInCaseId);
  const views = useWorkspaceViews();
  return (
    <Screen
      className="walkin-screen"
      titleId="walkin-title"
      title="Walk-in complaint"
      actions={
        caseId && (
          <button type="button" onClick={() => views.getState().setWalkInCase(null)}>
            New walk-in complaint
          </button>
        )
      }
    >
      {caseId ? <WalkInCase caseId={caseId} /> : <IntakeForm onOpened={(id) => views.getState().setWalkInCase(id)} />}
    </Screen>
  );
}

function IntakeForm({ onOpened }: { onOpened(caseId: string): void }) {
  const id = useId();
  const { db, sync } = useReadModels();
  const agent = useSession((state) => state.agent);
  const { load } = useWorkflowSetup();
  const definition = load?.ok ? latestDefinition(load.setup.registry, WALK_IN_WORKFLOW) : null;
  const caseTypes: CaseType[] = definition?.caseTypes ?? ['complaint'];
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<CustomerRecord | null>(null);
  const [manualName, setManualName] = useState('');
  const [manualContact, setManualContact] = useState('');
  const [caseType, setCaseType] = useState<CaseType>('complaint');
  const [subject, setSubject] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // What is typed survives a reload or a reconnect (held by main); the customer picked from the list is chosen again.
  const draft = useDraft('walkin', { search, manualName, manualContact, caseType, subject }, (fields) => {
    setSearch(fields.search ?? '');
    setManualName(fields.manualName ?? '');
    setManualContact(fields.manualContact ?? '');
    const keptType = CaseType.safeParse(fields.caseType);
    if (keptType.success) setCaseType(keptType.data);
    setSubject(fields.subject ?? '');
  });

  const term = search.trim().toLowerCase();
  const matches = useLiveQuery(
    async () => (term.length < 2 ? [] : (await db.customers.filter((record) => record.customer.fullName.toLowerCase().includes(term)).limit(8).toArray())),
    [db, term],
  );

  const typeSelect = useRef<HTMLSelectElement>(null);
  const suggestions = matches ?? [];
  const pick = (record: CustomerRecord) => {
    setPicked(record);
    // The box that had focus is gone with the pick: on to the next thing to fill in.
    requestAnimationFrame(() => typeSelect.current?.focus());
  };
  const listbox = useListboxKeys(suggestions.length, (index) => suggestions[index] && pick(suggestions[index]), { firstActive: false });
  const listId = `${id}-matches`;
  const optionId = (index: number) => `${listId}-${index}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!agent || saving) return;
    if (!definition) return setError('The walk-in workflow is not installed on this desktop; see Workflow problems.');
    const manual = picked ? null : ManualCustomer.safeParse({ fullName: manualName, contact: manualContact });
    if (manual && !manual.success) return setError(`Choose the customer from the list or type their name: ${manual.error.issues[0]?.message ?? ''}`);
    const localDate = DateTime.now().setZone(agent.timeZone).toISODate() ?? DateTime.utc().toISODate() ?? '';
    const caseId = walkInCaseId(agent.branchId, localDate, (bytes) => crypto.getRandomValues(bytes));
    const placed = placeNewCase(BUNDLED_QUEUES, { caseType, channel: 'walk_in', tier: picked?.customer.tier ?? null, opener: agent });
    if (!placed.ok) return setError(`The complaint was not opened: ${placed.reason}`);
    const created = caseEventPayloads['case.created'].safeParse({
      customerId: picked?.id ?? null,
      caseType,
      severity: severityCodeOf[definition.defaultSeverity],
      channel: 'walk_in',
      subject,
      ownerId: placed.ownerId,
      queueId: placed.queueId,
    });
    if (!created.success) return setError(`The complaint was not opened: ${describeZodError(created.error).replace(/^subject: /, 'summary: ')}.`);
    setSaving(true);
    setError(null);
    // In this order, each recorded in the journal before the next: a failure leaves a case that can be carried on.
    const steps = [
      () => sync.append({ id: crypto.randomUUID(), caseId, type: 'case.created', payload: created.data }),
      () =>
        sync.append({
          id: crypto.randomUUID(),
          caseId,
          type: 'contact.linked',
          payload: { contactId: crypto.randomUUID(), channel: 'walk_in', direction: 'inbound', summary: walkInContactSummary(agent.branchId, manual?.success ? manual.data : null) },
        }),
      () => sync.append({ id: crypto.randomUUID(), caseId, type: 'workflow.started', payload: { workflowId: definition.id, version: definition.version } }),
    ];
    for (const step of steps) {
      const result = await step();
      if (!result.ok) {
        setSaving(false);
        return setError(`The complaint was not opened: ${result.error.message}`);
      }
    }
    setSaving(false);
    draft.clear();
    onOpened(caseId);
  }

  return (
    <form className="panel walkin-intake" onSubmit={(e) => void submit(e)} aria-label="Walk-in intake">
      <fieldset>
        <legend>Customer at the desk</legend>
        {picked ? (
          <p className="picked" role="status">
            <strong>{picked.customer.fullName}</strong> <span className="muted">({picked.id}, phone ending {picked.customer.phoneLast4})</span>{' '}
            <button type="button" className="link" onClick={() => setPicked(null)}>
              Change
            </button>
          </p>
        ) : (
          <>
            <label htmlFor={`${id}-search`}>Find the customer by name</label>
            <input
              id={`${id}-search`}
              role="combobox"
              aria-autocomplete="list"
              aria-expanded={suggestions.length > 0}
              aria-controls={listId}
              aria-activedescendant={listbox.active >= 0 ? optionId(listbox.active) : undefined}
              aria-describedby={`${id}-search-hint`}
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                listbox.reset();
              }}
              onKeyDown={listbox.onKeyDown}
              autoComplete="off"
              placeholder="At least two letters"
            />
            <p id={`${id}-search-hint`} className="hint">
              Down and Up arrows to go through the matches, Enter to choose one.
            </p>
            <ul id={listId} role="listbox" className="search-results walkin-matches" aria-label="Matching customers" hidden={suggestions.length === 0}>
              {suggestions.map((record, index) => (
                <li
                  key={record.id}
                  id={optionId(index)}
                  role="option"
                  aria-selected={index === listbox.active}
                  className={index === listbox.active ? 'active' : undefined}
                  onMouseEnter={() => listbox.setActive(index)}
                  // The text box keeps focus, as in any combobox; the click picks.
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => pick(record)}
                >
                  {record.customer.fullName} <span className="muted">· {record.id} · phone ending {record.customer.phoneLast4}</span>
                </li>
              ))}
            </ul>
            {term.length >= 2 && matches?.length === 0 && <p className="hint">No customer on this desktop matches; enter their details below.</p>}
            <div className="two-col">
              <div>
                <label htmlFor={`${id}-name`}>Name (not on file)</label>
                <input id={`${id}-name`} value={manualName} onChange={(e) => setManualName(e.target.value)} maxLength={120} />
              </div>
              <div>
                <label htmlFor={`${id}-contact`}>Phone or e-mail (optional)</label>
                <input id={`${id}-contact`} value={manualContact} onChange={(e) => setManualContact(e.target.value)} maxLength={200} />
              </div>
            </div>
          </>
        )}
      </fieldset>
      <div className="two-col">
        <div>
          <label htmlFor={`${id}-type`}>Complaint type</label>
          <select id={`${id}-type`} ref={typeSelect} value={caseType} onChange={(e) => setCaseType(e.target.value as CaseType)}>
            {caseTypes.map((type) => (
              <option key={type} value={type}>
                {caseTypeLabel[type]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-subject`}>In one line, what is the complaint?</label>
          <input id={`${id}-subject`} value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={200} />
        </div>
      </div>
      <ProblemAlert problem={error} />
      <div className="form-actions">
        <span className="hint">Works without the link to the case service: the complaint syncs when it is back.</span>
        <button type="submit" className="primary" disabled={saving || !definition}>
          {saving ? 'Opening…' : 'Open complaint'}
        </button>
      </div>
    </form>
  );
}

function WalkInCase({ caseId }: { caseId: string }) {
  const { db } = useReadModels();
  const caseState = useLiveQuery(async () => (await db.cases.get(caseId)) ?? null, [db, caseId]);
  if (caseState === undefined) return <p role="status">Opening the complaint…</p>;
  if (caseState === null) return <p className="alert">This complaint is not on this desktop.</p>;
  return (
    <div className="walkin-case">
      <p className="walkin-ref">
        Reference <strong className="mono reference">{caseId}</strong> · {caseTypeLabel[caseState.caseType]} · {caseState.subject}
      </p>
      <WorkflowRunner caseId={caseId} caseState={caseState} />
    </div>
  );
}
