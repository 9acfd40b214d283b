/** The cycle's vocabulary: its durable cursor and counters, the job row, what it needs from outside, its result. */
import type { EntityManager } from 'typeorm';
import type { EscrowThresholds, SynchronizationSchema } from '@app/provisioning-core';
import type { JobNotificationEvent } from '../notifications';
import type { InFlightExports } from './in-flight-exports';
import type { ObjectOutcome } from './object-outcome';

/** The keyset position before every object id. */
export const MIN_UUID = '00000000-0000-0000-0000-000000000000';

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
  write(
    manager: EntityManager,
    entries: {
      outcome: ObjectOutcome;
      cycleId: string;
      job: JobRow;
      config: JobConfiguration;
      escrow?: { retryCount: number; nextRetryAt: Date };
    }[],
  ): Promise<void>;
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
  /** The code the job's status shows for a stopped cycle: the target's (a quarantine), TooManyDeletes or InternalError. */
  errorCode?: string;
  /** For an internal failure: the error's stack, for the server log. */
  stack?: string;
}

export interface CycleRunnerOptions {
  pageSize: number;
  concurrency: number;
  leaseMs: number;
  owner: string;
  /** The key of the instance's liveness lock, stored with its leases (instance-lock.ts); absent or null: none. */
  instanceLockKey?: () => number | null;
}

export const zeroCounters = (): CycleCounters => ({
  countImported: 0,
  countImportedDeltas: 0,
  countEntitled: 0,
  countExported: 0,
  countExports: 0,
  countEscrowed: 0,
  countFailed: 0,
  countSucceeded: 0,
  pages: 0,
});

export type CyclePhase = CycleCursor['phase'];
