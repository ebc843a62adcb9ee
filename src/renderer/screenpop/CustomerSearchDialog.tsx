import { useEffect, useId, useRef, useState } from 'react';
import { channelLabel, type Channel } from '../../shared/domain/enums';
import { describeIntakeIdentifiers } from '../../shared/screenpop/intake';
import type { PopHistoryEntry } from '../../shared/screenpop/popContract';
import type { CustomerRecord } from '../data/db';
import { TierBadge } from '../ui/badges';
import { useReadModels, useServices, useSession } from '../ui/context';
import { formatInstant, maskedPhone } from '../ui/format';
import { searchLocalCustomers } from './customerSearch';
import { ModalDialog } from './ModalDialog';
import { useListboxKeys } from '../ui/useListboxKeys';
import { storePopCustomers } from './popStorage';
import { useScreenPop, useScreenPopStore } from './screenPopContext';
import { ProblemAlert } from '../ui/ProblemAlert';

const TYPING_PAUSE_MS = 150;
const CHANNELS: Channel[] = ['phone', 'chat', 'secure_message', 'email', 'sms', 'walk_in'];

type Results = { query: string; customers: CustomerRecord[]; searchedService: boolean; problem: string | null };

/**
 * Ctrl+K: find a customer by name, phone, account number, card or account last 4, e-mail,
 * customer or case reference. This desktop's read model answers first; when it finds nobody the
 * case service is asked. Arrow keys move through the results, Enter opens the pop.
 */
export function CustomerSearchDialog() {
  const open = useScreenPop((state) => state.search.open);
  if (!open) return null;
  return <SearchDialogBody />;
}

function SearchDialogBody() {
  const store = useScreenPopStore();
  const purpose = useScreenPop((state) => state.search.purpose);
  const history = useScreenPop((state) => state.history);
  const { bridge } = useServices();
  const { db } = useReadModels();
  const role = useSession((state) => state.agent?.role);
  const [query, setQuery] = useState('');
  const [channel, setChannel] = useState<Channel>(role === 'branch_staff' ? 'walk_in' : 'phone');
  const [results, setResults] = useState<Results | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const inputId = useId();
  const listId = useId();
  const titleId = useId();
  const latest = useRef('');

  const customers = results?.customers ?? [];
  const { active, setActive, reset: resetActive, onKeyDown } = useListboxKeys(
    customers.length,
    (index) => {
      const chosen = customers[index];
      if (chosen && !busy) void choose(chosen);
    },
    { firstActive: true },
  );

  useEffect(() => {
    void store.getState().loadHistory();
  }, [store]);

  useEffect(() => {
    const text = query.trim();
    latest.current = text;
    if (text.length === 0) return;
    const timer = setTimeout(() => {
      void (async () => {
        const digests = await bridge.invoke('lookup.digests', { query: text });
        const local = await searchLocalCustomers(db, text, digests.ok ? digests.value : { phone: null, accountNumber: null, email: null });
        if (latest.current !== text) return;
        if (local.length > 0) {
          setResults({ query: text, customers: local, searchedService: false, problem: null });
          resetActive();
          return;
        }
        // Nobody on this desktop: ask the case service, and keep what it finds for next time.
        const remote = await bridge.invoke('screenpop.lookup', { query: text });
        if (latest.current !== text) return;
        if (!remote.ok) {
          setResults({ query: text, customers: [], searchedService: true, problem: remote.error.message });
          return;
        }
        await storePopCustomers(db, [...remote.value.customers, ...remote.value.alsoKept]);
        const ids = remote.value.customers.map((customer) => customer.detail.customer.id);
        const stored = (await db.customers.bulkGet(ids)).filter((record): record is CustomerRecord => record !== undefined);
        if (latest.current !== text) return;
        setResults({ query: text, customers: stored, searchedService: true, problem: null });
        resetActive();
      })();
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [query, bridge, db, resetActive]);


  async function choose(customer: CustomerRecord) {
    setBusy(true);
    setProblem(null);
    if (purpose === 'link_unknown') {
      store.getState().closeSearch();
      await store.getState().linkUnknownTo(customer.id);
      return;
    }
    const result = await bridge.invoke('screenpop.manual', { channel, customerId: customer.id });
    setBusy(false);
    if (!result.ok) {
      setProblem(result.error.message);
      return;
    }
    store.getState().closeSearch();
  }

  async function reopen(entry: PopHistoryEntry) {
    const result = await bridge.invoke('screenpop.reopen', { popId: entry.popId });
    if (!result.ok) setProblem(result.error.message);
    else store.getState().closeSearch();
  }

  const optionId = (index: number) => `${listId}-option-${index}`;
  const title = purpose === 'link_unknown' ? 'Link this contact to a customer' : 'Find a customer';

  return (
    <ModalDialog title={title} titleId={titleId} onCancel={() => store.getState().closeSearch()} className="search-dialog">
      <div className="search-row">
        <label htmlFor={inputId}>Search customers</label>
        <input
          id={inputId}
          data-autofocus
          type="search"
          role="combobox"
          aria-expanded={customers.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={customers.length > 0 ? optionId(active) : undefined}
          aria-describedby={`${inputId}-hint`}
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            if (event.target.value.trim() === '') setResults(null);
          }}
          onKeyDown={onKeyDown}
        />
        <p id={`${inputId}-hint`} className="hint">
          Name, phone, account number, card or account last 4, e-mail, customer or case reference. ↑ ↓ to move, Enter to open.
        </p>
      </div>
      {purpose === 'pop' && (
        <div className="search-row search-channel">
          <label htmlFor={`${inputId}-channel`}>Contact channel</label>
          <select id={`${inputId}-channel`} value={channel} onChange={(event) => setChannel(event.target.value as Channel)}>
            {CHANNELS.map((option) => (
              <option key={option} value={option}>
                {channelLabel[option]}
              </option>
            ))}
          </select>
        </div>
      )}
      <ProblemAlert problem={problem} />
      <p className="search-status" role="status">
        {results === null
          ? ''
          : results.problem
            ? `Nobody on this desktop matches, and the case service could not be asked: ${results.problem}`
            : customers.length === 0
              ? `No customer matches “${results.query}”${results.searchedService ? ' here or at the case service' : ''}.`
              : `${customers.length} ${customers.length === 1 ? 'customer' : 'customers'}${results.searchedService ? ' from the case service' : ''}`}
      </p>
      <ul id={listId} role="listbox" aria-label="Matching customers" className="search-results">
        {customers.map((customer, index) => (
          <li
            key={customer.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            className={index === active ? 'active' : undefined}
            onMouseEnter={() => setActive(index)}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => void choose(customer)}
          >
            <span className="search-name">{customer.customer.fullName}</span> <TierBadge tier={customer.customer.tier} />{' '}
            <span className="muted">
              {customer.id} · phone {maskedPhone(customer.customer.phoneLast4)} · {customer.accounts.map((account) => account.maskedNumber).join(', ') || 'no accounts'}
            </span>
          </li>
        ))}
      </ul>
      {query.trim() === '' && purpose === 'pop' && <RecentContacts entries={history} onReopen={(entry) => void reopen(entry)} />}
      <div className="modal-actions">
        <button type="button" onClick={() => store.getState().closeSearch()}>
          Cancel
        </button>
      </div>
    </ModalDialog>
  );
}

/** Every contact this desktop received, newest first: one a flood pushed off the screen can be popped again. */
function RecentContacts({ entries, onReopen }: { entries: PopHistoryEntry[]; onReopen(entry: PopHistoryEntry): void }) {
  const timeZone = useSession((state) => state.agent?.timeZone ?? 'UTC');
  if (entries.length === 0) return <p className="muted">No contacts yet on this desktop.</p>;
  return (
    <section aria-labelledby="recent-contacts-title" className="recent-contacts">
      <h3 id="recent-contacts-title">Recent contacts</h3>
      <ul>
        {entries.slice(0, 12).map((entry) => (
          <li key={entry.popId}>
            <span className="mono">{formatInstant(entry.receivedAt, timeZone)}</span> {channelLabel[entry.channel]} · {entry.intake ? describeIntakeIdentifiers(entry.intake) : (entry.customerId ?? 'search')}{' '}
            <span className="muted">{entry.linkedCaseId ? `recorded on ${entry.linkedCaseId}` : entry.superseded ? 'pushed off the screen by a newer contact' : entry.shownAt ? 'shown' : 'not shown'}</span>{' '}
            <button type="button" className="link" onClick={() => onReopen(entry)}>
              Pop again
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
