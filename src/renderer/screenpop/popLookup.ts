import Dexie, { type Table } from 'dexie';
import type { CaseState } from '../../shared/domain/caseState';
import type { Transaction } from '../../shared/domain/customer';
import type { IdentifierHits } from '../../shared/screenpop/matching';
import type { PopRequest } from '../../shared/screenpop/popContract';
import type { CustomerRecord, EventRecord, ReadModelDb } from '../data/db';

export const LAST_TRANSACTIONS = 10;

/** Which customers the local read model finds for each identifier of a contact, through its indexes. */
export async function findLocalHits(db: ReadModelDb, request: PopRequest): Promise<IdentifierHits> {
  const { intake, digests } = request;
  const hits: IdentifierHits = {};
  if (!intake) return hits;
  const lookups: Promise<void>[] = [];
  if (intake.caseId) {
    const caseId = intake.caseId.toUpperCase();
    lookups.push(
      db.cases.get(caseId).then((state) => {
        hits.caseId = state?.customerId ? [state.customerId] : [];
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
      db.popIndex
        .where(index)
        .equals(digest)
        .primaryKeys()
        .then((ids) => {
          hits[name] = ids;
        }),
    );
  };
  byDigest('accountNumber', 'accountDigests', digests.accountNumber);
  byDigest('ani', 'phoneDigest', digests.ani);
  byDigest('email', 'emailDigest', digests.email);
  await Promise.all(lookups);
  return hits;
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

export async function loadPopSnapshot(db: ReadModelDb, customerId: string, caseBudgetMs = Number.POSITIVE_INFINITY): Promise<PopSnapshot | null> {
  const caseHistory = loadCaseHistory(db, customerId);
  const customerPart = await loadCustomerPart(db, customerId);
  if (!customerPart) return null;
  return completeSnapshot(customerPart, caseHistory, caseBudgetMs);
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

/** The customer record with their last transactions: a table only the working set and look-ups write. */
export async function loadCustomerPart(db: ReadModelDb, customerId: string): Promise<Pick<PopSnapshot, 'customer' | 'transactions'> | null> {
  const customer = await db.customers.get(customerId);
  return customer ? customerPartOf(customer) : null;
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

/**
 * Reads in one read-only transaction, answered as soon as the reads are done: a read-only
 * transaction has nothing to commit, so waiting for its completion would only add a round trip.
 */
export function readTogether<T>(db: ReadModelDb, scope: Table[], reads: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    db.transaction('r', scope, async () => {
      const value = await reads();
      // Answered from outside the transaction's zone, so the caller's next reads and writes are not taken as part of it.
      Dexie.ignoreTransaction(() => resolve(value));
    }).catch(reject);
  });
}

/** The customer's cases and every contact on them: tables the case catch-up writes. */
export function loadCaseHistory(db: ReadModelDb, customerId: string): Promise<CaseHistory> {
  // Its own transaction even when called inside another: it must not wait for, or hold up, the customer part.
  return Dexie.ignoreTransaction(() => readTogether(db, [db.cases, db.events], async () => {
    const cases = await db.cases.where('customerId').equals(customerId).toArray();
    return { cases, contacts: await contactHistory(db, cases.map((state) => state.id)) };
  }));
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
  const records = await db.events.where('caseId').anyOf([...caseIds]).filter((record) => record.event.type === 'contact.linked').toArray();
  return records.flatMap(toContactItem).sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
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
