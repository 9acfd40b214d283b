/**
 * The answer of provisionOnDemand (reference §8.3): a `stringKeyStringValuePair` whose `key` is the result as a JSON
 * string and whose `value` is the provisioning record of the object, also a JSON string, in the shape the on-demand
 * API uses (PascalCase enums, `type`/`timestamp` on steps, `statusInfo`, `name` on systems) rather than the
 * provisioningObjectSummary of `/auditLogs/provisioning`. Pure: built from the summary the logs store.
 */
import { evaluateScope, type CompiledScopeFilter, type SourceObject } from '@app/provisioning-core';
import {
  SCIM_TARGET_IDENTITY_TYPE,
  SOURCE_SYSTEM_DISPLAY_NAME,
  type ProvisioningObjectSummary,
  type ProvisionedIdentity,
  type ProvisioningSystem,
} from '../logs';

export type OnDemandResult = 'Success' | 'Skipped' | 'Failure' | 'Warning';

export interface OnDemandKey {
  result: OnDemandResult;
  /** `{}` on success; otherwise the error (or skip) code and its message. */
  details: { errorCode?: string | null; errorMessage?: string | null };
}

export interface OnDemandStep {
  name: string;
  /** Import, Scoping, Matching, Processing, ReferenceResolution, Export (and TestConnection when it failed). */
  type: string;
  status: OnDemandResult;
  description: string;
  timestamp: string;
  details: Record<string, string>;
}

export interface OnDemandStatusInfo {
  status: OnDemandResult;
  errorCode: string | null;
  reason: string | null;
  additionalDetails: string | null;
  errorCategory: string | null;
  recommendedAction: string | null;
}

export interface OnDemandIdentity {
  id: string | null;
  type: string;
  displayName: string | null;
  details: Record<string, string>;
}

export interface OnDemandSystem {
  id: string | null;
  name: string;
  details: Record<string, string>;
}

/** The `value` of the answer, properties in this order. */
export interface OnDemandRecord {
  action: string;
  changeId: string;
  startTime: string;
  endTime: string;
  reportableIdentifier: string;
  modifiedProperties: { displayName: string; oldValue: string | null; newValue: string | null }[];
  provisioningSteps: OnDemandStep[];
  statusInfo: OnDemandStatusInfo;
  sourceIdentity: OnDemandIdentity;
  sourceSystem: OnDemandSystem;
  targetIdentity: OnDemandIdentity;
  targetSystem: OnDemandSystem;
}

export interface StringKeyStringValuePair {
  '@odata.context': string;
  key: string;
  value: string;
}

const STEP_TYPES: Readonly<Record<string, string>> = {
  import: 'Import',
  scoping: 'Scoping',
  matching: 'Matching',
  processing: 'Processing',
  referenceResolution: 'ReferenceResolution',
  export: 'Export',
};

const ACTIONS: Readonly<Record<string, string>> = {
  create: 'Create',
  update: 'Update',
  delete: 'Delete',
  disable: 'Disable',
  stagedDelete: 'StagedDelete',
  other: 'Other',
};

/** Steps that happen before anything is exported carry the start time; the others the end time. */
const EARLY_STEPS = new Set(['import', 'scoping', 'matching']);

const capitalize = (value: string): string => (value === '' ? value : value[0].toUpperCase() + value.slice(1));

/** `provisioningResult` (success, skipped…) as the on-demand API spells it. */
export function resultOf(status: string): OnDemandResult {
  switch (status) {
    case 'success':
      return 'Success';
    case 'skipped':
      return 'Skipped';
    case 'warning':
      return 'Warning';
    default:
      return 'Failure';
  }
}

export interface RecordTiming {
  startTime: Date;
  endTime: Date;
}

const identity = (value: ProvisionedIdentity): OnDemandIdentity => ({
  id: value.id === '' ? null : value.id,
  type: value.identityType,
  displayName: value.displayName === '' ? null : value.displayName,
  details: { ...value.details },
});

const system = (value: ProvisioningSystem): OnDemandSystem => ({
  id: value.id === '' ? null : value.id,
  name: value.displayName,
  details: { ...value.details },
});

/**
 * The on-demand record of one processed object, from the log entry written for it. `scopeDetails` replace the
 * scoping step's details (the on-demand labels first, see onDemandScopeDetails).
 */
export function onDemandRecord(
  summary: ProvisioningObjectSummary,
  timing: RecordTiming,
  reportableIdentifier: string,
  scopeDetails?: Record<string, string>,
): OnDemandRecord {
  const start = timing.startTime.toISOString();
  const end = timing.endTime.toISOString();
  const info = summary.provisioningStatusInfo;
  const error = info.errorInformation;
  return {
    action: ACTIONS[summary.provisioningAction] ?? capitalize(summary.provisioningAction),
    changeId: summary.changeId,
    startTime: start,
    endTime: end,
    reportableIdentifier,
    modifiedProperties: summary.modifiedProperties.map((p) => ({ displayName: p.displayName, oldValue: p.oldValue, newValue: p.newValue })),
    provisioningSteps: summary.provisioningSteps.map((step) => ({
      name: step.name,
      type: STEP_TYPES[step.provisioningStepType] ?? capitalize(step.provisioningStepType),
      status: resultOf(step.status),
      description: step.description,
      timestamp: EARLY_STEPS.has(step.provisioningStepType) ? start : end,
      details: step.provisioningStepType === 'scoping' && scopeDetails ? { ...scopeDetails } : { ...step.details },
    })),
    statusInfo: {
      status: resultOf(info.status),
      errorCode: error?.errorCode ?? null,
      reason: error?.reason ?? null,
      additionalDetails: error?.additionalDetails ?? null,
      errorCategory: error?.errorCategory ?? null,
      recommendedAction: error?.recommendedAction ?? null,
    },
    sourceIdentity: identity(summary.sourceIdentity),
    sourceSystem: system(summary.sourceSystem),
    targetIdentity: identity(summary.targetIdentity),
    targetSystem: system(summary.targetSystem),
  };
}

/** The `key` of a record: its result, and for anything but a success the code and message. */
export function onDemandKey(record: Pick<OnDemandRecord, 'statusInfo'>): OnDemandKey {
  const { status, errorCode, reason } = record.statusInfo;
  if (status === 'Success') return { result: 'Success', details: {} };
  return { result: status, details: { errorCode, errorMessage: reason } };
}

/**
 * The key of a call that processed several objects (a group and its members): the group's own result, unless one
 * of the objects failed, then that failure.
 */
export function combinedKey(
  primary: Pick<OnDemandRecord, 'statusInfo'>,
  others: readonly Pick<OnDemandRecord, 'statusInfo'>[],
): OnDemandKey {
  if (primary.statusInfo.status !== 'Failure') {
    const failed = others.find((r) => r.statusInfo.status === 'Failure');
    if (failed) return onDemandKey(failed);
  }
  return onDemandKey(primary);
}

export interface ScopeFacts {
  /** Not soft-deleted and accountEnabled not false. */
  active: boolean;
  /** Assigned to the app: directly, or a user through an assigned group (regardless of Sync all). */
  assigned: boolean;
  syncAll: boolean;
  /** One entry per scoping-filter clause, see scopingFilterDetails. */
  filters: Record<string, string>;
}

const bool = (b: boolean): string => (b ? 'True' : 'False');

/**
 * The "Determine if in scope" step as the portal shows it on demand (Active in source system, Assigned to
 * application, Scope sync all, then every scoping filter clause), followed by the log's own scoping details.
 */
export function onDemandScopeDetails(facts: ScopeFacts, logDetails: Record<string, string> = {}): Record<string, string> {
  return {
    'Active in source system': bool(facts.active),
    'Assigned to application': bool(facts.assigned),
    'Scope sync all': bool(facts.syncAll),
    ...facts.filters,
    ...logDetails,
  };
}

/**
 * Each clause of the scoping filter evaluated on its own, labelled "{filter name} {attribute} {operator} {value}"
 * as the portal does, e.g. `{"Engineering only department EQUALS Engineering": "True"}`.
 */
export function scopingFilterDetails(scope: CompiledScopeFilter, source: SourceObject): Record<string, string> {
  const details: Record<string, string> = {};
  for (const group of scope.groups) {
    for (const clause of group.clauses) {
      const label = [group.name, clause.sourceOperandName, clause.operatorName, clause.values.join(', ')]
        .filter((part) => part !== '')
        .join(' ');
      details[label] = bool(evaluateScope({ groups: [{ name: group.name, clauses: [clause] }], clauseCount: 1 }, source).inScope);
    }
  }
  return details;
}

export interface TestConnectionFailure {
  changeId: string;
  objectId: string;
  objectType: 'User' | 'Group';
  errorCode: string;
  reason: string;
  recommendedAction: string | null;
  at: Date;
  /** The app (service principal) name, the log's target system. */
  targetSystemName: string;
}

/**
 * The record of a call stopped by Test connection (the only time that step is shown, reference §8.3): nothing was
 * imported, so there is one step and no target identity.
 */
export function testConnectionFailureRecord(failure: TestConnectionFailure): OnDemandRecord {
  const at = failure.at.toISOString();
  return {
    action: 'Other',
    changeId: failure.changeId,
    startTime: at,
    endTime: at,
    reportableIdentifier: failure.objectId,
    modifiedProperties: [],
    provisioningSteps: [
      {
        name: 'EntryTestConnection',
        type: 'TestConnection',
        status: 'Failure',
        description: `The provisioning service could not connect to ${failure.targetSystemName}: ${failure.reason}`,
        timestamp: at,
        details: { ErrorCode: failure.errorCode },
      },
    ],
    statusInfo: {
      status: 'Failure',
      errorCode: failure.errorCode,
      reason: failure.reason,
      additionalDetails: null,
      errorCategory: 'nonServiceFailure',
      recommendedAction: failure.recommendedAction,
    },
    sourceIdentity: { id: failure.objectId, type: failure.objectType, displayName: null, details: {} },
    sourceSystem: { id: null, name: SOURCE_SYSTEM_DISPLAY_NAME, details: {} },
    targetIdentity: { id: null, type: SCIM_TARGET_IDENTITY_TYPE[failure.objectType], displayName: null, details: {} },
    targetSystem: { id: null, name: failure.targetSystemName, details: {} },
  };
}

/** The 200 body: key and value serialised as JSON strings. */
export function stringKeyStringValuePair(context: string, key: OnDemandKey, value: OnDemandRecord): StringKeyStringValuePair {
  return { '@odata.context': context, key: JSON.stringify(key), value: JSON.stringify(value) };
}
