import {
  hasCompletedCycle,
  jobSettingsFor,
  NEVER,
  NEVER_SCHEDULED_INTERVAL,
  restingStatusCode,
  toGraphJob,
  type RenderableJob,
} from './sync-job.model';

const fresh: RenderableJob = {
  id: 'kintone.00000000000000000000000000000001.00000000000000000000000000000002',
  templateId: 'kintone',
  scheduleState: 'Disabled',
  scheduleInterval: NEVER_SCHEDULED_INTERVAL,
  statusCode: 'NotConfigured',
  status: {},
  settings: [{ name: 'QuarantineTooManyDeletesThreshold', value: '500' }],
};

describe('toGraphJob', () => {
  it("renders a new job with Graph's defaults (as in Create synchronizationJob)", () => {
    expect(toGraphJob(fresh)).toEqual({
      id: fresh.id,
      templateId: 'kintone',
      schedule: { expiration: null, interval: 'P10675199DT2H48M5.4775807S', state: 'Disabled' },
      status: {
        code: 'NotConfigured',
        countSuccessiveCompleteFailures: 0,
        escrowsPruned: false,
        lastExecution: null,
        lastSuccessfulExecution: null,
        lastSuccessfulExecutionWithExports: null,
        progress: [],
        quarantine: null,
        steadyStateFirstAchievedTime: '0001-01-01T00:00:00Z',
        steadyStateLastAchievedTime: '0001-01-01T00:00:00Z',
        synchronizedEntryCountByType: [],
        troubleshootingUrl: null,
      },
      synchronizationJobSettings: [{ name: 'QuarantineTooManyDeletesThreshold', value: '500' }],
    });
  });

  it('takes code from the column, fills executions and quarantine, and drops unknown status keys', () => {
    const job = toGraphJob({
      ...fresh,
      statusCode: 'Quarantine',
      status: {
        code: 'Active',
        internalCursor: 42,
        lastExecution: {
          activityIdentifier: 'cycle-1',
          countExported: 3,
          state: 'Succeeded',
          timeBegan: '2025-01-01T00:00:00Z',
          timeEnded: '2025-01-01T00:01:00Z',
          extra: 'x',
        },
        quarantine: { reason: 'EncounteredQuarantineException', seriesCount: 2 },
        steadyStateFirstAchievedTime: '2025-01-01T00:01:00Z',
        synchronizedEntryCountByType: [{ key: 'user to urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', value: 3 }],
        progress: [{ completedUnits: 1, totalUnits: 2, units: 'Pages' }],
      },
    });
    const status = job.status as Record<string, any>;
    expect(status.code).toBe('Quarantine');
    expect(status).not.toHaveProperty('internalCursor');
    expect(status.lastExecution).toEqual({
      activityIdentifier: 'cycle-1',
      countEntitled: 0,
      countEntitledForProvisioning: 0,
      countEscrowed: 0,
      countEscrowedRaw: 0,
      countExported: 3,
      countExports: 0,
      countImported: 0,
      countImportedDeltas: 0,
      countImportedReferenceDeltas: 0,
      error: null,
      state: 'Succeeded',
      timeBegan: '2025-01-01T00:00:00Z',
      timeEnded: '2025-01-01T00:01:00Z',
    });
    expect(status.quarantine).toEqual({
      currentBegan: null,
      nextAttempt: null,
      reason: 'EncounteredQuarantineException',
      seriesBegan: null,
      seriesCount: 2,
      error: null,
    });
    expect(status.steadyStateFirstAchievedTime).toBe('2025-01-01T00:01:00Z');
    expect(status.steadyStateLastAchievedTime).toBe(NEVER);
    expect(status.progress).toEqual([{ completedUnits: 1, progressObservationDateTime: null, totalUnits: 2, units: 'Pages' }]);
    expect(status.synchronizedEntryCountByType).toHaveLength(1);
  });

  it('survives a status column of the wrong shape', () => {
    expect((toGraphJob({ ...fresh, status: null as never }).status as Record<string, unknown>).progress).toEqual([]);
  });
});

describe('restingStatusCode', () => {
  const ran = { lastExecution: { timeEnded: '2025-01-01T00:00:00Z' } };
  const quarantined = { ...ran, quarantine: { reason: 'TooManyDeletes' } };
  it.each([
    ['Disabled', {}, false, 'NotConfigured'],
    ['Disabled', {}, true, 'NotRun'],
    ['Disabled', ran, true, 'Paused'],
    ['Active', {}, true, 'NotRun'],
    ['Active', {}, false, 'NotRun'],
    ['Active', { lastExecution: { timeEnded: null } }, true, 'NotRun'],
    ['Active', ran, true, 'Active'],
    ['Active', { lastSuccessfulExecution: { state: 'Succeeded' } }, true, 'Active'],
    ['Active', quarantined, true, 'Quarantine'],
    ['Paused', quarantined, true, 'Paused'],
    ['Paused', {}, false, 'Paused'],
  ] as const)('%s, %j, configured=%s → %s', (state, status, configured, code) => {
    expect(restingStatusCode(state, status, configured)).toBe(code);
  });

  it('hasCompletedCycle needs a finished execution', () => {
    expect(hasCompletedCycle({})).toBe(false);
    expect(hasCompletedCycle({ lastExecution: null })).toBe(false);
    expect(hasCompletedCycle(ran)).toBe(true);
  });
});

describe('jobSettingsFor', () => {
  it('sets QuarantineTooManyDeletesThreshold first and keeps other settings', () => {
    expect(
      jobSettingsFor(3, [
        { name: 'Other', value: 'x' },
        { name: 'QuarantineTooManyDeletesThreshold', value: '500' },
      ]),
    ).toEqual([
      { name: 'QuarantineTooManyDeletesThreshold', value: '3' },
      { name: 'Other', value: 'x' },
    ]);
  });
});
