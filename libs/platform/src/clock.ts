/** The one source of time for domain code (no Date.now() there). */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };

export type ClockMode = { kind: 'real' } | { kind: 'accelerated'; factor: number } | { kind: 'manual' };

/** `real`, `accelerated:<factor>` (factor > 0, e.g. 600: 40 minutes pass in 4 s) or `manual`. */
export const CLOCK_SPEC_PATTERN = /^(real|manual|accelerated:(\d+(\.\d+)?))$/;

export function parseClockMode(spec: string): ClockMode {
  const match = CLOCK_SPEC_PATTERN.exec(spec);
  if (!match) throw new Error(`Invalid clock "${spec}": use real, manual or accelerated:<factor>`);
  if (match[1] === 'real') return { kind: 'real' };
  if (match[1] === 'manual') return { kind: 'manual' };
  const factor = Number(match[2]);
  if (!(factor > 0)) throw new Error(`Invalid clock "${spec}": the factor must be positive`);
  return { kind: 'accelerated', factor };
}

/**
 * The simulated clock of the provisioning loop. Real: wall time. Accelerated: simulated time runs `factor` times
 * faster than wall time from the moment the clock was made. Manual: time stands still until `advance(ms)`.
 * Accelerated and manual clocks can also be advanced (jump ahead); listeners then run the work that became due.
 */
export class SimulatedClock implements Clock {
  private readonly startedWall: number;
  private offsetMs = 0;
  private readonly listeners: Array<(now: Date) => Promise<void> | void> = [];

  constructor(
    readonly mode: ClockMode,
    private readonly wall: () => number = Date.now,
    private readonly start: number = wall(),
  ) {
    this.startedWall = wall();
  }

  static fromSpec(spec: string): SimulatedClock {
    return new SimulatedClock(parseClockMode(spec));
  }

  now(): Date {
    switch (this.mode.kind) {
      case 'real':
        return new Date(this.wall());
      case 'manual':
        return new Date(this.start + this.offsetMs);
      case 'accelerated':
        return new Date(this.start + (this.wall() - this.startedWall) * this.mode.factor + this.offsetMs);
    }
  }

  get canAdvance(): boolean {
    return this.mode.kind !== 'real';
  }

  /** Moves simulated time forward by `ms` and runs every listener (due work) before answering the new time. */
  async advance(ms: number): Promise<Date> {
    if (!this.canAdvance) throw new Error('The real clock cannot be advanced');
    if (!Number.isFinite(ms) || ms < 0) throw new Error('ms must be a non-negative number');
    this.offsetMs += ms;
    const now = this.now();
    for (const listener of this.listeners) await listener(now);
    return now;
  }

  onAdvance(listener: (now: Date) => Promise<void> | void): void {
    this.listeners.push(listener);
  }

  /** e.g. "manual", "accelerated:600" */
  describe(): string {
    return this.mode.kind === 'accelerated' ? `accelerated:${this.mode.factor}` : this.mode.kind;
  }
}
