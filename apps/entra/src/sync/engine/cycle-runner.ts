import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '@app/platform';
import type { DirectoryAuditService } from '../../audit/directory-audit.service';
import { ConnectorError, ScimConnector } from '../connector';
import { CycleJobRepository } from './cycle-job-repository';
import { PHASES, PIPELINED_PHASES, moveCursor, settleCommit, type CycleRun, type PhaseEnvironment } from './cycle-phases';
import { cycleStatus, type CycleStop } from './cycle-status';
import {
  MIN_UUID,
  zeroCounters,
  type CycleCursor,
  type CycleNotifier,
  type CycleResult,
  type CycleRunnerOptions,
  type InternalFailure,
  type JobConfiguration,
  type JobRow,
  type LogSink,
} from './cycle-types';
import { LinkStore } from './link-store';
import { mappingSet } from './mapping-set';
import { PageProcessor } from './page-processor';
import { SourceReader, type ReadOptions } from './source-reader';

/** What a CycleRunner is made of. */
export interface CycleRunnerDependencies {
  db: DataSource;
  clock: Clock;
  /** Writes the provisioning-log entries of a page in the page's transaction. */
  logs: LogSink;
  /** Reads the job's configuration (schema, secrets, thresholds) when a cycle begins. */
  configure: (job: JobRow) => Promise<JobConfiguration>;
  options: CycleRunnerOptions;
  openConnector: (config: JobConfiguration) => ScimConnector;
  /** Told after a cycle committed (quarantine entered or changed, deletion threshold tripped). */
  notifier?: CycleNotifier | null;
  /** Records quarantine changes in the directory audit log, in the transaction that writes the job's status. */
  audit?: Pick<DirectoryAuditService, 'recordQuarantineChange'> | null;
}

/** What a cycle had set up when it failed (for its status). */
interface CycleProgress {
  config: JobConfiguration | null;
  cursor: CycleCursor | null;
}

/**
 * One provisioning cycle of one job: initial (every object in scope) when the job has no watermark, else incremental
 * (what changed since it). The phases (cycle-phases.ts) read pages of source objects; each page is processed with
 * bounded concurrency and its links, escrows, logs and the cursor/watermark commit in one transaction (PageProcessor),
 * so a cycle killed at any point resumes from the last durable page and, because unlinked objects are matched before
 * they are created, never duplicates. What a killed run had sent in its last page is saved as in flight before it is
 * sent, so the run that redoes the page counts it (once) when it finds it done. The job's status at the end is
 * cycleStatus's.
 */
export class CycleRunner {
  private readonly jobs: CycleJobRepository;
  private readonly pages: PageProcessor;

  constructor(private readonly deps: CycleRunnerDependencies) {
    this.jobs = new CycleJobRepository(deps.db, deps.options.owner, deps.options.leaseMs, deps.options.instanceLockKey);
    this.pages = new PageProcessor({
      db: deps.db,
      clock: deps.clock,
      logs: deps.logs,
      jobs: this.jobs,
      concurrency: deps.options.concurrency,
    });
  }

  loadJob(manager: EntityManager, jobId: string, forUpdate = false): Promise<JobRow | null> {
    return this.jobs.load(manager, jobId, forUpdate);
  }

  /** Runs one cycle if the lease can be taken. Never throws for target problems (they quarantine the job). */
  async run(jobId: string): Promise<CycleResult> {
    if (!(await this.jobs.acquireLease(jobId)))
      return { jobId, cycleId: null, initial: false, outcome: 'skipped', counters: null, error: 'another instance runs this job' };
    return this.runClaimed(jobId);
  }

  /**
   * The next job due at `now` that no live instance holds, leased to this instance (see CycleJobRepository.claimDue);
   * run it with runClaimed.
   */
  claimDue(now: Date, skip: readonly string[]): Promise<string | null> {
    return this.jobs.claimDue(now, skip);
  }

  /** Runs the cycle of a job whose lease this instance holds, and releases the lease. */
  async runClaimed(jobId: string): Promise<CycleResult> {
    try {
      return await this.runLeased(jobId);
    } finally {
      await this.jobs.releaseLease(jobId);
    }
  }

  private async runLeased(jobId: string): Promise<CycleResult> {
    const job = await this.jobs.load(this.deps.db.manager, jobId);
    if (!job) return { jobId, cycleId: null, initial: false, outcome: 'skipped', counters: null, error: 'no such job' };
    const progress: CycleProgress = { config: null, cursor: null };
    try {
      return await this.runCycle(job, progress);
    } catch (error) {
      return await this.failCycle(job, progress, error);
    }
  }

  /**
   * Any error the cycle did not handle (database, bug, a connector crash): the attempt is a complete failure, shown
   * in the job's status (lastExecution Failed, InternalError) and retried at the next interval; the durable cursor
   * stays, so the retry resumes where the last committed page left off. Repeated failures quarantine the job.
   */
  private async failCycle(job: JobRow, progress: CycleProgress, error: unknown): Promise<CycleResult> {
    const message = error instanceof Error ? error.message : String(error);
    const config = progress.config ?? (await this.deps.configure(job).catch(() => null));
    const cursor: CycleCursor = progress.cursor ?? {
      cycleId: job.cycle_cursor?.cycleId ?? randomUUID(),
      initial: job.watermark === null,
      highWater: '0',
      phase: 'users',
      after: MIN_UUID,
      began: this.deps.clock.now().toISOString(),
      counters: zeroCounters(),
      generation: job.reset_generation,
    };
    const quarantined = await this.finish(job, config, cursor, { kind: 'internal', message });
    return {
      jobId: job.id,
      cycleId: cursor.cycleId,
      initial: cursor.initial,
      outcome: quarantined ? 'quarantined' : 'failed',
      counters: cursor.counters,
      error: message,
      errorCode: 'InternalError',
      ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
    };
  }

  private async runCycle(job: JobRow, progress: CycleProgress): Promise<CycleResult> {
    const { db, clock } = this.deps;
    const jobId = job.id;
    const config = await this.deps.configure(job);
    if (!config.baseAddress || !config.secretToken)
      return { jobId, cycleId: null, initial: false, outcome: 'skipped', counters: null, error: 'no credentials saved' };
    progress.config = config;
    const mappings = mappingSet(config, clock.now());
    const reader = new SourceReader(db.manager);
    const read: ReadOptions = { servicePrincipalId: job.service_principal_id, syncAll: config.syncAll, withRoles: mappings.readsRoles };
    const cursor: CycleCursor = job.cycle_cursor ?? {
      cycleId: randomUUID(),
      initial: job.watermark === null,
      highWater: await reader.highWater(),
      phase: job.watermark === null ? 'users' : 'changes',
      after: job.watermark === null ? MIN_UUID : job.watermark,
      began: clock.now().toISOString(),
      counters: zeroCounters(),
      generation: job.reset_generation,
    };
    progress.cursor = cursor;
    if (!job.cycle_cursor) {
      const store = new LinkStore(db.manager);
      // A full cycle re-plans every object: deletions withheld by an earlier cycle are planned again if still due
      // (unless the admin allowed them: ForceDeletes executes exactly what was staged).
      if (cursor.initial && !job.force_deletes) await store.clearStagedDeletes(job.id);
      // Left by a cycle that was voided (restart) between its last page and its reference pass.
      await store.clearPendingReferences(job.id);
      const statusCode = job.status_code === 'NotRun' || job.status_code === 'NotConfigured' ? 'NotRun' : null;
      await this.jobs.saveCursor(db.manager, job.id, cursor, statusCode, clock.now());
    }
    let connector: ScimConnector;
    try {
      connector = this.deps.openConnector(config);
    } catch (error) {
      // An unusable Tenant URL or token: the cycle cannot start, like an unreachable target.
      if (!(error instanceof ConnectorError)) throw error;
      return this.quarantine(job, config, cursor, error);
    }
    const run: CycleRun = { job, config, mappings, connector, reader, read, cursor, processed: new Set() };
    try {
      while (cursor.phase !== 'done') {
        if (!(await this.jobs.renewLease(jobId))) {
          await settleCommit(run);
          return { jobId, cycleId: cursor.cycleId, initial: cursor.initial, outcome: 'lostLease', counters: cursor.counters };
        }
        await this.step(run);
      }
      await settleCommit(run);
      const tripped = cursor.deletions?.mode === 'stage';
      await this.finish(job, config, cursor, null);
      return {
        jobId,
        cycleId: cursor.cycleId,
        initial: cursor.initial,
        outcome: tripped ? 'quarantined' : 'completed',
        counters: cursor.counters,
        ...(tripped ? { error: 'TooManyDeletes', errorCode: 'TooManyDeletes' } : {}),
      };
    } catch (error) {
      // A page commit still running ends (or fails) before the failure is recorded.
      await settleCommit(run).catch(() => undefined);
      if (!(error instanceof ConnectorError) || error.reaction !== 'quarantine') throw error;
      return await this.quarantine(job, config, cursor, error);
    } finally {
      await connector.close();
    }
  }

  /** The target stopped the cycle (an unusable Tenant URL or token, or a quarantine reaction): recorded, then told. */
  private async quarantine(job: JobRow, config: JobConfiguration, cursor: CycleCursor, error: ConnectorError): Promise<CycleResult> {
    await this.finish(job, config, cursor, error);
    return {
      jobId: job.id,
      cycleId: cursor.cycleId,
      initial: cursor.initial,
      outcome: 'quarantined',
      counters: cursor.counters,
      error: error.reason,
      errorCode: error.errorCode,
    };
  }

  /** One page of the current phase, processed and committed; advances the cursor. */
  private async step(run: CycleRun): Promise<void> {
    const phase = run.cursor.phase;
    if (phase === 'done') return;
    const env: PhaseEnvironment = {
      store: new LinkStore(this.deps.db.manager),
      pageSize: this.deps.options.pageSize,
      now: this.deps.clock.now(),
    };
    if (!PIPELINED_PHASES.has(phase)) await settleCommit(run);
    const step = await PHASES[phase](run, env);
    if ('done' in step) moveCursor(run.cursor, step.done);
    else await this.pages.process(run, step.page, step.then, step.watermark);
  }

  /**
   * Ends the cycle: status, counters, schedule (cycleStatus), written with the job row locked. A quarantine error
   * keeps the watermark where the last durable page left it; an internal failure keeps the durable cursor too.
   * Answers whether the job is now quarantined.
   */
  private async finish(
    job: JobRow,
    config: JobConfiguration | null,
    cursor: CycleCursor,
    stopped: ConnectorError | InternalFailure | null,
  ): Promise<boolean> {
    const now = this.deps.clock.now();
    const stop: CycleStop | null =
      stopped instanceof ConnectorError ? { kind: 'target', errorCode: stopped.errorCode, reason: stopped.reason } : stopped;
    const outcome = await this.deps.db.transaction(async (tx) => {
      const current = await this.jobs.load(tx, job.id, true);
      if (!current) return null;
      const store = new LinkStore(tx);
      const result = cycleStatus({
        previous: current.status ?? {},
        job: {
          id: job.id,
          servicePrincipalId: job.service_principal_id,
          scheduleState: current.schedule_state,
          pauseRequested: current.pause_requested,
          resetGeneration: current.reset_generation,
        },
        cycle: cursor,
        stopped: stop,
        config,
        escrowed: await store.countEscrows(job.id),
        linked: await store.countLinks(job.id),
        now,
      });
      if (result.prunesEscrows) await store.clearAllEscrows(job.id);
      await this.jobs.finish(tx, job.id, { ...result, highWater: cursor.highWater, at: now });
      await this.deps.audit?.recordQuarantineChange(tx, {
        jobId: job.id,
        servicePrincipalId: job.service_principal_id,
        servicePrincipalName: config?.servicePrincipalName ?? '',
        previous: current.status?.quarantine as { reason?: unknown } | null | undefined,
        next: result.status.quarantine as { reason?: unknown } | null | undefined,
      });
      return result;
    });
    // After the commit, never inside it (the notifier may talk SMTP); it never throws.
    for (const event of outcome?.events ?? []) await this.deps.notifier?.notify(event);
    return outcome?.quarantined ?? false;
  }
}
