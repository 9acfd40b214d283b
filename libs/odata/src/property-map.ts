/** Value types a property can have in $filter / $orderby. */
export type PropertyType = 'string' | 'boolean' | 'guid' | 'datetime' | 'int' | 'stringCollection';

/** Property metadata the caller allows in $filter/$orderby/$select: Graph name → SQL expression + type. */
export interface PropertySpec {
  /**
   * Trusted SQL expression for the column (written by the developer, never by the client),
   * e.g. `u.display_name`. For `stringCollection` it must be a `text[]` expression
   * (or `jsonb` array when `collection: 'jsonb'`).
   */
  sql: string;
  type: PropertyType;
  /** Default true. */
  filterable?: boolean;
  /** Default false. */
  sortable?: boolean;
  /** Default true for string and stringCollection: Graph directory string comparisons are case-insensitive. */
  caseInsensitive?: boolean;
  /**
   * Default false. Graph accepts `endswith` only on a few directory properties
   * (mail, otherMails, userPrincipalName, proxyAddresses), so it is opt-in per property.
   */
  endsWith?: boolean;
  /** Storage of a `stringCollection`: a Postgres `text[]` (default) or a `jsonb` array of strings. */
  collection?: 'array' | 'jsonb';
  /**
   * `$search` on a string property: `'tokens'`, Graph's tokenized word-prefix search (displayName, description),
   * or `'prefix'` (default), a case-insensitive startsWith as Graph does on the other properties.
   */
  search?: 'tokens' | 'prefix';
}

export type PropertyMap = Readonly<Record<string, PropertySpec>>;

/** A property resolved case-insensitively to the name the map spells it with. */
export interface ResolvedProperty {
  readonly name: string;
  readonly spec: PropertySpec;
}

/** Graph property names are case-insensitive; the map's spelling is canonical. */
export function resolveProperty(props: PropertyMap, name: string): ResolvedProperty | undefined {
  if (Object.prototype.hasOwnProperty.call(props, name)) return { name, spec: props[name] };
  const lower = name.toLowerCase();
  for (const key of Object.keys(props)) {
    if (key.toLowerCase() === lower) return { name: key, spec: props[key] };
  }
  return undefined;
}

export const isFilterable = (spec: PropertySpec): boolean => spec.filterable !== false;
export const isSortable = (spec: PropertySpec): boolean => spec.sortable === true;
export const isCaseInsensitive = (spec: PropertySpec): boolean =>
  (spec.type === 'string' || spec.type === 'stringCollection') && spec.caseInsensitive !== false;

/** `User` → `microsoft.graph.user`, as Graph names the type in error messages. */
export function graphTypeName(resourceName: string): string {
  if (resourceName.includes('.')) return resourceName;
  return `microsoft.graph.${resourceName.charAt(0).toLowerCase()}${resourceName.slice(1)}`;
}

const EDM: Record<PropertyType, string> = {
  string: 'Edm.String',
  boolean: 'Edm.Boolean',
  guid: 'Edm.Guid',
  datetime: 'Edm.DateTimeOffset',
  int: 'Edm.Int32',
  stringCollection: 'Collection(Edm.String)',
};
export const edmTypeName = (type: PropertyType): string => EDM[type];
