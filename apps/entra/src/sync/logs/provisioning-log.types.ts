/**
 * Graph v1.0 `provisioningObjectSummary` and its complex types, exactly as `GET /auditLogs/provisioning` returns them
 * (reference §7.1). One entry per object the provisioning service processed in a cycle or on demand.
 */
import type { ProvisioningAction, ProvisioningResult, ProvisioningStepType } from '@app/provisioning-core';

/** Graph `detailsInfo`: an open bag of string values. */
export type DetailsInfo = Record<string, string>;

/** Graph `initiatorType`. */
export type InitiatorType = 'user' | 'application' | 'system' | 'unknownFutureValue';

/** Graph `initiator`. */
export interface Initiator {
  id: string;
  displayName: string;
  initiatorType: InitiatorType;
}

/** Graph `modifiedProperty`. */
export interface ModifiedPropertyLog {
  displayName: string;
  oldValue: string | null;
  newValue: string | null;
}

/** Graph `provisioningErrorCategory`. */
export type ProvisioningErrorCategory = 'failure' | 'nonServiceFailure' | 'success' | 'unknownFutureValue';

/** Graph `provisioningErrorInfo` (`provisioningStatusInfo.errorInformation`). */
export interface ProvisioningErrorInfo {
  errorCode: string | null;
  reason: string | null;
  additionalDetails: string | null;
  errorCategory: ProvisioningErrorCategory | null;
  recommendedAction: string | null;
}

/** Graph `provisioningResult` (`unknownFutureValue` is never written by provsim). */
export type ProvisioningResultValue = ProvisioningResult | 'unknownFutureValue';

/** Graph `provisioningStatusInfo`. */
export interface ProvisioningStatusInfo {
  status: ProvisioningResultValue;
  /** null on success. */
  errorInformation: ProvisioningErrorInfo | null;
}

/** Graph `provisioningStep`. */
export interface ProvisioningStepLog {
  name: string;
  provisioningStepType: ProvisioningStepType | 'unknownFutureValue';
  status: ProvisioningResultValue;
  description: string;
  details: DetailsInfo;
}

/** Graph `provisioningServicePrincipal`. */
export interface ProvisioningServicePrincipal {
  id: string;
  displayName: string;
}

/** Graph `provisionedIdentity`. */
export interface ProvisionedIdentity {
  id: string;
  displayName: string;
  identityType: string;
  details: DetailsInfo;
}

/** Graph `provisioningSystem`. */
export interface ProvisioningSystem {
  id: string;
  displayName: string;
  details: DetailsInfo;
}

/** Graph `provisioningObjectSummary` (v1.0). Property order is the one provsim serves. */
export interface ProvisioningObjectSummary {
  id: string;
  /** ISO 8601 UTC with milliseconds, e.g. `2024-05-04T03:00:54.123Z`. */
  activityDateTime: string;
  tenantId: string;
  jobId: string;
  cycleId: string;
  changeId: string;
  provisioningAction: ProvisioningAction | 'unknownFutureValue';
  durationInMilliseconds: number;
  provisioningStatusInfo: ProvisioningStatusInfo;
  provisioningSteps: ProvisioningStepLog[];
  modifiedProperties: ModifiedPropertyLog[];
  servicePrincipal: ProvisioningServicePrincipal;
  sourceSystem: ProvisioningSystem;
  targetSystem: ProvisioningSystem;
  initiatedBy: Initiator;
  sourceIdentity: ProvisionedIdentity;
  targetIdentity: ProvisionedIdentity;
}

/** The properties of a provisioningObjectSummary in the order provsim writes them (also the `$select` list). */
export const PROVISIONING_OBJECT_SUMMARY_PROPERTIES = [
  'id',
  'activityDateTime',
  'tenantId',
  'jobId',
  'cycleId',
  'changeId',
  'provisioningAction',
  'durationInMilliseconds',
  'provisioningStatusInfo',
  'provisioningSteps',
  'modifiedProperties',
  'servicePrincipal',
  'sourceSystem',
  'targetSystem',
  'initiatedBy',
  'sourceIdentity',
  'targetIdentity',
] as const satisfies readonly (keyof ProvisioningObjectSummary)[];

/** Compile-time check: the list above names every property of the type. */
type MissingProperty = Exclude<keyof ProvisioningObjectSummary, (typeof PROVISIONING_OBJECT_SUMMARY_PROPERTIES)[number]>;
export const EVERY_PROPERTY_LISTED: [MissingProperty] extends [never] ? true : never = true;

type Json = Record<string, unknown>;
const pick = (value: unknown, keys: readonly string[]): unknown => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value ?? null;
  const source = value as Json;
  const out: Json = {};
  for (const key of keys) out[key] = source[key] ?? null;
  return out;
};
const pickAll = (value: unknown, keys: readonly string[]): unknown =>
  Array.isArray(value) ? value.map((v) => pick(v, keys)) : (value ?? []);

/** Graph's property order inside each complex property (jsonb stores keys in its own order). */
const NESTED: Readonly<Record<string, (value: unknown) => unknown>> = {
  provisioningStatusInfo: (v) => {
    const info = pick(v, ['status', 'errorInformation']) as Json | null;
    if (info)
      info.errorInformation =
        info.errorInformation === null
          ? null
          : pick(info.errorInformation, ['errorCode', 'reason', 'additionalDetails', 'errorCategory', 'recommendedAction']);
    return info;
  },
  provisioningSteps: (v) => pickAll(v, ['name', 'provisioningStepType', 'status', 'description', 'details']),
  modifiedProperties: (v) => pickAll(v, ['displayName', 'oldValue', 'newValue']),
  servicePrincipal: (v) => pick(v, ['id', 'displayName']),
  sourceSystem: (v) => pick(v, ['id', 'displayName', 'details']),
  targetSystem: (v) => pick(v, ['id', 'displayName', 'details']),
  initiatedBy: (v) => pick(v, ['id', 'displayName', 'initiatorType']),
  sourceIdentity: (v) => pick(v, ['id', 'displayName', 'identityType', 'details']),
  targetIdentity: (v) => pick(v, ['id', 'displayName', 'identityType', 'details']),
};

/**
 * A stored summary as Graph serialises it: properties (and those of its complex values) in Graph's order, since
 * jsonb keeps its own key order; optionally projected to `$select` (id always kept).
 */
export function toGraphSummary(stored: ProvisioningObjectSummary, select?: readonly string[]): Record<string, unknown> {
  const source = stored as unknown as Json;
  const out: Json = {};
  const keys = select ? (select.includes('id') ? select : ['id', ...select]) : PROVISIONING_OBJECT_SUMMARY_PROPERTIES;
  for (const key of keys) out[key] = NESTED[key] ? NESTED[key](source[key]) : (source[key] ?? null);
  return out;
}
