/** The minimal PATCH from the current target resource to the mapped source values (reference §4.4, §9.5–9.6). */
import type { AttributeDefinition, ObjectMapping, SourceObject } from '../schema/model';
import { compileObjectMapping, type CompiledAttributeMapping } from './compile';
import { evaluateAttribute, referenceIds } from './evaluate';
import { buildOperations, patchBody, type AttributeChange } from './patch-ops';
import { readAtPath } from './resource-access';
import { roleFunctionOf, rolesOperation } from './roles';
import { displayValue, isEmptyValue, sameTargetValue } from './values';
import type { JsonValue, MappingContext, ModifiedProperty, PatchBody, PatchShape, PendingReference, ScimResource } from './types';

export interface UpdateOptions {
  shape: PatchShape;
  /**
   * 'all' (default): every non-reference mapping that flows on update. 'softDeleteOnly': only mappings whose
   * expression reads [IsSoftDeleted] — the disable/enable PATCH.
   */
  attributes?: 'all' | 'softDeleteOnly';
}

export interface UpdateMapping {
  /** null = nothing differs (RedundantExport). */
  patch: PatchBody | null;
  modifiedProperties: ModifiedProperty[];
  /** Reference attributes with their current source ids (for the reference pass). */
  pendingReferences: PendingReference[];
}

const REDACTED = '[Redact]';

function multiValueAdditions(desired: JsonValue, current: unknown, attribute: CompiledAttributeMapping): JsonValue[] {
  const wanted = Array.isArray(desired) ? desired : [desired];
  const have = Array.isArray(current) ? current : isEmptyValue(current) ? [] : [current];
  return wanted.filter((w) => !have.some((h) => sameTargetValue(w, h, { ...attribute.def, multivalued: false })));
}

/**
 * `currentTarget` null means "not read": every value is sent as a Replace without change detection.
 * Skipped: ObjectAddOnly mappings; null/empty source values (never sent, never clear the target);
 * IgnoreFlowIfNullOrEmpty; AttributeAddOnly/ValueAddOnly when the target already has a value. Values equal under
 * the target definition (caseExact, booleans as booleans) are not sent unless flowBehavior is FlowAlways.
 * MultiValueAddOnly adds the missing values of a multi-valued attribute and never removes. A `roles` mapping of a
 * role function sends the roles operation of reference §4.4 (mapping/roles.ts).
 */
export function mapForUpdate(
  objectMapping: ObjectMapping,
  targetDefs: readonly AttributeDefinition[],
  source: SourceObject,
  currentTarget: ScimResource | null,
  ctx: MappingContext,
  options: UpdateOptions,
): UpdateMapping {
  const compiled = compileObjectMapping(objectMapping, targetDefs);
  const evaluation = { ...ctx, source };
  const changes: AttributeChange[] = [];
  const modifiedProperties: ModifiedProperty[] = [];
  const attributes = options.attributes === 'softDeleteOnly' ? compiled.softDelete : compiled.attributes;
  for (const attribute of attributes) {
    const flowType = attribute.mapping.flowType;
    if (flowType === 'ObjectAddOnly') continue;
    const result = evaluateAttribute(attribute, evaluation);
    if (result.ignoreFlow || isEmptyValue(result.value)) continue;
    const current = currentTarget === null ? undefined : readAtPath(currentTarget, attribute.path);
    const hasValue = currentTarget === null || !isEmptyValue(current);
    if ((flowType === 'AttributeAddOnly' || flowType === 'ValueAddOnly') && hasValue) continue;
    const roleFunction = roleFunctionOf(attribute);
    if (roleFunction !== null) {
      // Roles: Add of the missing roles (JSON strings without the flag) or replace of the collection (Assertive).
      const operation = rolesOperation(attribute, roleFunction, evaluation, currentTarget, options.shape);
      if (operation === null) continue;
      changes.push({
        path: attribute.path,
        value: result.value,
        kind: operation.op.toLowerCase() === 'add' ? 'add' : 'replace',
        operation,
      });
      modifiedProperties.push({ displayName: attribute.path.raw, oldValue: displayValue(current), newValue: displayValue(result.value) });
      continue;
    }
    let value: JsonValue = result.value;
    let kind: AttributeChange['kind'] = hasValue ? 'replace' : 'add';
    if (currentTarget !== null) {
      if (flowType === 'MultiValueAddOnly' && attribute.def.multivalued) {
        const additions = multiValueAdditions(value, current, attribute);
        if (additions.length === 0) continue;
        value = additions;
        kind = 'add';
      } else if (attribute.mapping.flowBehavior !== 'FlowAlways' && sameTargetValue(value, current, attribute.def)) {
        continue;
      }
    }
    changes.push({ path: attribute.path, value, kind });
    modifiedProperties.push({
      displayName: attribute.path.raw,
      oldValue: result.redact ? (isEmptyValue(current) ? null : REDACTED) : displayValue(current),
      newValue: result.redact ? REDACTED : displayValue(result.value),
    });
  }
  const pendingReferences =
    options.attributes === 'softDeleteOnly'
      ? []
      : compiled.references.map((r) => ({ targetAttributeName: r.path.raw, sourceIds: referenceIds(r, evaluation) }));
  return { patch: changes.length === 0 ? null : patchBody(buildOperations(changes, options.shape)), modifiedProperties, pendingReferences };
}
