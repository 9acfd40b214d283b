import {
  compileScopeFilter,
  NO_SCOPE_FILTER,
  sourceAttributeDefinitions,
  scimTemplate,
  type ProvisioningAction,
  type ProvisioningResult,
} from '@app/provisioning-core';
import { buildProvisioningObjectSummary, userInitiator, type ProvisioningObjectSummary } from '../logs';
import {
  combinedKey,
  onDemandKey,
  onDemandRecord,
  onDemandScopeDetails,
  resultOf,
  scopingFilterDetails,
  stringKeyStringValuePair,
  testConnectionFailureRecord,
  type OnDemandRecord,
} from './on-demand-response';

const START = new Date('2024-05-04T03:00:54.100Z');
const END = new Date('2024-05-04T03:00:54.350Z');
const SCOPING = {
  IsActive: 'True',
  Assigned: 'True',
  IsEffectivelyEntitledForProvisioning: 'True',
  IsInProvisioningScopeDisplayName: 'True',
  ScopeEvaluationResult: 'Passed',
};

interface Case {
  provisioningAction: ProvisioningAction;
  status: ProvisioningResult;
  errorCode: string | null;
  reason: string;
  last: { name: string; type: 'processing' | 'export'; status: ProvisioningResult; details?: Record<string, string> };
  error?: { errorCode: string; reason: string };
  targetId: string;
}

function summary(c: Case): ProvisioningObjectSummary {
  return buildProvisioningObjectSummary({
    id: 'log-1',
    changeId: 'change-1',
    cycleId: 'cycle-1',
    jobId: 'scim.tenant.job',
    tenantId: 'tenant',
    action: {
      objectType: 'User',
      reportableIdentifier: 'adele@contoso.com',
      provisioningAction: c.provisioningAction,
      status: c.status,
      errorCode: c.errorCode,
      reason: c.reason,
      steps: [
        {
          name: 'EntryImport',
          provisioningStepType: 'import',
          status: 'success',
          description: 'Retrieved the User from Azure Active Directory',
          details: {},
        },
        {
          name: 'EntrySynchronizationScoping',
          provisioningStepType: 'scoping',
          status: 'success',
          description: 'Determined whether the User is in scope',
          details: SCOPING,
        },
        {
          name: 'EntryMatching',
          provisioningStepType: 'matching',
          status: 'success',
          description: 'No matching User found in the target',
          details: { MatchedCount: '0' },
        },
        {
          name: c.last.name,
          provisioningStepType: c.last.type,
          status: c.last.status,
          description: c.reason,
          details: c.last.details ?? {},
        },
      ],
      modifiedProperties:
        c.provisioningAction === 'create' ? [{ displayName: 'userName', oldValue: null, newValue: 'adele@contoso.com' }] : [],
    },
    outcome: c.error ? { status: 'failure', error: c.error } : undefined,
    servicePrincipal: { id: 'sp-1', displayName: 'Generic SCIM app' },
    source: { id: 'user-1', displayName: 'adele@contoso.com', identityType: 'User' },
    target: { id: c.targetId, displayName: 'adele@contoso.com' },
    targetSystem: { displayName: 'Generic SCIM app' },
    initiatedBy: userInitiator('', 'admin'),
    activityDateTime: END,
    durationInMilliseconds: 250,
  });
}

const cases: [string, Case, { action: string; key: object; statusInfo: object; lastStep: object }][] = [
  [
    'a create',
    {
      provisioningAction: 'create',
      status: 'success',
      errorCode: null,
      reason: 'created',
      last: { name: 'EntryExportAdd', type: 'export', status: 'success' },
      targetId: 't-1',
    },
    {
      action: 'Create',
      key: { result: 'Success', details: {} },
      statusInfo: {
        status: 'Success',
        errorCode: null,
        reason: null,
        additionalDetails: null,
        errorCategory: null,
        recommendedAction: null,
      },
      lastStep: {
        name: 'EntryExportAdd',
        type: 'Export',
        status: 'Success',
        description: "User 'adele@contoso.com' was created in Generic SCIM app",
        timestamp: END.toISOString(),
        details: { ReportableIdentifier: 'adele@contoso.com' },
      },
    },
  ],
  [
    'a redundant export (Graph example 1)',
    {
      provisioningAction: 'other',
      status: 'skipped',
      errorCode: null,
      reason: 'The source and target already match.',
      last: { name: 'EntrySynchronizationSkip', type: 'processing', status: 'skipped', details: { SkipReason: 'RedundantExport' } },
      targetId: 't-1',
    },
    {
      action: 'Other',
      key: { result: 'Skipped', details: { errorCode: 'RedundantExport', errorMessage: 'The source and target already match.' } },
      statusInfo: { status: 'Skipped', errorCode: 'RedundantExport', reason: 'The source and target already match.', errorCategory: null },
      lastStep: {
        name: 'EntrySynchronizationSkip',
        type: 'Processing',
        status: 'Skipped',
        timestamp: END.toISOString(),
        details: { SkipReason: 'RedundantExport' },
      },
    },
  ],
  [
    'an unassigned user leaving scope',
    {
      provisioningAction: 'disable',
      status: 'success',
      errorCode: null,
      reason: 'left scope',
      last: { name: 'EntryExportUpdate', type: 'export', status: 'success' },
      targetId: 't-1',
    },
    {
      action: 'Disable',
      key: { result: 'Success', details: {} },
      statusInfo: { status: 'Success' },
      lastStep: { name: 'EntryExportUpdate', type: 'Export', status: 'Success' },
    },
  ],
  [
    'a create the target refused',
    {
      provisioningAction: 'create',
      status: 'success',
      errorCode: null,
      reason: 'created',
      last: { name: 'EntryExportAdd', type: 'export', status: 'success' },
      error: { errorCode: 'EntryConflict', reason: 'userName is taken' },
      targetId: '',
    },
    {
      action: 'Create',
      key: { result: 'Failure', details: { errorCode: 'EntryConflict', errorMessage: 'userName is taken' } },
      statusInfo: { status: 'Failure', errorCode: 'EntryConflict', reason: 'userName is taken', errorCategory: 'nonServiceFailure' },
      lastStep: {
        name: 'EntryExportAdd',
        type: 'Export',
        status: 'Failure',
        description: "Failed to create User 'adele@contoso.com' in Generic SCIM app",
        details: { ErrorCode: 'EntryConflict', ReportableIdentifier: 'adele@contoso.com' },
      },
    },
  ],
];

describe('on-demand answer', () => {
  it.each(cases)('%s: key, action, statusInfo and steps', (_name, input, expected) => {
    const record = onDemandRecord(summary(input), { startTime: START, endTime: END }, 'adele@contoso.com');
    expect(onDemandKey(record)).toEqual(expected.key);
    expect(record.action).toBe(expected.action);
    expect(record.statusInfo).toMatchObject(expected.statusInfo);
    expect(record.provisioningSteps.at(-1)).toMatchObject(expected.lastStep);
    expect(record.provisioningSteps.slice(0, 3).map((s) => [s.type, s.timestamp])).toEqual([
      ['Import', START.toISOString()],
      ['Scoping', START.toISOString()],
      ['Matching', START.toISOString()],
    ]);
  });

  it('the record has the on-demand shape, in order, from the log entry', () => {
    const record = onDemandRecord(summary(cases[0][1]), { startTime: START, endTime: END }, 'adele@contoso.com');
    expect(Object.keys(record)).toEqual([
      'action',
      'changeId',
      'startTime',
      'endTime',
      'reportableIdentifier',
      'modifiedProperties',
      'provisioningSteps',
      'statusInfo',
      'sourceIdentity',
      'sourceSystem',
      'targetIdentity',
      'targetSystem',
    ]);
    expect(record).toMatchObject({
      changeId: 'change-1',
      startTime: '2024-05-04T03:00:54.100Z',
      endTime: '2024-05-04T03:00:54.350Z',
      reportableIdentifier: 'adele@contoso.com',
      modifiedProperties: [{ displayName: 'userName', oldValue: null, newValue: 'adele@contoso.com' }],
      sourceIdentity: { id: 'user-1', type: 'User', displayName: 'adele@contoso.com', details: {} },
      sourceSystem: { id: null, name: 'Azure Active Directory', details: {} },
      targetIdentity: { id: 't-1', type: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', displayName: 'adele@contoso.com' },
      targetSystem: { id: null, name: 'Generic SCIM app' },
    });
    expect(Object.keys(record.provisioningSteps[0])).toEqual(['name', 'type', 'status', 'description', 'timestamp', 'details']);
    expect(record.provisioningSteps[1].details).toEqual(SCOPING);
  });

  it('a failed create has no target id', () => {
    expect(onDemandRecord(summary(cases[3][1]), { startTime: START, endTime: END }, 'x').targetIdentity.id).toBeNull();
  });

  it("the scope step gets the portal's labels, then the log's details", () => {
    const details = onDemandScopeDetails(
      { active: true, assigned: false, syncAll: true, filters: { 'Sales only department EQUALS Sales': 'False' } },
      SCOPING,
    );
    expect(Object.entries(details).slice(0, 4)).toEqual([
      ['Active in source system', 'True'],
      ['Assigned to application', 'False'],
      ['Scope sync all', 'True'],
      ['Sales only department EQUALS Sales', 'False'],
    ]);
    expect(details).toMatchObject(SCOPING);
    const record = onDemandRecord(summary(cases[0][1]), { startTime: START, endTime: END }, 'x', details);
    expect(record.provisioningSteps[1].details).toEqual(details);
    expect(record.provisioningSteps[0].details).toEqual({});
  });

  const filter = {
    groups: [
      {
        name: 'Sales only',
        clauses: [
          { operatorName: 'EQUALS', sourceOperandName: 'department', targetOperand: { values: ['Sales'] } },
          { operatorName: 'IS TRUE', sourceOperandName: 'accountEnabled', targetOperand: { values: [] } },
        ],
      },
      {
        name: 'Contractors',
        clauses: [{ operatorName: 'ENDS_WITH', sourceOperandName: 'userPrincipalName', targetOperand: { values: ['@partner.com'] } }],
      },
    ],
  };
  const user = (department: string | null, upn: string) => ({ objectId: 'u', department, accountEnabled: true, userPrincipalName: upn });
  it.each([
    [
      'in Sales',
      user('Sales', 'a@contoso.com'),
      {
        'Sales only department EQUALS Sales': 'True',
        'Sales only accountEnabled IS TRUE': 'True',
        'Contractors userPrincipalName ENDS_WITH @partner.com': 'False',
      },
    ],
    [
      'a contractor',
      user('Support', 'b@partner.com'),
      {
        'Sales only department EQUALS Sales': 'False',
        'Sales only accountEnabled IS TRUE': 'True',
        'Contractors userPrincipalName ENDS_WITH @partner.com': 'True',
      },
    ],
    [
      'no department (null is false)',
      user(null, 'c@contoso.com'),
      {
        'Sales only department EQUALS Sales': 'False',
        'Sales only accountEnabled IS TRUE': 'True',
        'Contractors userPrincipalName ENDS_WITH @partner.com': 'False',
      },
    ],
  ])('scoping filter clauses, one by one: %s', (_name, source, expected) => {
    const compiled = compileScopeFilter(filter as never, sourceAttributeDefinitions(scimTemplate, 'User'));
    expect(scopingFilterDetails(compiled, source)).toEqual(expected);
  });

  it('no scoping filter: no clause details', () => {
    expect(scopingFilterDetails(NO_SCOPE_FILTER, user('Sales', 'a@contoso.com'))).toEqual({});
  });

  it('test connection failed: one step, a failure key, no target identity', () => {
    const record = testConnectionFailureRecord({
      changeId: 'c',
      objectId: 'user-1',
      objectType: 'User',
      errorCode: 'SystemForCrossDomainIdentityManagementCredentialValidationFailure',
      reason: 'No Tenant URL (BaseAddress) and Secret Token are saved for this application.',
      recommendedAction: 'Enter them.',
      at: START,
      targetSystemName: 'Kintone',
    });
    expect(record.provisioningSteps).toEqual([
      {
        name: 'EntryTestConnection',
        type: 'TestConnection',
        status: 'Failure',
        description:
          'The provisioning service could not connect to Kintone: No Tenant URL (BaseAddress) and Secret Token are saved for this application.',
        timestamp: START.toISOString(),
        details: { ErrorCode: 'SystemForCrossDomainIdentityManagementCredentialValidationFailure' },
      },
    ]);
    expect(record).toMatchObject({
      action: 'Other',
      sourceIdentity: { id: 'user-1', type: 'User' },
      targetIdentity: { id: null },
      targetSystem: { name: 'Kintone' },
    });
    expect(onDemandKey(record)).toEqual({
      result: 'Failure',
      details: {
        errorCode: 'SystemForCrossDomainIdentityManagementCredentialValidationFailure',
        errorMessage: 'No Tenant URL (BaseAddress) and Secret Token are saved for this application.',
      },
    });
  });

  const status = (s: OnDemandRecord['statusInfo']['status'], errorCode: string | null = null): Pick<OnDemandRecord, 'statusInfo'> => ({
    statusInfo: { status: s, errorCode, reason: errorCode, additionalDetails: null, errorCategory: null, recommendedAction: null },
  });
  it.each([
    ['group created, members created', status('Success'), [status('Success'), status('Success')], 'Success'],
    ['group unchanged, a member created', status('Skipped', 'RedundantExport'), [status('Success')], 'Skipped'],
    ['group created, a member failed', status('Success'), [status('Success'), status('Failure', 'EntryConflict')], 'Failure'],
    ['group failed', status('Failure', 'InternalServerError'), [status('Failure', 'EntryConflict')], 'Failure'],
  ])("a group call's key: %s", (_name, primary, others, result) => {
    const key = combinedKey(primary, others);
    expect(key.result).toBe(result);
    if (result === 'Failure')
      expect(key.details.errorCode).toBe(primary.statusInfo.status === 'Failure' ? primary.statusInfo.errorCode : 'EntryConflict');
  });

  it.each([
    ['success', 'Success'],
    ['skipped', 'Skipped'],
    ['warning', 'Warning'],
    ['failure', 'Failure'],
  ])('result %s → %s', (input, output) => {
    expect(resultOf(input)).toBe(output);
  });

  it('the 200 body carries key and value as JSON strings', () => {
    const record = onDemandRecord(summary(cases[1][1]), { startTime: START, endTime: END }, 'adele@contoso.com');
    const body = stringKeyStringValuePair('http://x/v1.0/$metadata#microsoft.graph.stringKeyStringValuePair', onDemandKey(record), record);
    expect(Object.keys(body)).toEqual(['@odata.context', 'key', 'value']);
    expect(typeof body.key).toBe('string');
    expect(JSON.parse(body.key)).toEqual({
      result: 'Skipped',
      details: { errorCode: 'RedundantExport', errorMessage: 'The source and target already match.' },
    });
    expect(JSON.parse(body.value)).toEqual(record);
  });
});
