import Dexie, { type Table } from 'dexie';
import type { CaseEventEnvelope } from '../../shared/domain/caseEvent';
import type { CaseState } from '../../shared/domain/caseState';
import type { ContactState } from '../../shared/domain/contactState';
import type { Account, Customer, Transaction } from '../../shared/domain/customer';

/** One event as main holds it, keyed by event id so a re-delivered event overwrites itself. */
export interface EventRecord {
  id: string;
  caseId: string;
  localSeq: number;
  seq: number | null;
  synced: boolean;
  event: CaseEventEnvelope;
}

/**
 * What the screen pop needs of a customer. Email is dropped and the phone kept to its last
 * four digits, because this cache sits on disk unencrypted (DESIGN.md: no sensitive fields in
 * plain text); the full values stay in main, behind an audited reveal.
 */
export interface CustomerRecord {
  id: string;
  customer: Omit<Customer, 'phone' | 'email'> & { phoneLast4: string };
  accounts: Account[];
  recentTransactions: Transaction[];
  fetchedAt: string;
}

/**
 * Screen-pop lookup keys of one customer. Phone, e-mail and account numbers appear only as keyed
 * hashes (blind indexes, made by main with a per-install key), so this unencrypted store can be
 * searched by them without holding them in plain text.
 */
export interface PopIndexRecord {
  customerId: string;
  phoneDigest: string;
  emailDigest: string;
  accountDigests: string[];
  /** Last 4 of every account and card the customer is known to use. */
  last4s: string[];
  /** Lower-case words of the name, for prefix search. */
  nameTokens: string[];
}

/** A transaction with its customer, so "the last 10" is one index range per customer. */
export interface TransactionRecord extends Transaction {
  customerId: string;
}

interface MetaRecord {
  key: string;
  value: number;
}

const CURSOR_KEY = 'afterLocalSeq';

/**
 * The renderer's read models: a cache of what main holds, shaped for indexed queries.
 * It can be dropped and rebuilt from main at any time, so there are no migrations — a new
 * schema version simply starts empty and catches up.
 */
export class ReadModelDb extends Dexie {
  declare events: Table<EventRecord, string>;
  declare cases: Table<CaseState, string>;
  /** Contacts recorded on customers apart from cases (streams CT-…), folded like cases. */
  declare contacts: Table<ContactState, string>;
  declare customers: Table<CustomerRecord, string>;
  declare meta: Table<MetaRecord, string>;
  declare popIndex: Table<PopIndexRecord, string>;
  declare transactions: Table<TransactionRecord, string>;

  constructor(name: string) {
    super(name);
    this.version(1).stores({
      events: 'id, caseId, localSeq',
      cases: 'id, ownerId, status, [ownerId+status], customerId, updatedAt',
      customers: 'id',
      meta: 'key',
    });
    // Screen pops: every lookup key indexed; the last transactions one range per customer.
    this.version(2).stores({
      popIndex: 'customerId, phoneDigest, emailDigest, *accountDigests, *last4s, *nameTokens',
      transactions: 'id, [customerId+postedAt]',
    });
    this.version(3).stores({ contacts: 'id, customerId, agentId' });
  }

  async readCursor(): Promise<number> {
    return (await this.meta.get(CURSOR_KEY))?.value ?? 0;
  }

  /** Call inside a transaction that includes `meta`, with the data the cursor covers. */
  writeCursor(value: number): Promise<string> {
    return this.meta.put({ key: CURSOR_KEY, value });
  }

  async clearAll(): Promise<void> {
    await this.transaction('rw', [this.events, this.cases, this.contacts, this.customers, this.meta, this.popIndex, this.transactions], async () => {
      await Promise.all([this.events.clear(), this.cases.clear(), this.contacts.clear(), this.customers.clear(), this.meta.clear(), this.popIndex.clear(), this.transactions.clear()]);
    });
  }
}

/** One database per agent on this install, so two people sharing a desk never see each other's cache. */
export function readModelDbName(agentId: string): string {
  return `agent-console-read-model-${agentId}`;
}

export function openReadModelDb(agentId: string): ReadModelDb {
  return new ReadModelDb(readModelDbName(agentId));
}
