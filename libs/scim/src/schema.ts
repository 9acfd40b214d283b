import { ScimError } from './errors';

export type AttributeType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex' | 'binary';

export interface AttributeDef {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  required: boolean;
  caseExact: boolean;
  mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned: 'always' | 'never' | 'default' | 'request';
  uniqueness: 'none' | 'server' | 'global';
  description?: string;
  subAttributes?: AttributeDef[];
  canonicalValues?: string[];
  referenceTypes?: string[];
}

export interface SchemaDef {
  id: string;
  name: string;
  description: string;
  attributes: AttributeDef[];
}

export interface ResourceTypeDef {
  id: string;
  name: string;
  /** e.g. '/Users' */
  endpoint: string;
  description: string;
  schema: string;
  schemaExtensions: { schema: string; required: boolean }[];
}

/** A stored resource: canonical attribute names, extension data under the extension URN key. */
export type ScimResource = Record<string, unknown>;

export interface ResolvedAttribute {
  schemaUrn: string;
  def: AttributeDef;
  /** Set when `def` is a sub-attribute of `parent`. */
  parent?: AttributeDef;
  /** e.g. 'userName', 'name.givenName', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber' */
  canonicalPath: string;
}

/**
 * RFC 7643 §3.1 common attributes. They belong to no schema, so they are not listed in the
 * SchemaDefs served by /Schemas, but every resource has them; ResourceSchema resolves them
 * under the core schema URN unless the core schema defines them itself.
 */
export const COMMON_ATTRIBUTES: readonly AttributeDef[] = [
  {
    name: 'id',
    type: 'string',
    multiValued: false,
    required: false,
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
    description: 'Unique identifier for the SCIM resource as defined by the service provider.',
  },
  {
    name: 'externalId',
    type: 'string',
    multiValued: false,
    required: false,
    caseExact: true,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    description: 'Identifier for the resource as defined by the provisioning client.',
  },
  {
    name: 'meta',
    type: 'complex',
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: 'readOnly',
    returned: 'default',
    uniqueness: 'none',
    description: 'Resource metadata.',
    subAttributes: [
      {
        name: 'resourceType',
        type: 'string',
        multiValued: false,
        required: false,
        caseExact: true,
        mutability: 'readOnly',
        returned: 'default',
        uniqueness: 'none',
      },
      {
        name: 'created',
        type: 'dateTime',
        multiValued: false,
        required: false,
        caseExact: false,
        mutability: 'readOnly',
        returned: 'default',
        uniqueness: 'none',
      },
      {
        name: 'lastModified',
        type: 'dateTime',
        multiValued: false,
        required: false,
        caseExact: false,
        mutability: 'readOnly',
        returned: 'default',
        uniqueness: 'none',
      },
      {
        name: 'location',
        type: 'reference',
        referenceTypes: ['uri'],
        multiValued: false,
        required: false,
        caseExact: true,
        mutability: 'readOnly',
        returned: 'default',
        uniqueness: 'none',
      },
      {
        name: 'version',
        type: 'string',
        multiValued: false,
        required: false,
        caseExact: true,
        mutability: 'readOnly',
        returned: 'default',
        uniqueness: 'none',
      },
    ],
  },
];

/** A schema (core or extension) as seen by one resource type, with case-insensitive lookup tables. */
export interface SchemaScope {
  urn: string;
  isCore: boolean;
  /** top-level attributes in definition order */
  attributes: readonly AttributeDef[];
  /** lower-case name → top-level attribute */
  byName: ReadonlyMap<string, AttributeDef>;
}

/** Case-insensitive lookup of a sub-attribute definition. Safe for any key. */
export function findSubAttribute(parent: AttributeDef, name: string): AttributeDef | undefined {
  const lower = name.toLowerCase();
  return parent.subAttributes?.find((s) => s.name.toLowerCase() === lower);
}

/**
 * The schemas of one resource type (core + extensions) with case-insensitive path resolution.
 * All lookups go through Maps, so keys such as '__proto__' or 'constructor' are simply unknown.
 */
export class ResourceSchema {
  readonly core: SchemaDef;
  readonly extensions: SchemaDef[];
  /** core scope first, then extensions in resource-type order */
  readonly scopes: readonly SchemaScope[];
  /**
   * The attributes and sub-attributes that are `returned: "never"` (RFC 7643 §2.4, e.g. `password`), worked out once
   * so that answers can drop them without a full projection.
   */
  readonly neverReturned: readonly ResolvedAttribute[];
  private readonly paths = new Map<string, ResolvedAttribute>();
  private readonly scopeByUrn = new Map<string, SchemaScope>();

  constructor(
    readonly resourceType: ResourceTypeDef,
    schemas: SchemaDef[],
  ) {
    const byId = new Map(schemas.map((s) => [s.id.toLowerCase(), s]));
    const core = byId.get(resourceType.schema.toLowerCase());
    if (!core) throw new ScimError(500, undefined, `Schema ${resourceType.schema} of resource type ${resourceType.id} is not defined`);
    this.core = core;
    this.extensions = resourceType.schemaExtensions.map((ext) => {
      const def = byId.get(ext.schema.toLowerCase());
      if (!def) throw new ScimError(500, undefined, `Schema extension ${ext.schema} of resource type ${resourceType.id} is not defined`);
      return def;
    });

    const coreNames = new Set(core.attributes.map((a) => a.name.toLowerCase()));
    const coreAttributes = [...COMMON_ATTRIBUTES.filter((a) => !coreNames.has(a.name.toLowerCase())), ...core.attributes];
    const scopes: SchemaScope[] = [
      makeScope(core.id, true, coreAttributes),
      ...this.extensions.map((e) => makeScope(e.id, false, e.attributes)),
    ];
    this.scopes = scopes;
    for (const scope of scopes) this.scopeByUrn.set(scope.urn.toLowerCase(), scope);
    const neverReturned: ResolvedAttribute[] = [];

    // Register the URN-qualified form of every attribute, then the short form (core first,
    // extensions only when the short name is not already taken).
    for (const scope of scopes) {
      for (const def of scope.attributes) {
        const canonical = scope.isCore ? def.name : `${scope.urn}:${def.name}`;
        const resolved: ResolvedAttribute = { schemaUrn: scope.urn, def, canonicalPath: canonical };
        this.register(`${scope.urn}:${def.name}`, resolved);
        if (def.returned === 'never') neverReturned.push(resolved);
        for (const sub of def.subAttributes ?? []) {
          const resolvedSub: ResolvedAttribute = { schemaUrn: scope.urn, def: sub, parent: def, canonicalPath: `${canonical}.${sub.name}` };
          this.register(`${scope.urn}:${def.name}.${sub.name}`, resolvedSub);
          // A sub-attribute of a never-returned attribute goes with its parent.
          if (sub.returned === 'never' && def.returned !== 'never') neverReturned.push(resolvedSub);
        }
      }
    }
    this.neverReturned = neverReturned;
    for (const scope of scopes) {
      for (const def of scope.attributes) {
        const canonical = scope.isCore ? def.name : `${scope.urn}:${def.name}`;
        this.registerShort(def.name, { schemaUrn: scope.urn, def, canonicalPath: canonical });
        for (const sub of def.subAttributes ?? []) {
          this.registerShort(`${def.name}.${sub.name}`, {
            schemaUrn: scope.urn,
            def: sub,
            parent: def,
            canonicalPath: `${canonical}.${sub.name}`,
          });
        }
      }
    }
  }

  /**
   * Case-insensitive. Accepts 'userName', 'USERNAME', 'name.givenName', 'emails.value' and the
   * full-URN forms of core and extension attributes. Short names of extension attributes
   * ('employeeNumber', 'manager') resolve too when no core attribute has that name.
   * undefined when unknown.
   */
  resolve(path: string): ResolvedAttribute | undefined {
    return this.paths.get(path.toLowerCase());
  }

  /** The core or extension schema with that URN (case-insensitive), if the resource type has it. */
  scope(urn: string): SchemaScope | undefined {
    return this.scopeByUrn.get(urn.toLowerCase());
  }

  /** The extension schema with that URN (case-insensitive), if the resource type has it. */
  extensionScope(urn: string): SchemaScope | undefined {
    const scope = this.scope(urn);
    return scope && !scope.isCore ? scope : undefined;
  }

  private register(path: string, resolved: ResolvedAttribute): void {
    this.paths.set(path.toLowerCase(), resolved);
  }

  private registerShort(path: string, resolved: ResolvedAttribute): void {
    const key = path.toLowerCase();
    if (!this.paths.has(key)) this.paths.set(key, resolved);
  }
}

function makeScope(urn: string, isCore: boolean, attributes: readonly AttributeDef[]): SchemaScope {
  return { urn, isCore, attributes, byName: new Map(attributes.map((a) => [a.name.toLowerCase(), a])) };
}
