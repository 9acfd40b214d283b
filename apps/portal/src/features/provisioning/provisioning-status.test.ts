import { describe, expect, it } from 'vitest';
import type { SynchronizationJob, SynchronizationStatus, TaskExecution } from '../../api/sync';
import { provisioningView } from './provisioning-status';

const ZERO = '0001-01-01T00:00:00Z';
const execution = (over: Partial<TaskExecution> = {}): TaskExecution => ({
  activityIdentifier: 'a1',
  countEntitled: 12,
  countEntitledForProvisioning: 12,
  countEscrowed: 0,
  countEscrowedRaw: 0,
  countExported: 10,
  countExports: 10,
  countImported: 12,
  countImportedDeltas: 0,
  countImportedReferenceDeltas: 0,
  error: null,
  state: 'Succeeded',
  timeBegan: '2026-01-01T00:00:00Z',
  timeEnded: '2026-01-01T00:01:30Z',
  ...over,
});
const job = (status: Partial<SynchronizationStatus>, state = 'Active'): SynchronizationJob => ({
  id: 'kintone.x',
  templateId: 'kintone',
  schedule: { expiration: null, interval: 'PT40M', state },
  status: {
    code: 'Active',
    countSuccessiveCompleteFailures: 0,
    escrowsPruned: false,
    lastExecution: null,
    lastSuccessfulExecution: null,
    lastSuccessfulExecutionWithExports: null,
    progress: [],
    quarantine: null,
    steadyStateFirstAchievedTime: ZERO,
    steadyStateLastAchievedTime: ZERO,
    synchronizedEntryCountByType: [],
    troubleshootingUrl: null,
    ...status,
  },
});

describe('provisioningView', () => {
  it.each([
    {
      name: 'never run',
      job: job({ code: 'NotRun' }),
      statusLabel: 'On (not run yet)',
      kind: 'none',
      inProgress: false,
      percent: 0,
      label: 'Not run yet',
    },
    {
      name: 'initial cycle in progress',
      job: job({ progress: [{ units: 'Pages', completedUnits: 3, totalUnits: 4, progressObservationDateTime: '2026-01-01T00:00:10Z' }] }),
      statusLabel: 'On',
      kind: 'initial',
      inProgress: true,
      percent: 75,
      label: 'Initial cycle in progress: 75% complete',
    },
    {
      name: 'steady state',
      job: job({
        lastExecution: execution(),
        lastSuccessfulExecutionWithExports: execution(),
        steadyStateFirstAchievedTime: '2026-01-01T00:01:30Z',
        synchronizedEntryCountByType: [
          { key: 'user to urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', value: 10 },
          { key: 'group to urn:ietf:params:scim:schemas:core:2.0:Group', value: 2 },
        ],
      }),
      statusLabel: 'On',
      kind: 'incremental',
      inProgress: false,
      percent: 100,
      label: 'Incremental cycle completed',
      users: 10,
      groups: 2,
    },
    {
      name: 'quarantined',
      job: job({
        code: 'Quarantine',
        lastExecution: execution({ state: 'Failed', error: { code: 'UnauthorizedTarget', message: 'HTTP 401', tenantActionable: true } }),
        quarantine: {
          reason: 'EncounteredQuarantineException',
          currentBegan: '2026-01-01T00:01:30Z',
          seriesBegan: '2026-01-01T00:01:30Z',
          seriesCount: 0,
          nextAttempt: '2026-01-01T00:41:30Z',
          error: { code: 'UnauthorizedTarget', message: 'The target answered 401.', tenantActionable: true },
        },
      }),
      statusLabel: 'Quarantined',
      kind: 'initial',
      inProgress: false,
      percent: 0,
      label: 'Initial cycle completed (Failed)',
    },
    {
      name: 'stopped',
      job: job({ code: 'Paused', lastExecution: execution() }, 'Disabled'),
      statusLabel: 'Off',
      kind: 'initial',
      inProgress: false,
      percent: 0,
      label: 'Initial cycle completed',
    },
  ])('$name', ({ job: j, statusLabel, kind, inProgress, percent, label, users = 0, groups = 0 }) => {
    const view = provisioningView(j);
    expect(view.statusLabel).toBe(statusLabel);
    expect(view.cycle).toEqual({ kind, inProgress, percent, label });
    expect([view.users, view.groups]).toEqual([users, groups]);
  });

  it('carries the quarantine reason, the error message and the next attempt', () => {
    const view = provisioningView(
      job({
        code: 'Quarantine',
        quarantine: {
          reason: 'TooManyDeletes',
          currentBegan: 'a',
          seriesBegan: 'b',
          seriesCount: 1,
          nextAttempt: 'c',
          error: { code: 'TooManyDeletes', message: 'held', tenantActionable: true },
        },
      }),
    );
    expect(view.quarantine).toEqual({ reason: 'TooManyDeletes', message: 'held', since: 'b', nextAttempt: 'c' });
  });

  it('reports the last cycle with its duration and activity id', () => {
    expect(provisioningView(job({ lastExecution: execution() })).lastCycle).toEqual({
      completed: '2026-01-01T00:01:30Z',
      durationSeconds: 90,
      state: 'Succeeded',
      activityId: 'a1',
    });
  });
});
