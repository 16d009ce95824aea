/** The controllable clock of the async layer: scheduled jobs fire when it reaches them. */
export interface Clock {
  now(): number;
  /** Move the clock forward by `ms` milliseconds. */
  advance(ms: number): void;
  /** Set the clock to an absolute time (ms since the epoch); it never goes backwards. */
  set(epochMs: number): void;
}

/** A clock that moves only when told to: deterministic tests and a dev server's "run now". */
export class ManualClock implements Clock {
  constructor(private current = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    if (ms < 0) throw new RangeError('the clock cannot go backwards');
    this.current += ms;
  }

  set(epochMs: number): void {
    if (epochMs < this.current) throw new RangeError('the clock cannot go backwards');
    this.current = epochMs;
  }
}

/**
 * Wall-clock time for the dev server, which can still be moved forward (`advance`, `set`) to
 * make scheduled jobs due without waiting.
 */
export class SystemClock implements Clock {
  private offset = 0;

  constructor(private readonly wall: () => number = Date.now) {}

  now(): number {
    return this.wall() + this.offset;
  }

  advance(ms: number): void {
    if (ms < 0) throw new RangeError('the clock cannot go backwards');
    this.offset += ms;
  }

  set(epochMs: number): void {
    const now = this.now();
    if (epochMs < now) throw new RangeError('the clock cannot go backwards');
    this.offset += epochMs - now;
  }
}
