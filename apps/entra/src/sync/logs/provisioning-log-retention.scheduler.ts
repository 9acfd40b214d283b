import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { CLOCK, NextDue, SimulatedClock } from '@app/platform';
import { ProvisioningLogWriter } from './provisioning-log.writer';
import { ProvisioningLogsService } from './provisioning-logs.service';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Entra keeps provisioning logs 30 days with P1/P2 (reference §7.3). */
export const PROVISIONING_LOG_RETENTION_DAYS = 30;
/** Rows per DELETE, so a large purge never holds one long statement. */
export const RETENTION_DELETE_BATCH = 10_000;

/**
 * Deletes provisioning-log entries older than 30 days of simulated time, oldest first, in batches. Runs every few
 * wall seconds and right after the simulated clock is advanced (so `POST /sim/clock/advance` answers after it); after
 * an advance only once the oldest entry left can be due (a soak advances the clock a thousand times a run, and the
 * DELETE costs more as the log grows even when it finds nothing).
 */
@Injectable()
export class ProvisioningLogRetention implements OnModuleInit {
  private readonly logger = new Logger(ProvisioningLogRetention.name);
  private active?: Promise<number>;
  private queued?: Promise<number>;
  private readonly next = new NextDue(PROVISIONING_LOG_RETENTION_DAYS * DAY_MS);

  constructor(
    private readonly logs: ProvisioningLogsService,
    private readonly writer: ProvisioningLogWriter,
    @Inject(CLOCK) private readonly clock: SimulatedClock,
  ) {}

  onModuleInit(): void {
    this.writer.onWritten = (oldest) => this.next.wrote(oldest);
    this.clock.onAdvance(async () => {
      if (this.next.isDue(this.clock.now())) await this.purgeDue();
    });
  }

  @Interval(10_000)
  async tick(): Promise<void> {
    try {
      await this.purgeDue();
    } catch (error) {
      this.logger.error(
        { message: 'provisioning log purge failed', error: error instanceof Error ? error.message : String(error) },
        error instanceof Error ? error.stack : undefined,
      );
    }
  }

  /** Entries with activityDateTime before this instant are due. */
  cutoff(now: Date = this.clock.now()): Date {
    return new Date(now.getTime() - PROVISIONING_LOG_RETENTION_DAYS * DAY_MS);
  }

  /**
   * Purges what is due now and answers how many entries were deleted. A call made while a purge runs waits for it
   * and then purges once more with a fresh cutoff (the clock may have moved); such calls share that second run.
   */
  purgeDue(): Promise<number> {
    if (!this.active) {
      this.active = this.purge().finally(() => (this.active = undefined));
      return this.active;
    }
    this.queued ??= this.active
      .catch(() => 0)
      .then(() => {
        this.queued = undefined;
        return this.purgeDue();
      });
    return this.queued;
  }

  private async purge(): Promise<number> {
    const now = this.clock.now();
    const cutoff = this.cutoff(now);
    let total = 0;
    for (;;) {
      const deleted = await this.logs.deleteOlderThan(cutoff, RETENTION_DELETE_BATCH);
      total += deleted;
      if (deleted < RETENTION_DELETE_BATCH) break;
    }
    this.next.settle(await this.logs.oldestActivity(), now);
    return total;
  }
}
