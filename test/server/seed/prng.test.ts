import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random, mulberry32 } from '../../../src/server/seed/prng';

describe('seeded random numbers', () => {
  it('repeats exactly for the same seed and differs for another', () => {
    const draw = (seed: number) => {
      const next = mulberry32(seed);
      return Array.from({ length: 5 }, () => next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('keeps every helper within its range', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (seed, min, span) => {
        const random = new Random(seed);
        const value = random.int(min, min + span);
        expect(value).toBeGreaterThanOrEqual(min);
        expect(value).toBeLessThanOrEqual(min + span);
        const f = random.float();
        expect(f).toBeGreaterThanOrEqual(0);
        expect(f).toBeLessThan(1);
        expect(random.digits(4)).toMatch(/^\d{4}$/);
        expect(random.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }),
    );
  });

  it('picks by weight and shuffles without losing items', () => {
    const random = new Random(7);
    const tally = { a: 0, b: 0 };
    for (let i = 0; i < 4000; i += 1) tally[random.weighted([['a', 3], ['b', 1]] as const)] += 1;
    expect(tally.a / tally.b).toBeGreaterThan(2.5);
    expect(tally.a / tally.b).toBeLessThan(3.5);
    const items = Array.from({ length: 50 }, (_, i) => i);
    expect([...random.shuffle(items)].sort((x, y) => x - y)).toEqual(items);
    expect(() => random.pick([])).toThrow();
  });
});
