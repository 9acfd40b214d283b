import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CLOCK, SimulatedClock } from '@app/platform';
import { DirectoryAuditService } from '../../audit/directory-audit.service';
import { ENTRA_CONFIG, EntraConfig } from '../../config/entra.config';
import { SCIM_TRUSTED_CA, ScimConnector, type ScimTrustedCa } from '../connector';
import { SyncNotifier } from '../notifications';
import { cycleLogRecord } from './cycle-log-record';
import { CycleRunner } from './cycle-runner';
import { SYNC_INTERVAL_MS, type CycleResult, type JobConfiguration, type JobRow } from './cycle-types';
import { EngineLogSink } from './engine-log-sink';
import { InstanceLock, newEngineOwner } from './instance-lock';
import { JobConfigurationReader } from './job-configuration';

const TICK = 'sync-engine-tick';
/** Jobs one pass runs at most, so a tick ends even on a tenant with very many due jobs (the next tick goes on). */
const JOBS_PER_PASS = 50;

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const stackOf = (error: unknown): string | undefined => (error instanceof Error ? error.stack : undefined);

/**
 * The provisioning service's scheduler: every tick (and right after the simulated clock moves) it runs the cycles
 * of due jobs. Thin on purpose: the cycle is CycleRunner.run, which tests and provision on demand call too.
 */
@Injectable()
export class SyncEngine implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SyncEngine.name);
  readonly owner = newEngineOwner();
  readonly runner: CycleRunner;
  private running?: Promise<CycleResult[]>;
  private stopped = false;
  private lock = InstanceLock.NONE;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: SimulatedClock,
    @Inject(ENTRA_CONFIG) private readonly config: EntraConfig,
    private readonly scheduler: SchedulerRegistry,
    logSink: EngineLogSink,
    private readonly jobConfiguration: JobConfigurationReader,
    notifier: SyncNotifier,
    @Inject(SCIM_TRUSTED_CA) private readonly extraCa: ScimTrustedCa,
    audit: DirectoryAuditService,
  ) {
    this.runner = new CycleRunner({
      db,
      clock,
      logs: logSink,
      configure: (job: JobRow) => this.jobConfiguration.read(job),
      options: {
        pageSize: config.SYNC_PAGE_SIZE,
        concurrency: config.SYNC_CONCURRENCY,
        leaseMs: config.SYNC_LEASE_MS,
        owner: this.owner,
        instanceLockKey: () => this.lock.key,
      },
      openConnector: (job: JobConfiguration) => this.openConnector(job),
      notifier,
      audit,
    });
  }

  /** The SCIM connector a cycle uses for a job with saved credentials: the engine's concurrency, timeout and trusted CAs. */
  openConnector(job: JobConfiguration): ScimConnector {
    return ScimConnector.open(
      { baseAddress: job.baseAddress!, secretToken: job.secretToken! },
      { concurrency: this.config.SYNC_CONCURRENCY, timeoutMs: this.config.SYNC_TIMEOUT_MS, extraCa: this.extraCa },
    );
  }

  async onModuleInit(): Promise<void> {
    this.lock = await InstanceLock.hold(this.db, this.owner);
    this.clock.onAdvance(async () => {
      await this.runDue();
    });
    if (this.config.SYNC_TICK_MS > 0) {
      const timer = setInterval(() => {
        this.runDue().catch((error: unknown) =>
          this.logger.error({ message: 'provisioning tick failed', error: errorMessage(error) }, stackOf(error)),
        );
      }, this.config.SYNC_TICK_MS);
      timer.unref();
      this.scheduler.addInterval(TICK, timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.scheduler.doesExist('interval', TICK)) this.scheduler.deleteInterval(TICK);
    await this.running?.catch(() => undefined);
    await this.lock.release();
  }

  /** Runs every due job once (concurrent calls share one run). Answers what each cycle did. */
  runDue(): Promise<CycleResult[]> {
    if (this.stopped) return Promise.resolve([]);
    this.running ??= this.runDueJobs().finally(() => (this.running = undefined));
    return this.running;
  }

  private async runDueJobs(): Promise<CycleResult[]> {
    const results: CycleResult[] = [];
    const now = this.clock.now();
    // Due: active and scheduled, or an interrupted cycle (its lease expired or its instance gone) waiting to resume. A
    // cycle that failed keeps its cursor but waits for its next attempt (next_run_at), so a persistent fault is not
    // retried every tick. Each job is claimed (leased) as it is picked, so instances sharing the database split them.
    const ran: string[] = [];
    while (!this.stopped && ran.length < JOBS_PER_PASS) {
      const id = await this.runner.claimDue(now, ran);
      if (!id) break;
      ran.push(id);
      const started = performance.now();
      try {
        const result = await this.runner.runClaimed(id);
        results.push(result);
        // One record per failed attempt (its stack included), the attempts being an interval apart.
        const record = cycleLogRecord(result, Math.round(performance.now() - started));
        if (result.stack) this.logger.error(record, result.stack);
        else if (result.outcome !== 'skipped') this.logger.log(record);
      } catch (error) {
        const durationMs = Math.round(performance.now() - started);
        this.logger.error(
          { message: 'provisioning cycle failed', jobId: id, durationMs, errorCode: 'InternalError', error: errorMessage(error) },
          stackOf(error),
        );
        // The failure could not even be recorded in the job's status (CycleRunner records it otherwise): try again at
        // the next interval rather than every tick.
        await this.db
          .query(`UPDATE entra.sync_jobs SET next_run_at = $2 WHERE id = $1 AND schedule_state = 'Active'`, [
            id,
            new Date(this.clock.now().getTime() + SYNC_INTERVAL_MS),
          ])
          .catch(() => undefined);
        results.push({ jobId: id, cycleId: null, initial: false, outcome: 'skipped', counters: null, error: String(error) });
      }
    }
    return results;
  }
}
