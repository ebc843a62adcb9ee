import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HybridLogicalClock, parseHlc } from '../../../src/shared/clock/hlc';

describe('hybrid logical clock', () => {
  it('is strictly increasing even when the wall clock stalls or steps back', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 50 }), (walls) => {
        let i = 0;
        const clock = new HybridLogicalClock('n1', () => walls[Math.min(i++, walls.length - 1)]!);
        const stamps = walls.map(() => clock.tick());
        for (let k = 1; k < stamps.length; k++) expect(stamps[k]! > stamps[k - 1]!).toBe(true);
      }),
    );
  });

  it('sorts after a remote timestamp it has observed', () => {
    const local = new HybridLogicalClock('a', () => 1000);
    const remote = new HybridLogicalClock('b', () => 5000).tick();
    local.observe(remote);
    const next = local.tick();
    expect(next > remote).toBe(true);
    expect(parseHlc(next).wallMs).toBe(5000);
  });
});
