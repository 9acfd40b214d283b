/** Public data types of the mapping layer (plain JSON values, no classes). */
import type { EvaluationContext } from '../expressions';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A SCIM resource as JSON (a POST body, or the target's current resource). */
export type ScimResource = { [key: string]: unknown };

/** `default`: Entra's historic shape; `aadOptscim062020`: the compliance flag on the Tenant URL (reference §4.10). */
export type PatchShape = 'default' | 'aadOptscim062020';

export type PatchOpName = 'Add' | 'Replace' | 'Remove' | 'add' | 'replace' | 'remove';

export interface PatchOperation {
  op: PatchOpName;
  path?: string;
  value?: JsonValue;
}

export interface PatchBody {
  schemas: string[];
  Operations: PatchOperation[];
}

/** Graph's `modifiedProperty`. */
export interface ModifiedProperty {
  displayName: string;
  oldValue: string | null;
  newValue: string | null;
}

/**
 * A reference attribute (type Reference: `manager`, group `members`) that is not part of the object's own
 * POST/PATCH: it is exported in a separate reference pass once the referenced objects exist in the target.
 */
export interface PendingReference {
  targetAttributeName: string;
  /** Source object ids (Entra objectIds) the source value points to; empty = the reference is unset. */
  sourceIds: string[];
}

/** Everything an expression needs except the source object. */
export type MappingContext = Omit<EvaluationContext, 'source'>;
