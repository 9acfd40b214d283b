import type { PlannedAction } from '@app/provisioning-core';
import { GraphError } from '../../http/graph-error';
import { matchesFilters, parsePreviewQuery, previewAction, previewEntry, PreviewCounter, type PreviewEntry } from './preview-entry';

describe('previewAction', () => {
  it.each<[PlannedAction['provisioningAction'], string, PlannedAction['status'], string]>([
    ['create', 'InScopeUnlinkedNoMatch', 'success', 'Create'],
    ['update', 'InScopeLinkedChanged', 'success', 'Update'],
    ['disable', 'OutOfScopeLinkedActive', 'success', 'Disable'],
    ['delete', 'HardDeletedLinked', 'success', 'Delete'],
    ['stagedDelete', 'OutOfScopeLinkedActive', 'skipped', 'StagedDelete'],
    ['other', 'OutOfScopeUnlinked', 'skipped', 'Skip'],
    ['other', 'InScopeLinkedUnchanged', 'skipped', 'None'],
    ['other', 'InScopeUnlinkedMatchedUnchanged', 'skipped', 'None'],
    ['other', 'TargetNotRead', 'failure', 'None'],
  ])('%s / %s / %s → %s', (provisioningAction, situation, status, expected) => {
    expect(previewAction({ provisioningAction, situation: situation as PlannedAction['situation'], status })).toBe(expected);
  });
});

describe('previewEntry', () => {
  const base = {
    sourceId: 'u1',
    objectType: 'User',
    reportableIdentifier: 'a@contoso.com',
    errorCode: null,
    steps: [],
    requests: [],
    link: { kind: 'keep' },
    pendingReferences: [],
  } as unknown as PlannedAction;
  const changed = [{ displayName: 'department', oldValue: 'Sales', newValue: 'Ops' }];

  it.each<[string, Partial<PlannedAction>, string | null, Partial<PreviewEntry>]>([
    [
      'an update lists its modified properties and the target id',
      {
        provisioningAction: 'update',
        situation: 'InScopeLinkedChanged',
        status: 'success',
        targetId: 't1',
        modifiedProperties: changed,
        reason: 'x',
      },
      't1',
      { action: 'Update', modifiedProperties: changed, targetId: 't1', reason: null },
    ],
    [
      'a skip carries its reason and no properties',
      {
        provisioningAction: 'other',
        situation: 'OutOfScopeUnlinked',
        status: 'skipped',
        targetId: null,
        modifiedProperties: changed,
        reason: 'out of scope',
      },
      null,
      { action: 'Skip', modifiedProperties: [], targetId: null, reason: 'out of scope' },
    ],
    [
      'a disable takes the link target id when the plan has none',
      {
        provisioningAction: 'disable',
        situation: 'OutOfScopeLinkedActive',
        status: 'success',
        targetId: null,
        modifiedProperties: [],
        reason: 'r',
      },
      't9',
      { action: 'Disable', targetId: 't9', reason: null },
    ],
    [
      'a failure to read the target says why',
      {
        provisioningAction: 'other',
        situation: 'TargetNotRead',
        status: 'failure',
        targetId: null,
        modifiedProperties: [],
        reason: 'timeout',
      },
      't2',
      { action: 'None', targetId: 't2', reason: 'timeout' },
    ],
  ])('%s', (_, plan, linked, expected) => {
    expect(previewEntry({ ...base, ...plan } as PlannedAction, linked)).toMatchObject({
      sourceId: 'u1',
      objectType: 'User',
      displayName: 'a@contoso.com',
      ...expected,
    });
  });
});

describe('parsePreviewQuery', () => {
  it.each<[Record<string, unknown>, object]>([
    [{}, { top: 100, skipToken: undefined, actions: null, objectTypes: null, readTarget: true }],
    [
      { $top: '1000', readTarget: 'false' },
      { top: 1000, readTarget: false },
    ],
    [
      { action: 'disable,Delete', objectType: 'user' },
      { actions: new Set(['Disable', 'Delete']), objectTypes: new Set(['User']) },
    ],
    [{ $skiptoken: 'abc' }, { skipToken: 'abc' }],
  ])('%j', (query, expected) => {
    expect(parsePreviewQuery(query)).toMatchObject(expected);
  });

  it.each<[Record<string, unknown>, string]>([
    [{ $top: '0' }, 'Invalid $top'],
    [{ $top: '1001' }, 'Invalid $top'],
    [{ $top: 'ten' }, 'Invalid $top'],
    [{ action: 'Remove' }, "Invalid action 'Remove'"],
    [{ objectType: 'Device' }, "Invalid objectType 'Device'"],
    [{ readTarget: 'no' }, "Invalid readTarget 'no'"],
    [{ action: ['Create', 'Update'] }, 'more than once'],
  ])('%j → 400', (query, message) => {
    let caught: unknown;
    try {
      parsePreviewQuery(query);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GraphError);
    expect((caught as GraphError).status).toBe(400);
    expect((caught as Error).message).toContain(message);
  });
});

describe('matchesFilters', () => {
  const entry = { action: 'Disable', objectType: 'User' } as PreviewEntry;
  it.each<[object, boolean]>([
    [{ actions: null, objectTypes: null }, true],
    [{ actions: new Set(['Disable']), objectTypes: null }, true],
    [{ actions: new Set(['Create']), objectTypes: null }, false],
    [{ actions: null, objectTypes: new Set(['Group']) }, false],
    [{ actions: new Set(['Disable']), objectTypes: new Set(['User']) }, true],
  ])('%o → %s', (filters, expected) => {
    expect(matchesFilters(entry, filters as never)).toBe(expected);
  });
});

describe('PreviewCounter', () => {
  it.each<[string, { enabled: boolean; value: number }, [string, string][], object]>([
    [
      'counts per action; disables and deletes of both types go to the threshold',
      { enabled: true, value: 2 },
      [
        ['Disable', 'User'],
        ['Delete', 'Group'],
        ['Create', 'User'],
        ['Disable', 'User'],
      ],
      { counts: { Disable: 2, Delete: 1, Create: 1, Update: 0 }, deletionThreshold: { wouldDelete: 3, threshold: 2, wouldTrip: true } },
    ],
    [
      'at the threshold it does not trip (count > value)',
      { enabled: true, value: 2 },
      [
        ['Disable', 'User'],
        ['Delete', 'User'],
      ],
      { deletionThreshold: { wouldDelete: 2, wouldTrip: false } },
    ],
    [
      'a disabled threshold never trips',
      { enabled: false, value: 0 },
      [['Delete', 'User']],
      { deletionThreshold: { enabled: false, wouldDelete: 1, wouldTrip: false } },
    ],
  ])('%s', (_, threshold, entries, expected) => {
    const counter = new PreviewCounter();
    for (const [action, objectType] of entries) counter.add({ action, objectType } as PreviewEntry);
    expect(counter.summary('incremental', threshold)).toMatchObject({ cycle: 'incremental', ...expected });
  });
});
