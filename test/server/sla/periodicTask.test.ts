import { describe, expect, it } from 'vitest';
import { periodicTask } from '../../../src/server/sla/periodicTask';
import { ManualScheduler } from './slaTestKit';

describe('periodicTask', () => {
  it('runs after each interval, never two runs at once, and stops after the run in flight', async () => {
    const scheduler = new ManualScheduler();
    let running = 0;
    let overlapped = false;
    let runs = 0;
    let release: () => void = () => undefined;
    const task = periodicTask(
      async () => {
        running += 1;
        overlapped ||= running > 1;
        await new Promise<void>((resolve) => (release = resolve));
        running -= 1;
        return ++runs;
      },
      { intervalMs: 1000, scheduler, onError: () => undefined },
    );
    task.start();
    task.start();
    expect([...scheduler.pending.values()].map((t) => t.ms)).toEqual([1000]);
    scheduler.fireAll();
    const second = task.runNow(); // queued behind the timer's run
    await Promise.resolve();
    release();
    await expect.poll(() => runs).toBe(1);
    release();
    expect(await second).toBe(2);
    expect(overlapped).toBe(false);
    expect(scheduler.pending.size).toBe(1); // rescheduled after the last run
    const stopping = task.stop();
    await stopping;
    expect(scheduler.pending.size).toBe(0);
    await expect(task.runNow()).rejects.toThrow(/stopped/);
  });

  it('reports a failed run and keeps its schedule', async () => {
    const scheduler = new ManualScheduler();
    const errors: unknown[] = [];
    const task = periodicTask(async () => Promise.reject(new Error('boom')), { intervalMs: 50, scheduler, onError: (error) => errors.push(error) });
    task.start();
    scheduler.fireAll();
    await expect.poll(() => errors.length).toBe(1);
    expect(scheduler.pending.size).toBe(1);
    task.trigger();
    await expect.poll(() => errors.length).toBe(2);
    await task.stop();
  });
});
