import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CLOCK, SimulatedClock } from '@app/platform';
import { BatchedRetention } from '../../database/log-table';
import { PROVISIONING_LOGS_TABLE } from './provisioning-log.columns';
import { ProvisioningLogWriter } from './provisioning-log.writer';

export { RETENTION_DELETE_BATCH } from '../../database/log-table';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Entra keeps provisioning logs 30 days with P1/P2 (reference §7.3). */
export const PROVISIONING_LOG_RETENTION_DAYS = 30;

/**
 * Deletes provisioning-log entries older than 30 days of simulated time (BatchedRetention). Runs every few wall
 * seconds and right after the simulated clock is advanced (so `POST /sim/clock/advance` answers after it); after an
 * advance only once the oldest entry left can be due.
 */
@Injectable()
export class ProvisioningLogRetention implements OnModuleInit {
  private readonly logger = new Logger(ProvisioningLogRetention.name);
  private readonly retention: BatchedRetention;

  constructor(
    @InjectDataSource() db: DataSource,
    private readonly writer: ProvisioningLogWriter,
    @Inject(CLOCK) private readonly clock: SimulatedClock,
  ) {
    this.retention = new BatchedRetention(db, PROVISIONING_LOGS_TABLE, clock, PROVISIONING_LOG_RETENTION_DAYS * DAY_MS);
  }

  onModuleInit(): void {
    this.writer.onWritten = (oldest) => this.retention.next.wrote(oldest);
    this.clock.onAdvance(async () => {
      if (this.retention.next.isDue(this.clock.now())) await this.retention.purgeDue();
    });
  }

  @Interval(10_000)
  async tick(): Promise<void> {
    try {
      await this.retention.purgeDue();
    } catch (error) {
      this.logger.error(
        { message: 'provisioning log purge failed', error: error instanceof Error ? error.message : String(error) },
        error instanceof Error ? error.stack : undefined,
      );
    }
  }

  /** Entries with activityDateTime before this instant are due. */
  cutoff(now: Date = this.clock.now()): Date {
    return this.retention.cutoff(now);
  }

  /** Purges what is due now and answers how many entries were deleted (BatchedRetention.purgeDue). */
  purgeDue(): Promise<number> {
    return this.retention.purgeDue();
  }
}
