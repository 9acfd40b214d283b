import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CLOCK, NextDue, SimulatedClock } from '@app/platform';
import { ENTRA_CONFIG, EntraConfig } from '../config/entra.config';
import { GroupsService } from '../groups/groups.service';
import { UsersService } from '../users/users.service';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Purges users and groups that stayed in the recycle bin longer than ENTRA_RECYCLE_BIN_DAYS of simulated time,
 * exactly like a manual purge (the provisioning service then sees a hard delete). Runs every few wall seconds
 * and right after the simulated clock is advanced, then only once the oldest deletion left can be due.
 */
@Injectable()
export class RecycleBinPurger implements OnModuleInit {
  private readonly logger = new Logger(RecycleBinPurger.name);
  private running?: Promise<number>;
  private readonly next: NextDue;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly groups: GroupsService,
    @Inject(CLOCK) private readonly clock: SimulatedClock,
    @Inject(ENTRA_CONFIG) private readonly config: EntraConfig,
  ) {
    this.next = new NextDue(config.ENTRA_RECYCLE_BIN_DAYS * DAY_MS);
  }

  onModuleInit(): void {
    this.clock.onAdvance(async () => {
      if (this.next.isDue(this.clock.now())) await this.purgeDue();
    });
  }

  @Interval(5_000)
  async tick(): Promise<void> {
    try {
      await this.purgeDue();
    } catch (error) {
      this.logger.error(`recycle bin purge failed: ${String(error)}`);
    }
  }

  /** Purges what is due now; concurrent calls share one run. Returns how many objects were purged. */
  purgeDue(): Promise<number> {
    this.running ??= this.purge().finally(() => (this.running = undefined));
    return this.running;
  }

  private async purge(): Promise<number> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - this.config.ENTRA_RECYCLE_BIN_DAYS * DAY_MS);
    let purged = 0;
    for (const [table, purge] of [
      ['entra.users', (id: string) => this.users.purge(id)],
      ['entra.groups', (id: string) => this.groups.purge(id)],
    ] as const) {
      const due: { id: string }[] = await this.db.query(
        `SELECT id FROM ${table} WHERE deleted_date_time IS NOT NULL AND deleted_date_time <= $1 ORDER BY deleted_date_time LIMIT 1000`,
        [cutoff],
      );
      for (const { id } of due) {
        await purge(id);
        purged++;
      }
    }
    // A batch of 1,000 may have left more due: the next advance purges again.
    const [{ t }]: { t: Date | null }[] = await this.db.query(
      `SELECT least((SELECT min(deleted_date_time) FROM entra.users), (SELECT min(deleted_date_time) FROM entra.groups)) AS t`,
    );
    this.next.settle(t === null ? null : new Date(t), now);
    return purged;
  }
}
