import { planObject, type PlanContext, type ProvisioningStep } from '@app/provisioning-core';
import { alice, ctx, kintoneUsers } from '@app/provisioning-core/mapping/test-support/fixtures';
import {
  applicationInitiator,
  buildProvisioningObjectSummary,
  LoggedAction,
  ProvisioningLogInput,
  RECOMMENDED_ACTIONS,
  SCIM_TARGET_IDENTITY_TYPE,
  SYSTEM_INITIATOR,
  userInitiator,
} from './provisioning-log.builder';
import { PROVISIONING_OBJECT_SUMMARY_PROPERTIES } from './provisioning-log.types';

const step = (
  name: string,
  provisioningStepType: ProvisioningStep['provisioningStepType'],
  status: ProvisioningStep['status'],
  details: Record<string, string> = {},
): ProvisioningStep =>
  Object.freeze({ name, provisioningStepType, status, description: `${name} planned`, details: Object.freeze({ ...details }) });

const IMPORT = step('EntryImport', 'import', 'success');
const SCOPING = step('EntrySynchronizationScoping', 'scoping', 'success', { IsActive: 'True', Assigned: 'True' });
const MATCH_NONE = step('EntryMatching', 'matching', 'success', { MatchedCount: '0' });
const MATCH_LINKED = step('EntryMatching', 'matching', 'success');

const CREATE: LoggedAction = {
  objectType: 'User',
  reportableIdentifier: 'adele@contoso.com',
  provisioningAction: 'create',
  status: 'success',
  errorCode: null,
  reason: 'No matching object was found in the target; it is created.',
  steps: Object.freeze([
    IMPORT,
    SCOPING,
    MATCH_NONE,
    step('EntrySynchronizationAdd', 'processing', 'success'),
    step('EntryExportAdd', 'export', 'success'),
    step('EntryExportReferences', 'referenceResolution', 'success'),
  ]),
  modifiedProperties: [
    { displayName: 'userName', oldValue: null, newValue: 'adele@contoso.com' },
    { displayName: 'active', oldValue: null, newValue: 'True' },
  ],
};

const UNCHANGED: LoggedAction = {
  objectType: 'User',
  reportableIdentifier: 'adele@contoso.com',
  provisioningAction: 'other',
  status: 'skipped',
  errorCode: null,
  reason: 'The source and target already match.',
  steps: Object.freeze([
    IMPORT,
    SCOPING,
    MATCH_LINKED,
    step('EntrySynchronizationSkip', 'processing', 'skipped', { SkipReason: 'RedundantExport' }),
  ]),
  modifiedProperties: [],
};

const IMPORT_SKIPPED: LoggedAction = {
  ...UNCHANGED,
  errorCode: 'ImportSkipped',
  reason: 'The source object has no value for any matching attribute.',
  steps: Object.freeze([
    IMPORT,
    SCOPING,
    step('EntryMatching', 'matching', 'skipped'),
    step('EntrySynchronizationSkip', 'processing', 'skipped', { ErrorCode: 'ImportSkipped' }),
  ]),
};

const DUPLICATES: LoggedAction = {
  objectType: 'Group',
  reportableIdentifier: 'Sales',
  provisioningAction: 'other',
  status: 'failure',
  errorCode: 'DuplicateTargetEntries',
  reason: 'More than one target object matched.',
  steps: Object.freeze([
    IMPORT,
    SCOPING,
    step('EntryMatching', 'matching', 'failure', { MatchedCount: '2' }),
    step('EntrySynchronizationSkip', 'processing', 'failure', { ErrorCode: 'DuplicateTargetEntries' }),
  ]),
  modifiedProperties: [],
};

const DELETE: LoggedAction = {
  objectType: 'User',
  reportableIdentifier: 'gone@contoso.com',
  provisioningAction: 'delete',
  status: 'success',
  errorCode: null,
  reason: 'The object was permanently deleted in the source; it is deleted in the target.',
  steps: Object.freeze([
    step('EntryImport', 'import', 'success'),
    MATCH_LINKED,
    step('EntrySynchronizationDelete', 'processing', 'success'),
    step('EntryExportDelete', 'export', 'success'),
  ]),
  modifiedProperties: [],
};

const BASE: Omit<ProvisioningLogInput, 'action'> = {
  id: '4e1e4f0c-0000-4000-8000-000000000001',
  changeId: '4e1e4f0c-0000-4000-8000-0000000000c1',
  cycleId: '4e1e4f0c-0000-4000-8000-0000000000cc',
  jobId: 'scim.0b3f0c3a5c9b4c6f8d2e1a7b9c0d1e2f',
  tenantId: '0b3f0c3a-5c9b-4c6f-8d2e-1a7b9c0d1e2f',
  servicePrincipal: { id: 'sp-1', displayName: 'Kintone', appId: 'app-1' },
  source: { id: 'user-1', displayName: 'Adele Vance' },
  target: { id: 'scim-1', displayName: 'adele@contoso.com' },
  targetSystem: { id: 'ts-1', displayName: 'Kintone' },
  initiatedBy: SYSTEM_INITIATOR,
  activityDateTime: new Date('2024-05-01T10:00:00.123Z'),
  durationInMilliseconds: 42.4,
};

const build = (action: LoggedAction, extra: Partial<ProvisioningLogInput> = {}) =>
  buildProvisioningObjectSummary({ ...BASE, action, ...extra });

describe('buildProvisioningObjectSummary', () => {
  it('has every Graph v1.0 property, in order, and the context fields as given', () => {
    const s = build(CREATE);
    expect(Object.keys(s)).toEqual([...PROVISIONING_OBJECT_SUMMARY_PROPERTIES]);
    expect(s).toMatchObject({
      id: BASE.id,
      activityDateTime: '2024-05-01T10:00:00.123Z',
      tenantId: BASE.tenantId,
      jobId: BASE.jobId,
      cycleId: BASE.cycleId,
      changeId: BASE.changeId,
      durationInMilliseconds: 42,
      servicePrincipal: { id: 'sp-1', displayName: 'Kintone' },
      sourceSystem: { id: '', displayName: 'Azure Active Directory', details: {} },
      targetSystem: {
        id: 'ts-1',
        displayName: 'Kintone',
        details: { ApplicationId: 'app-1', ServicePrincipalId: 'sp-1', ServicePrincipalDisplayName: 'Kintone' },
      },
      initiatedBy: { id: '', displayName: 'Azure AD Provisioning Service', initiatorType: 'system' },
      sourceIdentity: { id: 'user-1', displayName: 'Adele Vance', identityType: 'User', details: {} },
      targetIdentity: { id: 'scim-1', displayName: 'adele@contoso.com', identityType: SCIM_TARGET_IDENTITY_TYPE.User, details: {} },
      modifiedProperties: CREATE.modifiedProperties,
    });
  });

  it.each([
    [
      'create, as planned',
      CREATE,
      undefined,
      undefined,
      {
        action: 'create',
        status: 'success',
        error: null,
        stepStatuses: ['success', 'success', 'success', 'success', 'success', 'success'],
      },
    ],
    [
      'delete, as planned',
      DELETE,
      undefined,
      undefined,
      { action: 'delete', status: 'success', error: null, stepStatuses: ['success', 'success', 'success', 'success'] },
    ],
    [
      'skipped, redundant export',
      UNCHANGED,
      undefined,
      undefined,
      {
        action: 'other',
        status: 'skipped',
        error: { errorCode: 'RedundantExport', errorCategory: null, reason: UNCHANGED.reason },
        stepStatuses: ['success', 'success', 'success', 'skipped'],
      },
    ],
    [
      'skipped, import skipped (code from the plan)',
      IMPORT_SKIPPED,
      undefined,
      undefined,
      {
        action: 'other',
        status: 'skipped',
        error: { errorCode: 'ImportSkipped' },
        stepStatuses: ['success', 'success', 'skipped', 'skipped'],
      },
    ],
    [
      'planned failure',
      DUPLICATES,
      undefined,
      undefined,
      {
        action: 'other',
        status: 'failure',
        error: {
          errorCode: 'DuplicateTargetEntries',
          errorCategory: 'nonServiceFailure',
          recommendedAction: RECOMMENDED_ACTIONS.DuplicateTargetEntries,
        },
        stepStatuses: ['success', 'success', 'failure', 'failure'],
      },
    ],
    [
      'export failed: the export step fails, the reference step never ran',
      CREATE,
      {
        status: 'failure',
        error: {
          errorCode: 'SystemForCrossDomainIdentityManagementBadRequest',
          reason: 'Failed to create User.',
          additionalDetails: '{"detail":"bad"}',
        },
      },
      undefined,
      {
        action: 'create',
        status: 'failure',
        error: {
          errorCode: 'SystemForCrossDomainIdentityManagementBadRequest',
          reason: 'Failed to create User.',
          additionalDetails: '{"detail":"bad"}',
          errorCategory: 'nonServiceFailure',
        },
        stepStatuses: ['success', 'success', 'success', 'success', 'failure'],
      },
    ],
    [
      'reference export failed: warning on the reference step',
      CREATE,
      {
        status: 'warning',
        error: { errorCode: 'SystemForCrossDomainIdentityManagementBadRequest', reason: 'The manager could not be set.' },
        failedStepType: 'referenceResolution',
      },
      undefined,
      {
        action: 'create',
        status: 'warning',
        error: { errorCode: 'SystemForCrossDomainIdentityManagementBadRequest' },
        stepStatuses: ['success', 'success', 'success', 'success', 'success', 'warning'],
      },
    ],
    [
      'service-side error defaults to the failure category and an advice',
      DELETE,
      { status: 'failure', error: { errorCode: 'InternalError', reason: 'Boom.' } },
      undefined,
      {
        action: 'delete',
        status: 'failure',
        error: { errorCode: 'InternalError', errorCategory: 'failure', recommendedAction: RECOMMENDED_ACTIONS.InternalError },
        stepStatuses: ['success', 'success', 'success', 'failure'],
      },
    ],
    [
      'escrowed: the retry text is appended to the reason',
      CREATE,
      { status: 'failure', error: { errorCode: 'Timeout', reason: 'The target did not answer.' } },
      { retryCount: 2, nextRetryAt: new Date('2024-05-01T12:40:00Z') },
      {
        action: 'create',
        status: 'failure',
        error: {
          errorCode: 'Timeout',
          reason:
            'The target did not answer. This operation was retried 2 times. It will be retried again after this date: 2024-05-01T12:40:00Z',
        },
        stepStatuses: ['success', 'success', 'success', 'success', 'failure'],
      },
    ],
    [
      'an explicit failed step type',
      CREATE,
      { status: 'failure', error: { errorCode: 'InternalError', reason: 'x', recommendedAction: null }, failedStepType: 'matching' },
      undefined,
      {
        action: 'create',
        status: 'failure',
        error: { errorCode: 'InternalError', recommendedAction: null },
        stepStatuses: ['success', 'success', 'failure'],
      },
    ],
  ] as const)('%s', (_name, action, outcome, escrow, expected) => {
    const s = build(action as LoggedAction, { outcome: outcome as ProvisioningLogInput['outcome'], escrow });
    expect(s.provisioningAction).toBe(expected.action);
    expect(s.provisioningStatusInfo.status).toBe(expected.status);
    if (expected.error === null) expect(s.provisioningStatusInfo.errorInformation).toBeNull();
    else expect(s.provisioningStatusInfo.errorInformation).toMatchObject(expected.error);
    expect(s.provisioningSteps.map((x) => x.status)).toEqual(expected.stepStatuses);
  });

  it('the failed step carries the error code and a failure description; export steps name the object', () => {
    const s = build(CREATE, { outcome: { status: 'failure', error: { errorCode: 'EntryConflict', reason: 'exists' } } });
    const failed = s.provisioningSteps[s.provisioningSteps.length - 1];
    expect(failed).toMatchObject({
      name: 'EntryExportAdd',
      status: 'failure',
      description: "Failed to create User 'adele@contoso.com' in Kintone",
      details: { ErrorCode: 'EntryConflict', ReportableIdentifier: 'adele@contoso.com' },
    });
    const ok = build(DELETE).provisioningSteps[3];
    expect(ok.description).toBe("User 'gone@contoso.com' was deleted in Kintone");
  });

  it('never changes the shared, frozen planned steps', () => {
    build(CREATE, { outcome: { status: 'failure', error: { errorCode: 'Timeout', reason: 'x' } } });
    expect(CREATE.steps[4]).toEqual({
      name: 'EntryExportAdd',
      provisioningStepType: 'export',
      status: 'success',
      description: 'EntryExportAdd planned',
      details: {},
    });
  });

  it.each([
    [
      'unknown target id of a failed create',
      { target: { id: null } },
      { targetIdentity: { id: '', displayName: '', identityType: SCIM_TARGET_IDENTITY_TYPE.User } },
    ],
    [
      'explicit identity types',
      { source: { id: 'g', identityType: 'Group' }, target: { id: 't', identityType: 'urn:custom' } },
      { sourceIdentity: { identityType: 'Group' }, targetIdentity: { identityType: 'urn:custom' } },
    ],
    [
      'provision on demand by an admin',
      { initiatedBy: userInitiator('admin-id', 'Admin') },
      { initiatedBy: { id: 'admin-id', displayName: 'Admin', initiatorType: 'user' } },
    ],
    [
      'provision on demand by an app',
      { initiatedBy: applicationInitiator('app-id', 'Script') },
      { initiatedBy: { initiatorType: 'application' } },
    ],
    ['no appId: no targetSystem details', { servicePrincipal: { id: 'sp', displayName: 'App' } }, { targetSystem: { details: {} } }],
    [
      'a custom source system',
      { sourceSystem: { id: 'src', displayName: 'Azure Active Directory', details: { k: 'v' } } },
      { sourceSystem: { id: 'src', details: { k: 'v' } } },
    ],
    [
      'a string timestamp is normalised to UTC',
      { activityDateTime: '2024-05-01T12:00:00+02:00' },
      { activityDateTime: '2024-05-01T10:00:00.000Z' },
    ],
    ['durations are rounded and capped to Int32', { durationInMilliseconds: 1e12 }, { durationInMilliseconds: 2_147_483_647 }],
  ] as const)('%s', (_name, extra, expected) => {
    expect(build(CREATE, extra as Partial<ProvisioningLogInput>)).toMatchObject(expected);
  });

  it('groups: the target identity type is the SCIM Group URN', () => {
    expect(build(DUPLICATES).targetIdentity.identityType).toBe('urn:ietf:params:scim:schemas:core:2.0:Group');
  });

  it.each([
    ['an invalid date', { activityDateTime: 'yesterday' }],
    ['a negative duration', { durationInMilliseconds: -1 }],
    ['a NaN duration', { durationInMilliseconds: Number.NaN }],
  ] as const)('rejects %s', (_name, extra) => {
    expect(() => build(CREATE, extra as Partial<ProvisioningLogInput>)).toThrow(TypeError);
  });
});

describe('buildProvisioningObjectSummary on real plans', () => {
  const context: PlanContext = {
    objectMapping: kintoneUsers.mapping,
    targetDefs: kintoneUsers.defs,
    settings: { shape: 'default', skipOutOfScopeDeletions: false },
    evaluation: ctx,
  };
  const scope = { assigned: true, inScopeByFilters: true };
  const current = {
    id: 't-1',
    userName: 'alice@contoso.com',
    active: true,
    displayName: 'Alice Jensen',
    emails: [{ type: 'work', primary: true, value: 'alice@contoso.com' }],
    name: { givenName: 'Alice', familyName: 'Jensen' },
    externalId: 'alice',
  };

  it.each([
    ['create', { link: null, target: { kind: 'missing' } }, { provisioningAction: 'create', status: 'success', code: undefined }],
    [
      'unchanged',
      { link: { targetId: 't-1', managed: true }, target: { kind: 'found', resource: current } },
      { provisioningAction: 'other', status: 'skipped', code: 'RedundantExport' },
    ],
    [
      'out of scope',
      { link: null, target: { kind: 'missing' }, scope: { assigned: false, inScopeByFilters: true } },
      { provisioningAction: 'other', status: 'skipped', code: 'NotEffectivelyEntitled' },
    ],
    [
      'duplicates',
      { link: null, target: { kind: 'duplicate', count: 2 } },
      { provisioningAction: 'other', status: 'failure', code: 'DuplicateTargetEntries' },
    ],
  ] as const)('%s', (_name, overrides, expected) => {
    const action = planObject(context, { sourceId: 'src-alice', source: alice(), scope, ...(overrides as object) } as Parameters<
      typeof planObject
    >[1]);
    const s = buildProvisioningObjectSummary({ ...BASE, action });
    expect(s.provisioningAction).toBe(expected.provisioningAction);
    expect(s.provisioningStatusInfo.status).toBe(expected.status);
    expect(s.provisioningStatusInfo.errorInformation?.errorCode).toBe(expected.code);
    expect(s.provisioningSteps.map((x) => x.name)).toEqual(action.steps.map((x) => x.name));
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});
