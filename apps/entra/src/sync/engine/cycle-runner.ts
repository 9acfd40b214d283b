import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  evaluateDeleteThreshold,
  evaluateEscrowThresholds,
  compileObjectMapping,
  findObjectMapping,
  mapReferences,
  nextEscrowRetry,
  onQuarantineAttempt,
  type AttributeMappingSource,
  type EscrowThresholds,
  type ObjectMapping,
  type SynchronizationQuarantine,
  type SynchronizationSchema,
} from '@app/provisioning-core';
import { returnedRows } from '@app/persistence';
import type { Clock } from '@app/platform';
import { ConnectorError, ScimConnector } from '../connector';
import type { JobNotificationEvent } from '../notifications';
import { mapConcurrent } from './concurrency';
import { LinkStore, type EscrowWrite, type Link, type PendingReferenceRow } from './link-store';
import { planInFlight, replaceInFlight, type InFlightExport, type InFlightExports } from './in-flight-exports';
import { exportObject, prepareObject, resolveReferences, type ObjectOutcome, type PreparedObject, type ProcessorContext } from './object-processor';
import { objectMappingContext, processorContext, type ObjectMappingContext } from './processor-context';
import { MIN_UUID, SourceReader, type ReadOptions, type SourceState } from './source-reader';

export const SYNC_INTERVAL_MS = 40 * 60 * 1000;

/**
 * Successive complete failures of a job's cycles from an internal error (database, bug: not the target's answers) after
 * which the job is quarantined (EncounteredQuarantineException, error code InternalError). Entra does not publish
 * this number; before it the job stays Active and is retried at its interval, after it the quarantine schedule
 * (+6 h, +12 h, +24 h, daily, disabled after 28 days) applies (reference §5.2-5.4).
 */
export const INTERNAL_FAILURE_QUARANTINE_THRESHOLD = 3;

/** A cycle stopped by an unexpected error of the provisioning service itself (reference §7.4 `InternalError`). */
export interface InternalFailure {
  kind: 'internal';
  message: string;
}

/** Where an interrupted cycle resumes; stored in sync_jobs.cycle_cursor after every durable page. */
export interface CycleCursor {
  cycleId: string;
  initial: boolean;
  /** The change sequence the cycle reads up to (captured when it began). */
  highWater: string;
  phase: 'users' | 'orphanUsers' | 'groups' | 'orphanGroups' | 'changes' | 'references' | 'escrows' | 'deletions' | 'done';
  /** Keyset position inside the phase: an object id, or a change sequence for 'changes'. */
  after: string;
  began: string;
  counters: CycleCounters;
  /** The job's reset_generation when the cycle began: a restart or schema change since then voids its watermark. */
  generation: number;
  /**
   * The deletion check at the end of the cycle: the disables/deletes set aside so far (`pending`), and whether they
   * are executed or, the threshold exceeded, withheld as staged deletes.
   */
  deletions?: { mode: 'execute' | 'stage'; pending: number; threshold: number; forced: boolean };
  /**
   * What the page being processed was about to send, by source id, saved before its first request (see
   * in-flight-exports.ts). Normally dropped by the page's commit; a run that died mid-page leaves it for the run that
   * resumes, which counts the exports it finds took effect.
   */
  inFlight?: InFlightExports;
}

export interface CycleCounters {
  countImported: number;
  countImportedDeltas: number;
  countEntitled: number;
  countExported: number;
  countExports: number;
  countEscrowed: number;
  countFailed: number;
  /** Objects processed without an error (for the escrow proportion). */
  countSucceeded: number;
  pages: number;
  /** Links this cycle added to the connector data store, by object type (for synchronizedEntryCountByType). */
  entriesAdded?: Partial<Record<'User' | 'Group', number>>;
}

export interface JobRow {
  id: string;
  service_principal_id: string;
  template_id: string;
  schedule_state: string;
  status_code: string;
  watermark: string | null;
  next_run_at: Date | null;
  pause_requested: boolean;
  cycle_cursor: CycleCursor | null;
  status: Record<string, unknown>;
  reset_generation: number;
  force_deletes: boolean;
}

/** What the engine needs from the job's configuration (implemented by the synchronization API's job service). */
export interface JobConfiguration {
  schema: SynchronizationSchema;
  baseAddress: string | null;
  secretToken: string | null;
  syncAll: boolean;
  skipOutOfScopeDeletions: boolean;
  servicePrincipalName: string;
  tenantId: string;
  /** Accidental-deletion prevention (SyncNotificationSettings DeleteThresholdEnabled / DeleteThresholdValue). */
  deleteThreshold: { enabled: boolean; value: number };
  /** Escrow quarantine thresholds (defaults, or the job's provsim settings). */
  escrowThresholds: EscrowThresholds;
}

/** Told after a cycle committed when its job entered quarantine, changed quarantine reason, or tripped the deletion threshold. */
export interface CycleNotifier {
  notify(event: JobNotificationEvent): Promise<void>;
}

/** Turns processed objects into provisioning-log entries and writes them in the caller's transaction. */
export interface LogSink {
  write(manager: EntityManager, entries: { outcome: ObjectOutcome; cycleId: string; job: JobRow; config: JobConfiguration; escrow?: { retryCount: number; nextRetryAt: Date } }[]): Promise<void>;
}

export interface CycleResult {
  jobId: string;
  cycleId: string | null;
  initial: boolean;
  /**
   * completed, quarantined (stopped by the target, a threshold, or repeated internal failures), failed (an internal
   * error stopped it; retried at the next interval), skipped (not configured / lease held elsewhere), lostLease.
   */
  outcome: 'completed' | 'quarantined' | 'failed' | 'skipped' | 'lostLease';
  counters: CycleCounters | null;
  error?: string;
  /** For an internal failure: the error's stack, for the server log. */
  stack?: string;
}

export interface CycleRunnerOptions {
  pageSize: number;
  concurrency: number;
  leaseMs: number;
  owner: string;
}

/** What a cycle had set up when it failed (for its status). */
interface CycleProgress {
  config: JobConfiguration | null;
  cursor: CycleCursor | null;
}

const zeroCounters = (): CycleCounters => ({ countImported: 0, countImportedDeltas: 0, countEntitled: 0, countExported: 0, countExports: 0, countEscrowed: 0, countFailed: 0, countSucceeded: 0, pages: 0 });

interface MappingSet {
  user: ObjectMappingContext | null;
  group: ObjectMappingContext | null;
  readsRoles: boolean;
  /** Does either mapping export reference attributes (manager, members)? Without, nothing is ever pending. */
  mapsReferences: boolean;
}

/**
 * One provisioning cycle of one job: initial (every object in scope) when the job has no watermark, else incremental
 * (what changed since it). Pages of source objects are processed with bounded concurrency; each page's links,
 * escrows, logs and the cursor/watermark commit in one transaction, so a cycle killed at any point resumes from the
 * last durable page and, because unlinked objects are matched before they are created, never duplicates. What a
 * killed run had sent in its last page is saved as in flight before it is sent, so the run that redoes the page counts
 * it (once) when it finds it done.
 */
export class CycleRunner {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly logs: LogSink,
    private readonly configure: (job: JobRow) => Promise<JobConfiguration>,
    private readonly options: CycleRunnerOptions,
    private readonly openConnector: (config: JobConfiguration) => ScimConnector,
    private readonly notifier: CycleNotifier | null = null,
  ) {}

  /** Takes (or renews) the job's lease; false when another live instance holds it. Lease times are wall-clock. */
  async acquireLease(jobId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `UPDATE entra.sync_jobs SET lease_owner = $2, lease_expires_at = clock_timestamp() + ($3::int * interval '1 millisecond')
        WHERE id = $1 AND (lease_owner IS NULL OR lease_owner = $2 OR lease_expires_at < clock_timestamp()) RETURNING id`,
      [jobId, this.options.owner, this.options.leaseMs],
    );
    return returnedRows(rows).length > 0;
  }

  async releaseLease(jobId: string): Promise<void> {
    await this.db.query(`UPDATE entra.sync_jobs SET lease_owner = NULL, lease_expires_at = NULL WHERE id = $1 AND lease_owner = $2`, [jobId, this.options.owner]);
  }

  async loadJob(manager: EntityManager, jobId: string, forUpdate = false): Promise<JobRow | null> {
    const rows: JobRow[] = await manager.query(
      `SELECT id, service_principal_id, template_id, schedule_state, status_code, watermark::text AS watermark, next_run_at, pause_requested,
              cycle_cursor, status, reset_generation, force_deletes
         FROM entra.sync_jobs WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [jobId],
    );
    return rows[0] ?? null;
  }

  /** Runs one cycle if the lease can be taken. Never throws for target problems (they quarantine the job). */
  async run(jobId: string): Promise<CycleResult> {
    if (!(await this.acquireLease(jobId))) return { jobId, cycleId: null, initial: false, outcome: 'skipped', counters: null, error: 'another instance runs this job' };
    try {
      return await this.runLeased(jobId);
    } finally {
      await this.releaseLease(jobId);
    }
  }

  private async runLeased(jobId: string): Promise<CycleResult> {
    const job = await this.loadJob(this.db.manager, jobId);
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
    const config = progress.config ?? (await this.configure(job).catch(() => null));
    const cursor: CycleCursor = progress.cursor ?? {
      cycleId: job.cycle_cursor?.cycleId ?? randomUUID(),
      initial: job.watermark === null,
      highWater: '0',
      phase: 'users',
      after: MIN_UUID,
      began: this.clock.now().toISOString(),
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
      ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
    };
  }

  private async runCycle(job: JobRow, progress: CycleProgress): Promise<CycleResult> {
    const jobId = job.id;
    const config = await this.configure(job);
    if (!config.baseAddress || !config.secretToken) return { jobId, cycleId: null, initial: false, outcome: 'skipped', counters: null, error: 'no credentials saved' };
    progress.config = config;
    const mappings = this.mappings(config);
    const reader = new SourceReader(this.db.manager);
    const read: ReadOptions = { servicePrincipalId: job.service_principal_id, syncAll: config.syncAll, withRoles: mappings.readsRoles };
    const cursor: CycleCursor = job.cycle_cursor ?? {
      cycleId: randomUUID(),
      initial: job.watermark === null,
      highWater: await reader.highWater(),
      phase: job.watermark === null ? 'users' : 'changes',
      after: job.watermark === null ? MIN_UUID : job.watermark,
      began: this.clock.now().toISOString(),
      counters: zeroCounters(),
      generation: job.reset_generation,
    };
    progress.cursor = cursor;
    // A full cycle re-plans every object: deletions withheld by an earlier cycle are planned again if still due
    // (unless the admin allowed them: ForceDeletes executes exactly what was staged).
    if (!job.cycle_cursor && cursor.initial && !job.force_deletes) await new LinkStore(this.db.manager).clearStagedDeletes(job.id);
    // Left by a cycle that was voided (restart) between its last page and its reference pass.
    if (!job.cycle_cursor) await new LinkStore(this.db.manager).clearPendingReferences(job.id);
    if (!job.cycle_cursor) await this.saveCursor(this.db.manager, job.id, cursor, job.status_code === 'NotRun' || job.status_code === 'NotConfigured' ? 'NotRun' : null);
    const processed = new Set<string>();
    let connector: ScimConnector;
    try {
      connector = this.openConnector(config);
    } catch (error) {
      // An unusable Tenant URL or token: the cycle cannot start, like an unreachable target.
      if (!(error instanceof ConnectorError)) throw error;
      await this.finish(job, config, cursor, error);
      return { jobId, cycleId: cursor.cycleId, initial: cursor.initial, outcome: 'quarantined', counters: cursor.counters, error: error.reason };
    }
    try {
      while (cursor.phase !== 'done') {
        if (!(await this.acquireLease(jobId))) return { jobId, cycleId: cursor.cycleId, initial: cursor.initial, outcome: 'lostLease', counters: cursor.counters };
        await this.step(job, config, mappings, connector, reader, read, cursor, processed);
      }
      const tripped = cursor.deletions?.mode === 'stage';
      await this.finish(job, config, cursor, null);
      return { jobId, cycleId: cursor.cycleId, initial: cursor.initial, outcome: tripped ? 'quarantined' : 'completed', counters: cursor.counters, ...(tripped ? { error: 'TooManyDeletes' } : {}) };
    } catch (error) {
      if (!(error instanceof ConnectorError) || error.reaction !== 'quarantine') throw error;
      await this.finish(job, config, cursor, error);
      return { jobId, cycleId: cursor.cycleId, initial: cursor.initial, outcome: 'quarantined', counters: cursor.counters, error: error.reason };
    } finally {
      await connector.close();
    }
  }

  private mappings(config: JobConfiguration): MappingSet {
    const build = (name: 'User' | 'Group') => {
      const mapping = findObjectMapping(config.schema, name);
      if (!mapping || !mapping.enabled) return null;
      return objectMappingContext(config.schema, mapping, { skipOutOfScopeDeletions: config.skipOutOfScopeDeletions, now: this.clock.now() });
    };
    const user = build('User');
    const group = build('Group');
    const mapsReferences = [user, group].some((set) => set !== null && compileObjectMapping(set.mapping, set.plan.targetDefs).references.length > 0);
    return { user, group, readsRoles: user !== null && mappingReads(user.mapping, 'appRoleAssignments'), mapsReferences };
  }

  /** One page of the current phase, processed and committed; advances the cursor. */
  private async step(job: JobRow, config: JobConfiguration, mappings: MappingSet, connector: ScimConnector, reader: SourceReader, read: ReadOptions, cursor: CycleCursor, processed: Set<string>): Promise<void> {
    const size = this.options.pageSize;
    const next = (phase: CycleCursor['phase'], after = MIN_UUID) => {
      cursor.phase = phase;
      cursor.after = after;
    };
    switch (cursor.phase) {
      case 'users': {
        if (!mappings.user) return next('groups');
        const page = await reader.usersPage(job.id, read, cursor.after, size);
        cursor.counters.countImported += page.length;
        const last = page.length ? page[page.length - 1].id : null;
        await this.processPage(job, config, mappings, connector, page, cursor, () => (last && page.length === size ? (cursor.after = last) : next('orphanUsers')));
        return;
      }
      case 'orphanUsers':
      case 'orphanGroups': {
        const type = cursor.phase === 'orphanUsers' ? 'User' : 'Group';
        const ids = await reader.orphanedLinks(job.id, type, cursor.after, size);
        const page: SourceState[] = ids.map((id) => ({ id, objectType: type, source: null, softDeleted: false, assigned: false, displayName: id }));
        const after = type === 'User' ? 'groups' : 'references';
        await this.processPage(job, config, mappings, connector, page, cursor, () => (ids.length === size ? (cursor.after = ids[ids.length - 1]) : next(after)));
        return;
      }
      case 'groups': {
        if (!mappings.group) return next('references');
        const page = await reader.groupsPage(job.id, read, cursor.after, size);
        cursor.counters.countImported += page.length;
        const last = page.length ? page[page.length - 1].id : null;
        await this.processPage(job, config, mappings, connector, page, cursor, () => (last && page.length === size ? (cursor.after = last) : next('orphanGroups')));
        return;
      }
      case 'changes': {
        const changes = await reader.changedSince(job.service_principal_id, cursor.after, cursor.highWater, size);
        if (changes.lastSeq === null) return next('references');
        // The state read is current as of now, so it already holds every change up to highWater: an object seen
        // earlier in this cycle is not processed again for a later change row of the same cycle.
        const fresh = (ids: string[]) => ids.filter((id) => !processed.has(id));
        const users = mappings.user ? await reader.users(fresh(changes.users), read) : [];
        const groups = mappings.group ? await reader.groups(fresh(changes.groups), read) : [];
        cursor.counters.countImportedDeltas += users.length + groups.length;
        for (const s of [...users, ...groups]) processed.add(s.id);
        // Users first, then groups, so member references resolve to objects created in this page.
        await this.processPage(job, config, mappings, connector, [...users, ...groups], cursor, () => {
          cursor.after = changes.lastSeq!;
        }, changes.lastSeq);
        return;
      }
      case 'references': {
        // Entra's reference pass: objects exported while an object they reference (manager, member) was not in the
        // target yet are processed again once it is; the rest are forgotten (Entra does not retry them later).
        const store = new LinkStore(this.db.manager);
        const after = cursor.initial ? 'deletions' : 'escrows';
        if (!mappings.mapsReferences) return next(after);
        const pending = await store.pendingReferences(job.id, cursor.after, size);
        if (pending.length === 0) {
          await store.clearPendingReferences(job.id);
          return next(after);
        }
        const resolved = await store.targetIdsOf(job.id, [...new Set(pending.flatMap((p) => p.referencedIds))]);
        const due = pending.filter((p) => p.referencedIds.some((id) => resolved.has(id)));
        const ids = (type: 'User' | 'Group') => due.filter((p) => p.objectType === type).map((p) => p.sourceId);
        const users = mappings.user ? await reader.users(ids('User'), read) : [];
        const groups = mappings.group ? await reader.groups(ids('Group'), read) : [];
        const last = pending[pending.length - 1].sourceId;
        // The keyset moves past every row of this page; the phase's end clears what is left.
        await this.processPage(job, config, mappings, connector, [...users, ...groups], cursor, () => (cursor.after = last));
        return;
      }
      case 'escrows': {
        const store = new LinkStore(this.db.manager);
        const due = (await store.dueEscrows(job.id, this.clock.now(), size)).filter((e) => !processed.has(e.sourceId));
        if (due.length === 0) return next('deletions');
        for (const e of due) processed.add(e.sourceId);
        const users = mappings.user ? await reader.users(due.filter((e) => e.objectType === 'User').map((e) => e.sourceId), read) : [];
        const groups = mappings.group ? await reader.groups(due.filter((e) => e.objectType === 'Group').map((e) => e.sourceId), read) : [];
        await this.processPage(job, config, mappings, connector, [...users, ...groups], cursor, () => (due.length < size ? next('deletions') : undefined));
        return;
      }
      case 'deletions': {
        const store = new LinkStore(this.db.manager);
        if (!cursor.deletions) {
          const decision = evaluateDeleteThreshold(await store.countStagedDeletes(job.id), {
            deleteThresholdEnabled: config.deleteThreshold.enabled,
            deleteThresholdValue: config.deleteThreshold.value,
          });
          const forced = job.force_deletes;
          cursor.deletions = { mode: !forced && decision.exceeded ? 'stage' : 'execute', pending: decision.count, threshold: decision.threshold, forced };
        }
        // Executed rows leave the table; withheld ones stay for ForceDeletes, but are logged only by the cycle that staged them.
        const staged = await store.stagedDeletes(job.id, cursor.after, size, cursor.deletions.mode === 'stage' ? new Date(cursor.began) : null);
        if (staged.length === 0) return next('done');
        const users = mappings.user ? await reader.users(staged.filter((e) => e.objectType === 'User').map((e) => e.sourceId), read) : [];
        const groups = mappings.group ? await reader.groups(staged.filter((e) => e.objectType === 'Group').map((e) => e.sourceId), read) : [];
        const last = staged[staged.length - 1].sourceId;
        await this.processPage(job, config, mappings, connector, [...users, ...groups], cursor, () => (staged.length < size ? next('done') : (cursor.after = last)));
        return;
      }
      default:
        return;
    }
  }

  private async processPage(
    job: JobRow,
    config: JobConfiguration,
    mappings: MappingSet,
    connector: ScimConnector,
    page: SourceState[],
    cursor: CycleCursor,
    advance: () => void,
    watermark?: string,
  ): Promise<void> {
    const store = new LinkStore(this.db.manager);
    const ids = page.map((s) => s.id);
    // Taken before `advance` moves the cursor on: a deletions page that executes staged rows removes them when it
    // commits, the last page of the phase included.
    const executesStaged = cursor.phase === 'deletions' && cursor.deletions?.mode === 'execute';
    const links = await store.linksOf(job.id, ids);
    const referenced = new Set<string>();
    for (const s of page) {
      const manager = s.source?.manager;
      if (typeof manager === 'string') referenced.add(manager);
      for (const m of (s.source?.members as string[] | undefined) ?? []) referenced.add(m);
    }
    const references = await store.targetIdsOf(job.id, [...referenced]);
    const outcomes: ObjectOutcome[] = [];
    let stop: ConnectorError | null = null;
    // One context per object type for the whole page (same time, same deletion mode).
    const options = {
      connector,
      references,
      shape: connector.shape,
      now: this.clock.now(),
      deletions: cursor.phase === 'deletions' ? cursor.deletions!.mode : config.deleteThreshold.enabled ? ('defer' as const) : ('execute' as const),
    };
    const contexts = {
      User: mappings.user ? processorContext(mappings.user, options) : null,
      Group: mappings.group ? processorContext(mappings.group, options) : null,
    };
    const contextFor = (state: SourceState): ProcessorContext | null => contexts[state.objectType];
    const guard = async (work: () => Promise<void>) => {
      if (stop) return;
      try {
        await work();
      } catch (error) {
        if (error instanceof ConnectorError && error.reaction === 'quarantine') stop ??= error;
        else throw error;
      }
    };
    // Exports of this page that a run of the cycle which died before committing it had sent, by source id.
    const resumed = new Map<string, number>();
    const run = async (states: SourceState[]) => {
      const start = outcomes.length;
      // Every object of the run is read and planned before any request is sent: what is about to be sent is saved
      // first, and no plan depends on how far the run got (a resumed run plans what the dead one planned).
      const prepared: PreparedObject[] = [];
      await mapConcurrent(states, this.options.concurrency, (state) =>
        guard(async () => {
          const ctx = contextFor(state);
          const ready = ctx ? await prepareObject(ctx, state, links.get(state.id) ?? null, outcomes) : null;
          if (ready) prepared.push(ready);
        }),
      );
      // What this run finds of the exports of a run that died on this page, and what it is about to send.
      const planned = planInFlight(cursor.inFlight, [
        ...outcomes.slice(start).map((o) => ({ sourceId: o.state.id, action: o.action, sends: false })),
        ...prepared.map((p) => ({ sourceId: p.state.id, action: p.action, sends: true })),
      ]);
      for (const [id, n] of planned.confirmed) resumed.set(id, n);
      if (stop) return;
      await this.saveInFlight(job, cursor, states, planned.entries);
      await mapConcurrent(prepared, this.options.concurrency, (ready) =>
        guard(async () => {
          await exportObject(contextFor(ready.state)!, ready, outcomes);
        }),
      );
      // Reference pass: every object of this run now exists in the target (or failed).
      const created = outcomes.slice(start).filter((o) => o.deferred);
      await mapConcurrent(created, this.options.concurrency, (outcome) =>
        guard(async () => {
          const ctx = contextFor(outcome.state);
          if (ctx) await resolveReferences(ctx, outcome);
        }),
      );
    };
    await run(page.filter((s) => s.objectType === 'User'));
    if (!stop) await run(page.filter((s) => s.objectType === 'Group'));
    if (!stop) {
      cursor.counters.pages += 1;
      advance();
    }
    const pending = mappings.mapsReferences ? unresolvedReferences(outcomes, contextFor) : null;
    await this.commitPage(job, config, cursor, outcomes, pending, stop ? undefined : watermark, !stop, ids, resumed, executesStaged);
    if (stop) throw stop;
  }

  /**
   * Saves what the run is about to send (and what it confirmed of a dead run's exports) in the durable cursor, before
   * the first request: if the process dies before the page commits, the run that resumes can count it. Only the
   * `inFlight` part of the stored cursor changes; the rest stays as the last committed page left it.
   */
  private async saveInFlight(job: JobRow, cursor: CycleCursor, states: readonly SourceState[], entries: ReadonlyMap<string, InFlightExport>): Promise<void> {
    const had = states.some((s) => cursor.inFlight?.[s.id] !== undefined);
    if (entries.size === 0 && !had) return;
    cursor.inFlight = replaceInFlight(cursor.inFlight, states.map((s) => s.id), entries);
    await this.db.query(
      `UPDATE entra.sync_jobs SET cycle_cursor = CASE WHEN $2::jsonb IS NULL THEN cycle_cursor - 'inFlight' ELSE jsonb_set(cycle_cursor, '{inFlight}', $2::jsonb) END
        WHERE id = $1 AND reset_generation = $3 AND cycle_cursor ->> 'cycleId' = $4`,
      [job.id, cursor.inFlight ? JSON.stringify(cursor.inFlight) : null, cursor.generation, cursor.cycleId],
    );
  }

  /** Links, escrows, logs and the cursor (and for incremental pages the watermark) in one transaction. */
  private async commitPage(
    job: JobRow,
    config: JobConfiguration,
    cursor: CycleCursor,
    pageOutcomes: ObjectOutcome[],
    /** null: the mappings export no references, so there is nothing to record or replace. */
    pendingReferences: PendingReferenceRow[] | null,
    watermark: string | undefined,
    saveCursor: boolean,
    /** Source ids of the page: their in-flight records end with its commit. */
    pageIds: readonly string[],
    /** Exports a dead run of the cycle sent for objects of the page, confirmed by this run (counted, not re-sent). */
    resumed: ReadonlyMap<string, number>,
    /** The page executed staged disables/deletes (deletions phase, execute mode): they leave the staged table. */
    executesStaged: boolean,
  ): Promise<void> {
    const now = this.clock.now();
    let outcomes = pageOutcomes;
    await this.db.transaction(async (tx) => {
      const store = new LinkStore(tx);
      const upserts: Link[] = [];
      const removals: string[] = [];
      const escrows: EscrowWrite[] = [];
      const cleared: string[] = [];
      const existing = await store.escrowsOf(job.id, outcomes.filter((o) => o.error && o.error.reaction !== 'quarantine').map((o) => o.state.id));
      const escrowInfo = new Map<string, { retryCount: number; nextRetryAt: Date }>();
      const deferred = outcomes.filter((o) => o.deferredDeletion);
      await store.stageDeletes(job.id, deferred.map((o) => ({ sourceId: o.state.id, objectType: o.state.objectType, action: o.action.action })), now);
      if (executesStaged) await store.removeStagedDeletes(job.id, outcomes.map((o) => o.state.id));
      outcomes = outcomes.filter((o) => !o.deferredDeletion);
      for (const o of outcomes) {
        if (o.link === 'remove') removals.push(o.state.id);
        else if (o.link) upserts.push(o.link);
        if (o.status === 'success' || o.status === 'skipped') cursor.counters.countEntitled += o.state.assigned ? 1 : 0;
        // An object counts once however many runs of the cycle it took: what a run that died sent is counted by the
        // run that finds it done.
        const exports = o.exports + (resumed.get(o.state.id) ?? 0);
        if (exports > 0 && !o.error) cursor.counters.countExported += 1;
        cursor.counters.countExports += exports;
        if (o.error) {
          cursor.counters.countFailed += 1;
          if (o.error.reaction !== 'quarantine') {
            const previous = existing.get(o.state.id);
            const attempt = previous?.retryCount ?? 0;
            const nextRetryAt = nextEscrowRetry({ attempt, firstFailedAt: previous?.firstFailedAt ?? now, lastFailedAt: now });
            escrows.push({ sourceId: o.state.id, objectType: o.state.objectType, at: now, nextRetryAt, error: { code: o.error.errorCode, reason: o.error.reason, httpStatus: o.error.httpStatus } });
            escrowInfo.set(o.state.id, { retryCount: attempt, nextRetryAt });
            cursor.counters.countEscrowed += 1;
          }
        } else {
          cleared.push(o.state.id);
          cursor.counters.countSucceeded += 1;
        }
      }
      const added = await store.upsertLinks(job.id, upserts, now);
      for (const [type, n] of Object.entries(added) as ['User' | 'Group', number][]) {
        cursor.counters.entriesAdded = { ...cursor.counters.entriesAdded, [type]: (cursor.counters.entriesAdded?.[type] ?? 0) + n };
      }
      await store.removeLinks(job.id, removals);
      await store.upsertEscrows(job.id, escrows);
      await store.clearEscrows(job.id, cleared);
      if (pendingReferences) await store.replacePendingReferences(job.id, outcomes.map((o) => o.state.id), pendingReferences);
      await this.logs.write(
        tx,
        outcomes.map((outcome) => ({ outcome, cycleId: cursor.cycleId, job, config, escrow: escrowInfo.get(outcome.state.id) })),
      );
      if (saveCursor) {
        cursor.inFlight = replaceInFlight(cursor.inFlight, pageIds);
        await this.saveCursor(tx, job.id, cursor, null, watermark);
      }
    });
  }

  private async saveCursor(manager: EntityManager, jobId: string, cursor: CycleCursor, statusCode: string | null, watermark?: string): Promise<void> {
    await manager.query(
      // A restart or schema change since the cycle began (reset_generation moved) voids this cycle's progress.
      `UPDATE entra.sync_jobs SET cycle_cursor = $2, status_code = COALESCE($3, status_code),
         watermark = COALESCE($4::bigint, watermark), updated_at = $5 WHERE id = $1 AND reset_generation = $6`,
      [jobId, JSON.stringify(cursor), statusCode, watermark ?? null, this.clock.now(), cursor.generation],
    );
  }

  /**
   * Ends the cycle: status, counters, schedule. A quarantine error keeps the watermark where the last durable page left
   * it; an internal failure keeps the durable cursor too. Answers whether the job is now quarantined.
   */
  private async finish(job: JobRow, config: JobConfiguration | null, cursor: CycleCursor, stopped: ConnectorError | InternalFailure | null): Promise<boolean> {
    const now = this.clock.now();
    const events: JobNotificationEvent[] = [];
    const error = stopped instanceof ConnectorError ? stopped : null;
    const internal = stopped && !(stopped instanceof ConnectorError) ? stopped : null;
    let quarantined = false;
    await this.db.transaction(async (tx) => {
      const current = await this.loadJob(tx, job.id, true);
      if (!current) return;
      const voided = current.reset_generation !== cursor.generation;
      const status = { ...(current.status ?? {}) } as Record<string, unknown>;
      const counters = cursor.counters;
      const deletions = cursor.deletions;
      // Too many objects failed this cycle (the escrow thresholds of the core policy).
      const tripped = stopped || !config ? null : evaluateEscrowThresholds({ failures: counters.countFailed, successes: counters.countSucceeded ?? 0 }, config.escrowThresholds);
      // On the initial cycle the escrow thresholds do not quarantine: the escrows are pruned (the failures are not
      // retried), status.escrowsPruned is set and the job pauses for the admin to clean up (reference §5.1).
      const prunesEscrows = tripped !== null && cursor.initial && !voided && deletions?.mode !== 'stage';
      const escrowReason = prunesEscrows ? null : tripped;
      if (prunesEscrows) {
        await tx.query(`DELETE FROM entra.sync_escrows WHERE job_id = $1`, [job.id]);
        status.escrowsPruned = true;
      }
      const successiveFailures = stopped || deletions?.mode === 'stage' || escrowReason ? Number(status.countSuccessiveCompleteFailures ?? 0) + 1 : 0;
      // The accidental-deletion threshold tripped: a quarantine of its own (TooManyDeletes), not a target failure.
      const failure = error
        ? { reason: 'EncounteredQuarantineException' as const, error: { code: error.errorCode, message: error.reason, tenantActionable: true } }
        : internal
          ? {
              reason: 'EncounteredQuarantineException' as const,
              error: {
                code: 'InternalError',
                message: `The provisioning service failed while running this cycle and stopped it: ${internal.message}. It is retried at the next interval (after ${INTERNAL_FAILURE_QUARANTINE_THRESHOLD} successive failures, on the quarantine schedule).`,
                tenantActionable: false,
              },
            }
        : deletions?.mode === 'stage'
          ? {
              reason: 'TooManyDeletes' as const,
              error: {
                code: 'TooManyDeletes',
                message: `This cycle would disable or delete ${deletions.pending} objects, more than the accidental deletion threshold of ${deletions.threshold}; they were withheld (stagedDelete). Allow them with restart ForceDeletes, or fix the cause and restart.`,
                tenantActionable: true,
              },
            }
          : escrowReason
            ? {
                reason: escrowReason,
                error: {
                  code: escrowReason,
                  message: `${counters.countFailed} of ${counters.countFailed + (counters.countSucceeded ?? 0)} objects failed in this cycle, beyond the escrow threshold; the failures are in the provisioning logs.`,
                  tenantActionable: true,
                },
              }
            : null;
      const escrowed = await new LinkStore(tx).countEscrows(job.id);
      const execution = {
        activityIdentifier: cursor.cycleId,
        countEntitled: counters.countEntitled,
        countEntitledForProvisioning: counters.countEntitled,
        countEscrowed: escrowed,
        countEscrowedRaw: counters.countEscrowed,
        countExported: counters.countExported,
        countExports: counters.countExports,
        countImported: counters.countImported,
        countImportedDeltas: counters.countImportedDeltas,
        countImportedReferenceDeltas: 0,
        error: failure ? failure.error : null,
        state: failure ? 'Failed' : counters.countFailed > 0 ? 'EntryLevelErrors' : 'Succeeded',
        timeBegan: cursor.began,
        timeEnded: now.toISOString(),
      };
      status.lastExecution = execution;
      const previous = (status.quarantine as SynchronizationQuarantine | null | undefined) ?? null;
      // An internal failure quarantines only once it has repeated (or when the job is quarantined already).
      const holdOff = internal !== null && previous === null && successiveFailures < INTERNAL_FAILURE_QUARANTINE_THRESHOLD;
      const transition = holdOff
        ? null
        : onQuarantineAttempt(previous, failure ? { kind: 'failure', reason: failure.reason, error: failure.error } : { kind: 'success' }, now);
      status.quarantine = transition ? transition.quarantine : null;
      if (transition?.status === 'quarantined' && (transition.entered || transition.reasonChanged)) {
        const base = { jobId: job.id, servicePrincipalId: job.service_principal_id, servicePrincipalName: config?.servicePrincipalName ?? '', tenantId: config?.tenantId ?? '', at: now };
        events.push({ ...base, kind: transition.entered ? 'quarantineEntered' : 'quarantineReasonChanged', quarantine: transition.quarantine, previousReason: transition.previousReason });
        if (failure?.reason === 'TooManyDeletes' && deletions) {
          events.push({ ...base, kind: 'deleteThresholdExceeded', quarantine: transition.quarantine, deletions: { count: deletions.pending, threshold: deletions.threshold } });
        }
      }
      status.countSuccessiveCompleteFailures = successiveFailures;
      if (!failure) {
        if (counters.countFailed === 0) status.lastSuccessfulExecution = execution;
        if (counters.countExports > 0) status.lastSuccessfulExecutionWithExports = execution;
        if (counters.countExports === 0 && escrowed === 0) {
          status.steadyStateLastAchievedTime = now.toISOString();
          if (!status.steadyStateFirstAchievedTime || status.steadyStateFirstAchievedTime === '0001-01-01T00:00:00Z') status.steadyStateFirstAchievedTime = now.toISOString();
        }
      }
      status.synchronizedEntryCountByType = synchronizedEntryCounts(
        voided ? [] : ((status.synchronizedEntryCountByType as EntryCount[] | undefined) ?? []),
        await new LinkStore(tx).countLinks(job.id),
        voided ? {} : (counters.entriesAdded ?? {}),
      );
      status.progress = [{ completedUnits: counters.pages, totalUnits: counters.pages, units: 'Pages', progressObservationDateTime: now.toISOString() }];
      const paused = current.pause_requested || current.schedule_state === 'Paused' || prunesEscrows;
      let statusCode = paused ? 'Paused' : 'Active';
      let scheduleState = paused ? 'Paused' : current.schedule_state;
      let nextRun: Date | null = paused ? null : new Date(now.getTime() + SYNC_INTERVAL_MS);
      if (transition?.status === 'quarantined') {
        statusCode = 'Quarantine';
        quarantined = true;
        nextRun = paused ? null : new Date(transition.quarantine.nextAttempt);
      } else if (transition?.status === 'disabled') {
        quarantined = true;
        statusCode = 'Quarantine';
        scheduleState = 'Disabled';
        nextRun = null;
      }
      await tx.query(
        `UPDATE entra.sync_jobs SET status = $2, status_code = $3, schedule_state = $4, next_run_at = $5, pause_requested = false,
           force_deletes = force_deletes AND NOT $9, cycle_cursor = CASE WHEN $10 THEN cycle_cursor ELSE NULL END,
           watermark = CASE WHEN $6 THEN $7::bigint ELSE watermark END, updated_at = $8 WHERE id = $1`,
        [job.id, JSON.stringify(status), statusCode, scheduleState, voided ? now : nextRun, !stopped && !voided, cursor.highWater, now, deletions?.forced === true && !internal, internal !== null && !voided],
      );
    });
    // After the commit, never inside it (the notifier may talk SMTP); it never throws.
    for (const event of events) await this.notifier?.notify(event);
    return quarantined;
  }
}

interface EntryCount {
  key: string;
  value: number;
}

const ENTRY_COUNT_KEYS: Record<'User' | 'Group', string> = {
  User: 'user to urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  Group: 'group to urn:ietf:params:scim:schemas:core:2.0:Group',
};

/**
 * `status.synchronizedEntryCountByType` after a cycle (reference §1.6): the objects in the connector data store,
 * which only grow: an object that enters it counts, one deleted (hard delete, group delete) stays counted. `previous`
 * is the count before the cycle (empty after a restart that cleared the data store: then it is recomputed from the
 * links), `linked` the links now, `added` the links the cycle created. Never below the links (provision on demand adds
 * links between cycles).
 */
export function synchronizedEntryCounts(previous: readonly EntryCount[], linked: readonly { key: string; value: number }[], added: Partial<Record<'User' | 'Group', number>>): EntryCount[] {
  const out: EntryCount[] = [];
  for (const type of ['Group', 'User'] as const) {
    const now = linked.find((l) => l.key === type)?.value ?? 0;
    const before = previous.find((p) => p.key === ENTRY_COUNT_KEYS[type])?.value;
    const value = previous.length === 0 || before === undefined ? now : Math.max(before + (added[type] ?? 0), now);
    if (value > 0 || before !== undefined) out.push({ key: ENTRY_COUNT_KEYS[type], value });
  }
  return out;
}

/** Does any attribute mapping or scoping clause of `mapping` read source attribute `name`? (Loading app role assignments costs a join per user.) */
export function mappingReads(mapping: ObjectMapping, name: string): boolean {
  const wanted = name.toLowerCase();
  const reads = (source: AttributeMappingSource | null | undefined): boolean =>
    !!source && ((source.type === 'Attribute' && source.name?.toLowerCase() === wanted) || (source.parameters ?? []).some((p) => reads(p.value)));
  return (
    mapping.attributeMappings.some((m) => reads(m.source)) ||
    (mapping.scope?.groups ?? []).some((g) => g.clauses.some((c) => c.sourceOperandName.toLowerCase() === wanted))
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Situations after which an object is in scope, active and linked (or created): its references are its own to export. */
const IN_SCOPE_SITUATIONS = new Set(['InScopeUnlinkedNoMatch', 'InScopeUnlinkedMatched', 'InScopeUnlinkedMatchedUnchanged', 'InScopeLinkedChanged', 'InScopeLinkedUnchanged', 'InScopeLinkedWasDisabled']);

/**
 * The page's objects whose mapped references (manager, members) name objects that were not in the target when the
 * page ended, for the cycle's reference pass. Failed objects are left out (their escrow retry re-plans everything).
 */
export function unresolvedReferences(outcomes: readonly ObjectOutcome[], contextFor: (state: SourceState) => ProcessorContext | null): PendingReferenceRow[] {
  const rows: PendingReferenceRow[] = [];
  for (const o of outcomes) {
    if (o.error || o.deferredDeletion || !o.state.source || !IN_SCOPE_SITUATIONS.has(o.action.situation)) continue;
    const ctx = contextFor(o.state);
    if (!ctx || ctx.plan.objectMapping.attributeMappings.length === 0) continue;
    let referenced: string[];
    try {
      referenced = mapReferences(ctx.plan.objectMapping, ctx.plan.targetDefs, o.state.source, ctx.plan.evaluation).flatMap((r) => r.sourceIds);
    } catch {
      continue; // the mapping failed for this object; its log entry says so
    }
    // Only directory object ids can ever resolve (an expression may yield any string).
    const missing = [...new Set(referenced.filter((id) => UUID.test(id) && id !== o.state.id && !ctx.references.has(id)))];
    if (missing.length > 0) rows.push({ sourceId: o.state.id, objectType: o.state.objectType, referencedIds: missing });
  }
  return rows;
}
