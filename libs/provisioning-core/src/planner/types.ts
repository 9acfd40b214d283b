/** Planner inputs and outputs: plain values, no I/O. */
import type { AttributeDefinition, ObjectMapping, SourceObject } from '../schema/model';
import type { MappingContext, ModifiedProperty, PatchBody, PatchShape, PendingReference, ScimResource } from '../mapping';
import type { SituationName } from './situations';

/** Graph `provisioningAction` (log), see reference §7.1. */
export type ProvisioningAction = 'create' | 'update' | 'delete' | 'disable' | 'stagedDelete' | 'other';
/** Graph `provisioningResult`. */
export type ProvisioningResult = 'success' | 'warning' | 'failure' | 'skipped';
export type ProvisioningStepType = 'import' | 'scoping' | 'matching' | 'processing' | 'referenceResolution' | 'export';

/** What the planner decides to do with one object. */
export type ActionKind = 'create' | 'update' | 'skip' | 'disable' | 'enable' | 'delete' | 'stagedDelete' | 'unlink' | 'noop';

/** Graph `provisioningStep`. */
export interface ProvisioningStep {
  name: string;
  provisioningStepType: ProvisioningStepType;
  status: ProvisioningResult;
  description: string;
  details: Record<string, string>;
}

export interface ScimRequest {
  method: 'POST' | 'PATCH' | 'DELETE';
  /** Relative to the Tenant URL: '/Users', '/Users/{id}', '/Groups/{id}'. */
  path: string;
  body: ScimResource | PatchBody | null;
  /** object: the object itself; reference: manager pass; members: group membership. */
  purpose: 'object' | 'reference' | 'members';
}

/** The connector-data-store link (anchor) of a source object. */
export interface LinkState {
  targetId: string;
  /** false after the out-of-scope disable: the service stops managing the object (reference §2.5, §9.2). */
  managed: boolean;
}

/** What the engine knows about the target object. */
export type TargetState =
  /** Read by anchor (linked) or found by the matching query (unlinked). */
  | { kind: 'found'; resource: ScimResource }
  /** Matching found nothing (unlinked) or the anchor's GET returned 404 (linked). */
  | { kind: 'missing' }
  /** Matching returned more than one object. */
  | { kind: 'duplicate'; count: number }
  /** The source object has no value for any matching attribute. */
  | { kind: 'unmatchable' }
  /** Not read (e.g. hard deletes, disables without a GET). */
  | { kind: 'unknown' };

export interface ScopeResult {
  assigned: boolean;
  inScopeByFilters: boolean;
  /** Extra scoping-step details (e.g. the failed clause) copied into the log. */
  details?: Record<string, string>;
}

export interface JobSettings {
  shape: PatchShape;
  skipOutOfScopeDeletions: boolean;
  /** Defaults to the object mapping's flowTypes containing Delete. */
  deleteTargetEnabled?: boolean;
  memberBatchSize?: number;
}

/** Shared by every item of a batch. */
export interface PlanContext {
  objectMapping: ObjectMapping;
  targetDefs: readonly AttributeDefinition[];
  settings: JobSettings;
  evaluation: MappingContext;
  /**
   * Target id of an in-scope, linked object by its source id (manager, group members); null when the referenced
   * object is out of scope or not provisioned. Group members resolve users only (nested groups are ignored).
   */
  resolveReference?: (sourceId: string) => string | null;
}

export interface PlanItem {
  /** Entra objectId. */
  sourceId: string;
  /** null = hard-deleted (gone from the source). */
  source: SourceObject | null;
  /** In the Entra recycle bin. */
  softDeleted?: boolean;
  scope: ScopeResult;
  link: LinkState | null;
  target: TargetState;
  /** Groups: member target ids the target is known to have (CDS); defaults to the target resource's members. */
  currentMemberTargetIds?: readonly string[];
}

export type LinkChange =
  | { kind: 'keep' }
  | { kind: 'set'; targetId: string; managed: boolean }
  /** create: link to the `id` the POST returns (managed). */
  | { kind: 'setFromResponse' }
  | { kind: 'setManaged'; managed: boolean }
  | { kind: 'remove' };

export interface PlannedAction {
  sourceId: string;
  objectType: 'User' | 'Group';
  reportableIdentifier: string;
  situation: SituationName;
  action: ActionKind;
  provisioningAction: ProvisioningAction;
  status: ProvisioningResult;
  errorCode: string | null;
  reason: string;
  /** Shared frozen values (no per-object identifiers); copy before changing. */
  steps: readonly ProvisioningStep[];
  modifiedProperties: ModifiedProperty[];
  /** In order; empty for skip/noop/unlink/stagedDelete. */
  requests: ScimRequest[];
  link: LinkChange;
  /** The target id the requests address (null for create until the POST answers). */
  targetId: string | null;
  /** create: references to export once the POST returned the new id (see planReferences). */
  pendingReferences: PendingReference[];
  /** stagedDelete: the withheld disable/delete, executed on "Allow deletes" / ForceDeletes. */
  withheld?: PlannedAction;
}

export interface Plan {
  actions: PlannedAction[];
  counts: Record<ActionKind, number>;
}
