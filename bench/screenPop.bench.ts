/**
 * Screen pop latency (issue 4): from the CTI request arriving at main (`performance.now()` when the
 * HTTP request reaches the CTI endpoint) to the pop committed to the DOM in Chromium (a layout
 * effect's performance mark, once React has committed the pop). The two marks are taken in two
 * processes, so the page's clock offset is calibrated by round trips (± clockUncertaintyMs). Beside
 * it: the same span measured in main alone until the renderer's acknowledgement arrives back
 * (roundTrip*, adds the return WebSocket hop), and the renderer's own parts (lookup, render).
 *
 * Three cases, each with p50/p95/p99:
 *  (a) local hit: the page's IndexedDB holds 100,000 synthetic customers (blind indexes made with
 *      this install's key) and 1,000,000 transactions; each pop is a synthetic caller found locally.
 *      Loading that store takes about two minutes (IndexedDB bulk puts, ~10k rows/s here).
 *  (b) miss: a demo customer in neither the read model nor main's working set, found by main at
 *      the case service (its own process, embedded PGlite) on loopback, cached, then shown.
 *  (c) first pop after launch: browser host restarted, a fresh browser profile, the page loaded
 *      and signed in (session kept by main), the working set copied in and the case events caught
 *      up (the console is ready); then the first pop, on code paths and queries not yet warm.
 *
 * Pacing: each call comes at least 1 s after the previous pop reached the screen and once the
 * page is idle (requestIdleCallback, at most 3 s): an agent takes one contact at a time. The
 * flood throttle is set to 0 so samples are never merged (throttling is tested on its own).
 * Environment: SCREENPOP_BENCH_CUSTOMERS (default 100000) for a quicker run, SCREENPOP_BENCH_GAP_MS,
 * SCREENPOP_BENCH_ONLY=local, miss or launch for one case alone.
 * Needs the built renderer: run `npx electron-vite build` first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Browser, type Page } from '@playwright/test';
import { DEFAULT_RENDERER_DIR, startBrowserHost, type BrowserHost } from '../src/main/browserHost/index';
import { DEMO_PASSWORD, DEFAULT_SEED_SIZE } from '../src/server/index';
import { generateDemoBank } from '../src/server/seed/generateDemoBank';
import type { PopHistoryEntry } from '../src/shared/screenpop/popContract';
import { percentile, type BenchResult, type Benchmark } from './report';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const LOCAL_CUSTOMERS = Number(process.env.SCREENPOP_BENCH_CUSTOMERS ?? 100_000);
const TRANSACTIONS_PER_CUSTOMER = 10;
/** SCREENPOP_BENCH_SAMPLES: fewer local-hit pops for a quicker run. */
const LOCAL_SAMPLES = Number(process.env.SCREENPOP_BENCH_SAMPLES ?? 300);
const MISS_SAMPLES = 120;
const LAUNCH_SAMPLES = 10;
const CHUNK = 5_000;
/** At least this long between one pop on screen and the next call. */
const GAP_MS = Number(process.env.SCREENPOP_BENCH_GAP_MS ?? 1000);
/** SCREENPOP_BENCH_ONLY=local, miss or launch: one case alone, for quick iterations on its path. */
const ONLY = process.env.SCREENPOP_BENCH_ONLY;
if (ONLY !== undefined && !['local', 'miss', 'launch'].includes(ONLY)) throw new Error(`SCREENPOP_BENCH_ONLY must be local, miss or launch, got "${ONLY}".`);
const runs = (name: 'local' | 'miss' | 'launch') => ONLY === undefined || ONLY === name;
/** SCREENPOP_BENCH_TRACE=file.json: a Chromium trace of the local-hit pops, to see where the page spends them (open in chrome://tracing or Perfetto). */
const TRACE_PATH = process.env.SCREENPOP_BENCH_TRACE;
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8.execute', 'toplevel', 'IndexedDB', 'disabled-by-default-v8.cpu_profiler'];

interface Sample {
  mainMs: number;
  /** One way: CTI request arrival in main → DOM committed in the page, across the two processes' clocks (see clockOffset). */
  oneWayMs: number | null;
  /** In the page: event received → DOM committed, and its two parts. */
  rendererMs: number | null;
  lookupMs: number | null;
  renderMs: number | null;
  foundIn: string | null;
  /** The first paint went ahead without open cases and contact history (they followed live). */
  casesDeferred: boolean;
}

const benchmark: Benchmark = {
  name: 'screen pop',
  async run() {
    if (!existsSync(join(DEFAULT_RENDERER_DIR, 'index.html'))) throw new Error('The renderer is not built: run "npx electron-vite build" before the screen-pop benchmark.');
    const root = await mkdtemp(join(tmpdir(), 'agent-console-bench-pop-'));
    // The service runs in its own process, as deployed: its queries do not share main's event loop.
    const service = await spawnCaseService(join(root, 'service'));
    const desktopDir = join(root, 'desktop');
    let host = await startHost(desktopDir, service);
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    try {
      // (c) first: it restarts the host, and a cold start should not follow a warmed-up page.
      const launch: Sample[] = [];
      let page = await openConsole(browser, host, true);
      for (let i = 0; i < (runs('launch') ? LAUNCH_SAMPLES : 0); i += 1) {
        await page.context().close();
        await host.close();
        host = await startHost(desktopDir, service);
        page = await openConsole(browser, host, false);
        const phone = workingSetPhone(host, i);
        launch.push(await popAndWait(page, host, { ani: phone, channel: 'phone' }));
      }

      const miss: Sample[] = [];
      if (runs('miss')) {
        const missPhones = uncachedPhones(host, MISS_SAMPLES + 10);
        for (const phone of missPhones.slice(0, 5)) await popAndWait(page, host, { ani: phone, channel: 'phone' }); // warm-up
        await calibrateClocks(page);
        for (const phone of missPhones.slice(5, 5 + MISS_SAMPLES)) miss.push(await popAndWait(page, host, { ani: phone, channel: 'phone' }));
      }
      const missResult = () => result('screen pop (b): miss served by the case service on loopback', miss, 50, 'service', `${MISS_SAMPLES} pops of demo customers outside the read model and main's working set, after 5 warm-up pops; the case service (embedded PGlite) runs in its own process.`);
      const launchResult = () => result('screen pop (c): first pop after launch', launch, 300, null, `${LAUNCH_SAMPLES} launches: browser host restarted, fresh browser profile, page loaded, session restored, working set copied in and case events caught up, then one pop of a working-set customer.`);
      if (ONLY === 'miss') return [missResult()];
      if (ONLY === 'launch') return [launchResult()];

      const loadStarted = performance.now();
      const loaded = await loadSyntheticStore(page, host);
      const loadSeconds = (performance.now() - loadStarted) / 1000;
      await calibrateClocks(page);
      const local: Sample[] = [];
      for (let i = 0; i < 10; i += 1) await popAndWait(page, host, { ani: syntheticPhone(pick(i * 7919)), channel: 'phone' }); // warm-up
      if (TRACE_PATH) await browser.startTracing(page, { path: TRACE_PATH, categories: TRACE_CATEGORIES });
      for (let i = 0; i < LOCAL_SAMPLES; i += 1) local.push(await popAndWait(page, host, { ani: syntheticPhone(pick(i * 104_729 + 17)), channel: 'phone' }));
      if (TRACE_PATH) await browser.stopTracing();

      if (ONLY === 'local') return [result('screen pop (a) only: local hit', local, 10, 'local', `${loaded.customers} customers, ${loaded.transactions} transactions (SCREENPOP_BENCH_ONLY=local).`)];
      return [
        result('screen pop (a): local hit, 100k customers / 1M transactions in IndexedDB', local, 10, 'local', `${loaded.customers} customers and ${loaded.transactions} transactions loaded in ${loadSeconds.toFixed(0)} s; ${LOCAL_SAMPLES} pops of random synthetic callers after 10 warm-up pops.`),
        missResult(),
        launchResult(),
      ];
    } finally {
      await browser.close().catch(() => undefined);
      await host.close().catch(() => undefined);
      await service.stop();
      await rm(root, { recursive: true, force: true });
    }
  },
};
export default benchmark;

interface SpawnedService {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address !== 'string' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function spawnCaseService(dataDir: string): Promise<SpawnedService> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', '--data-dir', dataDir, '--port', String(port), '--quiet', '--no-escalation'], {
    cwd: join(import.meta.dirname, '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the case service did not start within 120 s:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Case service listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the case service exited (${code}):\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function startHost(dataDir: string, service: SpawnedService): Promise<BrowserHost> {
  return startBrowserHost({ dataDir, serviceUrl: service.url, port: 0, cti: { port: 0 }, console: { screenPop: { throttleMs: 0 } } });
}

async function openConsole(browser: Browser, host: BrowserHost, signIn: boolean): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  await page.goto(host.url);
  if (signIn) {
    await page.getByLabel('User name').fill('agent');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 60_000 });
  // The working set is in the read model once its customers are indexed.
  await host.console.screenPops.workingSet.refresh();
  const expected = Math.max(1, host.console.screenPops.workingSet.customers().length);
  await page.evaluate(PAGE_HELPERS);
  await page.waitForFunction(`globalThis.__popBench.countRows('popIndex').then((n) => n >= ${expected})`, undefined, { timeout: 60_000, polling: 200 });
  // Launched means caught up: every event main holds is in the read model.
  const events = host.console.journal.since(0).events.length;
  await page.waitForFunction(`globalThis.__popBench.countRows('events').then((n) => n >= ${events})`, undefined, { timeout: 120_000, polling: 200 });
  await calibrateClocks(page);
  return page;
}

/**
 * Raw IndexedDB helpers in the page (the app's Dexie instance is not reachable from outside).
 * Plain JavaScript source: tsx would wrap a function passed to page.evaluate in helpers the page lacks.
 */
const PAGE_HELPERS = `
(() => {
  const open = () => new Promise((resolve, reject) => {
    const request = indexedDB.open('agent-console-read-model-AGT-001');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const countRows = async (store) => {
    const db = await open();
    try {
      if (!db.objectStoreNames.contains(store)) return 0;
      return await new Promise((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).count();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    } finally { db.close(); }
  };
  const putRows = async (rows) => {
    const db = await open();
    try {
      await new Promise((resolve, reject) => {
        const tx = db.transaction(Object.keys(rows), 'readwrite');
        for (const [store, values] of Object.entries(rows)) for (const value of values) tx.objectStore(store).put(value);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
    } finally { db.close(); }
  };
  const firstNames = ['Ava', 'Noah', 'Mia', 'Liam', 'Zoe', 'Omar', 'Ines', 'Kai', 'Lena', 'Ravi', 'Yuki', 'Tomas'];
  const lastNames = ['Garcia', 'Nguyen', 'Smith', 'Okafor', 'Rossi', 'Kowalski', 'Haddad', 'Larsen', 'Moreau', 'Silva'];
  // Customers shaped exactly as the app stores them: record (phone cut to its last 4), pop index, transactions.
  const loadChunk = async (first, chunk, perCustomer) => {
    const customers = [], popIndex = [], transactions = [];
    const now = Date.parse('2026-03-02T12:00:00.000Z');
    chunk.forEach(([phone, email, account], offset) => {
      const i = first + offset;
      const id = 'SYN-' + String(i).padStart(7, '0');
      const fullName = firstNames[i % firstNames.length] + ' ' + lastNames[Math.floor(i / 12) % lastNames.length];
      const last4 = String(i % 10000).padStart(4, '0');
      const accountId = 'SYNACC-' + String(i).padStart(7, '0');
      const recent = [];
      for (let t = 0; t < perCustomer; t += 1) {
        const transaction = {
          id: 'SYNTXN-' + String(i).padStart(7, '0') + '-' + t,
          accountId,
          postedAt: new Date(now - (t * 97 + (i % 89)) * 3600000).toISOString(),
          description: t % 3 === 0 ? 'POS Corner Grocery' : t % 3 === 1 ? 'Bill payment City Water' : 'Payroll Acme Corp',
          amountCents: t % 3 === 2 ? 250000 : -((i * 31 + t * 17) % 20000) - 100,
          status: t === 0 ? 'pending' : 'posted',
          cardLast4: t % 3 === 0 ? last4 : null,
        };
        transactions.push({ ...transaction, customerId: id });
        if (recent.length < 10) recent.push(transaction);
      }
      customers.push({
        id,
        customer: { id, fullName, tier: i % 17 === 0 ? 'vip' : i % 5 === 0 ? 'premium' : 'standard', segment: 'consumer', branchId: 'BR-' + String((i % 10) + 1).padStart(3, '0'), customerSince: '2015-06-01', phoneLast4: String(i).padStart(7, '0').slice(-4) },
        accounts: [{ id: accountId, customerId: id, kind: 'checking', maskedNumber: '••••' + last4, balanceCents: (i * 7919) % 2000000, pendingCents: -1250, pendingCount: 1, currency: 'USD', openedOn: '2015-06-01' }],
        recentTransactions: recent,
        fetchedAt: new Date(now).toISOString(),
      });
      popIndex.push({ customerId: id, phoneDigest: phone, emailDigest: email, accountDigests: [account], last4s: [last4], nameTokens: fullName.toLowerCase().split(' ') });
    });
    await putRows({ customers, popIndex, transactions });
  };
  globalThis.__popBench = { countRows, putRows, loadChunk };
})()
`;

type PageHelpers = { countRows(store: string): Promise<number>; loadChunk(first: number, chunk: Array<[string, string, string]>, perCustomer: number): Promise<void> };

let demoPhones: Map<string, string> | null = null;

/**
 * A held customer's phone. The working set holds it masked for a role without the reveal right,
 * so the number comes from the deterministic demo bank, as a caller's softphone would send it.
 */
function workingSetPhone(host: BrowserHost, i: number): string {
  const customers = host.console.screenPops.workingSet.customers();
  const chosen = customers[(i * 37) % customers.length];
  if (!chosen) throw new Error('the working set is empty');
  demoPhones ??= new Map(generateDemoBank(new Date(), { ...DEFAULT_SEED_SIZE, transactions: 0, openCases: 0, resolvedCases: 0 }).customers.map((customer) => [customer.id, customer.phone]));
  const phone = demoPhones.get(chosen.detail.customer.id);
  if (!phone) throw new Error(`customer ${chosen.detail.customer.id} is not in the demo bank`);
  return phone;
}

/**
 * Demo customers the desktop holds nowhere yet, on lines of their own. The demo bank is
 * deterministic (who the customers are does not depend on the clock), so it is regenerated here.
 */
function uncachedPhones(host: BrowserHost, count: number): string[] {
  const held = new Set(host.console.screenPops.workingSet.customers().map((customer) => customer.detail.customer.id));
  const { customers } = generateDemoBank(new Date(), { ...DEFAULT_SEED_SIZE, transactions: 0, openCases: 0, resolvedCases: 0 });
  const lines = new Map<string, number>();
  for (const customer of customers) lines.set(customer.phone, (lines.get(customer.phone) ?? 0) + 1);
  return customers
    .filter((customer) => lines.get(customer.phone) === 1 && !held.has(customer.id))
    .reverse()
    .slice(0, count)
    .map((customer) => customer.phone);
}

async function popAndWait(page: Page, host: BrowserHost, body: { ani: string; channel: 'phone' }): Promise<Sample> {
  const cti = host.cti;
  if (!cti) throw new Error('the host has no CTI endpoint');
  // An agent takes one contact at a time: each call comes once the console has settled after the last.
  await page.evaluate('new Promise((resolve) => requestIdleCallback(() => resolve(), { timeout: 3000 }))');
  const reply = await fetch(cti.url, { method: 'POST', headers: { authorization: `Bearer ${cti.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (reply.status !== 202) throw new Error(`CTI answered ${reply.status}: ${await reply.text()}`);
  const { popId } = (await reply.json()) as { popId: string };
  const entry = await waitFor(() => {
    const found = host.console.screenPops.queue.history().find((candidate: PopHistoryEntry) => candidate.popId === popId);
    return found?.shownAfterMs != null && found.linkedCaseId ? found : null;
  }, 20_000);
  const details = (await page.evaluate(
    `(() => {
      const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
      const renderedEpoch = at('screenpop:rendered:${popId}') === null ? null : performance.timeOrigin + at('screenpop:rendered:${popId}');
      const received = at('screenpop:received:${popId}'), resolved = at('screenpop:resolved:${popId}'), rendered = at('screenpop:rendered:${popId}');
      const a = document.querySelector('article[data-pop-id="${popId}"]');
      const span = (from, to) => (from === null || to === null ? null : to - from);
      return { renderedEpoch, rendererMs: span(received, rendered), lookupMs: span(received, resolved), renderMs: span(resolved, rendered), foundIn: a ? a.getAttribute('data-found-in') : null, casesDeferred: a ? a.getAttribute('data-cases-deferred') === 'true' : false };
    })()`,
  )) as Omit<Sample, 'mainMs' | 'oneWayMs'> & { renderedEpoch: number | null };
  const arrived = host.console.screenPops.queue.arrivedAt(popId);
  const { renderedEpoch, ...rest } = details;
  // Calls come seconds apart: let the contact's events reach the journal, the read model and the service first.
  await new Promise((resolve) => setTimeout(resolve, GAP_MS));
  const oneWayMs = renderedEpoch === null || arrived === undefined ? null : renderedEpoch - pageClockAhead - (performance.timeOrigin + arrived);
  return { mainMs: entry.shownAfterMs ?? Number.NaN, oneWayMs, ...rest };
}

/** How far the page's epoch clock (timeOrigin + now) runs ahead of this process's; set by calibrateClocks. */
let pageClockAhead = 0;
let clockUncertaintyMs = Number.NaN;

/**
 * Both clocks count from the same system clock, but each process fixes its time origin on its own.
 * Read the page's clock between two of ours many times; the tightest round trip bounds the offset
 * to within half its length (reported as clockUncertaintyMs).
 */
async function calibrateClocks(page: Page): Promise<void> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 40; i += 1) {
    const before = performance.timeOrigin + performance.now();
    const pageNow = Number(await page.evaluate('performance.timeOrigin + performance.now()'));
    const after = performance.timeOrigin + performance.now();
    if (after - before < best) {
      best = after - before;
      pageClockAhead = pageNow - (before + after) / 2;
    }
  }
  clockUncertaintyMs = best / 2;
}

async function waitFor<T>(probe: () => T | null, timeoutMs: number): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== null) return value;
    if (performance.now() > deadline) throw new Error('a screen pop did not reach the screen in time');
    // Sleep between looks: the host's main runs in this process, and spinning here would take its
    // event loop (and a core of this 2-core machine) away from the pop being measured. The spans
    // come from the marks, not from when this loop notices.
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// ---- synthetic local store -------------------------------------------------------------------

const pick = (n: number) => (n % LOCAL_CUSTOMERS + LOCAL_CUSTOMERS) % LOCAL_CUSTOMERS;
const syntheticPhone = (index: number) => `+1777${String(index).padStart(7, '0')}`;
const syntheticEmail = (index: number) => `synthetic.${index}@example.org`;

/**
 * Fills the page's read model with synthetic customers shaped exactly as the app stores them:
 * customer records (phone cut to its last 4), pop index rows whose digests come from main's own
 * blind-index key, and ten transactions each. Data is generated in the page; only digests travel.
 */
async function loadSyntheticStore(page: Page, host: BrowserHost): Promise<{ customers: number; transactions: number }> {
  await page.evaluate(PAGE_HELPERS);
  for (let start = 0; start < LOCAL_CUSTOMERS; start += CHUNK) {
    const end = Math.min(LOCAL_CUSTOMERS, start + CHUNK);
    const digests: Array<[string, string, string]> = [];
    for (let i = start; i < end; i += 1) {
      digests.push([
        host.console.screenPops.digest('phone', syntheticPhone(i)) ?? '',
        host.console.screenPops.digest('email', syntheticEmail(i)) ?? '',
        host.console.screenPops.digest('account', `77${String(i).padStart(10, '0')}`) ?? '',
      ]);
    }
    await page.evaluate(([first, chunk, perCustomer]) => (globalThis as unknown as { __popBench: PageHelpers }).__popBench.loadChunk(first, chunk, perCustomer), [start, digests, TRANSACTIONS_PER_CUSTOMER] as const);
    process.stderr.write(`\rscreen pop bench: ${end.toLocaleString()} / ${LOCAL_CUSTOMERS.toLocaleString()} synthetic customers loaded`);
  }
  process.stderr.write('\n');
  const customers = await page.evaluate(`globalThis.__popBench.countRows('customers')`);
  const transactions = await page.evaluate(`globalThis.__popBench.countRows('transactions')`);
  return { customers: Number(customers), transactions: Number(transactions) };
}

function result(name: string, samples: Sample[], targetP95: number, expectFoundIn: string | null, notes: string): BenchResult {
  const main = samples.map((sample) => sample.mainMs);
  const renderer = samples.flatMap((sample) => (sample.rendererMs === null ? [] : [sample.rendererMs]));
  const oneWay = samples.flatMap((sample) => (sample.oneWayMs === null ? [] : [sample.oneWayMs]));
  const lookup = samples.flatMap((sample) => (sample.lookupMs === null ? [] : [sample.lookupMs]));
  const render = samples.flatMap((sample) => (sample.renderMs === null ? [] : [sample.renderMs]));
  const foundIn = [...new Set(samples.map((sample) => sample.foundIn ?? 'unknown'))].join(', ');
  const wrongPath = expectFoundIn ? samples.filter((sample) => sample.foundIn !== expectFoundIn).length : 0;
  return {
    name,
    metrics: {
      samples: samples.length,
      p50Ms: round(percentile(oneWay, 50)),
      p95Ms: round(percentile(oneWay, 95)),
      p99Ms: round(percentile(oneWay, 99)),
      maxMs: round(Math.max(...oneWay)),
      clockUncertaintyMs: round(clockUncertaintyMs),
      roundTripP50Ms: round(percentile(main, 50)),
      roundTripP95Ms: round(percentile(main, 95)),
      roundTripP99Ms: round(percentile(main, 99)),
      rendererP50Ms: round(percentile(renderer, 50)),
      rendererP95Ms: round(percentile(renderer, 95)),
      rendererP99Ms: round(percentile(renderer, 99)),
      lookupP50Ms: round(percentile(lookup, 50)),
      lookupP95Ms: round(percentile(lookup, 95)),
      renderP50Ms: round(percentile(render, 50)),
      renderP95Ms: round(percentile(render, 95)),
      samplesOffExpectedPath: wrongPath,
      unmeasured: samples.length - oneWay.length,
      casesDeferred: samples.filter((sample) => sample.casesDeferred).length,
    },
    targets: { p95Ms: { max: targetP95 }, samplesOffExpectedPath: { max: 0 }, unmeasured: { max: 0 } },
    notes: `${notes} p50/p95/p99Ms: CTI request arrival in main → the pop committed to the DOM in the page, across the two processes' epoch clocks (offset calibrated by round trips, ± clockUncertaintyMs). roundTrip*: the same measured in main alone, until the renderer's on-screen acknowledgement arrives back (so it adds the return hop over the WebSocket). renderer*: event received in the page → DOM committed; lookup*: received → data read (IndexedDB, or main and the service on a miss); render*: data read → DOM committed. Found in: ${foundIn}.`,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
