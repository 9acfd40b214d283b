import { ScimError } from './errors';
import { clone, deepEqual, getOwn, isEmpty, isObject, JsonObject, setOwn } from './json';
import { AttributeDef, ResourceSchema, ScimResource, SchemaScope } from './schema';
import { container } from './filter-scope';

/** Rules shared by normalizeResource and applyPatch. Internal. */

/** `[core URN, ...extension URNs that have data]` */
export function schemasFor(resource: ScimResource, schema: ResourceSchema): string[] {
  return [schema.core.id, ...schema.extensions.filter((ext) => !isEmpty(getOwn(resource, ext.id))).map((ext) => ext.id)];
}

/** Drops empty extension objects. */
export function dropEmptyExtensions(resource: ScimResource, schema: ResourceSchema): void {
  for (const ext of schema.extensions) {
    if (Object.prototype.hasOwnProperty.call(resource, ext.id) && isEmpty(resource[ext.id])) delete resource[ext.id];
  }
}

interface Slot {
  label: string;
  isSub: boolean;
  def: AttributeDef;
  read(resource: ScimResource): unknown;
}

/** Top-level attributes, plus sub-attributes of single-valued complex attributes (name.givenName, manager.value). */
function slots(schema: ResourceSchema): Slot[] {
  const out: Slot[] = [];
  for (const scope of schema.scopes) {
    for (const def of scope.attributes) {
      const label = scope.isCore ? def.name : `${scope.urn}:${def.name}`;
      const read = (r: ScimResource): unknown => readAttr(r, schema, scope, def);
      out.push({ label, isSub: false, def, read });
      if (def.type === 'complex' && !def.multiValued) {
        for (const sub of def.subAttributes ?? []) {
          out.push({
            label: `${label}.${sub.name}`,
            isSub: true,
            def: sub,
            read: (r) => {
              const parent = read(r);
              return isObject(parent) ? getOwn(parent, sub.name) : undefined;
            },
          });
        }
      }
    }
  }
  return out;
}

function readAttr(resource: ScimResource, schema: ResourceSchema, scope: SchemaScope, def: AttributeDef): unknown {
  const holder: JsonObject | undefined = container(resource, schema, scope.urn);
  return holder ? getOwn(holder, def.name) : undefined;
}

/**
 * RFC 7644 §3.5.1/§3.5.2: an immutable attribute that already has a value must not change.
 * (Immutable sub-attributes of multi-valued elements, e.g. members.value, are not checked:
 * elements are added and removed as a whole.)
 */
export function checkImmutable(before: ScimResource, after: ScimResource, schema: ResourceSchema): void {
  for (const slot of slots(schema)) {
    if (slot.def.mutability !== 'immutable') continue;
    const old = slot.read(before);
    if (!isEmpty(old) && !deepEqual(old, slot.read(after))) {
      throw new ScimError(400, 'mutability', `Attribute '${slot.label}' is immutable and cannot be modified`);
    }
  }
}

/** Values of immutable attributes of `existing` that `target` lacks are copied over (PUT that omits them). */
export function keepImmutable(target: ScimResource, existing: ScimResource, schema: ResourceSchema): void {
  for (const scope of schema.scopes) {
    for (const def of scope.attributes) {
      if (def.mutability !== 'immutable') continue;
      const old = readAttr(existing, schema, scope, def);
      if (isEmpty(old) || !isEmpty(readAttr(target, schema, scope, def))) continue;
      let holder = container(target, schema, scope.urn);
      if (!holder) {
        holder = {};
        target[scope.urn] = holder;
      }
      setOwn(holder, def.name, clone(old));
    }
  }
}

/** Missing required top-level attributes (userName, Group displayName) → 400 invalidValue. */
export function checkRequired(resource: ScimResource, schema: ResourceSchema): void {
  for (const scope of schema.scopes) {
    if (!scope.isCore && isEmpty(getOwn(resource, scope.urn))) continue;
    for (const def of scope.attributes) {
      if (def.required && def.mutability !== 'readOnly' && isEmpty(readAttr(resource, schema, scope, def))) {
        throw new ScimError(400, 'invalidValue', `Attribute '${def.name}' is required`);
      }
    }
  }
}

/** RFC 7644 §3.5.2.2: a required attribute that had a value must not become unassigned → 400 mutability. */
export function checkRequiredKept(before: ScimResource, after: ScimResource, schema: ResourceSchema): void {
  for (const slot of slots(schema)) {
    if (!slot.def.required || slot.isSub) continue;
    if (!isEmpty(slot.read(before)) && isEmpty(slot.read(after))) {
      throw new ScimError(400, 'mutability', `Required attribute '${slot.label}' cannot be removed`);
    }
  }
}
