/**
 * The sync planner: (source, link, target, scope, settings) → a named situation → a planned action with log
 * fields and SCIM requests. See docs/provisioning-core/mapping-and-planner.md.
 */
export type {
  ActionKind,
  JobSettings,
  LinkChange,
  LinkState,
  Plan,
  PlanContext,
  PlanItem,
  PlannedAction,
  ProvisioningAction,
  ProvisioningResult,
  ProvisioningStep,
  ProvisioningStepType,
  ScimRequest,
  ScopeResult,
  TargetState,
} from './types';
export { SITUATIONS, SITUATION_NAMES, type LinkEffect, type SituationName, type SituationRule } from './situations';
export { planBatch, planObject } from './plan';
export { planReferences, diffMembers, type MemberChanges, type ReferencePass, type ReferencePassInput } from './references';
export { countDeletions, isDeletion, releaseStagedDeletes, stageDeletes } from './staged-deletes';
