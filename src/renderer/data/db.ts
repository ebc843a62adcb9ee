import Dexie, { type DBCoreCursor, type DBCoreTable, type DBCoreTableSchema, type Table } from 'dexie';
import { nameTokens } from '../../shared/screenpop/identifiers';
import { UnreadableRecordError, type RecordSealer } from './recordSealer';
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
  /** Refused by the case service, with its reason: shown on the timeline, left out of the case. */
  rejectedReason?: string | null;
  event: CaseEventEnvelope;
}

/**
 * What the screen pop needs of a customer. Email is dropped and the phone kept to its last
 * four digits (DESIGN.md: the full values stay in main, behind an audited reveal); the rest is
 * sealed like every record here (see recordSealer).
 */
export interface CustomerRecord {
  id: string;
  customer: Omit<Customer, 'phone' | 'email'> & { phoneLast4: string };
  accounts: Account[];
  recentTransactions: Transaction[];
  fetchedAt: string;
}

/**
 * Screen-pop lookup keys of one customer, all indexed and so stored in the clear: phone, e-mail
 * and account numbers only as keyed hashes made by main, name words only as keyed hashes of their
 * prefixes made with this agent's read-model key, so the store is searchable without naming anyone.
 */
export interface PopIndexRecord {
  customerId: string;
  phoneDigest: string;
  emailDigest: string;
  accountDigests: string[];
  /** Last 4 of every account and card the customer is known to use. */
  last4s: string[];
  /** Keyed hashes of every prefix (up to NAME_PREFIX_MAX characters) of each lower-case name word. */
  namePrefixes: string[];
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
const SEAL_CHECK_KEY = 'sealCheck';

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

  readonly sealer: RecordSealer;

  constructor(name: string, sealer: RecordSealer) {
    super(name);
    this.sealer = sealer;
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
    // Records sealed, names as keyed prefix hashes: what an earlier version left in the clear goes.
    this.version(4)
      .stores({ popIndex: 'customerId, phoneDigest, emailDigest, *accountDigests, *last4s, *namePrefixes' })
      .upgrade(async (tx) => {
        await Promise.all(['events', 'cases', 'customers', 'meta', 'popIndex', 'transactions', 'contacts'].map((table) => tx.table(table).clear()));
      });
    this.use({ stack: 'dbcore', name: 'sealed-records', create: (down) => ({ ...down, table: (tableName) => sealedTable(down.table(tableName), sealer) }) });
  }

  /**
   * Makes sure what is stored opens with this session's key: a cache sealed with another key (the
   * agent started afresh, or the database was tampered with) is dropped and rebuilt from main.
   */
  async verifySealing(): Promise<'kept' | 'rebuilt'> {
    try {
      if ((await this.meta.get(SEAL_CHECK_KEY))?.value === 1) return 'kept';
    } catch (error) {
      if (!(error instanceof UnreadableRecordError)) throw error;
    }
    await this.clearAll();
    await this.meta.put({ key: SEAL_CHECK_KEY, value: 1 });
    return 'rebuilt';
  }

  /** A record read past Dexie (nativeReads), opened as Dexie would. */
  openRecord<T>(table: string, stored: unknown): T {
    return this.sealer.open(table, primaryKeyField(this.table(table).schema.primKey.keyPath), stored) as T;
  }

  /** The blind-index entries of a full name (see PopIndexRecord.namePrefixes). */
  namePrefixesOf(fullName: string): string[] {
    const prefixes = new Set<string>();
    for (const word of nameTokens(fullName)) {
      for (let length = 1; length <= Math.min(word.length, NAME_PREFIX_MAX); length += 1) prefixes.add(this.namePrefix(word.slice(0, length)));
    }
    return [...prefixes];
  }

  /** The blind-index entry a typed name word is looked up by. */
  namePrefix(word: string): string {
    return this.sealer.digest('name-prefix', word.slice(0, NAME_PREFIX_MAX));
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

export function openReadModelDb(agentId: string, sealer: RecordSealer): ReadModelDb {
  return new ReadModelDb(readModelDbName(agentId), sealer);
}

/** Longer typed words are matched on their first this-many characters (then filtered in memory). */
export const NAME_PREFIX_MAX = 12;

function primaryKeyField(keyPath: string | string[] | null | undefined): string {
  if (typeof keyPath !== 'string') throw new Error('Read-model tables are keyed by one field.');
  return keyPath;
}

/** The fields a table is indexed by: kept in the clear so IndexedDB can index them; the rest is sealed. */
function indexedFields(schema: DBCoreTableSchema): string[] {
  const fields = new Set<string>();
  for (const index of [schema.primaryKey, ...schema.indexes]) {
    const paths = index.keyPath === null || index.keyPath === undefined ? [] : Array.isArray(index.keyPath) ? index.keyPath : [index.keyPath];
    for (const path of paths) fields.add(path.split('.')[0] ?? path);
  }
  return [...fields];
}

function sealedTable(table: DBCoreTable, sealer: RecordSealer): DBCoreTable {
  const keyField = primaryKeyField(table.schema.primaryKey.keyPath);
  const keep = indexedFields(table.schema);
  const open = (value: unknown) => sealer.open(table.name, keyField, value);
  // A delegate, not Object.create(cursor): the cursor is the browser's own IDBCursor, whose methods
  // refuse any other `this` ("Illegal invocation").
  const openCursor = (cursor: DBCoreCursor): DBCoreCursor => {
    const opened: DBCoreCursor = {
      get trans() {
        return cursor.trans;
      },
      get key(): unknown {
        return cursor.key;
      },
      get primaryKey(): unknown {
        return cursor.primaryKey;
      },
      get value(): unknown {
        return open(cursor.value);
      },
      get done() {
        return cursor.done;
      },
      continue: (key?: unknown) => cursor.continue(key),
      continuePrimaryKey: (key: unknown, primaryKey: unknown) => cursor.continuePrimaryKey(key, primaryKey),
      advance: (count: number) => cursor.advance(count),
      start: (onNext: () => void) => cursor.start(onNext),
      stop: (value?: unknown) => cursor.stop(value),
      next: () => cursor.next().then(() => opened),
      fail: (error: Error) => cursor.fail(error),
    };
    return opened;
  };
  return {
    ...table,
    mutate(request) {
      if (request.type !== 'add' && request.type !== 'put') return table.mutate(request);
      return table.mutate({ ...request, values: request.values.map((value) => sealer.seal(table.name, keyField, value as Record<string, unknown>, keep)) });
    },
    get: (request) => table.get(request).then(open),
    getMany: (request) => table.getMany(request).then((values) => values.map(open)),
    query: (request) => table.query(request).then((response) => (request.values ? { ...response, result: response.result.map(open) } : response)),
    openCursor: (request) => table.openCursor(request).then((cursor) => (cursor && request.values !== false ? openCursor(cursor) : cursor)),
  };
}
