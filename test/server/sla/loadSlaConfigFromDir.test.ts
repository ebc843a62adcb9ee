import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlaConfigStore, DEFAULT_RESOURCES_DIR, readSlaConfig, slaConfigLocation } from '../../../src/server/sla/loadSlaConfigFromDir';
import { recordingLog } from './slaTestKit';

describe('SLA configuration from files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sla-config-'));
    await cp(path.join(DEFAULT_RESOURCES_DIR, 'calendars'), path.join(dir, 'calendars'), { recursive: true });
    await cp(path.join(DEFAULT_RESOURCES_DIR, 'sla-policies.json'), path.join(dir, 'sla-policies.json'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const editJson = async (file: string, edit: (json: Record<string, unknown>) => void) => {
    const json = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as Record<string, unknown>;
    edit(json);
    await writeFile(path.join(dir, file), JSON.stringify(json));
  };

  it('loads the shipped resources/ by default', async () => {
    const result = await readSlaConfig(slaConfigLocation());
    expect(result.ok).toBe(true);
    if (result.ok) expect([...result.value.calendars.keys()]).toEqual(expect.arrayContaining(['always', 'general-support', 'business-weekdays', 'calendar-days']));
  });

  it('keeps the last valid configuration when a calendar turns bad, and says which file, field and why', async () => {
    const log = recordingLog();
    const store = await createSlaConfigStore({ location: slaConfigLocation(dir), log });
    const first = store.current();
    expect(first).not.toBeNull();
    expect(log.lines.filter((line) => line.level === 'error')).toEqual([]);

    await editJson('calendars/general-support.json', (json) => {
      (json.weekly as Record<string, unknown>).mon = [
        ['07:00', '12:00'],
        ['11:00', '22:00'],
      ];
    });
    const rejected = await store.reload();
    expect(rejected).toMatchObject({ ok: false, keptPrevious: true });
    expect(store.current()).toBe(first);
    const error = log.lines.find((line) => line.level === 'error')?.message ?? '';
    expect(error).toContain('keeping the previous configuration');
    expect(error).toMatch(/general-support\.json: weekly\.mon\[1\]: .*overlap/i);
  });

  it('reports a file that is not JSON, and a policy naming a missing calendar, then loads the fixed files', async () => {
    const log = recordingLog();
    const store = await createSlaConfigStore({ location: slaConfigLocation(dir), log });
    const first = store.current();
    await writeFile(path.join(dir, 'calendars', 'always.json'), '{ "id": "always", ');
    await editJson('sla-policies.json', (json) => {
      const rules = json.rules as { clocks: Record<string, { calendar?: string }> }[];
      const firstClock = Object.values(rules[0]?.clocks ?? {})[0];
      if (firstClock) firstClock.calendar = 'no-such-calendar';
    });
    const rejected = await store.reload();
    expect(rejected.ok).toBe(false);
    if (!rejected.ok) {
      expect(rejected.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ file: expect.stringMatching(/always\.json$/), path: '', reason: expect.stringMatching(/^not valid JSON/) }),
          expect.objectContaining({ file: expect.stringMatching(/sla-policies\.json$/), path: 'rules[0].clocks.first_response.calendar', reason: expect.stringContaining('unknown calendar "no-such-calendar"') }),
        ]),
      );
    }
    expect(store.current()).toBe(first);

    await cp(path.join(DEFAULT_RESOURCES_DIR, 'calendars', 'always.json'), path.join(dir, 'calendars', 'always.json'));
    await cp(path.join(DEFAULT_RESOURCES_DIR, 'sla-policies.json'), path.join(dir, 'sla-policies.json'));
    await editJson('sla-policies.json', (json) => {
      json.version = 99;
    });
    expect(await store.reload()).toMatchObject({ ok: true, policyVersion: 99 });
    expect(store.current()?.policies.version).toBe(99);
  });

  it('starts with no configuration when the first load fails, and says sweeps are suspended', async () => {
    await rm(path.join(dir, 'sla-policies.json'));
    const log = recordingLog();
    const store = await createSlaConfigStore({ location: slaConfigLocation(dir), log });
    expect(store.current()).toBeNull();
    const error = log.lines.find((line) => line.level === 'error')?.message ?? '';
    expect(error).toContain('SLA sweeps are suspended');
    expect(error).toMatch(/sla-policies\.json: \(root\): cannot read the file: ENOENT/);
  });
});
