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
 * What a clock saves so that a later run resumes where it stopped (see SimulatedClock.restore).
 * `simulatedMs` is the instant to resume at: a manual clock's time; for an accelerated clock an instant it has not
 * passed yet (it never shows more than the last instant it saved); for the real clock at least the wall time it
 * showed at boot, or the simulated time it took over when that was later.
 */
export interface ClockSnapshot {
  /** The mode that saved it, as describe() prints it: real, manual or accelerated:<factor>. */
  mode: string;
  /** Epoch milliseconds. */
  simulatedMs: number;
}

export type SaveClock = (snapshot: ClockSnapshot) => Promise<void>;

/**
 * The simulated clock of the provisioning loop. Real: wall time. Accelerated: simulated time runs `factor` times
 * faster than wall time from the moment the clock was made. Manual: time stands still until `advance(ms)`.
 * Accelerated and manual clocks can also be advanced (jump ahead); listeners then run the work that became due.
 *
 * Durable when given a saver (persistWith): the state is saved before an advance becomes visible, and an accelerated
 * clock never shows more than the last instant it saved, which checkpoint() moves `leadMs` of wall time ahead. A
 * later run restore()s from the last snapshot and never starts earlier than any time this one showed. The class does
 * no I/O itself; the saver does.
 */
export class SimulatedClock implements Clock {
  /** Simulated epoch ms at wall instant `anchorWall`; accelerated time runs on from there. */
  private anchorSim: number;
  private anchorWall: number;
  /** Accelerated clock with a saver: the last instant saved, never shown past. Infinity otherwise. */
  private bound = Infinity;
  private saver?: SaveClock;
  private leadMs = 0;
  private held = false;
  /** Saves happen one at a time, in order, so the last one written is the latest state. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners: Array<(now: Date) => Promise<void> | void> = [];

  private currentMode: ClockMode;

  constructor(
    mode: ClockMode,
    private readonly wall: () => number = Date.now,
    start: number = wall(),
  ) {
    this.currentMode = mode;
    this.anchorSim = start;
    this.anchorWall = wall();
  }

  get mode(): ClockMode {
    return this.currentMode;
  }

  /**
   * An accelerated clock runs on at another factor from the instant it shows now (time never jumps); with a saver,
   * the new mode is saved before it applies, as a checkpoint. Only between accelerated factors: a manual clock has no
   * speed and the real one no factor.
   */
  async setAcceleration(factor: number): Promise<Date> {
    if (!(Number.isFinite(factor) && factor > 0)) throw new Error('The factor must be a positive number');
    return this.serialized(async () => {
      if (this.currentMode.kind !== 'accelerated') throw new Error(`A ${this.currentMode.kind} clock has no acceleration factor`);
      const now = this.now().getTime();
      const wallNow = this.wall();
      if (this.saver && !this.held) {
        const bound = now + this.leadMs * factor;
        await this.saver({ mode: `accelerated:${factor}`, simulatedMs: bound });
        this.bound = bound;
      } else if (this.held) {
        if (this.saver) await this.saver({ mode: `accelerated:${factor}`, simulatedMs: now });
        this.bound = now;
      }
      this.currentMode = { kind: 'accelerated', factor };
      this.anchorSim = now;
      this.anchorWall = wallNow;
      return this.now();
    });
  }

  static fromSpec(spec: string): SimulatedClock {
    return new SimulatedClock(parseClockMode(spec));
  }

  now(): Date {
    switch (this.mode.kind) {
      case 'real':
        return new Date(this.wall());
      case 'manual':
        return new Date(this.anchorSim);
      case 'accelerated':
        return new Date(Math.min(this.running(this.mode.factor), this.bound));
    }
  }

  get canAdvance(): boolean {
    return this.mode.kind !== 'real';
  }

  /**
   * Moves simulated time forward by `ms` and runs every listener (due work) before answering the new time. With a
   * saver, the new state is saved first: when saving fails, time does not move and the advance fails.
   */
  async advance(ms: number): Promise<Date> {
    if (!this.canAdvance) throw new Error('The real clock cannot be advanced');
    if (!Number.isFinite(ms) || ms < 0) throw new Error('ms must be a non-negative number');
    const now = await this.serialized(async () => {
      if (this.mode.kind === 'accelerated') {
        // Held (shutting down): the new instant exactly; else an instant `leadMs` ahead, as a checkpoint.
        const bound = this.held ? this.bound + ms : this.running(this.mode.factor) + ms + this.leadMs * this.mode.factor;
        if (this.saver) await this.saver({ mode: this.describe(), simulatedMs: bound });
        this.anchorSim += ms;
        if (this.saver || this.held) this.bound = this.held ? bound : Math.max(this.bound, bound);
      } else {
        if (this.saver) await this.saver({ mode: this.describe(), simulatedMs: this.anchorSim + ms });
        this.anchorSim += ms;
      }
      return this.now();
    });
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

  /** The state to resume from, as of now (an accelerated clock's current instant, without lead). */
  snapshot(): ClockSnapshot {
    const simulatedMs = this.mode.kind === 'real' ? Math.max(this.anchorSim, this.wall()) : this.now().getTime();
    return { mode: this.describe(), simulatedMs };
  }

  /**
   * Resumes from a snapshot an earlier run saved, whatever its mode: at its instant (manual, accelerated), or at
   * least at wall time after the real clock (which showed wall time). The real clock keeps showing wall time but
   * carries the instant over to its own snapshot, so a simulated clock after it does not go back either.
   */
  restore(snapshot: ClockSnapshot): Date {
    const saved = parseClockMode(snapshot.mode);
    if (typeof snapshot.simulatedMs !== 'number' || !Number.isFinite(snapshot.simulatedMs)) {
      throw new Error(`Invalid clock snapshot: simulatedMs ${String(snapshot.simulatedMs)}`);
    }
    const wallMs = this.wall();
    const resumed = saved.kind === 'real' ? Math.max(snapshot.simulatedMs, wallMs) : snapshot.simulatedMs;
    this.anchorSim = resumed;
    this.anchorWall = wallMs;
    // Until the next checkpoint, an accelerated clock shows nothing past what is saved.
    this.bound = this.mode.kind === 'accelerated' && this.saver ? resumed : Infinity;
    this.held = false;
    return this.now();
  }

  /**
   * Saves through `save` from now on: before every advance, at every checkpoint() and hold(). An accelerated clock
   * stops showing more than the last instant saved; each save puts that instant `leadMs` of wall time ahead. Call
   * before restore() and before anything reads the clock, then checkpoint() once to save the resumed state.
   */
  persistWith(save: SaveClock, options: { leadMs?: number } = {}): void {
    this.saver = save;
    this.leadMs = options.leadMs ?? 0;
    if (this.mode.kind === 'accelerated') this.bound = Math.min(this.bound, this.running(this.mode.factor));
  }

  /** Saves the current state; an accelerated clock saves an instant `leadMs` ahead and may then run up to it. */
  checkpoint(): Promise<void> {
    return this.serialized(async () => {
      if (!this.saver) return;
      if (this.mode.kind !== 'accelerated' || this.held) return this.saver(this.snapshot());
      const bound = this.running(this.mode.factor) + this.leadMs * this.mode.factor;
      await this.saver({ mode: this.describe(), simulatedMs: bound });
      this.bound = Math.max(this.bound, bound);
    });
  }

  /**
   * Stops an accelerated clock at the instant it shows and saves exactly that instant, so the next run resumes
   * there rather than at the lead of the last checkpoint (for shutdown). Manual and real clocks are unaffected.
   */
  hold(): Promise<void> {
    return this.serialized(async () => {
      if (this.mode.kind !== 'accelerated' || this.held) return;
      this.bound = this.now().getTime();
      this.held = true;
      if (this.saver) await this.saver({ mode: this.describe(), simulatedMs: this.bound });
    });
  }

  private running(factor: number): number {
    return this.anchorSim + (this.wall() - this.anchorWall) * factor;
  }

  private serialized<T>(step: () => Promise<T>): Promise<T> {
    const run = this.queue.then(step);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
