/**
 * The page the tick benchmark runs in Chromium: 10,000 open cases in the production QueueTable
 * (windowed rows, SLA countdown cells) over the real tracker and ticker. Bundled by
 * bench/slaTick.bench.ts; exposes `window.slaTickBench`.
 */
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { foldCase } from '../../src/shared/cases/reducer';
import { parseCaseEvent, type CaseEvent } from '../../src/shared/domain/caseEvent';
import type { CaseType, Channel, CustomerTier, Severity } from '../../src/shared/domain/enums';
import type { SlaConfigDocument } from '../../src/shared/slaConfig/slaConfigDocument';
import { readSlaConfigDocument } from '../../src/shared/slaConfig/slaConfigDocument';
import { createAlertCenter } from '../../src/renderer/sla/alertCenter';
import { alertsFor } from '../../src/renderer/sla/alertRouting';
import type { AnnouncedAlerts } from '../../src/renderer/sla/announcedAlerts';
import { SecondTicker } from '../../src/renderer/sla/secondTicker';
import { SlaContext, type SlaRuntime } from '../../src/renderer/sla/slaContext';
import { createSlaSettingsStore } from '../../src/renderer/sla/slaSettingsStore';
import { SlaTracker } from '../../src/renderer/sla/slaTracker';
import { createSlaViewStore } from '../../src/renderer/sla/slaViewStore';
import { QueueTable, type QueueRow } from '../../src/renderer/ui/QueueTable';
import type { Agent } from '../../src/shared/domain/agent';
import type { ConsoleBridge } from '../../src/shared/ipc/contract';

const CASE_TYPES: CaseType[] = ['billing_dispute', 'card_dispute', 'complaint', 'general_inquiry', 'fraud', 'account_lock', 'regulatory_complaint', 'refund_request'];
const CHANNELS: Channel[] = ['phone', 'email', 'chat', 'secure_message', 'walk_in', 'sms'];
const SEVERITIES: Severity[] = ['S1', 'S2', 'S3', 'S3', 'S4'];
const TIERS: CustomerTier[] = ['standard', 'standard', 'premium', 'vip', 'business'];

interface BenchApi {
  setUp(document: SlaConfigDocument, caseCount: number, nowMs: number): { computeAllMs: number; renderedRows: number; firstRowCountdown: string };
  ticks(count: number, stepMs: number): number[];
}

declare global {
  interface Window {
    slaTickBench: BenchApi;
  }
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const me: Agent = { id: 'AGT-001', username: 'agent', displayName: 'Alex Morgan', role: 'tier1_agent', teamId: 'T1-EAST', branchId: null, timeZone: 'America/New_York', skills: [] };

let now = 0;
let runtime: SlaRuntime | null = null;
let audience: Parameters<typeof alertsFor>[1] | null = null;

window.slaTickBench = {
  setUp(document, caseCount, nowMs) {
    now = nowMs;
    const read = readSlaConfigDocument(document, 'bench');
    if (!read.ok) throw new Error('configuration does not load');
    const random = seededRandom(42);
    const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const inputs = [];
    const rows: QueueRow[] = [];
    for (let index = 0; index < caseCount; index++) {
      const caseId = `CASE-${200_000 + index}`;
      const createdAt = new Date(nowMs - Math.floor(random() * 3 * 86_400_000)).toISOString();
      const envelope = (id: number, type: string, payload: unknown, at: string) =>
        parseCaseEvent({ id: `00000000-0000-4000-8000-${String(index * 10 + id).padStart(12, '0')}`, caseId, schemaVersion: 1, at, hlc: `${Date.parse(at)}:0:bench`, actorId: me.id, deviceId: 'bench', type, payload });
      const caseType = pick(CASE_TYPES);
      const channel = pick(CHANNELS);
      const severity = pick(SEVERITIES);
      const parsed = [envelope(1, 'case.created', { customerId: `CUS-${index}`, caseType, severity, channel, subject: `Bench case ${index}`, ownerId: me.id }, createdAt)];
      if (random() < 0.4) parsed.push(envelope(2, 'message.sent', { kind: 'acknowledgement', channel, summary: 'We have your request.' }, new Date(Date.parse(createdAt) + 20 * 60_000).toISOString()));
      if (random() < 0.15) parsed.push(envelope(3, 'status.changed', { to: 'waiting_on_customer' }, new Date(Date.parse(createdAt) + 40 * 60_000).toISOString()));
      const events: CaseEvent[] = parsed.flatMap((result) => (result.ok ? [result.event] : []));
      const caseState = foldCase(events)!;
      const tier = pick(TIERS);
      inputs.push({ caseState, events, tier });
      rows.push({ id: caseId, subject: caseState.subject, customerName: `Customer ${index}`, customerTier: tier, hasCustomer: true, channel, caseType, severity, status: caseState.status, ageMs: nowMs - Date.parse(createdAt), createdAt });
    }
    const tracker = new SlaTracker();
    const started = performance.now();
    tracker.setSettings(read.value, nowMs);
    tracker.sync(inputs, nowMs);
    const computeAllMs = performance.now() - started;
    const sorted = rows.map((row) => ({ ...row, slaSortKey: tracker.get(row.id)?.sortKey }));

    const bridge: ConsoleBridge = { invoke: async () => ({ ok: true, value: { shown: false } }) as never, on: () => () => undefined };
    const settings = createSlaSettingsStore(bridge);
    settings.setState({ settings: read.value, source: 'service' });
    const announced = { ready: Promise.resolve(), has: () => true, remember: async () => undefined, close: () => undefined } as unknown as AnnouncedAlerts;
    runtime = { settings, tracker, ticker: new SecondTicker(() => now), alerts: createAlertCenter(bridge, announced), view: createSlaViewStore() };
    audience = { me, agentsById: { [me.id]: me }, shifts: read.value.shifts };
    const root = createRoot(document_().getElementById('root')!);
    const current = runtime;
    flushSync(() =>
      root.render(
        <SlaContext.Provider value={current}>
          <QueueTable rows={sorted} labelledBy="queue-title" onOpen={() => undefined} focusCaseId={null} />
        </SlaContext.Provider>,
      ),
    );
    const firstCountdown = document_().querySelector('tbody tr:not(.row-spacer) .col-sla')?.textContent ?? '';
    return { computeAllMs, renderedRows: document_().querySelectorAll('tbody tr:not(.row-spacer)').length, firstRowCountdown: firstCountdown };
  },

  /** One tick as the console does it: advance the tracker, look at changed cases for alerts, re-render the countdowns. */
  ticks(count, stepMs) {
    if (!runtime || !audience) throw new Error('setUp first');
    const { tracker, ticker } = runtime;
    const samples: number[] = [];
    for (let index = 0; index < count; index++) {
      now += stepMs;
      const started = performance.now();
      flushSync(() => {
        tracker.tick(now);
        const changed = tracker.drainChanged().flatMap((id) => tracker.get(id) ?? []);
        if (changed.length > 0) alertsFor(changed, audience!, now);
        ticker.set(now);
      });
      // Layout is part of what the agent waits for.
      void document_().body.offsetHeight;
      samples.push(performance.now() - started);
    }
    return samples;
  },
};

function document_(): Document {
  return window.document;
}
