import Dexie from 'dexie';
import type { CaseState } from '../../shared/domain/caseState';
import type { Transaction } from '../../shared/domain/customer';
import { matchCustomers, type IdentifierHits, type MatchOutcome } from '../../shared/screenpop/matching';
import type { PopRequest } from '../../shared/screenpop/popContract';
import type { CustomerRecord, EventRecord, ReadModelDb } from '../data/db';
import { nativeConnection, requested } from '../data/nativeReads';

export const LAST_TRANSACTIONS = 10;

/** What the local read model knows of a contact: who each identifier found, who that makes it, and their records. */
export interface LocalPop {
  hits: IdentifierHits;
  outcome: MatchOutcome;
  /** The matched customers' records that are held here (one for a single match). */
  records: CustomerRecord[];
  /** For a single match: their cases and contacts, read beside the record in a transaction of their own. */
  caseHistory: Promise<CaseHistory> | null;
}

/**
 * Who a contact is and their record, in one read-only transaction of tables the case catch-up
 * never writes: the indexes answer who it is, then the record is read in the same transaction.
 * The customer's cases are read in a second transaction started at the same moment, so a
 * catch-up holding the case tables cannot hold up the first paint (see PopSnapshot).
 */
export async function readLocalPop(db: ReadModelDb, request: PopRequest): Promise<LocalPop> {
  const { intake, digests } = request;
  const hits: IdentifierHits = {};
  if (!intake) return { hits, outcome: { kind: 'none' }, records: [], caseHistory: null };
  const connection = await nativeConnection(db);
  const caseId = intake.caseId?.toUpperCase();
  const transaction = connection.transaction(caseId ? ['popIndex', 'customers', 'cases'] : ['popIndex', 'customers'], 'readonly');
  const lookups: Promise<void>[] = [];
  if (caseId) {
    lookups.push(
      requested(transaction.objectStore('cases').get(caseId)).then((stored) => {
        // Only the indexed customer id is needed: it is kept in the clear, so nothing is decrypted here.
        const customerId = (stored as Partial<CaseState> | undefined)?.customerId;
        hits.caseId = customerId ? [customerId] : [];
      }),
    );
  }
  const byDigest = (name: 'accountNumber' | 'ani' | 'email', index: 'accountDigests' | 'phoneDigest' | 'emailDigest', digest: string | null) => {
    if (intake[name] === undefined) return;
    if (!digest) {
      hits[name] = [];
      return;
    }
    lookups.push(
      requested(transaction.objectStore('popIndex').index(index).getAllKeys(digest)).then((ids) => {
        hits[name] = ids as string[];
      }),
    );
  };
  byDigest('accountNumber', 'accountDigests', digests.accountNumber);
  byDigest('ani', 'phoneDigest', digests.ani);
  byDigest('email', 'emailDigest', digests.email);
  await Promise.all(lookups);
  const outcome = matchCustomers(hits);
  if (outcome.kind === 'none') return { hits, outcome, records: [], caseHistory: null };
  const customers = transaction.objectStore('customers');
  if (outcome.kind === 'single') {
    const caseHistory = readCaseHistory(db, connection, outcome.customerId);
    caseHistory.catch(() => undefined); // not awaited if the record is missing; a failure is the live query's to report
    const record = db.openRecord<CustomerRecord | undefined>('customers', await requested(customers.get(outcome.customerId)));
    return { hits, outcome, records: record ? [record] : [], caseHistory };
  }
  const records = await Promise.all(outcome.customerIds.map(async (id) => db.openRecord<CustomerRecord | undefined>('customers', await requested(customers.get(id)))));
  return { hits, outcome, records: records.filter((record): record is CustomerRecord => record !== undefined), caseHistory: null };
}

/**
 * What the pop shows first. The customer part (identity, accounts, transactions) always; the case
 * part (open cases, contact history) too unless the tables it reads were held up by a write (a
 * catch-up after launch, say) past a small budget, in which case it is null and the view fills
 * it in live a moment later rather than keep the caller waiting.
 */
export interface PopSnapshot {
  customer: CustomerRecord;
  transactions: Transaction[];
  cases: CaseState[] | null;
  contacts: ContactHistoryItem[] | null;
}

export interface ContactHistoryItem {
  eventId: string;
  caseId: string;
  at: string;
  channel: string;
  direction: 'inbound' | 'outbound';
  summary: string;
  actorId: string;
}

/** A customer chosen by id (from the chooser or a search): their record and, within the budget, their cases. */
export async function loadPopSnapshot(db: ReadModelDb, customerId: string, caseBudgetMs = Number.POSITIVE_INFINITY): Promise<PopSnapshot | null> {
  const connection = await nativeConnection(db);
  const caseHistory = readCaseHistory(db, connection, customerId);
  caseHistory.catch(() => undefined); // not awaited if the record is missing
  const customer = db.openRecord<CustomerRecord | undefined>('customers', await requested(connection.transaction('customers', 'readonly').objectStore('customers').get(customerId)));
  if (!customer) return null;
  return completeSnapshot(customerPartOf(customer), caseHistory, caseBudgetMs);
}

/** A record in hand (a look-up's answer, not yet stored): what the pop shows, with the cases this desktop holds for them. */
export async function snapshotOf(db: ReadModelDb, customer: CustomerRecord, caseBudgetMs: number): Promise<PopSnapshot> {
  return completeSnapshot(customerPartOf(customer), readCaseHistory(db, await nativeConnection(db), customer.id), caseBudgetMs);
}

/** Adds the case part to a customer part if it arrives within the budget (see PopSnapshot). */
export async function completeSnapshot(
  customerPart: Pick<PopSnapshot, 'customer' | 'transactions'>,
  caseHistory: Promise<CaseHistory>,
  caseBudgetMs: number,
): Promise<PopSnapshot> {
  const cases = await withinBudget(caseHistory, caseBudgetMs);
  return { ...customerPart, cases: cases?.cases ?? null, contacts: cases?.contacts ?? null };
}

export interface CaseHistory {
  cases: CaseState[];
  contacts: ContactHistoryItem[];
}

/**
 * The first paint's transactions come from the record itself: storePopCustomers writes it in the
 * same transaction as the transaction rows, so its newest ten are the table's newest ten, for one
 * read instead of a cursor walk. The view then follows the transactions table live.
 */
export function customerPartOf(customer: CustomerRecord): Pick<PopSnapshot, 'customer' | 'transactions'> {
  const newestFirst = [...customer.recentTransactions].sort((a, b) => (a.postedAt < b.postedAt ? 1 : a.postedAt > b.postedAt ? -1 : a.id < b.id ? 1 : -1));
  return { customer, transactions: newestFirst.slice(0, LAST_TRANSACTIONS) };
}

/** The customer's cases and every contact on them, in a transaction of their own (tables the case catch-up writes). */
async function readCaseHistory(db: ReadModelDb, connection: IDBDatabase, customerId: string): Promise<CaseHistory> {
  const transaction = connection.transaction(['cases', 'events'], 'readonly');
  const cases = (await requested(transaction.objectStore('cases').index('customerId').getAll(customerId))).map((stored) => db.openRecord<CaseState>('cases', stored));
  const events = transaction.objectStore('events').index('caseId');
  const perCase = await Promise.all(cases.map(async (state) => (await requested(events.getAll(state.id))).map((stored) => db.openRecord<EventRecord>('events', stored))));
  return { cases, contacts: contactItems(perCase.flat()) };
}

function withinBudget<T>(work: Promise<T>, budgetMs: number): Promise<T | null> {
  if (!Number.isFinite(budgetMs)) return work;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), budgetMs);
  });
  work.catch(() => undefined); // a late failure is the live query's to report
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Newest first, straight off the [customerId+postedAt] index. */
export async function lastTransactions(db: ReadModelDb, customerId: string, limit = LAST_TRANSACTIONS): Promise<Transaction[]> {
  const rows = await db.transactions
    .where('[customerId+postedAt]')
    .between([customerId, Dexie.minKey], [customerId, Dexie.maxKey])
    .reverse()
    .limit(limit)
    .toArray();
  return rows.map(({ customerId: _customerId, ...transaction }) => transaction);
}

/** Every contact across the customer's cases, whatever the channel, newest first. */
export async function contactHistory(db: ReadModelDb, caseIds: readonly string[]): Promise<ContactHistoryItem[]> {
  if (caseIds.length === 0) return [];
  return contactItems(await db.events.where('caseId').anyOf([...caseIds]).toArray());
}

function contactItems(records: readonly EventRecord[]): ContactHistoryItem[] {
  return records
    .filter((record) => record.event.type === 'contact.linked')
    .flatMap(toContactItem)
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

function toContactItem(record: EventRecord): ContactHistoryItem[] {
  const payload = record.event.payload as { channel?: unknown; direction?: unknown; summary?: unknown };
  if (typeof payload.channel !== 'string') return [];
  return [
    {
      eventId: record.id,
      caseId: record.caseId,
      at: record.event.at,
      channel: payload.channel,
      direction: payload.direction === 'outbound' ? 'outbound' : 'inbound',
      summary: typeof payload.summary === 'string' ? payload.summary : '',
      actorId: record.event.actorId,
    },
  ];
}
