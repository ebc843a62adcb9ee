/**
 * One clock for every countdown on screen: it fires just after each wall-clock second turns,
 * so all cells change together, and only the components subscribed to it re-render.
 * Runs from the desktop's own clock, so countdowns keep going while the service is unreachable.
 */
export class SecondTicker {
  private now: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<(now: number) => void>();

  constructor(private readonly clock: () => number = Date.now) {
    this.now = clock();
  }

  get = (): number => this.now;

  /**
   * The clock's time now, not the last tick's. For computing state right after a change: an
   * event recorded between two ticks is later than the last tick, and a computation at that tick
   * would clamp it to the tick (the clocks treat later events as not yet happened), so a due
   * instant came out up to a second early and stayed so until the case changed again.
   */
  current = (): number => this.clock();

  subscribe = (listener: (now: number) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Sets the time and tells every subscriber (tests and the benchmark drive it directly). */
  set(now: number): void {
    this.now = now;
    for (const listener of this.listeners) listener(now);
  }

  start(): () => void {
    const schedule = () => {
      // Aim a few ms past the second so rounding never shows the same second twice.
      this.timer = setTimeout(
        () => {
          this.set(this.clock());
          schedule();
        },
        1000 - (this.clock() % 1000) + 5,
      );
    };
    this.set(this.clock());
    schedule();
    return () => {
      if (this.timer !== null) clearTimeout(this.timer);
      this.timer = null;
    };
  }
}
