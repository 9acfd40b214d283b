/**
 * The Graph status a cycle leaves on its job (synchronizationStatus: lastExecution, steady state, counts, progress,
 * quarantine) and what follows from it (schedule, watermark, notifications), as a pure function of what the cycle
 * counted, the status before it, the thresholds and the time.
 */
import { evaluateEscrowThresholds, onQuarantineAttempt, type SynchronizationQuarantine } from '@app/provisioning-core';
import type { JobNotificationEvent } from '../notifications';
import {
  INTERNAL_FAILURE_QUARANTINE_THRESHOLD,
  SYNC_INTERVAL_MS,
  type CycleCursor,
  type InternalFailure,
  type JobConfiguration,
} from './cycle-types';

/** What stopped a cycle early: the target (a quarantine reaction of the connector) or an internal error. */
export type CycleStop = { kind: 'target'; errorCode: string; reason: string } | InternalFailure;

export interface CycleStatusInput {
  /** The job's status before this cycle ended. */
  previous: Record<string, unknown>;
  job: { id: string; servicePrincipalId: string; scheduleState: string; pauseRequested: boolean; resetGeneration: number };
  cycle: Pick<CycleCursor, 'cycleId' | 'initial' | 'began' | 'generation' | 'counters' | 'deletions'>;
  stopped: CycleStop | null;
  /** null when even the job's configuration could not be read. */
  config: Pick<JobConfiguration, 'escrowThresholds' | 'servicePrincipalName' | 'tenantId'> | null;
  /** The job's escrows now. */
  escrowed: number;
  /** The job's links now, by object type (`User`, `Group`). */
  linked: readonly { key: string; value: number }[];
  now: Date;
}

export interface CycleStatus {
  status: Record<string, unknown>;
  statusCode: string;
  scheduleState: string;
  nextRunAt: Date | null;
  quarantined: boolean;
  /** The initial cycle tripped the escrow thresholds: its escrows are dropped and the job pauses (reference §5.1). */
  prunesEscrows: boolean;
  advanceWatermark: boolean;
  clearForceDeletes: boolean;
  keepCursor: boolean;
  /** Sent after the cycle commits. */
  events: JobNotificationEvent[];
}

type Failure = { reason: SynchronizationQuarantine['reason']; error: { code: string; message: string; tenantActionable: boolean } };

function failureOf(input: CycleStatusInput, escrowReason: SynchronizationQuarantine['reason'] | null): Failure | null {
  const { stopped, cycle } = input;
  const counters = cycle.counters;
  if (stopped?.kind === 'target')
    return {
      reason: 'EncounteredQuarantineException',
      error: { code: stopped.errorCode, message: stopped.reason, tenantActionable: true },
    };
  if (stopped?.kind === 'internal') {
    const message = `The provisioning service failed while running this cycle and stopped it: ${stopped.message}. It is retried at the next interval (after ${INTERNAL_FAILURE_QUARANTINE_THRESHOLD} successive failures, on the quarantine schedule).`;
    return { reason: 'EncounteredQuarantineException', error: { code: 'InternalError', message, tenantActionable: false } };
  }
  // The accidental-deletion threshold tripped: a quarantine of its own (TooManyDeletes), not a target failure.
  if (cycle.deletions?.mode === 'stage') {
    const { pending, threshold } = cycle.deletions;
    const message = `This cycle would disable or delete ${pending} objects, more than the accidental deletion threshold of ${threshold}; they were withheld (stagedDelete). Allow them with restart ForceDeletes, or fix the cause and restart.`;
    return { reason: 'TooManyDeletes', error: { code: 'TooManyDeletes', message, tenantActionable: true } };
  }
  if (escrowReason) {
    const message = `${counters.countFailed} of ${counters.countFailed + (counters.countSucceeded ?? 0)} objects failed in this cycle, beyond the escrow threshold; the failures are in the provisioning logs.`;
    return { reason: escrowReason, error: { code: escrowReason, message, tenantActionable: true } };
  }
  return null;
}

export function cycleStatus(input: CycleStatusInput): CycleStatus {
  const { job, cycle, stopped, config, now } = input;
  const counters = cycle.counters;
  const deletions = cycle.deletions;
  const internal = stopped?.kind === 'internal';
  const voided = job.resetGeneration !== cycle.generation;
  const status = { ...input.previous };
  // Too many objects failed this cycle (the escrow thresholds of the core policy). On the initial cycle they do not
  // quarantine: the escrows are pruned (the failures are not retried), status.escrowsPruned is set and the job pauses
  // for the admin to clean up (reference §5.1).
  const tripped =
    stopped || !config
      ? null
      : evaluateEscrowThresholds({ failures: counters.countFailed, successes: counters.countSucceeded ?? 0 }, config.escrowThresholds);
  const prunesEscrows = tripped !== null && cycle.initial && !voided && deletions?.mode !== 'stage';
  const escrowReason = prunesEscrows ? null : tripped;
  if (prunesEscrows) status.escrowsPruned = true;
  const escrowed = prunesEscrows ? 0 : input.escrowed;
  const successiveFailures =
    stopped || deletions?.mode === 'stage' || escrowReason ? Number(status.countSuccessiveCompleteFailures ?? 0) + 1 : 0;
  const failure = failureOf(input, escrowReason);
  const execution = {
    activityIdentifier: cycle.cycleId,
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
    timeBegan: cycle.began,
    timeEnded: now.toISOString(),
  };
  status.lastExecution = execution;
  const previous = (status.quarantine as SynchronizationQuarantine | null | undefined) ?? null;
  // An internal failure quarantines only once it has repeated (or when the job is quarantined already).
  const holdOff = internal && previous === null && successiveFailures < INTERNAL_FAILURE_QUARANTINE_THRESHOLD;
  const transition = holdOff
    ? null
    : onQuarantineAttempt(previous, failure ? { kind: 'failure', reason: failure.reason, error: failure.error } : { kind: 'success' }, now);
  status.quarantine = transition ? transition.quarantine : null;
  const events: JobNotificationEvent[] = [];
  if (transition?.status === 'quarantined' && (transition.entered || transition.reasonChanged)) {
    const base = {
      jobId: job.id,
      servicePrincipalId: job.servicePrincipalId,
      servicePrincipalName: config?.servicePrincipalName ?? '',
      tenantId: config?.tenantId ?? '',
      at: now,
    };
    events.push({
      ...base,
      kind: transition.entered ? 'quarantineEntered' : 'quarantineReasonChanged',
      quarantine: transition.quarantine,
      previousReason: transition.previousReason,
    });
    if (failure?.reason === 'TooManyDeletes' && deletions) {
      events.push({
        ...base,
        kind: 'deleteThresholdExceeded',
        quarantine: transition.quarantine,
        deletions: { count: deletions.pending, threshold: deletions.threshold },
      });
    }
  }
  status.countSuccessiveCompleteFailures = successiveFailures;
  if (!failure) {
    if (counters.countFailed === 0) status.lastSuccessfulExecution = execution;
    if (counters.countExports > 0) status.lastSuccessfulExecutionWithExports = execution;
    if (counters.countExports === 0 && escrowed === 0) {
      status.steadyStateLastAchievedTime = now.toISOString();
      if (!status.steadyStateFirstAchievedTime || status.steadyStateFirstAchievedTime === '0001-01-01T00:00:00Z')
        status.steadyStateFirstAchievedTime = now.toISOString();
    }
  }
  status.synchronizedEntryCountByType = synchronizedEntryCounts(
    voided ? [] : ((status.synchronizedEntryCountByType as EntryCount[] | undefined) ?? []),
    input.linked,
    voided ? {} : (counters.entriesAdded ?? {}),
  );
  status.progress = [
    { completedUnits: counters.pages, totalUnits: counters.pages, units: 'Pages', progressObservationDateTime: now.toISOString() },
  ];
  const paused = job.pauseRequested || job.scheduleState === 'Paused' || prunesEscrows;
  let statusCode = paused ? 'Paused' : 'Active';
  let scheduleState = paused ? 'Paused' : job.scheduleState;
  let nextRunAt: Date | null = paused ? null : new Date(now.getTime() + SYNC_INTERVAL_MS);
  let quarantined = false;
  if (transition?.status === 'quarantined') {
    statusCode = 'Quarantine';
    quarantined = true;
    nextRunAt = paused ? null : new Date(transition.quarantine.nextAttempt);
  } else if (transition?.status === 'disabled') {
    quarantined = true;
    statusCode = 'Quarantine';
    scheduleState = 'Disabled';
    nextRunAt = null;
  }
  return {
    status,
    statusCode,
    scheduleState,
    // A voided cycle (restart, schema change) runs again at once as a full cycle.
    nextRunAt: voided ? now : nextRunAt,
    quarantined,
    prunesEscrows,
    advanceWatermark: !stopped && !voided,
    clearForceDeletes: deletions?.forced === true && !internal,
    keepCursor: internal && !voided,
    events,
  };
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
export function synchronizedEntryCounts(
  previous: readonly EntryCount[],
  linked: readonly { key: string; value: number }[],
  added: Partial<Record<'User' | 'Group', number>>,
): EntryCount[] {
  const out: EntryCount[] = [];
  for (const type of ['Group', 'User'] as const) {
    const now = linked.find((l) => l.key === type)?.value ?? 0;
    const before = previous.find((p) => p.key === ENTRY_COUNT_KEYS[type])?.value;
    const value = previous.length === 0 || before === undefined ? now : Math.max(before + (added[type] ?? 0), now);
    if (value > 0 || before !== undefined) out.push({ key: ENTRY_COUNT_KEYS[type], value });
  }
  return out;
}
