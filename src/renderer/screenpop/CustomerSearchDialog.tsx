import { useEffect, useId, useRef, useState } from 'react';
import { channelLabel, type Channel } from '../../shared/domain/enums';
import { describeIntakeIdentifiers } from '../../shared/screenpop/intake';
import type { PopHistoryEntry } from '../../shared/screenpop/popContract';
import type { CustomerRecord } from '../data/db';
import { toCustomerRecord } from '../data/customers';
import type { PopCustomer } from '../../shared/screenpop/popCustomer';
import { TierBadge } from '../ui/badges';
import { useReadModels, useServices, useSession } from '../ui/context';
import { formatInstant, maskedPhone, plural } from '../ui/format';
import { searchLocalCustomers } from './customerSearch';
import { ModalDialog } from './ModalDialog';
import { useListboxKeys } from '../ui/useListboxKeys';
import { storePopCustomers } from './popStorage';
import { useScreenPop, useScreenPopStore } from './screenPopContext';
import { ProblemAlert } from '../ui/ProblemAlert';

const TYPING_PAUSE_MS = 150;
const CHANNELS: Channel[] = ['phone', 'chat', 'secure_message', 'email', 'sms', 'walk_in'];

/** One customer in the list: their record, and where it came from. */
interface Found {
  record: CustomerRecord;
  /** Held in this desktop's read model (a pop of them works offline). */
  held: boolean;
  /** The bank's answer for a customer not held here: kept locally only if the agent opens them. */
  fromService: PopCustomer | null;
}

/** Where the bank's (the case service's) part of the search is. */
type BankSearch = { state: 'searching' } | { state: 'answered'; more: boolean } | { state: 'failed'; problem: string };

type Results = { query: string; found: Found[]; bank: BankSearch };

/**
 * Ctrl+K: find a customer by name, phone, account number, card, account or phone last 4, e-mail,
 * customer or case reference. This desktop's read model answers at once and the case service is
 * always asked too: a desktop holds only its own working set, so its matches are a part, never the
 * whole, until the bank's answer is merged in. The list says which customers are held here and
 * which came from the bank, and the status line never calls a partial list complete. Arrow keys
 * move through the results, Enter opens the pop.
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

  const found = results?.found ?? [];
  const { active, setActive, reset: resetActive, onKeyDown } = useListboxKeys(
    found.length,
    (index) => {
      const chosen = found[index];
      if (chosen && !busy) void choose(chosen);
    },
    { firstActive: true },
  );
  // The customer the agent is on stays the active one while the bank's answer reorders the list.
  const activeId = useRef<string | null>(null);
  activeId.current = found[active]?.record.id ?? null;

  useEffect(() => {
    void store.getState().loadHistory();
  }, [store]);

  useEffect(() => {
    const text = query.trim();
    latest.current = text;
    if (text.length === 0) return;
    const timer = setTimeout(() => {
      void (async () => {
        // Both at once: the bank is asked without waiting for this desktop's answer.
        const remote = bridge.invoke('screenpop.lookup', { query: text });
        const digests = await bridge.invoke('lookup.digests', { query: text });
        const local = await searchLocalCustomers(db, text, digests.ok ? digests.value : { phone: null, accountNumber: null, email: null });
        if (latest.current !== text) return;
        const heldHere = local.map((record) => ({ record, held: true, fromService: null }));
        setResults({ query: text, found: heldHere, bank: { state: 'searching' } });
        resetActive();

        const answer = await remote;
        if (latest.current !== text) return;
        if (!answer.ok) {
          setResults({ query: text, found: heldHere, bank: { state: 'failed', problem: answer.error.message } });
          return;
        }
        const merged = mergeWithBank(heldHere, answer.value.customers);
        setResults({ query: text, found: merged, bank: { state: 'answered', more: answer.value.more } });
        const keep = merged.findIndex((entry) => entry.record.id === activeId.current);
        if (keep >= 0) setActive(keep);
      })();
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [query, bridge, db, resetActive, setActive]);


  async function choose({ record: customer, fromService }: Found) {
    setBusy(true);
    setProblem(null);
    // Only the customer the agent opens joins this desktop's read model, not everyone a search listed.
    if (fromService) await storePopCustomers(db, [fromService]);
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
          aria-expanded={found.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={found.length > 0 ? optionId(active) : undefined}
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
          Name, phone or its last 4, account number, card or account last 4, e-mail, customer or case reference. Up and Down arrows to move, Enter to open.
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
        {results && searchStatus(results)}
      </p>
      <ul id={listId} role="listbox" aria-label="Matching customers" className="search-results">
        {found.map(({ record: customer, held }, index) => (
          <li
            key={customer.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            className={index === active ? 'active' : undefined}
            onMouseEnter={() => setActive(index)}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => void choose(found[index]!)}
          >
            <span className="search-name">{customer.customer.fullName}</span> <TierBadge tier={customer.customer.tier} />{' '}
            <span className="muted">
              {customer.id} · phone {maskedPhone(customer.customer.phoneLast4)} · {customer.accounts.map((account) => account.maskedNumber).join(', ') || 'no accounts'}
            </span>{' '}
            <span className={`badge source source-${held ? 'desktop' : 'bank'}`}>{held ? 'On this desktop' : 'From the bank'}</span>
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

/**
 * The bank's answer in its ranking, each marked held or not, then anyone held here the bank did not
 * list (its list is cut at a limit; a desktop may rank differently).
 */
function mergeWithBank(heldHere: readonly Found[], fromBank: readonly PopCustomer[]): Found[] {
  const held = new Map(heldHere.map((entry) => [entry.record.id, entry]));
  const merged: Found[] = fromBank.map((customer) => held.get(customer.detail.customer.id) ?? { record: toCustomerRecord(customer.detail, new Date()), held: false, fromService: customer });
  const listed = new Set(merged.map((entry) => entry.record.id));
  return [...merged, ...heldHere.filter((entry) => !listed.has(entry.record.id))];
}

/** What the list is, in words: never a part presented as the whole. */
function searchStatus({ query, found, bank }: { query: string; found: readonly Found[]; bank: BankSearch }): string {
  const here = found.filter((entry) => entry.held).length;
  const onDesktop = here === 0 ? 'Nobody on this desktop matches' : `Showing ${plural(here, 'customer', 'customers')} on this desktop`;
  switch (bank.state) {
    case 'searching':
      return `${onDesktop} — searching the bank…`;
    case 'failed':
      return `${onDesktop}; the bank could not be searched (${bank.problem}), so there may be more.`;
    case 'answered':
      if (found.length === 0) return `No customer matches “${query}” on this desktop or at the bank.`;
      return bank.more ? `The first ${found.length} matches — there are more at the bank: type more to narrow the search.` : `${plural(found.length, 'customer', 'customers')} found.`;
  }
}
