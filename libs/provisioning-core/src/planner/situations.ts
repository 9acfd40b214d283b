/** Every situation the planner distinguishes and, in ONE table, what it does about it. */
import type { ActionKind, ProvisioningAction, ProvisioningResult } from './types';

export type SituationName =
  | 'HardDeletedUnlinked'
  | 'HardDeletedLinked'
  | 'HardDeletedDeleteDisabled'
  | 'HardDeletedTargetGone'
  | 'UnmanagedAfterDisable'
  | 'TargetGone'
  | 'TargetNotRead'
  | 'OutOfScopeUnlinked'
  | 'DisabledSourceNeverCreated'
  | 'OutOfScopeLinkedActive'
  | 'OutOfScopeLinkedAlreadyDisabled'
  | 'OutOfScopeDeletionSkipped'
  | 'SourceDisabledLinkedActive'
  | 'SourceDisabledLinkedAlreadyDisabled'
  | 'NoSoftDeleteMapping'
  | 'GroupOutOfScopeLinked'
  | 'GroupOutOfScopeDeleteDisabled'
  | 'InScopeUnlinkedNoMatch'
  | 'CreateNotAllowed'
  | 'InScopeUnlinkedMatched'
  | 'InScopeUnlinkedMatchedUnchanged'
  | 'DuplicateTargetEntries'
  | 'MissingMatchingAttribute'
  | 'InScopeLinkedChanged'
  | 'InScopeLinkedUnchanged'
  | 'InScopeLinkedWasDisabled'
  | 'UpdateNotAllowed'
  | 'MappingFailed';

/** keep | set (link to the matched target, managed) | managed/unmanaged (flip the flag) | remove. */
export type LinkEffect = 'keep' | 'set' | 'managed' | 'unmanaged' | 'remove';

export interface SituationRule {
  action: ActionKind;
  provisioningAction: ProvisioningAction;
  status: ProvisioningResult;
  /** Log errorCode (failures, and ImportSkipped); MappingFailed takes the mapping error's code. */
  errorCode: string | null;
  /** Processing-step `SkipReason` for skipped entries. */
  skipReason: string | null;
  link: LinkEffect;
  reason: string;
}

const rule = (
  action: ActionKind,
  provisioningAction: ProvisioningAction,
  status: ProvisioningResult,
  link: LinkEffect,
  reason: string,
  codes: { errorCode?: string; skipReason?: string } = {},
): SituationRule => ({
  action,
  provisioningAction,
  status,
  link,
  reason,
  errorCode: codes.errorCode ?? null,
  skipReason: codes.skipReason ?? null,
});

export const SITUATIONS: Readonly<Record<SituationName, SituationRule>> = Object.freeze({
  HardDeletedUnlinked: rule('noop', 'other', 'skipped', 'keep', 'The object was deleted in the source and was never provisioned.', {
    skipReason: 'NotProvisioned',
  }),
  HardDeletedLinked: rule(
    'delete',
    'delete',
    'success',
    'remove',
    'The object was permanently deleted in the source; it is deleted in the target.',
  ),
  HardDeletedDeleteDisabled: rule(
    'noop',
    'other',
    'skipped',
    'keep',
    'The object was permanently deleted in the source but the Delete target object action is not enabled.',
    { skipReason: 'DeleteNotEnabled' },
  ),
  HardDeletedTargetGone: rule(
    'unlink',
    'other',
    'skipped',
    'remove',
    'The object was permanently deleted in the source and no longer exists in the target.',
    { skipReason: 'TargetAlreadyDeleted' },
  ),
  UnmanagedAfterDisable: rule(
    'noop',
    'other',
    'skipped',
    'keep',
    'The object left scope and was disabled; the service no longer manages it.',
    { skipReason: 'NotManaged' },
  ),
  TargetGone: rule(
    'unlink',
    'other',
    'failure',
    'remove',
    'The previously created or matched target object no longer exists; the link is dropped so the object is matched again.',
    { errorCode: 'InvalidAnchor' },
  ),
  TargetNotRead: rule('noop', 'other', 'failure', 'keep', 'The target object was not read, so the changes cannot be computed.', {
    errorCode: 'InternalError',
  }),
  OutOfScopeUnlinked: rule(
    'noop',
    'other',
    'skipped',
    'keep',
    'The object is not in scope (not assigned or not passing the scoping filter).',
    { skipReason: 'NotEffectivelyEntitled' },
  ),
  DisabledSourceNeverCreated: rule(
    'noop',
    'other',
    'skipped',
    'keep',
    'The object is disabled or soft-deleted in the source; disabled objects are never created.',
    { skipReason: 'NotActive' },
  ),
  OutOfScopeLinkedActive: rule(
    'disable',
    'disable',
    'success',
    'unmanaged',
    'The object left scope; it is disabled in the target and no longer managed.',
  ),
  OutOfScopeLinkedAlreadyDisabled: rule(
    'skip',
    'other',
    'skipped',
    'unmanaged',
    'The object left scope and is already disabled in the target.',
    { skipReason: 'RedundantExport' },
  ),
  OutOfScopeDeletionSkipped: rule('noop', 'other', 'skipped', 'keep', 'The object left scope but SkipOutOfScopeDeletions is set.', {
    skipReason: 'SkipOutOfScopeDeletions',
  }),
  SourceDisabledLinkedActive: rule(
    'disable',
    'disable',
    'success',
    'keep',
    'The object is disabled or soft-deleted in the source; it is disabled in the target.',
  ),
  SourceDisabledLinkedAlreadyDisabled: rule(
    'skip',
    'other',
    'skipped',
    'keep',
    'The object is disabled in the source and already disabled in the target.',
    { skipReason: 'RedundantExport' },
  ),
  NoSoftDeleteMapping: rule(
    'noop',
    'other',
    'skipped',
    'keep',
    'The object should be disabled but no attribute mapping reads IsSoftDeleted.',
    { skipReason: 'NoSoftDeleteMapping' },
  ),
  GroupOutOfScopeLinked: rule(
    'delete',
    'delete',
    'success',
    'remove',
    'The group left scope or was deleted; groups have no active flag, so it is deleted in the target.',
  ),
  GroupOutOfScopeDeleteDisabled: rule(
    'noop',
    'other',
    'skipped',
    'keep',
    'The group left scope but the Delete target object action is not enabled.',
    { skipReason: 'DeleteNotEnabled' },
  ),
  InScopeUnlinkedNoMatch: rule('create', 'create', 'success', 'set', 'No matching object was found in the target; it is created.'),
  CreateNotAllowed: rule(
    'noop',
    'other',
    'skipped',
    'keep',
    'No matching object was found but the Create target object action is not enabled.',
    { skipReason: 'CreateNotEnabled' },
  ),
  InScopeUnlinkedMatched: rule('update', 'update', 'success', 'set', 'A matching target object was found; it is linked and updated.'),
  InScopeUnlinkedMatchedUnchanged: rule(
    'skip',
    'other',
    'skipped',
    'set',
    'A matching target object was found and already matches the source.',
    { skipReason: 'RedundantExport' },
  ),
  DuplicateTargetEntries: rule('noop', 'other', 'failure', 'keep', 'More than one target object matched.', {
    errorCode: 'DuplicateTargetEntries',
  }),
  MissingMatchingAttribute: rule('noop', 'other', 'skipped', 'keep', 'The source object has no value for any matching attribute.', {
    errorCode: 'ImportSkipped',
    skipReason: 'ImportSkipped',
  }),
  InScopeLinkedChanged: rule(
    'update',
    'update',
    'success',
    'managed',
    'Source values differ from the target; the differences are exported.',
  ),
  InScopeLinkedUnchanged: rule('skip', 'other', 'skipped', 'managed', 'The source and target already match.', {
    skipReason: 'RedundantExport',
  }),
  InScopeLinkedWasDisabled: rule(
    'enable',
    'update',
    'success',
    'managed',
    'The object is back in scope and active; it is re-enabled in the target.',
  ),
  UpdateNotAllowed: rule('noop', 'other', 'skipped', 'set', 'Source values differ but the Update target object action is not enabled.', {
    skipReason: 'UpdateNotEnabled',
  }),
  MappingFailed: rule('noop', 'other', 'failure', 'keep', 'The attribute mappings could not be evaluated for this object.'),
});

export const SITUATION_NAMES: readonly SituationName[] = Object.freeze(Object.keys(SITUATIONS) as SituationName[]);
