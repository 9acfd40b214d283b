import { ODataError } from './errors';
import { graphTypeName } from './property-map';

/**
 * `$select=displayName,ID` → canonical names from `allowed` (case-insensitive), first-seen order,
 * duplicates dropped. `undefined`, blank or `*` mean "no projection" (undefined).
 * resourceName (e.g. 'User') names the type in the error: "... on type 'microsoft.graph.user'."
 */
export function parseSelect(text: string | undefined, allowed: readonly string[], resourceName = 'Entity'): string[] | undefined {
  if (text === undefined || text.trim() === '' || text.trim() === '*') return undefined;
  const byLower = new Map(allowed.map((name) => [name.toLowerCase(), name] as const));
  const result: string[] = [];
  for (const raw of text.split(',')) {
    const name = raw.trim();
    if (name === '') throw new ODataError('BadRequest', `Invalid $select clause: '${text}' contains an empty item.`);
    const canonical = byLower.get(name.toLowerCase());
    if (canonical === undefined) {
      throw new ODataError('Request_BadRequest', `Could not find a property named '${name}' on type '${graphTypeName(resourceName)}'.`);
    }
    if (!result.includes(canonical)) result.push(canonical);
  }
  return result;
}

/**
 * Projects an object to the $select list, in the selection's order. 'id' is always kept (first,
 * unless selected elsewhere). Selected properties the object lacks come back as null, as Graph does.
 */
export function applySelect<T extends Record<string, unknown>>(object: T, select: string[] | undefined): Partial<T> {
  if (select === undefined) return { ...object };
  const keys = select.includes('id') ? select : ['id', ...select];
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    if (key === 'id' && !Object.prototype.hasOwnProperty.call(object, 'id')) continue;
    const value = Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
    result[key] = value === undefined ? null : value;
  }
  return result as Partial<T>;
}
