import type { SynchronizationJob, TaskExecution } from '../../api/sync';

/** What the Provisioning Overview shows for a job, derived from its Graph status alone (as the admin center does). */
export interface ProvisioningView {
  /** "Provisioning Status": On when the schedule is Active. */
  running: boolean;
  statusLabel: string;
  /** Current cycle status. */
  cycle: { kind: 'initial' | 'incremental' | 'none'; inProgress: boolean; percent: number; label: string };
  users: number;
  groups: number;
  lastCycle: { completed: string; durationSeconds: number; state: string; activityId: string } | null;
  statistics: { exported: number; escrowed: number; imported: number } | null;
  quarantine: { reason: string; message: string | null; since: string; nextAttempt: string } | null;
}

const EPOCH_ZERO = '0001-01-01T00:00:00Z';

function countOf(job: SynchronizationJob, kind: 'user' | 'group'): number {
  return job.status.synchronizedEntryCountByType
    .filter((e) => e.key.toLowerCase().startsWith(`${kind} to `))
    .reduce((n, e) => n + e.value, 0);
}

function duration(execution: TaskExecution): number {
  return Math.max(0, Math.round((Date.parse(execution.timeEnded) - Date.parse(execution.timeBegan)) / 1000));
}

export function provisioningView(job: SynchronizationJob): ProvisioningView {
  const { status } = job;
  const running = job.schedule.state === 'Active';
  const initialDone = status.steadyStateFirstAchievedTime !== EPOCH_ZERO && Boolean(status.steadyStateFirstAchievedTime);
  const progress = status.progress.find((p) => p.units === 'Pages') ?? status.progress[0];
  const inProgress = Boolean(progress && progress.totalUnits > 0 && progress.completedUnits < progress.totalUnits);
  const percent =
    progress && progress.totalUnits > 0 ? Math.round((100 * progress.completedUnits) / progress.totalUnits) : initialDone ? 100 : 0;
  const kind: ProvisioningView['cycle']['kind'] = !status.lastExecution && !inProgress ? 'none' : initialDone ? 'incremental' : 'initial';
  const cycleName = kind === 'initial' ? 'Initial cycle' : 'Incremental cycle';
  const label =
    kind === 'none'
      ? 'Not run yet'
      : inProgress
        ? `${cycleName} in progress: ${percent}% complete`
        : `${cycleName} completed${status.lastExecution?.state && status.lastExecution.state !== 'Succeeded' ? ` (${status.lastExecution.state})` : ''}`;
  const statusLabel =
    status.code === 'Quarantine'
      ? 'Quarantined'
      : status.code === 'Paused' || !running
        ? 'Off'
        : status.code === 'NotRun'
          ? 'On (not run yet)'
          : 'On';
  const last = status.lastExecution;
  const withExports = status.lastSuccessfulExecutionWithExports;
  return {
    running,
    statusLabel,
    cycle: { kind, inProgress, percent, label },
    users: countOf(job, 'user'),
    groups: countOf(job, 'group'),
    lastCycle: last
      ? { completed: last.timeEnded, durationSeconds: duration(last), state: last.state, activityId: last.activityIdentifier }
      : null,
    statistics:
      withExports || last
        ? {
            exported: (withExports ?? last)!.countExported,
            escrowed: last?.countEscrowed ?? 0,
            imported: (withExports ?? last)!.countImported,
          }
        : null,
    quarantine: status.quarantine
      ? {
          reason: status.quarantine.reason,
          message: status.quarantine.error?.message ?? null,
          since: status.quarantine.seriesBegan,
          nextAttempt: status.quarantine.nextAttempt,
        }
      : null,
  };
}
