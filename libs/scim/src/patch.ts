import { SCIM_SCHEMAS, ScimError } from './errors';
import { checkImmutable, checkRequiredKept, dropEmptyExtensions, schemasFor } from './integrity';
import { clone, deepEqual, getOwn, isObject } from './json';
import { PatchOperation, Patcher } from './patch-apply';
import { ResourceSchema, ScimResource } from './schema';

/** More operations than this in one PATCH request → 400 invalidValue. */
export const MAX_PATCH_OPERATIONS = 1000;

export interface PatchResult {
  resource: ScimResource;
  /** false when the result deep-equals the input (the app should not bump the version) */
  changed: boolean;
}

/**
 * Applies an RFC 7644 §3.5.2 PatchOp body, accepting every shape Entra sends (capitalised ops,
 * "True"/"False" booleans, path-less replace with dotted and URN keys, filtered paths that create
 * the element, member removal by value, manager as a bare id). Never mutates `resource`.
 */
export function applyPatch(resource: ScimResource, body: unknown, schema: ResourceSchema): PatchResult {
  const operations = readOperations(body);
  const work = clone(resource);
  const patcher = new Patcher(work, schema);
  for (const operation of operations) patcher.apply(operation);
  dropEmptyExtensions(work, schema);
  if (Object.prototype.hasOwnProperty.call(resource, 'schemas')) work.schemas = schemasFor(work, schema);
  checkImmutable(resource, work, schema);
  checkRequiredKept(resource, work, schema);
  return { resource: work, changed: !deepEqual(resource, work) };
}

function syntax(detail: string): ScimError {
  return new ScimError(400, 'invalidSyntax', detail);
}

/** Case-insensitive own-key lookup ('Operations' / 'operations', 'op' / 'Op'). */
function member(obj: Record<string, unknown>, name: string): unknown {
  const lower = name.toLowerCase();
  const key = Object.keys(obj).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : getOwn(obj, key);
}

function readOperations(body: unknown): PatchOperation[] {
  if (!isObject(body)) throw syntax('PATCH body must be a JSON object');
  const schemas = member(body, 'schemas');
  if (schemas !== undefined) {
    const urn = SCIM_SCHEMAS.patchOp.toLowerCase();
    if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === urn)) {
      throw syntax(`PATCH 'schemas' must contain ${SCIM_SCHEMAS.patchOp}`);
    }
  }
  const operations = member(body, 'Operations');
  if (operations === undefined) throw syntax("PATCH body has no 'Operations'");
  if (!Array.isArray(operations)) throw syntax("PATCH 'Operations' must be an array");
  if (operations.length > MAX_PATCH_OPERATIONS) {
    throw new ScimError(
      400,
      'invalidValue',
      `Too many PATCH operations: ${operations.length}; at most ${MAX_PATCH_OPERATIONS} are allowed per request`,
    );
  }
  return operations.map(readOperation);
}

function readOperation(raw: unknown, index: number): PatchOperation {
  const where = `Operations[${index}]`;
  if (!isObject(raw)) throw syntax(`${where} must be an object`);
  const op = member(raw, 'op');
  const name = typeof op === 'string' ? op.toLowerCase() : undefined;
  if (name !== 'add' && name !== 'replace' && name !== 'remove') {
    throw syntax(`${where}.op must be "add", "replace" or "remove", got ${JSON.stringify(op ?? null)}`);
  }
  const path = member(raw, 'path');
  if (path !== undefined && path !== null && typeof path !== 'string')
    throw new ScimError(400, 'invalidPath', `${where}.path must be a string`);
  const value = member(raw, 'value');
  if (name !== 'remove' && value === undefined) throw syntax(`${where} (${name}) has no 'value'`);
  return { op: name, path: typeof path === 'string' && path.trim() !== '' ? path : undefined, value, index };
}
