import { nameTokens, readSearchText } from '../../shared/screenpop/identifiers';
import { NAME_PREFIX_MAX, type CustomerRecord, type ReadModelDb } from '../data/db';

export interface SearchDigests {
  phone: string | null;
  accountNumber: string | null;
  email: string | null;
}

export const MAX_SEARCH_RESULTS = 20;

/**
 * Searches the local read model the way an agent types: a customer or case reference, a phone,
 * e-mail or account number (through their blind indexes), a last 4, or the start of name words.
 * Exact identifiers rank first, then last 4s, then names; at most `limit` customers.
 */
export async function searchLocalCustomers(db: ReadModelDb, query: string, digests: SearchDigests, limit = MAX_SEARCH_RESULTS): Promise<CustomerRecord[]> {
  const readings = readSearchText(query);
  const exact: Promise<string[]>[] = [];
  if (readings.customerId) exact.push(Promise.resolve([readings.customerId]));
  if (readings.caseId) exact.push(db.cases.get(readings.caseId).then((state) => (state?.customerId ? [state.customerId] : [])));
  if (digests.phone) exact.push(db.popIndex.where('phoneDigest').equals(digests.phone).primaryKeys());
  if (digests.accountNumber) exact.push(db.popIndex.where('accountDigests').equals(digests.accountNumber).primaryKeys());
  if (digests.email) exact.push(db.popIndex.where('emailDigest').equals(digests.email).primaryKeys());
  const byLast4 = readings.last4 ? db.popIndex.where('last4s').equals(readings.last4).limit(limit).primaryKeys() : Promise.resolve([] as string[]);
  const byName = readings.nameWords.length > 0 ? searchByName(db, readings.nameWords, limit) : Promise.resolve([] as string[]);

  const ranked: string[] = [];
  const add = (ids: readonly string[]) => {
    for (const id of ids) if (!ranked.includes(id)) ranked.push(id);
  };
  for (const ids of await Promise.all(exact)) add(ids);
  add(await byLast4);
  add(await byName);
  const records = await db.customers.bulkGet(ranked.slice(0, limit));
  return records.filter((record): record is CustomerRecord => record !== undefined);
}

/** Customers with a name word starting with each typed word: the first word through the prefix index, the rest checked on its entries. */
async function searchByName(db: ReadModelDb, words: readonly string[], limit: number): Promise<string[]> {
  const [first, ...rest] = words;
  if (!first) return [];
  const restPrefixes = rest.map((word) => db.namePrefix(word));
  const candidates = await db.popIndex
    .where('namePrefixes')
    .equals(db.namePrefix(first))
    .filter((record) => restPrefixes.every((prefix) => record.namePrefixes.includes(prefix)))
    .limit(limit * 5)
    .toArray();
  const seen = new Set<string>();
  const ids: string[] = [];
  for (const record of candidates) {
    if (seen.has(record.customerId)) continue;
    seen.add(record.customerId);
    ids.push(record.customerId);
  }
  // Words longer than the indexed prefix are matched on the whole word, on the opened record: only
  // then are the candidates' records read (and decrypted) here.
  const long = words.filter((word) => word.length > NAME_PREFIX_MAX);
  if (long.length === 0) return ids.slice(0, limit);
  const records = await db.customers.bulkGet(ids);
  return ids
    .filter((_, index) => {
      const record = records[index];
      if (!record) return true;
      const tokens = nameTokens(record.customer.fullName);
      return long.every((word) => tokens.some((token) => token.startsWith(word)));
    })
    .slice(0, limit);
}
