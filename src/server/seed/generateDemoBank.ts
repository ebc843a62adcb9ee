import { DateTime } from 'luxon';
import { formatHlc } from '../../shared/clock/hlc';
import { EVENT_SCHEMA_VERSION, type CaseEvent, type CaseEventType, type CaseEventOf } from '../../shared/domain/caseEvent';
import type { Account, AccountKind, Customer, Transaction } from '../../shared/domain/customer';
import type { CaseType, Channel, CustomerTier, Severity } from '../../shared/domain/enums';
import { maskAccountNumber } from '../customers/customerRows';
import { DEMO_AGENTS, demoAgentByUsername } from './demoAgents';
import {
  BILLERS,
  BUSINESS_FIRST_WORDS,
  BUSINESS_SECOND_WORDS,
  BUSINESS_SUFFIXES,
  CARD_MERCHANTS,
  CASE_SUBJECTS,
  EMPLOYERS,
  FIRST_NAMES,
  LAST_NAMES,
  MESSAGE_TEXTS,
  NOTE_TEXTS,
  RESOLUTIONS,
} from './demoVocabulary';
import { Random } from './prng';
import { newCaseReference } from '../../shared/cases/streams';
import { generateContactCentreHistory } from './generateContactCentreHistory';
import type { TelephonyFact } from '../../shared/telephony/facts';
import { BUNDLED_QUEUES, routeCase, worksQueue } from '../../shared/policy/queuesConfig';

export interface SeedSize {
  customers: number;
  transactions: number;
  openCases: number;
  resolvedCases: number;
  /**
   * Days of contact-centre history (telephony facts, cases, surveys) before the clock; 0 for none.
   * Default: 60 for a bank of 1,000 customers or more, none for the small banks tests seed.
   */
  historyDays?: number;
  /** Contacts offered per day in that history; default one per 16 customers (150 for the full bank). */
  contactsPerDay?: number;
}

export const DEFAULT_SEED_SIZE: SeedSize = { customers: 2400, transactions: 55_000, openCases: 320, resolvedCases: 60 };

/** Days of contact-centre history a full-size demo bank carries. */
export const DEFAULT_HISTORY_DAYS = 60;

/** Every Nth customer shares the previous customer's phone (CUS-000399 and CUS-000400, …): two people on one line. */
export const SHARED_PHONE_EVERY = 400;

/** Root of every random stream in the demo bank; change it and every start produces a different (still repeatable) bank. */
export const DEMO_SEED = 20_260_101;

export interface DemoAccount extends Account {
  /** Full number: stored server-side only, never sent to a desktop. */
  accountNumber: string;
  last4: string;
  /** Last 4 of the card on this account (debit or credit), if it has one. */
  cardLast4: string | null;
}

export interface DemoTransaction extends Transaction {
  customerId: string;
}

export interface DemoBank {
  customers: Customer[];
  accounts: DemoAccount[];
  transactions: DemoTransaction[];
  /** Case history in the order it happened; applied through the same path as pushed events. */
  caseEvents: CaseEvent[];
  /** The contact centre's telephony facts (generateContactCentreHistory.ts). */
  telephonyFacts: TelephonyFact[];
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const BRANCHES = Array.from({ length: 10 }, (_, i) => `BR-${String(i + 1).padStart(3, '0')}`);
const CHANNELS: readonly Channel[] = ['phone', 'chat', 'secure_message', 'in_app_message', 'email', 'sms', 'walk_in'];
const HISTORY_DAYS = 182;
const SEED_DEVICE = 'seed';

/**
 * Builds the whole synthetic bank from the seed and the clock alone: the same inputs give
 * identical data. Each part draws from its own stream so, say, asking for more
 * transactions does not change who the customers are.
 */
export function generateDemoBank(clock: Date, size: SeedSize = DEFAULT_SEED_SIZE): DemoBank {
  const nowMs = clock.getTime();
  const customers = generateCustomers(new Random(DEMO_SEED + 1), nowMs, size.customers);
  const accounts = generateAccounts(new Random(DEMO_SEED + 2), nowMs, customers);
  const transactions = generateTransactions(new Random(DEMO_SEED + 3), nowMs, accounts, size.transactions);
  settlePending(accounts, transactions);
  const open = generateCaseEvents(new Random(DEMO_SEED + 4), new Random(DEMO_SEED + 6), new Random(DEMO_SEED + 7), nowMs, customers, size);
  const history = generateContactCentreHistory(new Random(DEMO_SEED + 5), nowMs, customers, {
    days: size.historyDays ?? (customers.length >= 1000 ? DEFAULT_HISTORY_DAYS : 0),
    contactsPerDay: size.contactsPerDay ?? Math.round(customers.length / 16),
  });
  const caseEvents = mergeByTime(history.caseEvents, open.caseEvents);
  // The switch's facts in time order: the history's and those of the contacts that opened today's cases.
  const telephonyFacts = [...history.facts, ...open.facts].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { customers, accounts, transactions, caseEvents, telephonyFacts };
}

/** Two time-ordered event lists as one, in time order (the first list first at equal instants). */
function mergeByTime(a: readonly CaseEvent[], b: readonly CaseEvent[]): CaseEvent[] {
  const out: CaseEvent[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const left = a[i];
    const right = b[j];
    if (right === undefined || (left !== undefined && Date.parse(left.at) <= Date.parse(right.at))) {
      out.push(left as CaseEvent);
      i += 1;
    } else {
      out.push(right);
      j += 1;
    }
  }
  return out;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function isoInstant(ms: number): string {
  return new Date(ms).toISOString();
}

function emailLocal(text: string): string {
  return text.toLowerCase().replace(/[^a-z]+/g, '');
}

function generateCustomers(random: Random, nowMs: number, count: number): Customer[] {
  const usedPhones = new Set<string>();
  const customers: Customer[] = [];
  for (let i = 1; i <= count; i += 1) {
    const tier = random.weighted<CustomerTier>([
      ['standard', 62],
      ['premium', 20],
      ['vip', 6],
      ['business', 12],
    ]);
    let fullName: string;
    let email: string;
    let segment: Customer['segment'] = 'consumer';
    if (tier === 'business') {
      const first = random.pick(BUSINESS_FIRST_WORDS);
      const second = random.pick(BUSINESS_SECOND_WORDS);
      fullName = `${first} ${second} ${random.pick(BUSINESS_SUFFIXES)}`;
      segment = random.chance(0.8) ? 'small_business' : 'commercial';
      email = `accounts${i}@${emailLocal(first)}${emailLocal(second)}.example.com`;
    } else {
      const first = random.pick(FIRST_NAMES);
      const last = random.pick(LAST_NAMES);
      fullName = `${first} ${last}`;
      email = `${emailLocal(first)}.${emailLocal(last)}${i}@${random.pick(['example.com', 'example.net', 'example.org'])}`;
    }
    let phone: string;
    do phone = `+1555${random.digits(7)}`;
    while (usedPhones.has(phone));
    usedPhones.add(phone);
    // A household line: this customer shares the previous one's number, so a call from it needs the screen pop's chooser.
    const household = i % SHARED_PHONE_EVERY === 0 ? customers[customers.length - 1] : undefined;
    if (household) phone = household.phone;
    customers.push({
      id: `CUS-${String(i).padStart(6, '0')}`,
      fullName,
      tier,
      segment,
      phone,
      email,
      branchId: random.pick(BRANCHES),
      customerSince: isoDate(nowMs - random.int(60, 25 * 365) * DAY_MS),
    });
  }
  return customers;
}

const ACCOUNT_PREFIX: Record<AccountKind, string> = { checking: '10', savings: '20', credit_card: '40', loan: '60', business_checking: '30' };

function accountKindsFor(random: Random, tier: CustomerTier): AccountKind[] {
  const kinds: AccountKind[] = [tier === 'business' ? 'business_checking' : 'checking'];
  const odds: Record<CustomerTier, { savings: number; credit: number; loan: number }> = {
    basic: { savings: 0.3, credit: 0.2, loan: 0.05 },
    standard: { savings: 0.5, credit: 0.4, loan: 0.15 },
    premium: { savings: 0.8, credit: 0.8, loan: 0.25 },
    vip: { savings: 1, credit: 1, loan: 0.3 },
    business: { savings: 0.4, credit: 0.5, loan: 0.35 },
  };
  if (random.chance(odds[tier].savings)) kinds.push('savings');
  if (random.chance(odds[tier].credit)) kinds.push('credit_card');
  if (random.chance(odds[tier].loan)) kinds.push('loan');
  return kinds;
}

/** Balances in cents by account kind, scaled by tier: what the account holds (or owes, negative). */
function openingBalance(random: Random, kind: AccountKind, tier: CustomerTier): number {
  const scale = { basic: 1, standard: 1, premium: 5, vip: 40, business: 8 }[tier];
  switch (kind) {
    case 'checking':
      return random.int(5_000, 800_000) * scale;
    case 'business_checking':
      return random.int(500_000, 5_000_000) * scale;
    case 'savings':
      return random.int(10_000, 2_500_000) * scale;
    case 'credit_card':
      return -random.int(0, 900_000);
    case 'loan':
      return -random.int(300_000, 30_000_000);
  }
}

function generateAccounts(random: Random, nowMs: number, customers: readonly Customer[]): DemoAccount[] {
  const accounts: DemoAccount[] = [];
  for (const customer of customers) {
    const sinceMs = Date.parse(customer.customerSince);
    for (const kind of accountKindsFor(random, customer.tier)) {
      const serial = accounts.length + 1;
      // The serial in the middle keeps every number unique; the random tail makes last-4 look real.
      const accountNumber = `${ACCOUNT_PREFIX[kind]}${String(serial).padStart(6, '0')}${random.digits(4)}`;
      const openedMs = sinceMs + random.float() * Math.max(0, nowMs - 30 * DAY_MS - sinceMs);
      const hasCard = kind === 'checking' || kind === 'business_checking' || kind === 'credit_card';
      accounts.push({
        id: `ACC-${String(serial).padStart(7, '0')}`,
        customerId: customer.id,
        kind,
        accountNumber,
        maskedNumber: maskAccountNumber(accountNumber),
        last4: accountNumber.slice(-4),
        cardLast4: hasCard ? random.digits(4) : null,
        balanceCents: openingBalance(random, kind, customer.tier),
        pendingCents: 0,
        pendingCount: 0,
        currency: 'USD',
        openedOn: isoDate(openedMs),
      });
    }
  }
  return accounts;
}

/** How busy each kind of account is, relative to the others. */
const ACTIVITY: Record<AccountKind, number> = { checking: 10, business_checking: 14, credit_card: 9, savings: 1.5, loan: 1 };

type TransactionDraft = Omit<DemoTransaction, 'id' | 'postedAt' | 'status' | 'accountId' | 'customerId'>;

function draftTransaction(random: Random, account: DemoAccount): TransactionDraft {
  const business = account.kind === 'business_checking';
  const card = (low: number, high: number): TransactionDraft => ({
    description: `POS ${random.pick(CARD_MERCHANTS)}`,
    amountCents: -random.int(low, high),
    cardLast4: account.cardLast4,
  });
  const plain = (description: string, amountCents: number): TransactionDraft => ({ description, amountCents, cardLast4: null });
  switch (account.kind) {
    case 'checking':
    case 'business_checking': {
      const kind = random.weighted([
        ['card', 55],
        ['income', 10],
        ['bill', 12],
        ['atm', 8],
        ['transfer', 8],
        ['fee', 4],
        ['check', 3],
      ] as const);
      if (kind === 'card') return business ? card(2_000, 250_000) : card(300, 25_000);
      if (kind === 'income') {
        return business
          ? plain(`ACH deposit ${random.pick(CARD_MERCHANTS)} settlement`, random.int(50_000, 2_000_000))
          : plain(`Payroll ${random.pick(EMPLOYERS)}`, random.int(120_000, 450_000));
      }
      if (kind === 'bill') return plain(`Bill payment ${random.pick(BILLERS)}`, -random.int(4_000, 30_000));
      if (kind === 'atm') return { description: 'ATM withdrawal', amountCents: -random.int(1, 20) * 2_000, cardLast4: account.cardLast4 };
      if (kind === 'transfer') {
        const amount = random.int(1_000, 80_000);
        return random.chance(0.5) ? plain('Zelle payment received', amount) : plain('Zelle payment sent', -amount);
      }
      if (kind === 'fee') return random.chance(0.7) ? plain('Monthly maintenance fee', -1_200) : plain('Overdraft fee', -3_500);
      return plain('Mobile check deposit', random.int(5_000, 150_000));
    }
    case 'credit_card': {
      const kind = random.weighted([
        ['purchase', 85],
        ['payment', 10],
        ['interest', 3],
        ['fee', 2],
      ] as const);
      if (kind === 'purchase') return card(300, 60_000);
      if (kind === 'payment') return plain('Payment received, thank you', random.int(10_000, 200_000));
      if (kind === 'interest') return plain('Interest charge on purchases', -random.int(500, 6_000));
      return plain(random.chance(0.5) ? 'Late payment fee' : 'Foreign transaction fee', -random.int(300, 4_000));
    }
    case 'savings': {
      const kind = random.weighted([
        ['interest', 40],
        ['in', 40],
        ['out', 20],
      ] as const);
      if (kind === 'interest') return plain('Interest paid', random.int(50, 5_000));
      if (kind === 'in') return plain('Transfer from checking', random.int(2_000, 100_000));
      return plain('Transfer to checking', -random.int(2_000, 100_000));
    }
    case 'loan':
      return random.chance(0.9) ? plain('Loan payment', random.int(20_000, 250_000)) : plain('Late payment fee', -random.int(2_500, 4_000));
  }
}

function generateTransactions(random: Random, nowMs: number, accounts: readonly DemoAccount[], count: number): DemoTransaction[] {
  if (accounts.length === 0) return [];
  const cumulative: number[] = [];
  let total = 0;
  for (const account of accounts) {
    total += ACTIVITY[account.kind];
    cumulative.push(total);
  }
  const drafts: Omit<DemoTransaction, 'id'>[] = [];
  for (let i = 0; i < count; i += 1) {
    const account = accounts[lowerBound(cumulative, random.float() * total)] as DemoAccount;
    const ageMs = Math.floor(random.float() * HISTORY_DAYS * DAY_MS);
    const postedMs = Math.floor((nowMs - ageMs) / 1000) * 1000;
    const draft = draftTransaction(random, account);
    // Recent card and ATM items have not settled yet: they show as pending, as in a real ledger.
    const pending = ageMs < 2 * DAY_MS && random.chance(0.6);
    drafts.push({ ...draft, accountId: account.id, customerId: account.customerId, postedAt: isoInstant(postedMs), status: pending ? 'pending' : 'posted' });
  }
  drafts.sort((a, b) => (a.postedAt < b.postedAt ? -1 : a.postedAt > b.postedAt ? 1 : 0));
  return drafts.map((draft, index) => ({ id: `TXN-${String(index + 1).padStart(8, '0')}`, ...draft }));
}

function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((sorted[mid] ?? 0) > value) high = mid;
    else low = mid + 1;
  }
  return low;
}

function settlePending(accounts: DemoAccount[], transactions: readonly DemoTransaction[]): void {
  const byId = new Map(accounts.map((account) => [account.id, account]));
  for (const transaction of transactions) {
    if (transaction.status !== 'pending') continue;
    const account = byId.get(transaction.accountId);
    if (!account) continue;
    account.pendingCents += transaction.amountCents;
    account.pendingCount += 1;
  }
}

const CASE_TYPE_WEIGHTS: readonly (readonly [CaseType, number])[] = [
  ['fraud', 12],
  ['account_lock', 10],
  ['billing_dispute', 14],
  ['card_dispute', 12],
  ['complaint', 14],
  ['regulatory_complaint', 4],
  ['aml_investigation', 3],
  ['data_subject_request', 3],
  ['payment_failure', 8],
  ['refund_request', 10],
  ['general_inquiry', 10],
];

function severityFor(random: Random, caseType: CaseType): Severity {
  switch (caseType) {
    case 'fraud':
      return random.chance(0.6) ? 'S1' : 'S2';
    case 'payment_failure':
      return random.weighted<Severity>([
        ['S1', 2],
        ['S2', 3],
        ['S3', 5],
      ]);
    case 'aml_investigation':
    case 'regulatory_complaint':
      return 'S2';
    case 'account_lock':
      return random.chance(0.5) ? 'S2' : 'S3';
    case 'general_inquiry':
      return random.chance(0.8) ? 'S4' : 'S3';
    default:
      return random.weighted<Severity>([
        ['S2', 1],
        ['S3', 5],
        ['S4', 3],
      ]);
  }
}

interface CaseSpec {
  createdMs: number;
  channel: Channel;
  caseType: CaseType;
  severity: Severity;
  customerId: string | null;
  ownerId: string | null;
  queueId: string;
  /** Who took the contact that opened it (the owner, unless the case waits in a queue they do not work). */
  openerId: string;
  resolved: boolean;
  subject: string;
}

const id = (username: string) => demoAgentByUsername(username).id;

/**
 * The open (and recently resolved) cases. The contact that opened a case on a contact-centre
 * channel went through the switch: its telephony facts (offered, answered by the opener, handled
 * with the case id) are recorded and the case links that contact's id, so reports join the two
 * (contact drivers' handle time). Walk-ins, and contacts that came while the centre was closed,
 * never reached the switch: the reports show no handle-time data for them. `references` draws the
 * cases' AC- references and `switchRandom` the waits and handle times (streams of their own, so
 * the rest of the bank does not change with them).
 */
function generateCaseEvents(random: Random, references: Random, switchRandom: Random, nowMs: number, customers: readonly Customer[], size: SeedSize): { caseEvents: CaseEvent[]; facts: TelephonyFact[] } {
  if (customers.length === 0) return { caseEvents: [], facts: [] };
  const facts: TelephonyFact[] = [];
  const tier1Rotation = ['agent', ...DEMO_AGENTS.filter((agent) => agent.role === 'tier1_agent').map((agent) => agent.username)].map(id);
  const branchCustomers = customers.filter((customer) => customer.branchId === 'BR-001');
  let tier1Turn = 0;
  let branchWalkIns = 0;
  const nextTier1 = () => tier1Rotation[tier1Turn++ % tier1Rotation.length] as string;

  const ownerFor = (caseType: CaseType, channel: Channel): string => {
    if (channel === 'walk_in' && branchWalkIns < 8) {
      branchWalkIns += 1;
      return id('branch');
    }
    // AML investigations are restricted work: only the AML team ever holds them (resources/roles.json).
    if (caseType === 'aml_investigation') return id('aml');
    if ((caseType === 'fraud' || caseType === 'card_dispute') && random.chance(0.4)) return id('specialist');
    if ((caseType === 'regulatory_complaint' || caseType === 'data_subject_request') && random.chance(0.6)) return id('compliance');
    return nextTier1();
  };

  const specs: CaseSpec[] = [];
  const openChannels = random.shuffle(Array.from({ length: size.openCases }, (_, i) => CHANNELS[i % CHANNELS.length] as Channel));
  const allChannels = [...openChannels, ...Array.from({ length: size.resolvedCases }, () => random.pick(CHANNELS))];
  allChannels.forEach((channel, index) => {
    const resolved = index >= size.openCases;
    const caseType = random.weighted(CASE_TYPE_WEIGHTS);
    const openerId = ownerFor(caseType, channel);
    const walkInAtHome = openerId === id('branch') && branchCustomers.length > 0;
    const customer = walkInAtHome ? random.pick(branchCustomers) : random.pick(customers);
    const anonymous = (caseType === 'general_inquiry' || caseType === 'complaint') && random.chance(0.05);
    const opener = DEMO_AGENTS.find((agent) => agent.id === openerId)!;
    const routed = routeCase(BUNDLED_QUEUES, { caseType, channel, tier: anonymous ? null : customer.tier, opener });
    if (!routed.ok) throw new Error(`demo case cannot be routed: ${routed.reason}`);
    // A case routed to a queue its opener does not work (premium customers, say) waits there for someone who does.
    const ownerId = worksQueue(routed.queue, opener) ? openerId : null;
    const ageMs = resolved ? random.int(5 * 24 * 60, 25 * 24 * 60) * MINUTE_MS : random.int(10, 4 * 24 * 60) * MINUTE_MS;
    specs.push({
      createdMs: Math.floor((nowMs - ageMs) / 1000) * 1000,
      channel,
      caseType,
      severity: severityFor(random, caseType),
      customerId: anonymous ? null : customer.id,
      ownerId,
      queueId: routed.queue.id,
      openerId,
      resolved,
      subject: random
        .pick(CASE_SUBJECTS[caseType])
        .replace('{merchant}', random.pick(CARD_MERCHANTS))
        .replace('{biller}', random.pick(BILLERS)),
    });
  });
  specs.sort((a, b) => a.createdMs - b.createdMs);
  // The one reference format of every case (src/shared/cases/streams.ts), as a desk would make it.
  const caseIds = new Set<string>();
  while (caseIds.size < specs.length) caseIds.add(newCaseReference((buffer) => references.fill(buffer)));
  const referenceOf = [...caseIds];

  const timeline: { atMs: number; event: CaseEvent }[] = [];
  specs.forEach((spec, index) => {
    const caseId = referenceOf[index]!;
    const latestMs = nowMs - 30_000;
    const add = <T extends CaseEventType>(type: T, atMs: number, payload: CaseEventOf<T>['payload'], actorId = spec.ownerId ?? spec.openerId): boolean => {
      if (atMs > latestMs) return false;
      const event = {
        id: random.uuid(),
        caseId,
        schemaVersion: EVENT_SCHEMA_VERSION,
        type,
        at: isoInstant(atMs),
        hlc: formatHlc({ wallMs: atMs, counter: 0 }, SEED_DEVICE),
        actorId,
        deviceId: SEED_DEVICE,
        payload,
      } as CaseEvent;
      timeline.push({ atMs, event });
      return true;
    };
    const t0 = spec.createdMs;
    add('case.created', t0, {
      customerId: spec.customerId,
      caseType: spec.caseType,
      severity: spec.severity,
      channel: spec.channel,
      subject: spec.subject,
      ownerId: spec.ownerId,
      queueId: spec.queueId,
    });
    const contactId = `${CONTACT_PREFIX[spec.channel]}-${caseId}`;
    add('contact.linked', t0, {
      contactId,
      channel: spec.channel,
      direction: 'inbound',
      summary: spec.subject.slice(0, 500),
    });
    // The contact that opened it has ended: nobody is still on the line with these customers.
    let wrappedMs = t0 + MINUTE_MS;
    // The switch takes contacts while the centre is open (07:00–22:00 New York, as in the history).
    const localHour = DateTime.fromMillis(t0, { zone: 'America/New_York' }).hour;
    if (spec.channel !== 'walk_in' && localHour >= 7 && localHour < 22) {
      const wait = switchRandom.int(0, 40);
      const longest = Math.floor((latestMs - t0) / 1000) - 30;
      const handle = Math.max(60, Math.min(longest, Math.round((MEAN_HANDLE_SECONDS[spec.channel] ?? 400) * (0.45 + -Math.log(1 - switchRandom.float()) * 0.55))));
      wrappedMs = t0 + handle * 1000;
      const base = { contactId, channel: spec.channel, queue: spec.queueId } as const;
      const segment = customers.find((customer) => customer.id === spec.customerId)?.tier;
      facts.push({ kind: 'contact.offered', id: `${contactId}:offered`, at: isoInstant(t0 - wait * 1000), ...base, ...(segment ? { segment } : {}) });
      facts.push({ kind: 'contact.answered', id: `${contactId}:answered`, at: isoInstant(t0), ...base, waitSeconds: wait, agentId: spec.openerId });
      const wrap = Math.round(handle * 0.15);
      facts.push({ kind: 'contact.handled', id: `${contactId}:handled`, at: isoInstant(wrappedMs), ...base, agentId: spec.openerId, handleSeconds: handle, talkSeconds: handle - wrap, wrapSeconds: wrap, caseId });
    }
    add('contact.wrapped', wrappedMs, { contactId });
    let t = t0;
    if (spec.resolved || random.chance(0.55)) {
      t += random.int(2, 90) * MINUTE_MS;
      add('message.sent', t, { channel: spec.channel === 'walk_in' ? 'email' : spec.channel, kind: 'acknowledgement', summary: random.pick(MESSAGE_TEXTS).replace('{caseId}', caseId) });
    }
    if (spec.resolved || random.chance(0.4)) {
      t += random.int(5, 240) * MINUTE_MS;
      add('note.added', t, { text: random.pick(NOTE_TEXTS) });
    }
    if (spec.resolved) {
      t += random.int(1, 72) * HOUR_MS;
      if (add('case.resolved', t, { resolution: random.pick(RESOLUTIONS) }) && random.chance(0.3)) {
        add('case.closed', t + random.int(1, 3) * DAY_MS, {});
      }
      return;
    }
    if (random.chance(0.2)) {
      t += random.int(5, 120) * MINUTE_MS;
      add('status.changed', t, { to: 'waiting_on_customer', reason: 'Asked the customer for supporting documents' });
    } else if ((spec.severity === 'S1' || spec.severity === 'S2') && nowMs - t0 > 2 * HOUR_MS && random.chance(0.15)) {
      add('case.escalated', t0 + 2 * HOUR_MS, { level: 2, toOwnerId: id('supervisor'), reason: 'High-severity case unresolved after 120 minutes', automatic: false });
    }
  });
  // Stable sort: events at the same instant keep their per-case order, so case.created stays first.
  timeline.sort((a, b) => a.atMs - b.atMs);
  return { caseEvents: timeline.map((entry) => entry.event), facts };
}

/** How a contact is named by channel (as in the contact-centre history). */
const CONTACT_PREFIX: Record<Channel, string> = { phone: 'CALL', chat: 'CHAT', email: 'MSG', secure_message: 'MSG', in_app_message: 'MSG', sms: 'SMS', walk_in: 'WALKIN' };
/** Mean handle time by channel, seconds. */
const MEAN_HANDLE_SECONDS: Partial<Record<Channel, number>> = { phone: 400, chat: 540, email: 300, secure_message: 360, in_app_message: 360, sms: 240 };
