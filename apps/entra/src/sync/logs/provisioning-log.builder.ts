/**
 * Builds one Graph `provisioningObjectSummary` from what the engine knows about one processed object: the planned
 * action (provisioning-core), what really happened when it was exported, and the job/cycle context. Pure: no clock,
 * no random ids (the caller passes `id`, `changeId` and the timing).
 */
import type { PlannedAction, ProvisioningResult, ProvisioningStepType } from '@app/provisioning-core';
import { withEscrowRetryMessage } from '@app/provisioning-core';
import type {
  DetailsInfo,
  Initiator,
  ProvisioningErrorCategory,
  ProvisioningErrorInfo,
  ProvisioningObjectSummary,
  ProvisioningStepLog,
  ProvisioningSystem,
} from './provisioning-log.types';

/** Display name of the source system in every entry (reference §8.1: source directory "Azure Active Directory"). */
export const SOURCE_SYSTEM_DISPLAY_NAME = 'Azure Active Directory';

/** Scheduled cycles (reference §7.1: initiatorType `system`, "Azure AD Provisioning Service"). */
export const SYSTEM_INITIATOR: Readonly<Initiator> = Object.freeze({
  id: '',
  displayName: 'Azure AD Provisioning Service',
  initiatorType: 'system',
});

/** Provision on demand by a signed-in admin. */
export function userInitiator(id: string, displayName: string): Initiator {
  return { id, displayName, initiatorType: 'user' };
}

/** Provision on demand by an app (client-credentials token). */
export function applicationInitiator(id: string, displayName: string): Initiator {
  return { id, displayName, initiatorType: 'application' };
}

/** `targetIdentity.identityType` Entra shows for SCIM objects (reference §7.1: the target object's schema URN). */
export const SCIM_TARGET_IDENTITY_TYPE: Readonly<Record<'User' | 'Group', string>> = Object.freeze({
  User: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  Group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
});

/** The planned-action fields a log entry is made of (a whole PlannedAction fits). */
export type LoggedAction = Pick<
  PlannedAction,
  'objectType' | 'reportableIdentifier' | 'provisioningAction' | 'status' | 'errorCode' | 'reason' | 'steps' | 'modifiedProperties'
>;

/** An error as the engine classified it (a SCIM response, a timeout, a service-side problem). */
export interface ProvisioningLogError {
  /** Reference §7.4 code, e.g. `SystemForCrossDomainIdentityManagementBadRequest`, `Timeout`, `EntryConflict`. */
  errorCode: string;
  reason: string;
  /** Default: `failure` for the service's own errors (`InternalError`), `nonServiceFailure` otherwise. */
  errorCategory?: ProvisioningErrorCategory;
  /** Default: provsim's advice for known codes (reference §7.4), else null. */
  recommendedAction?: string | null;
  /** e.g. the target's response body. */
  additionalDetails?: string | null;
}

/** What happened when the planned action ran. Absent = exactly as planned (no request failed). */
export interface ProvisioningOutcome {
  status: ProvisioningResult;
  error?: ProvisioningLogError;
  /**
   * The step that failed (failure/warning). Default: the first `export` step, else the first `referenceResolution`
   * step, else the last step. That step takes the outcome's status; the steps planned after it are dropped (they never ran).
   */
  failedStepType?: ProvisioningStepType;
}

export interface IdentityInput {
  /** Empty string when unknown (e.g. the target id of a create that failed). */
  id: string | null;
  displayName?: string;
  /** Source default: the action's objectType (`User`/`Group`); target default: the SCIM schema URN. */
  identityType?: string;
  details?: DetailsInfo;
}

export interface SystemInput {
  id?: string;
  displayName: string;
  details?: DetailsInfo;
}

/** The escrow the failed operation went into (reference §4.9, §5.1). */
export interface EscrowInfo {
  /** Retries made so far (0 right after the first failure). */
  retryCount: number;
  nextRetryAt: Date | number;
}

export interface ProvisioningLogInput {
  id: string;
  changeId: string;
  cycleId: string;
  jobId: string;
  tenantId: string;
  action: LoggedAction;
  outcome?: ProvisioningOutcome;
  /** `appId` adds ApplicationId/ServicePrincipalId/ServicePrincipalDisplayName to targetSystem.details (reference §7.1). */
  servicePrincipal: { id: string; displayName: string; appId?: string };
  source: IdentityInput;
  target: IdentityInput;
  /** Default: `{ id: '', displayName: 'Azure Active Directory' }`. */
  sourceSystem?: SystemInput;
  /** The app, e.g. the service principal's display name or the target directory name (`customappsso`). */
  targetSystem: SystemInput;
  /** SYSTEM_INITIATOR for cycles; userInitiator/applicationInitiator for provision on demand. */
  initiatedBy: Initiator;
  activityDateTime: Date | string;
  durationInMilliseconds: number;
  /** Failed and escrowed: the retry text goes into errorInformation.reason. */
  escrow?: EscrowInfo;
}

/** provsim's advice per error code, in the spirit of the portal's "Troubleshooting & Recommendations" (reference §7.4). */
export const RECOMMENDED_ACTIONS: Readonly<Record<string, string>> = Object.freeze({
  Conflict: 'A conflicting value exists in the target application. Fix the data in either system or adjust the matching attributes.',
  EntryConflict: 'A conflicting value exists in the target application. Fix the data in either system or adjust the matching attributes.',
  TooManyRequests: 'The target application throttled the request. No action is needed: the operation is retried.',
  InternalServerError: 'The target application failed. No action is needed: the operation is retried in the next cycle.',
  Timeout: 'The target application did not answer in time. No action is needed: the operation is retried in the next cycle.',
  WebExceptionProtocolError: 'An HTTP protocol error occurred. No action is needed: the operation is retried in the next cycle.',
  InternalError: 'An error occurred in the provisioning service. No action is needed: the operation is retried in the next cycle.',
  Unauthorized:
    'The credentials are valid but not authorized for this operation. Check the permissions of the token in the target application.',
  InsufficientRights:
    'The credentials are valid but not authorized for this operation. Check the permissions of the token in the target application.',
  InvalidAnchor:
    'The object previously created or matched no longer exists in the target application. Restart provisioning to match it again.',
  DuplicateTargetEntries:
    'More than one object in the target application matched. Make the matching attribute unique in the target application.',
  DuplicateSourceEntries: 'More than one source object has the same matching value. Make the matching attribute unique in the source.',
  MandatoryFieldsMissing: 'Required values are missing. Populate the source attributes or add default values to the attribute mappings.',
  SchemaAttributeNotFound:
    'A mapping targets an attribute the application does not have. Remove the mapping or fix the target attribute name.',
  SchemaPropertyCanOnlyAcceptValue: 'A multi-valued source attribute is mapped to a single-valued target attribute. Adjust the mapping.',
  SystemForCrossDomainIdentityManagementBadRequest:
    'The target application rejected the request. Check the attribute values and the mappings.',
  SystemForCrossDomainIdentityManagementServiceIncompatible:
    'The response of the target application could not be read. Check that the application is SCIM compliant.',
});

const EXPORT_VERBS: Readonly<Record<string, [string, string]>> = {
  EntryExportAdd: ['create', 'created'],
  EntryExportUpdate: ['update', 'updated'],
  EntryExportDelete: ['delete', 'deleted'],
};

const INT32_MAX = 2_147_483_647;

function isoInstant(value: Date | string, what: string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new TypeError(`${what} is not a valid date: ${String(value)}`);
  return date.toISOString();
}

function duration(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) throw new TypeError(`durationInMilliseconds must be a non-negative number, got ${ms}`);
  return Math.min(INT32_MAX, Math.round(ms));
}

const copySteps = (steps: LoggedAction['steps']): ProvisioningStepLog[] => steps.map((s) => ({ ...s, details: { ...s.details } }));

/** Index of the step that failed, or -1 when there are no steps. */
function failedStepIndex(steps: readonly ProvisioningStepLog[], type: ProvisioningStepType | undefined): number {
  const preferred: ProvisioningStepType[] = type ? [type] : ['export', 'referenceResolution'];
  for (const t of preferred) {
    const i = steps.findIndex((s) => s.provisioningStepType === t);
    if (i >= 0) return i;
  }
  return steps.length - 1;
}

function skipReason(steps: readonly ProvisioningStepLog[]): string | null {
  for (let i = steps.length - 1; i >= 0; i--) {
    const reason = steps[i].details.SkipReason;
    if (reason) return reason;
  }
  return null;
}

function errorInformation(
  input: ProvisioningLogInput,
  status: ProvisioningResult,
  steps: readonly ProvisioningStepLog[],
): ProvisioningErrorInfo | null {
  const { action, outcome, escrow } = input;
  if (status === 'success') return null;
  if (status === 'skipped' && !outcome?.error) {
    // Skips are not errors: the code says why (RedundantExport, NotEffectivelyEntitled, ImportSkipped, …).
    return {
      errorCode: action.errorCode ?? skipReason(steps),
      reason: action.reason,
      additionalDetails: null,
      errorCategory: null,
      recommendedAction: null,
    };
  }
  const error = outcome?.error;
  const errorCode = error?.errorCode ?? action.errorCode ?? (status === 'failure' ? 'InternalError' : null);
  let reason = error?.reason ?? action.reason;
  if (escrow && status === 'failure') reason = withEscrowRetryMessage(reason, escrow.retryCount, escrow.nextRetryAt);
  return {
    errorCode,
    reason,
    additionalDetails: error?.additionalDetails ?? null,
    errorCategory: error?.errorCategory ?? (errorCode === 'InternalError' ? 'failure' : 'nonServiceFailure'),
    recommendedAction:
      error?.recommendedAction !== undefined ? error.recommendedAction : errorCode ? (RECOMMENDED_ACTIONS[errorCode] ?? null) : null,
  };
}

function buildSteps(input: ProvisioningLogInput, status: ProvisioningResult, targetName: string): ProvisioningStepLog[] {
  const { action, outcome } = input;
  let steps = copySteps(action.steps);
  const failed = outcome !== undefined && (status === 'failure' || status === 'warning') && action.status !== status;
  if (failed && steps.length > 0) {
    const at = failedStepIndex(steps, outcome.failedStepType);
    steps = steps.slice(0, at + 1);
    const step = steps[at];
    step.status = status;
    if (outcome.error) step.details.ErrorCode = outcome.error.errorCode;
  }
  for (const step of steps) {
    const verbs = EXPORT_VERBS[step.name];
    if (!verbs) continue;
    step.details.ReportableIdentifier ??= action.reportableIdentifier;
    const what = `${action.objectType} '${action.reportableIdentifier}'`;
    if (step.status === 'failure') step.description = `Failed to ${verbs[0]} ${what} in ${targetName}`;
    else if (step.status === 'success') step.description = `${what} was ${verbs[1]} in ${targetName}`;
  }
  return steps;
}

function system(input: SystemInput, extra: DetailsInfo = {}): ProvisioningSystem {
  return { id: input.id ?? '', displayName: input.displayName, details: { ...extra, ...input.details } };
}

/** One Graph provisioningObjectSummary; throws TypeError on an invalid date or duration. */
export function buildProvisioningObjectSummary(input: ProvisioningLogInput): ProvisioningObjectSummary {
  const { action, servicePrincipal: sp } = input;
  const status = input.outcome?.status ?? action.status;
  const targetSystem = system(
    input.targetSystem,
    sp.appId ? { ApplicationId: sp.appId, ServicePrincipalId: sp.id, ServicePrincipalDisplayName: sp.displayName } : {},
  );
  const steps = buildSteps(input, status, targetSystem.displayName);
  return {
    id: input.id,
    activityDateTime: isoInstant(input.activityDateTime, 'activityDateTime'),
    tenantId: input.tenantId,
    jobId: input.jobId,
    cycleId: input.cycleId,
    changeId: input.changeId,
    provisioningAction: action.provisioningAction,
    durationInMilliseconds: duration(input.durationInMilliseconds),
    provisioningStatusInfo: { status, errorInformation: errorInformation(input, status, steps) },
    provisioningSteps: steps,
    modifiedProperties: action.modifiedProperties.map((p) => ({ displayName: p.displayName, oldValue: p.oldValue, newValue: p.newValue })),
    servicePrincipal: { id: sp.id, displayName: sp.displayName },
    sourceSystem: system(input.sourceSystem ?? { displayName: SOURCE_SYSTEM_DISPLAY_NAME }),
    targetSystem,
    initiatedBy: { id: input.initiatedBy.id, displayName: input.initiatedBy.displayName, initiatorType: input.initiatedBy.initiatorType },
    sourceIdentity: {
      id: input.source.id ?? '',
      displayName: input.source.displayName ?? '',
      identityType: input.source.identityType ?? action.objectType,
      details: { ...input.source.details },
    },
    targetIdentity: {
      id: input.target.id ?? '',
      displayName: input.target.displayName ?? '',
      identityType: input.target.identityType ?? SCIM_TARGET_IDENTITY_TYPE[action.objectType],
      details: { ...input.target.details },
    },
  };
}
