import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClockSnapshot, SimulatedClock } from '@app/platform';

/** How often an accelerated clock saves an instant ahead of it, and how far ahead (wall ms). */
export const CLOCK_CHECKPOINT_MS = 2_000;
export const CLOCK_LEAD_MS = 10_000;

/**
 * Keeps the simulated clock in `entra.sim_clock`, so a restart resumes simulated time (SimulatedClock holds the
 * rules; this is its storage). attach() runs while the CLOCK provider is being made, so nothing that reads the
 * clock (scheduler, purger, seed) exists before the saved state is loaded.
 */
@Injectable()
export class ClockStore implements OnModuleDestroy {
  private readonly logger = new Logger(ClockStore.name);
  private clock?: SimulatedClock;
  private timer?: NodeJS.Timeout;
  private checkpointing?: Promise<void>;
  /** The instant this process saved last: the only one it may replace with an earlier one (hold()). */
  private lastSaved: Date | null = null;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async load(): Promise<ClockSnapshot | null> {
    const rows: { mode: string; simulated_at: Date }[] = await this.db.query(`SELECT mode, simulated_at FROM entra.sim_clock WHERE id = 1`);
    if (rows.length === 0) return null;
    return { mode: rows[0].mode, simulatedMs: new Date(rows[0].simulated_at).getTime() };
  }

  /**
   * Saves a snapshot. The stored instant never moves back, so a second process on the same database (another
   * instance, the seed command) cannot undo this one's advances; this process may only lower its own last save.
   */
  async save(snapshot: ClockSnapshot): Promise<void> {
    const at = new Date(snapshot.simulatedMs);
    await this.db.query(
      `INSERT INTO entra.sim_clock (id, mode, simulated_at, saved_at) VALUES (1, $1, $2, now())
       ON CONFLICT (id) DO UPDATE SET mode = EXCLUDED.mode, simulated_at = EXCLUDED.simulated_at, saved_at = EXCLUDED.saved_at
       WHERE entra.sim_clock.simulated_at <= EXCLUDED.simulated_at OR entra.sim_clock.simulated_at = $3`,
      [snapshot.mode, at, this.lastSaved],
    );
    this.lastSaved = at;
  }

  /** Resumes `clock` from the saved state (first boot: as it is), saves it, and keeps it saved until shutdown. */
  async attach(clock: SimulatedClock): Promise<SimulatedClock> {
    this.clock = clock;
    clock.persistWith((snapshot) => this.save(snapshot), { leadMs: CLOCK_LEAD_MS });
    const saved = await this.load();
    if (saved) clock.restore(saved);
    await clock.checkpoint();
    this.logger.log(`simulated clock ${clock.describe()} at ${clock.now().toISOString()}${saved ? ` (resumed from ${saved.mode})` : ''}`);
    if (clock.mode.kind === 'accelerated') {
      this.timer = setInterval(() => {
        this.checkpointing ??= clock
          .checkpoint()
          .catch((error: unknown) => this.logger.error(`saving the simulated clock failed: ${String(error)}`))
          .finally(() => (this.checkpointing = undefined));
      }, CLOCK_CHECKPOINT_MS);
      this.timer.unref();
    }
    return clock;
  }

  /** An accelerated clock stops at the instant it shows and saves it: a clean restart resumes exactly there. */
  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.checkpointing;
    await this.clock?.hold().catch((error: unknown) => this.logger.error(`saving the simulated clock failed: ${String(error)}`));
  }
}
