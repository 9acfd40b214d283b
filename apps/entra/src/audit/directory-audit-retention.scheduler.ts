import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { CLOCK, SimulatedClock } from '@app/platform';
import { DirectoryAuditService } from './directory-audit.service';

/**
 * Deletes directory audits older than 30 days of simulated time: every few wall seconds, and right after the
 * simulated clock is advanced once the oldest entry left can be due (so `POST /sim/clock/advance` answers after it).
 */
@Injectable()
export class DirectoryAuditRetention implements OnModuleInit {
  private readonly logger = new Logger(DirectoryAuditRetention.name);

  constructor(
    private readonly audits: DirectoryAuditService,
    @Inject(CLOCK) private readonly clock: SimulatedClock,
  ) {}

  onModuleInit(): void {
    this.clock.onAdvance(async () => {
      if (this.audits.retention.next.isDue(this.clock.now())) await this.audits.retention.purgeDue();
    });
  }

  @Interval(10_000)
  async tick(): Promise<void> {
    try {
      await this.audits.retention.purgeDue();
    } catch (error) {
      this.logger.error({ message: 'directory audit purge failed', error: error instanceof Error ? error.message : String(error) });
    }
  }
}
