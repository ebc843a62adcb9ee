import { describe, expect, it } from 'vitest';
import { bundledShifts, bundledSlaConfigDocument } from '../../../../src/main/services/sla/bundledSlaConfig';
import { CaseServiceUnreachableError } from '../../../../src/main/services/caseService/caseServiceClient';
import type { SlaConfigFetch } from '../../../../src/main/services/sla/slaConfigClient';
import { createSlaConfigSource } from '../../../../src/main/services/sla/slaConfigSource';
import type { SlaConfigSnapshot } from '../../../../src/shared/ipc/contract';
import { buildSlaConfigDocument, readSlaConfigDocument, type SlaConfigDocument } from '../../../../src/shared/slaConfig/slaConfigDocument';
import { tempDir, testKey, warnings } from '../../support';

type Calendar = { id: string; holidays: { date: string; name: string }[] } & Record<string, unknown>;

/** The bundled configuration with one more holiday on general support, as the service would send it (no shifts). */
function serviceDocument(extraHoliday: string | null): SlaConfigDocument {
  const calendars = (bundledSlaConfigDocument.calendars as Calendar[]).map((calendar) =>
    calendar.id === 'general-support' && extraHoliday ? { ...calendar, holidays: [...calendar.holidays, { date: extraHoliday, name: 'Company day' }] } : calendar,
  );
  return buildSlaConfigDocument({ policies: bundledSlaConfigDocument.policies, calendars, shifts: null });
}

/** A policy naming a calendar that does not exist: valid JSON, refused by the loader. */
function brokenDocument(): SlaConfigDocument {
  const policies = structuredClone(bundledSlaConfigDocument.policies) as { rules: { clocks: Record<string, { calendar?: string }> }[] };
  policies.rules[0]!.clocks.first_response!.calendar = 'no-such-calendar';
  return buildSlaConfigDocument({ policies, calendars: bundledSlaConfigDocument.calendars, shifts: null });
}

class FakeConfigService {
  document: SlaConfigDocument = serviceDocument('2027-06-01');
  down = false;
  readonly asked: (string | null)[] = [];
  fetch = async (_token: string, held: string | null): Promise<SlaConfigFetch> => {
    this.asked.push(held);
    if (this.down) throw new CaseServiceUnreachableError('The case service at fake cannot be reached (connection refused).');
    return held === this.document.version ? { status: 'unchanged' } : { status: 'fetched', document: this.document };
  };
}

const holidaysOf = (snapshot: SlaConfigSnapshot) => (snapshot.calendars as Calendar[]).find((c) => c.id === 'general-support')!.holidays.map((h) => h.date);

async function open(service: FakeConfigService, dataDir: string, key: Buffer) {
  const log = warnings();
  const source = await createSlaConfigSource({ dataDir, key, fetchDocument: service.fetch, now: () => Date.parse('2026-03-02T10:00:00.000Z'), warn: log.warn });
  const changes: SlaConfigSnapshot[] = [];
  source.onChange((snapshot) => changes.push(snapshot));
  return { source, changes, log };
}

describe('SLA configuration on the desktop', () => {
  it('starts on the bundled defaults, which validate', async () => {
    const { source } = await open(new FakeConfigService(), await tempDir(), testKey());
    const snapshot = source.snapshot();
    expect(snapshot).toMatchObject({ source: 'bundled', fetchedAt: null, problems: [], version: bundledSlaConfigDocument.version });
    expect(readSlaConfigDocument(snapshot, 'test').ok).toBe(true);
  });

  it('takes the service’s configuration, announces it, and then asks with its version (a 304)', async () => {
    const service = new FakeConfigService();
    const { source, changes } = await open(service, await tempDir(), testKey());
    expect(await source.refresh('token')).toBe('updated');
    expect(source.snapshot()).toMatchObject({ source: 'service', version: service.document.version, fetchedAt: '2026-03-02T10:00:00.000Z' });
    expect(holidaysOf(source.snapshot())).toContain('2027-06-01');
    // The service sends no shifts: the bundled shift file fills in.
    expect(source.snapshot().shifts).toEqual(bundledShifts);
    expect(changes).toHaveLength(1);

    expect(await source.refresh('token')).toBe('unchanged');
    expect(service.asked).toEqual([bundledSlaConfigDocument.version, service.document.version]);
    expect(changes).toHaveLength(1);
  });

  it('keeps the last valid configuration when the service sends a broken one, and says why', async () => {
    const service = new FakeConfigService();
    const { source, changes, log } = await open(service, await tempDir(), testKey());
    await source.refresh('token');
    const good = source.snapshot().version;
    service.document = brokenDocument();
    expect(await source.refresh('token')).toBe('rejected');
    const snapshot = source.snapshot();
    expect(snapshot.version).toBe(good);
    expect(snapshot.problems.join('\n')).toMatch(/service:sla-policies\.json: rules\[0\]\.clocks\.first_response\.calendar: unknown calendar "no-such-calendar"/);
    expect(log.messages.join('\n')).toMatch(/refused; keeping version/);
    expect(changes).toHaveLength(2);
    // The same refusal again is not news.
    await source.refresh('token');
    expect(changes).toHaveLength(2);
    expect(log.messages.filter((m) => /refused; keeping/.test(m))).toHaveLength(1);
  });

  it('restarts offline on the encrypted cache of the last fetch, not the bundled defaults', async () => {
    const service = new FakeConfigService();
    const dataDir = await tempDir();
    const key = testKey();
    const first = await open(service, dataDir, key);
    await first.source.refresh('token');

    service.down = true;
    const again = await open(service, dataDir, key);
    expect(again.source.snapshot()).toMatchObject({ source: 'cache', version: service.document.version, fetchedAt: '2026-03-02T10:00:00.000Z' });
    await expect(again.source.refresh('token')).rejects.toBeInstanceOf(CaseServiceUnreachableError);
    expect(again.source.snapshot().source).toBe('cache');

    // Another key cannot read it (or a tampered file): the bundled defaults, with a warning.
    const otherKey = await open(service, dataDir, testKey());
    expect(otherKey.source.snapshot().source).toBe('bundled');
    expect(otherKey.log.messages.join('\n')).toMatch(/cannot be decrypted/);
  });

  it('shares one request between overlapping refreshes', async () => {
    const service = new FakeConfigService();
    const { source } = await open(service, await tempDir(), testKey());
    const outcomes = await Promise.all([source.refresh('token'), source.refresh('token'), source.refresh('token')]);
    expect(outcomes).toEqual(['updated', 'updated', 'updated']);
    expect(service.asked).toHaveLength(1);
  });
});
