/** The POST body for a new target object (reference §4.3, §4.7). */
import type { AttributeDefinition, ObjectMapping, SourceObject } from '../schema/model';
import { compileObjectMapping, type CompiledObjectMapping } from './compile';
import { MandatoryFieldsMissing } from './errors';
import { evaluateAttribute, referenceIds } from './evaluate';
import { writeAtPath } from './resource-access';
import { AD_SCIM_GROUP_URN, CORE_GROUP_URN, CORE_USER_URN } from './scim-urns';
import { displayValue, isEmptyValue, toTargetValue } from './values';
import type { JsonValue, MappingContext, ModifiedProperty, PendingReference, ScimResource } from './types';

export interface CreateMapping {
  /** The POST body: `schemas`, mapped attributes (nulls omitted), `meta.resourceType`. */
  resource: ScimResource;
  /** Reference attributes (manager, members) to export after the object exists in the target. */
  pendingReferences: PendingReference[];
  /** What the create log entry shows (oldValue always null; Redact() values masked). */
  modifiedProperties: ModifiedProperty[];
}

const REDACTED = '[Redact]';

function schemasFor(compiled: CompiledObjectMapping, resource: ScimResource): string[] {
  if (compiled.kind === 'Group') return [CORE_GROUP_URN, AD_SCIM_GROUP_URN];
  const schemas = [CORE_USER_URN];
  for (const urn of compiled.extensionUrns) if (Object.prototype.hasOwnProperty.call(resource, urn)) schemas.push(urn);
  return schemas;
}

/**
 * Maps a source object to the SCIM resource to POST. Every flow type applies on create; `defaultValue` fills a
 * null source value; IgnoreFlowIfNullOrEmpty drops the attribute (no default); nulls are omitted; Boolean targets
 * get real booleans. Throws MandatoryFieldsMissing when a required target attribute ends up without a value, and
 * MappingError for expression failures or multi-valued values for single-valued targets.
 */
export function mapForCreate(
  objectMapping: ObjectMapping,
  targetDefs: readonly AttributeDefinition[],
  source: SourceObject,
  ctx: MappingContext,
): CreateMapping {
  const compiled = compileObjectMapping(objectMapping, targetDefs);
  const evaluation = { ...ctx, source };
  const body: ScimResource = {};
  const modifiedProperties: ModifiedProperty[] = [];
  const present: boolean[] = new Array<boolean>(compiled.attributes.length).fill(false);
  for (let i = 0; i < compiled.attributes.length; i++) {
    const attribute = compiled.attributes[i];
    const result = evaluateAttribute(attribute, evaluation);
    if (result.ignoreFlow) continue;
    let value: JsonValue = result.value;
    const fallback = attribute.mapping.defaultValue;
    if (isEmptyValue(value) && fallback !== null && fallback !== undefined && fallback !== '')
      value = toTargetValue(fallback, attribute.def);
    if (isEmptyValue(value)) continue;
    writeAtPath(body, attribute.path, value);
    present[i] = true;
    modifiedProperties.push({ displayName: attribute.path.raw, oldValue: null, newValue: result.redact ? REDACTED : displayValue(value) });
  }
  const missing = compiled.required.filter((r) => !r.mappedAt.some((i) => present[i])).map((r) => r.def.name);
  if (missing.length > 0) throw new MandatoryFieldsMissing(missing);
  const pendingReferences = referencesOf(compiled, evaluation);
  const resource: ScimResource = { schemas: schemasFor(compiled, body), ...body, meta: { resourceType: compiled.kind } };
  return { resource, pendingReferences, modifiedProperties };
}

function referencesOf(compiled: CompiledObjectMapping, evaluation: MappingContext & { source: SourceObject }): PendingReference[] {
  return compiled.references.map((r) => ({ targetAttributeName: r.path.raw, sourceIds: referenceIds(r, evaluation) }));
}

/** The source ids each reference attribute (manager, members) of the mapping names for `source`. */
export function mapReferences(
  objectMapping: ObjectMapping,
  targetDefs: readonly AttributeDefinition[],
  source: SourceObject,
  ctx: MappingContext,
): PendingReference[] {
  return referencesOf(compileObjectMapping(objectMapping, targetDefs), { ...ctx, source });
}
