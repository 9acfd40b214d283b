/**
 * Attribute mapping: source object → SCIM POST body / minimal PATCH, plus the fixed PATCH builders.
 * See docs/provisioning-core/mapping-and-planner.md.
 */
export type {
  JsonObject,
  JsonValue,
  MappingContext,
  ModifiedProperty,
  PatchBody,
  PatchOperation,
  PatchOpName,
  PatchShape,
  PendingReference,
  ScimResource,
} from './types';
export { MappingError, MandatoryFieldsMissing, type MappingErrorCode } from './errors';
export { computeIsSoftDeleted, type SoftDeleteInputs } from './soft-deleted';
export {
  compileObjectMapping,
  parseFlowTypes,
  resourceKindOf,
  type CompiledAttributeMapping,
  type CompiledObjectMapping,
  type ResourceKind,
} from './compile';
export { parseTargetPath, type ElementFilterClause, type TargetPath } from './target-path';
export { readAtPath } from './resource-access';
export { displayValue, isEmptyValue, sameTargetValue, toTargetValue } from './values';
export { mapForCreate, mapReferences, type CreateMapping } from './create';
export { mapForUpdate, type UpdateMapping, type UpdateOptions } from './update';
export { buildOperations, opName, patchBody, type AttributeChange, type ChangeKind } from './patch-ops';
export {
  activePatch,
  currentManagerId,
  getMembers,
  DEFAULT_MEMBER_BATCH_SIZE,
  disablePatch,
  enablePatch,
  groupRenamePatch,
  MANAGER_PATH,
  managerPatch,
  memberAddPatches,
  memberRemovePatches,
} from './patch-builders';
export {
  AD_SCIM_GROUP_URN,
  CORE_GROUP_URN,
  CORE_USER_URN,
  ENTERPRISE_USER_URN,
  GROUP_TARGET_OBJECT,
  PATCH_OP_URN,
  USER_TARGET_OBJECT,
} from './scim-urns';
