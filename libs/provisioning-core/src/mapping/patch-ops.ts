/** Turning attribute changes into PatchOp operations in either wire shape (reference §4.4, §4.10). */
import { PATCH_OP_URN } from './scim-urns';
import { isSimplePath, type TargetPath } from './target-path';
import { toDefaultWire } from './values';
import type { JsonObject, JsonValue, PatchBody, PatchOpName, PatchOperation, PatchShape } from './types';

export type ChangeKind = 'add' | 'replace' | 'remove';

export interface AttributeChange {
  path: TargetPath;
  /** Target-typed value (real booleans). */
  value: JsonValue;
  /** add: the target has no value yet; replace: it has one. */
  kind: 'add' | 'replace';
  /** Sent as is in both shapes, never merged (the roles operation, mapping/roles.ts). */
  operation?: PatchOperation;
}

/** Capitalised in the default shape, lower-case with the flag. */
export function opName(kind: ChangeKind, shape: PatchShape): PatchOpName {
  if (shape === 'aadOptscim062020') return kind;
  return kind === 'add' ? 'Add' : kind === 'replace' ? 'Replace' : 'Remove';
}

export function patchBody(operations: PatchOperation[]): PatchBody {
  return { schemas: [PATCH_OP_URN], Operations: operations };
}

/**
 * default: one operation per attribute, with path, booleans as "True"/"False".
 * aadOptscim062020: lower-case ops, real booleans; when two or more unfiltered attributes are replaced they are
 * merged into ONE path-less `replace` whose value object is keyed by the attribute paths (dotted/URN), placed
 * where the first of them was; adds and filtered paths keep their own operation with a path.
 */
export function buildOperations(changes: readonly AttributeChange[], shape: PatchShape): PatchOperation[] {
  if (shape === 'default') {
    return changes.map((c) => c.operation ?? { op: opName(c.kind, shape), path: c.path.raw, value: toDefaultWire(c.value) });
  }
  const merged = changes.filter((c) => c.operation === undefined && c.kind === 'replace' && isSimplePath(c.path));
  const operations: PatchOperation[] = [];
  let mergedPlaced = false;
  for (const change of changes) {
    if (merged.length >= 2 && merged.includes(change)) {
      if (mergedPlaced) continue;
      const value: JsonObject = {};
      for (const m of merged) value[m.path.raw] = m.value;
      operations.push({ op: 'replace', value });
      mergedPlaced = true;
      continue;
    }
    if (change.operation !== undefined) {
      operations.push(change.operation);
      continue;
    }
    operations.push({ op: change.kind, path: change.path.raw, value: change.value });
  }
  return operations;
}
