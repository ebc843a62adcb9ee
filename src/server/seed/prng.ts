import { mulberry32 } from '../../shared/random/mulberry32';

/**
 * Seeded pseudo-random numbers (mulberry32): the same seed yields the same demo bank on
 * every start and every machine, which makes demos, screenshots and tests repeatable.
 * Not for anything secret.
 */
export { mulberry32 };

export class Random {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next();
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks by relative weight: [['a', 3], ['b', 1]] yields 'a' three times as often. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [value, weight] of choices) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = choices[choices.length - 1];
    if (!last) throw new Error('cannot pick from an empty list');
    return last[0];
  }

  /** A string of n decimal digits (leading zeros allowed). */
  digits(n: number): string {
    let out = '';
    for (let i = 0; i < n; i += 1) out += String(Math.floor(this.next() * 10));
    return out;
  }

  /** Fills `buffer` with bytes drawn from this generator (a stand-in for crypto.getRandomValues in seeds); returns it. */
  fill(buffer: Uint8Array): Uint8Array {
    for (let i = 0; i < buffer.length; i++) buffer[i] = this.int(0, 255);
    return buffer;
  }

  /** A well-formed version 4 UUID drawn from this generator. */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.next() * 16).toString(16));
    hex[12] = '4';
    hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}
