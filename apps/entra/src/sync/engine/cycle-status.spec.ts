import type { EscrowThresholds, SynchronizationQuarantine } from '@app/provisioning-core';
import { cycleStatus, synchronizedEntryCounts, type CycleStatusInput } from './cycle-status';
import { zeroCounters, type CycleCounters, type CycleCursor } from './cycle-types';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const BEGAN = '2026-03-01T11:59:00.000Z';
const IN_40_MIN = new Date('2026-03-01T12:40:00.000Z');
const IN_6_H = '2026-03-01T18:00:00.000Z';
const U = 'user to urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** Tiny thresholds: 2 failures are enough to be evaluated, more than 40 % of the objects trip. */
const THRESHOLDS: EscrowThresholds = { minFailuresForEvaluation: 2, maxFailurePercent: 40, maxFailures: 1000, maxTotalFailures: 1000 };

const quarantine = (reason: SynchronizationQuarantine['reason']): SynchronizationQuarantine => ({
  currentBegan: '2026-03-01T06:00:00.000Z',
  nextAttempt: '2026-03-01T12:00:00.000Z',
  reason,
  seriesBegan: '2026-03-01T06:00:00.000Z',
  seriesCount: 0,
  error: null,
});

interface Case {
  previous?: Record<string, unknown>;
  counters?: Partial<CycleCounters>;
  cycle?: Partial<CycleCursor>;
  job?: Partial<CycleStatusInput['job']>;
  stopped?: CycleStatusInput['stopped'];
  config?: null;
  escrowed?: number;
}

function input(c: Case): CycleStatusInput {
  return {
    previous: c.previous ?? {},
    job: { id: 'job', servicePrincipalId: 'sp', scheduleState: 'Active', pauseRequested: false, resetGeneration: 1, ...c.job },
    cycle: { cycleId: 'cycle', initial: false, began: BEGAN, generation: 1, counters: { ...zeroCounters(), ...c.counters }, ...c.cycle },
    stopped: c.stopped ?? null,
    config: c.config === null ? null : { escrowThresholds: THRESHOLDS, servicePrincipalName: 'Kintone', tenantId: 'tenant' },
    escrowed: c.escrowed ?? 0,
    linked: [{ key: 'User', value: 3 }],
    now: NOW,
  };
}

describe('cycleStatus (the job status a cycle leaves)', () => {
  it.each<[string, Case, Record<string, unknown>]>([
    [
      'a clean cycle that exported',
      { counters: { countExports: 4, countExported: 2, countSucceeded: 2 } },
      {
        statusCode: 'Active',
        scheduleState: 'Active',
        nextRunAt: IN_40_MIN,
        quarantined: false,
        advanceWatermark: true,
        keepCursor: false,
        events: [],
        status: {
          lastExecution: { state: 'Succeeded', error: null, countExports: 4, timeBegan: BEGAN, timeEnded: NOW.toISOString() },
          lastSuccessfulExecution: { activityIdentifier: 'cycle' },
          lastSuccessfulExecutionWithExports: { activityIdentifier: 'cycle' },
          quarantine: null,
          countSuccessiveCompleteFailures: 0,
        },
      },
    ],
    [
      'nothing to export and no escrows: steady state reached',
      {},
      {
        status: {
          steadyStateFirstAchievedTime: NOW.toISOString(),
          steadyStateLastAchievedTime: NOW.toISOString(),
          progress: [{ completedUnits: 0, totalUnits: 0, units: 'Pages', progressObservationDateTime: NOW.toISOString() }],
        },
      },
    ],
    [
      'steady state again: the first time stays',
      { previous: { steadyStateFirstAchievedTime: '2026-01-01T00:00:00.000Z' } },
      { status: { steadyStateFirstAchievedTime: '2026-01-01T00:00:00.000Z', steadyStateLastAchievedTime: NOW.toISOString() } },
    ],
    [
      'objects failed below the thresholds: entry-level errors, escrows counted now',
      { counters: { countFailed: 1, countSucceeded: 9, countEscrowed: 1 }, escrowed: 2 },
      {
        statusCode: 'Active',
        quarantined: false,
        status: { lastExecution: { state: 'EntryLevelErrors', countEscrowed: 2, countEscrowedRaw: 1 }, countSuccessiveCompleteFailures: 0 },
      },
    ],
    [
      'the target stopped the cycle: quarantined, watermark kept, notified',
      {
        stopped: {
          kind: 'target',
          errorCode: 'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable',
          reason: 'bad token',
        },
      },
      {
        statusCode: 'Quarantine',
        nextRunAt: new Date(IN_6_H),
        quarantined: true,
        advanceWatermark: false,
        events: [{ kind: 'quarantineEntered', jobId: 'job', servicePrincipalName: 'Kintone' }],
        status: {
          lastExecution: { state: 'Failed', error: { message: 'bad token', tenantActionable: true } },
          quarantine: { reason: 'EncounteredQuarantineException', nextAttempt: IN_6_H },
          countSuccessiveCompleteFailures: 1,
        },
      },
    ],
    [
      'a first internal failure: retried at the interval from the kept cursor, not quarantined',
      { stopped: { kind: 'internal', message: 'db gone' } },
      {
        statusCode: 'Active',
        nextRunAt: IN_40_MIN,
        quarantined: false,
        keepCursor: true,
        advanceWatermark: false,
        events: [],
        status: {
          lastExecution: { state: 'Failed', error: { code: 'InternalError', tenantActionable: false } },
          quarantine: null,
          countSuccessiveCompleteFailures: 1,
        },
      },
    ],
    [
      'the third internal failure in a row: quarantined',
      { stopped: { kind: 'internal', message: 'db gone' }, previous: { countSuccessiveCompleteFailures: 2 } },
      {
        statusCode: 'Quarantine',
        quarantined: true,
        keepCursor: true,
        events: [{ kind: 'quarantineEntered' }],
        status: { quarantine: { reason: 'EncounteredQuarantineException' }, countSuccessiveCompleteFailures: 3 },
      },
    ],
    [
      'too many deletions: TooManyDeletes, with the threshold notification',
      { cycle: { deletions: { mode: 'stage', pending: 12, threshold: 10, forced: false } } },
      {
        statusCode: 'Quarantine',
        quarantined: true,
        advanceWatermark: true,
        events: [{ kind: 'quarantineEntered' }, { kind: 'deleteThresholdExceeded', deletions: { count: 12, threshold: 10 } }],
        status: { quarantine: { reason: 'TooManyDeletes' }, lastExecution: { error: { code: 'TooManyDeletes' } } },
      },
    ],
    [
      'deletions allowed by ForceDeletes: the flag is consumed',
      { cycle: { deletions: { mode: 'execute', pending: 12, threshold: 10, forced: true } } },
      { statusCode: 'Active', clearForceDeletes: true, quarantined: false },
    ],
    [
      'an incremental cycle beyond the escrow thresholds: quarantined',
      { counters: { countFailed: 3, countSucceeded: 1 }, escrowed: 3 },
      {
        statusCode: 'Quarantine',
        quarantined: true,
        prunesEscrows: false,
        status: { quarantine: { reason: 'EncounteredEscrowProportionThreshold' }, lastExecution: { state: 'Failed', countEscrowed: 3 } },
      },
    ],
    [
      'the initial cycle beyond the escrow thresholds: escrows pruned, job paused',
      { cycle: { initial: true }, counters: { countFailed: 3, countSucceeded: 1 }, escrowed: 3 },
      {
        statusCode: 'Paused',
        scheduleState: 'Paused',
        nextRunAt: null,
        quarantined: false,
        prunesEscrows: true,
        events: [],
        status: { escrowsPruned: true, quarantine: null, lastExecution: { state: 'EntryLevelErrors', countEscrowed: 0 } },
      },
    ],
    [
      'pause requested during the cycle',
      { job: { pauseRequested: true } },
      { statusCode: 'Paused', scheduleState: 'Paused', nextRunAt: null },
    ],
    [
      'a success lifts the quarantine',
      { previous: { quarantine: quarantine('EncounteredQuarantineException'), countSuccessiveCompleteFailures: 4 } },
      { statusCode: 'Active', quarantined: false, events: [], status: { quarantine: null, countSuccessiveCompleteFailures: 0 } },
    ],
    [
      'a quarantined job failing for another reason: reason changed, notified',
      { previous: { quarantine: quarantine('TooManyDeletes') }, stopped: { kind: 'target', errorCode: 'X', reason: 'unreachable' } },
      { statusCode: 'Quarantine', events: [{ kind: 'quarantineReasonChanged', previousReason: 'TooManyDeletes' }] },
    ],
    [
      'voided by a restart during the cycle: runs again now, counts from the links',
      {
        job: { resetGeneration: 2 },
        counters: { entriesAdded: { User: 5 } },
        previous: { synchronizedEntryCountByType: [{ key: U, value: 9 }] },
      },
      { nextRunAt: NOW, advanceWatermark: false, status: { synchronizedEntryCountByType: [{ key: U, value: 3 }] } },
    ],
    [
      'the configuration could not be read: no threshold evaluated',
      { config: null, counters: { countFailed: 3, countSucceeded: 1 } },
      { statusCode: 'Active', quarantined: false, status: { lastExecution: { state: 'EntryLevelErrors' } } },
    ],
  ])('%s', (_name, c, expected) => {
    expect(cycleStatus(input(c))).toMatchObject(expected);
  });

  it('leaves the previous status object untouched', () => {
    const previous = { countSuccessiveCompleteFailures: 2 };
    cycleStatus(input({ previous, stopped: { kind: 'internal', message: 'x' } }));
    expect(previous).toEqual({ countSuccessiveCompleteFailures: 2 });
  });
});

describe('synchronizedEntryCounts (the connector data store counts only grow, reference §1.6)', () => {
  const G = 'group to urn:ietf:params:scim:schemas:core:2.0:Group';
  it.each([
    [
      'first cycle: the links',
      [],
      [
        { key: 'User', value: 3 },
        { key: 'Group', value: 1 },
      ],
      { User: 3, Group: 1 },
      [
        { key: G, value: 1 },
        { key: U, value: 3 },
      ],
    ],
    ['nothing linked yet', [], [], {}, []],
    ['a hard delete removed a link: the count stays', [{ key: U, value: 3 }], [{ key: 'User', value: 2 }], {}, [{ key: U, value: 3 }]],
    [
      'a group deleted in the target: the count stays',
      [
        { key: G, value: 1 },
        { key: U, value: 3 },
      ],
      [{ key: 'User', value: 3 }],
      {},
      [
        { key: G, value: 1 },
        { key: U, value: 3 },
      ],
    ],
    [
      'a deleted user, then a new one: the count grows by the new link',
      [{ key: U, value: 3 }],
      [{ key: 'User', value: 3 }],
      { User: 1 },
      [{ key: U, value: 4 }],
    ],
    [
      'groups linked for the first time next to counted users',
      [{ key: U, value: 3 }],
      [
        { key: 'User', value: 3 },
        { key: 'Group', value: 2 },
      ],
      { Group: 2 },
      [
        { key: G, value: 2 },
        { key: U, value: 3 },
      ],
    ],
    [
      'links added outside cycles (provision on demand): never below the links',
      [{ key: U, value: 3 }],
      [{ key: 'User', value: 5 }],
      {},
      [{ key: U, value: 5 }],
    ],
    [
      'after the data store was cleared (empty): recomputed from the links',
      [],
      [{ key: 'User', value: 2 }],
      { User: 2 },
      [{ key: U, value: 2 }],
    ],
  ])('%s', (_name, previous, linked, added, expected) => {
    expect(synchronizedEntryCounts(previous, linked, added as Partial<Record<'User' | 'Group', number>>)).toEqual(expected);
  });
});
