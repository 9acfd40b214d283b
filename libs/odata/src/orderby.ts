import { ODataError } from './errors';
import { PropertyMap, graphTypeName, isSortable, resolveProperty } from './property-map';

export interface OrderBy {
  property: string;
  direction: 'asc' | 'desc';
}

/** Graph directory collections sort by at most this many properties. */
export const MAX_ORDERBY_TERMS = 2;

/**
 * `$orderby=displayName desc,userPrincipalName` → canonical property names with directions.
 * Property names and `asc`/`desc` are case-insensitive; only `sortable` properties are accepted.
 */
export function parseOrderBy(text: string | undefined, props: PropertyMap, resourceName: string): OrderBy[] {
  if (text === undefined || text.trim() === '') return [];
  const terms = text.split(',');
  if (terms.length > MAX_ORDERBY_TERMS) {
    throw new ODataError('Request_UnsupportedQuery', `Sorting by more than ${MAX_ORDERBY_TERMS} properties is not supported.`);
  }
  const result: OrderBy[] = [];
  for (const term of terms) {
    const parts = term.trim().split(/\s+/);
    const [name, direction = 'asc'] = parts;
    const dir = direction.toLowerCase();
    if (name === '' || parts.length > 2 || (dir !== 'asc' && dir !== 'desc')) {
      throw new ODataError('BadRequest', `Invalid $orderby clause: '${term.trim()}'. Expected '<property> [asc|desc]'.`);
    }
    const found = resolveProperty(props, name);
    if (!found) {
      throw new ODataError('Request_BadRequest', `Could not find a property named '${name}' on type '${graphTypeName(resourceName)}'.`);
    }
    if (!isSortable(found.spec)) {
      throw new ODataError(
        'Request_UnsupportedQuery',
        `Unsupported or invalid query orderby clause specified for property '${found.name}' of resource '${resourceName}'.`,
      );
    }
    if (result.some((o) => o.property === found.name)) {
      throw new ODataError('BadRequest', `Duplicate property named '${found.name}' is not supported in '$orderby'.`);
    }
    result.push({ property: found.name, direction: dir });
  }
  return result;
}
