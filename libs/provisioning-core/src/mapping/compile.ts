/**
 * Pre-processing of an object mapping against its target attribute definitions: target paths parsed, definitions
 * looked up, reference attributes separated. Cached per (ObjectMapping, definitions) pair so batch work does it once.
 */
import type { AttributeDefinition, AttributeMapping, AttributeMappingSource, ObjectMapping } from '../schema/model';
import { parseTargetPath, type TargetPath } from './target-path';

export type ResourceKind = 'User' | 'Group';

export interface CompiledAttributeMapping {
  readonly mapping: AttributeMapping;
  readonly path: TargetPath;
  /** The target definition, or a permissive String definition when the target schema does not list it. */
  readonly def: AttributeDefinition;
  /** Target type Reference (manager, members): exported in the reference pass, never in the object's own POST/PATCH. */
  readonly isReference: boolean;
  /** The expression reads [IsSoftDeleted]: this is what disables/enables the object (usually `active`). */
  readonly readsIsSoftDeleted: boolean;
}

export interface CompiledObjectMapping {
  readonly objectMapping: ObjectMapping;
  readonly kind: ResourceKind;
  /** '/Users' or '/Groups' */
  readonly endpoint: string;
  /** Non-reference mappings, in mapping order. */
  readonly attributes: readonly CompiledAttributeMapping[];
  readonly references: readonly CompiledAttributeMapping[];
  /** Required, writable target definitions (checked on create) with the indexes of `attributes` that map them. */
  readonly required: readonly { readonly def: AttributeDefinition; readonly mappedAt: readonly number[] }[];
  /** Extension schema URNs that mappings write to (for `schemas`). */
  readonly extensionUrns: readonly string[];
  readonly flows: { readonly add: boolean; readonly update: boolean; readonly delete: boolean };
  /** Mappings whose expression reads IsSoftDeleted; empty = the object can't be disabled. */
  readonly softDelete: readonly CompiledAttributeMapping[];
}

function readsAttribute(source: AttributeMappingSource | null | undefined, name: string): boolean {
  if (!source) return false;
  if (source.type === 'Attribute') return source.name === name;
  return (source.parameters ?? []).some((p) => readsAttribute(p.value, name));
}

function fallbackDefinition(name: string): AttributeDefinition {
  return { name, type: 'String', caseExact: false, multivalued: false, mutability: 'ReadWrite', required: false };
}

/** Parses "Add, Update, Delete". */
export function parseFlowTypes(flowTypes: string): { add: boolean; update: boolean; delete: boolean } {
  const parts = new Set(flowTypes.split(',').map((p) => p.trim().toLowerCase()));
  return { add: parts.has('add'), update: parts.has('update'), delete: parts.has('delete') };
}

export function resourceKindOf(objectMapping: ObjectMapping): ResourceKind {
  const name = objectMapping.targetObjectName.toLowerCase();
  const source = objectMapping.sourceObjectName.toLowerCase();
  return name.endsWith('group') || source === 'group' ? 'Group' : 'User';
}

function compile(objectMapping: ObjectMapping, targetDefs: readonly AttributeDefinition[]): CompiledObjectMapping {
  const defs = new Map<string, AttributeDefinition>();
  for (const def of targetDefs) defs.set(def.name.toLowerCase(), def);
  const all = objectMapping.attributeMappings.map((mapping): CompiledAttributeMapping => {
    const def = defs.get(mapping.targetAttributeName.toLowerCase()) ?? fallbackDefinition(mapping.targetAttributeName);
    return {
      mapping,
      path: parseTargetPath(mapping.targetAttributeName),
      def,
      isReference: def.type === 'Reference',
      readsIsSoftDeleted: readsAttribute(mapping.source, 'IsSoftDeleted'),
    };
  });
  const kind = resourceKindOf(objectMapping);
  const attributes = all.filter((a) => !a.isReference);
  const required = targetDefs
    .filter((d) => d.required && d.mutability !== 'ReadOnly' && d.type !== 'Reference' && d.name.toLowerCase() !== 'id')
    .map((def) => ({
      def,
      mappedAt: attributes.flatMap((a, i) => (a.path.raw.toLowerCase() === def.name.toLowerCase() ? [i] : [])),
    }));
  const extensionUrns = [...new Set(all.flatMap((a) => (a.path.schemaUrn === null ? [] : [a.path.schemaUrn])))];
  return {
    objectMapping,
    kind,
    endpoint: kind === 'Group' ? '/Groups' : '/Users',
    attributes,
    references: all.filter((a) => a.isReference),
    required,
    extensionUrns,
    flows: parseFlowTypes(objectMapping.flowTypes),
    softDelete: all.filter((a) => a.readsIsSoftDeleted && !a.isReference),
  };
}

const cache = new WeakMap<ObjectMapping, { defs: readonly AttributeDefinition[]; compiled: CompiledObjectMapping }>();

/** Compiles (or returns the cached compilation of) an object mapping. Mappings are treated as immutable once used. */
export function compileObjectMapping(objectMapping: ObjectMapping, targetDefs: readonly AttributeDefinition[]): CompiledObjectMapping {
  const hit = cache.get(objectMapping);
  if (hit && hit.defs === targetDefs) return hit.compiled;
  const compiled = compile(objectMapping, targetDefs);
  cache.set(objectMapping, { defs: targetDefs, compiled });
  return compiled;
}
