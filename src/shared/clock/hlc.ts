/**
 * Hybrid logical clock: wall time plus a counter, so events a device records in the same
 * millisecond (or after the wall clock steps back) still sort in the order they happened.
 * Used for display ordering of local, not-yet-synced events; the service sequence is the
 * authority once an event is synced.
 */
export interface HlcState {
  wallMs: number;
  counter: number;
}

export function formatHlc(state: HlcState, nodeId: string): string {
  return `${state.wallMs.toString().padStart(15, '0')}-${state.counter.toString(36).padStart(5, '0')}-${nodeId}`;
}

export function parseHlc(value: string): HlcState & { nodeId: string } {
  const match = /^(\d{15})-([0-9a-z]{5})-(.+)$/.exec(value);
  if (!match) throw new Error(`not a hybrid logical clock value: ${value}`);
  return { wallMs: Number(match[1]), counter: parseInt(match[2] ?? '0', 36), nodeId: match[3] ?? '' };
}

export class HybridLogicalClock {
  private state: HlcState = { wallMs: 0, counter: 0 };

  constructor(
    private readonly nodeId: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Next timestamp for a local event. */
  tick(): string {
    const wall = this.now();
    if (wall > this.state.wallMs) this.state = { wallMs: wall, counter: 0 };
    else this.state = { wallMs: this.state.wallMs, counter: this.state.counter + 1 };
    return formatHlc(this.state, this.nodeId);
  }

  /** Folds in a timestamp seen from another device so our next tick sorts after it. */
  observe(remote: string): void {
    const other = parseHlc(remote);
    const wall = this.now();
    const maxWall = Math.max(wall, this.state.wallMs, other.wallMs);
    let counter = 0;
    if (maxWall === this.state.wallMs && maxWall === other.wallMs) counter = Math.max(this.state.counter, other.counter) + 1;
    else if (maxWall === this.state.wallMs) counter = this.state.counter + 1;
    else if (maxWall === other.wallMs) counter = other.counter + 1;
    this.state = { wallMs: maxWall, counter };
  }
}
