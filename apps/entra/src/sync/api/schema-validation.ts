/**
 * Checks a synchronizationSchema as PUT by an admin (`PUT …/jobs/{jobId}/schema`, full replace) and returns it
 * normalised. Every problem is reported with the path of the bad part, e.g.
 * `synchronizationRules[0].objectMappings[0] ('Provision Microsoft Entra ID Users').attributeMappings[2] ('displayName').source: …`.
 *
 * Checked: the Graph shapes (unknown properties rejected, `@odata.*` annotations allowed), rule directory names,
 * source/target object names, target attributes of every mapping, the source attributes expressions read,
 * expression trees and texts (functions, arity, syntax; parsed by @app/provisioning-core), scoping filters
 * (operators, operand counts, regexes, attributes; validateScopeFilter), at least one matching attribute per
 * enabled object mapping.
 */
import {
  type AttributeDefinition,
  type AttributeMapping,
  type AttributeMappingSource,
  type DirectoryDefinition,
  type ObjectDefinition,
  type ObjectMapping,
  parseExpression,
  printExpression,
  type ScopeFilter,
  type SynchronizationRule,
  type SynchronizationSchema,
  validateScopeFilter,
} from '@app/provisioning-core';
import { InputError } from '../../http/input-error';

export class SchemaValidationError extends InputError {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(path ? `Invalid synchronization schema: ${path}: ${problem}` : `Invalid synchronization schema: ${problem}`);
    this.name = 'SchemaValidationError';
  }
}

/** Size limits: far above any real schema, low enough to keep validation cheap. */
export const SCHEMA_LIMITS = {
  directories: 10,
  objectsPerDirectory: 50,
  attributesPerObject: 1000,
  rules: 10,
  objectMappingsPerRule: 20,
  attributeMappingsPerObjectMapping: 500,
  expressionDepth: 200,
  nameLength: 1024,
} as const;

const ATTRIBUTE_TYPES = ['String', 'Integer', 'Reference', 'Binary', 'Boolean', 'DateTime'];
const MUTABILITIES = ['ReadWrite', 'ReadOnly', 'Immutable', 'WriteOnly'];
const FLOW_TYPES = ['Always', 'ObjectAddOnly', 'MultiValueAddOnly', 'ValueAddOnly', 'AttributeAddOnly'];
const FLOW_BEHAVIORS = ['FlowWhenChanged', 'FlowAlways'];
const SOURCE_TYPES = ['Attribute', 'Constant', 'Function'];
const OBJECT_FLOW_TYPES = ['add', 'update', 'delete'];

/** Graph v1.0 property names of each type. */
const KEYS = {
  schema: ['id', 'version', 'directories', 'synchronizationRules'],
  directory: ['id', 'name', 'discoverabilities', 'discoveryDateTime', 'objects', 'readOnly', 'version'],
  object: ['name', 'attributes', 'metadata', 'supportedApis'],
  attribute: [
    'name',
    'type',
    'anchor',
    'apiExpressions',
    'caseExact',
    'defaultValue',
    'flowNullValues',
    'metadata',
    'multivalued',
    'mutability',
    'referencedObjects',
    'required',
  ],
  rule: [
    'id',
    'name',
    'editable',
    'priority',
    'sourceDirectoryName',
    'targetDirectoryName',
    'containerFilter',
    'groupFilter',
    'metadata',
    'objectMappings',
  ],
  objectMapping: [
    'name',
    'enabled',
    'flowDirection',
    'flowTypes',
    'sourceObjectName',
    'targetObjectName',
    'scope',
    'attributeMappings',
    'metadata',
  ],
  attributeMapping: [
    'targetAttributeName',
    'source',
    'defaultValue',
    'exportMissingReferences',
    'flowBehavior',
    'flowType',
    'matchingPriority',
  ],
  source: ['type', 'name', 'expression', 'parameters'],
  parameter: ['key', 'value'],
  scope: ['groups', 'inputFilterGroups', 'categoryFilterGroups'],
} as const;

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function label(name: unknown): string {
  return typeof name === 'string' ? ` ('${name.slice(0, 80)}')` : '';
}

class Checker {
  fail(path: string, problem: string): never {
    throw new SchemaValidationError(path, problem);
  }

  record(value: unknown, path: string, allowed: readonly string[], type: string): Json {
    if (!isRecord(value)) this.fail(path, `must be a ${type} object`);
    for (const key of Object.keys(value)) {
      if (key.startsWith('@odata.') || key.includes('@odata.')) continue;
      if (!allowed.includes(key)) this.fail(path, `property '${key.slice(0, 64)}' does not exist on type 'microsoft.graph.${type}'`);
    }
    return value;
  }

  array(value: unknown, path: string, max: number): unknown[] {
    if (!Array.isArray(value)) this.fail(path, 'must be an array');
    if (value.length > max) this.fail(path, `has ${value.length} entries; at most ${max} are accepted`);
    return value;
  }

  string(value: unknown, path: string, options: { optional?: boolean; nonEmpty?: boolean } = {}): string | undefined {
    if (value === undefined || value === null) {
      if (options.optional) return undefined;
      this.fail(path, 'is required');
    }
    if (typeof value !== 'string') this.fail(path, 'must be a string');
    if (options.nonEmpty && value.trim() === '') this.fail(path, 'must not be empty');
    if (value.length > SCHEMA_LIMITS.nameLength && !path.endsWith('.expression') && !path.endsWith('.name')) {
      this.fail(path, `is longer than ${SCHEMA_LIMITS.nameLength} characters`);
    }
    return value;
  }

  boolean(value: unknown, path: string, fallback: boolean): boolean {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') this.fail(path, 'must be true or false');
    return value;
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[], fallback?: T): T {
    if ((value === undefined || value === null) && fallback !== undefined) return fallback;
    if (typeof value !== 'string' || !allowed.includes(value as T)) this.fail(path, `must be one of ${allowed.join(', ')}`);
    return value as T;
  }

  keyValues(value: unknown, path: string): { key: string; value: string }[] | undefined {
    if (value === undefined || value === null) return undefined;
    const list = this.array(value, path, 100);
    return list.map((entry, i) => {
      const pair = this.record(entry, `${path}[${i}]`, ['key', 'value'], 'metadataEntry');
      return {
        key: this.string(pair.key, `${path}[${i}].key`) ?? '',
        value: this.string(pair.value, `${path}[${i}].value`, { optional: true }) ?? '',
      };
    });
  }
}

/** Explicitly typed so that `check.fail(…)` narrows like any never-returning call. */
const check: Checker = new Checker();

function directoryDefinition(raw: unknown, path: string): DirectoryDefinition {
  const d = check.record(raw, path, KEYS.directory, 'directoryDefinition');
  const name = check.string(d.name, `${path}.name`, { nonEmpty: true }) as string;
  const at = `${path}${label(name)}`;
  const objects = check
    .array(d.objects ?? [], `${at}.objects`, SCHEMA_LIMITS.objectsPerDirectory)
    .map((o, i) => objectDefinition(o, `${at}.objects[${i}]`));
  const seen = new Set<string>();
  for (const o of objects) {
    if (seen.has(o.name.toLowerCase())) check.fail(`${at}.objects`, `object '${o.name}' is defined twice`);
    seen.add(o.name.toLowerCase());
  }
  const out: DirectoryDefinition = { id: check.string(d.id, `${at}.id`, { optional: true }) ?? '', name, objects };
  if (d.discoverabilities !== undefined)
    out.discoverabilities = check.string(d.discoverabilities, `${at}.discoverabilities`, { optional: true });
  if (d.discoveryDateTime !== undefined)
    out.discoveryDateTime = check.string(d.discoveryDateTime, `${at}.discoveryDateTime`, { optional: true }) ?? null;
  if (d.readOnly !== undefined) out.readOnly = check.boolean(d.readOnly, `${at}.readOnly`, false);
  if (d.version !== undefined) out.version = check.string(d.version, `${at}.version`, { optional: true }) ?? null;
  return out;
}

function objectDefinition(raw: unknown, path: string): ObjectDefinition {
  const o = check.record(raw, path, KEYS.object, 'objectDefinition');
  const name = check.string(o.name, `${path}.name`, { nonEmpty: true }) as string;
  const at = `${path}${label(name)}`;
  const attributes = check
    .array(o.attributes ?? [], `${at}.attributes`, SCHEMA_LIMITS.attributesPerObject)
    .map((a, i) => attributeDefinition(a, `${at}.attributes[${i}]`));
  const out: ObjectDefinition = { name, attributes };
  if (o.supportedApis !== undefined && o.supportedApis !== null) {
    out.supportedApis = check
      .array(o.supportedApis, `${at}.supportedApis`, 100)
      .map((s, i) => check.string(s, `${at}.supportedApis[${i}]`) as string);
  }
  const metadata = check.keyValues(o.metadata, `${at}.metadata`);
  if (metadata) out.metadata = metadata;
  return out;
}

function attributeDefinition(raw: unknown, path: string): AttributeDefinition {
  const a = check.record(raw, path, KEYS.attribute, 'attributeDefinition');
  const name = check.string(a.name, `${path}.name`, { nonEmpty: true }) as string;
  const at = `${path}${label(name)}`;
  const out: AttributeDefinition = {
    name,
    type: check.oneOf(a.type, `${at}.type`, ATTRIBUTE_TYPES, 'String') as AttributeDefinition['type'],
    anchor: check.boolean(a.anchor, `${at}.anchor`, false),
    caseExact: check.boolean(a.caseExact, `${at}.caseExact`, false),
    defaultValue: check.string(a.defaultValue, `${at}.defaultValue`, { optional: true }) ?? null,
    flowNullValues: check.boolean(a.flowNullValues, `${at}.flowNullValues`, false),
    multivalued: check.boolean(a.multivalued, `${at}.multivalued`, false),
    mutability: check.oneOf(a.mutability, `${at}.mutability`, MUTABILITIES, 'ReadWrite') as AttributeDefinition['mutability'],
    required: check.boolean(a.required, `${at}.required`, false),
    referencedObjects: [],
    metadata: check.keyValues(a.metadata, `${at}.metadata`) ?? [],
  };
  if (a.referencedObjects !== undefined && a.referencedObjects !== null) {
    out.referencedObjects = check.array(a.referencedObjects, `${at}.referencedObjects`, 20).map((r, i) => {
      const ref = check.record(r, `${at}.referencedObjects[${i}]`, ['referencedObjectName', 'referencedProperty'], 'referencedObject');
      return {
        referencedObjectName: check.string(ref.referencedObjectName, `${at}.referencedObjects[${i}].referencedObjectName`, {
          nonEmpty: true,
        }) as string,
        referencedProperty:
          check.string(ref.referencedProperty, `${at}.referencedObjects[${i}].referencedProperty`, { optional: true }) ?? null,
      };
    });
  }
  return out;
}

/** Shape of an attributeMappingSource tree (depth-limited); returns a copy. */
function sourceShape(raw: unknown, path: string, depth: number): AttributeMappingSource {
  if (depth > SCHEMA_LIMITS.expressionDepth) check.fail(path, `expression nested deeper than ${SCHEMA_LIMITS.expressionDepth} levels`);
  const s = check.record(raw, path, KEYS.source, 'attributeMappingSource');
  const type = check.oneOf(s.type, `${path}.type`, SOURCE_TYPES) as AttributeMappingSource['type'];
  const name = check.string(s.name, `${path}.name`, { optional: true }) ?? null;
  const expression = check.string(s.expression, `${path}.expression`, { optional: true }) ?? null;
  const out: AttributeMappingSource = { type, name, expression };
  const rawParams = s.parameters ?? [];
  const params = check.array(rawParams, `${path}.parameters`, 1000);
  out.parameters = params.map((p, i) => {
    const pair = check.record(p, `${path}.parameters[${i}]`, KEYS.parameter, 'stringKeyAttributeMappingSourceValuePair');
    const key = check.string(pair.key, `${path}.parameters[${i}].key`, { optional: true }) ?? '';
    const value =
      pair.value === null || pair.value === undefined ? null : sourceShape(pair.value, `${path}.parameters[${i}].value`, depth + 1);
    return { key, value };
  });
  if (type !== 'Function' && out.parameters.length > 0) check.fail(`${path}.parameters`, `a ${type} has no parameters`);
  return out;
}

function attributeNames(source: AttributeMappingSource | null, into: Set<string>): Set<string> {
  if (!source) return into;
  if (source.type === 'Attribute' && source.name) into.add(source.name);
  for (const p of source.parameters ?? []) attributeNames(p.value, into);
  return into;
}

/**
 * A mapping source: the tree is authoritative; a Function root with an `expression` but no `name` is parsed from
 * its text (a shortcut for callers that only have the text). The tree must print to text that parses back
 * (known functions, right arity); a root `expression` text must parse too.
 */
function mappingSource(raw: unknown, path: string, sourceAttributes: ReadonlyMap<string, AttributeDefinition>): AttributeMappingSource {
  let source = sourceShape(raw, path, 0);
  try {
    if (source.type === 'Function' && !source.name && typeof source.expression === 'string') {
      source = parseExpression(source.expression);
    } else {
      if (source.type === 'Attribute' && !source.name) check.fail(`${path}.name`, 'an Attribute source needs the attribute name');
      if (source.type === 'Function' && !source.name)
        check.fail(`${path}.name`, 'a Function source needs the function name (or an expression text)');
      parseExpression(printExpression(source));
      if (typeof source.expression === 'string' && source.expression.trim() !== '' && source.type === 'Function')
        parseExpression(source.expression);
    }
  } catch (error) {
    if (error instanceof SchemaValidationError) throw error;
    check.fail(path, error instanceof Error ? error.message : 'invalid expression');
  }
  for (const name of attributeNames(source, new Set())) {
    if (!sourceAttributes.has(name.toLowerCase())) {
      check.fail(
        path,
        `source attribute '${name.slice(0, 128)}' is not defined on the source object (add it to the source directory's object definition)`,
      );
    }
  }
  return source;
}

function attributeMapping(
  raw: unknown,
  path: string,
  targetAttributes: ReadonlyMap<string, AttributeDefinition>,
  sourceAttributes: ReadonlyMap<string, AttributeDefinition>,
  targetObjectName: string,
): AttributeMapping {
  const m = check.record(raw, path, KEYS.attributeMapping, 'attributeMapping');
  const targetAttributeName = check.string(m.targetAttributeName, `${path}.targetAttributeName`, { nonEmpty: true }) as string;
  const at = `${path}${label(targetAttributeName)}`;
  if (!targetAttributes.has(targetAttributeName.toLowerCase())) {
    check.fail(
      `${at}.targetAttributeName`,
      `target attribute '${targetAttributeName.slice(0, 128)}' is not defined on target object '${targetObjectName}'`,
    );
  }
  const matchingPriority = m.matchingPriority ?? 0;
  if (typeof matchingPriority !== 'number' || !Number.isInteger(matchingPriority) || matchingPriority < 0 || matchingPriority > 1000) {
    check.fail(`${at}.matchingPriority`, 'must be an integer from 0 to 1000');
  }
  const out: AttributeMapping = {
    targetAttributeName,
    source: m.source === null || m.source === undefined ? null : mappingSource(m.source, `${at}.source`, sourceAttributes),
    defaultValue: check.string(m.defaultValue, `${at}.defaultValue`, { optional: true }) ?? null,
    exportMissingReferences: check.boolean(m.exportMissingReferences, `${at}.exportMissingReferences`, false),
    flowBehavior: check.oneOf(m.flowBehavior, `${at}.flowBehavior`, FLOW_BEHAVIORS, 'FlowWhenChanged') as AttributeMapping['flowBehavior'],
    flowType: check.oneOf(m.flowType, `${at}.flowType`, FLOW_TYPES, 'Always') as AttributeMapping['flowType'],
    matchingPriority,
  };
  if (out.source === null && out.defaultValue === null) check.fail(at, 'a mapping needs a source or a defaultValue');
  return out;
}

function scopeFilter(raw: unknown, path: string, sourceDefinitions: readonly AttributeDefinition[]): ScopeFilter | null {
  if (raw === null || raw === undefined) return null;
  const s = check.record(raw, path, KEYS.scope, 'filter');
  const issues = validateScopeFilter(s as unknown as ScopeFilter, sourceDefinitions);
  if (issues.length > 0) {
    const first = issues[0];
    const where = first.clauseIndex === null ? `group '${first.groupName}'` : `group '${first.groupName}' clause ${first.clauseIndex}`;
    check.fail(path, `${where}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more problems)` : ''}`);
  }
  return s as unknown as ScopeFilter;
}

function indexByName(definitions: readonly AttributeDefinition[]): Map<string, AttributeDefinition> {
  return new Map(definitions.map((d) => [d.name.toLowerCase(), d]));
}

function findObject(directory: DirectoryDefinition, name: string): ObjectDefinition | undefined {
  return directory.objects.find((o) => o.name.toLowerCase() === name.toLowerCase());
}

function objectMapping(raw: unknown, path: string, source: DirectoryDefinition, target: DirectoryDefinition): ObjectMapping {
  const m = check.record(raw, path, KEYS.objectMapping, 'objectMapping');
  const name = check.string(m.name, `${path}.name`, { nonEmpty: true }) as string;
  const at = `${path}${label(name)}`;
  const sourceObjectName = check.string(m.sourceObjectName, `${at}.sourceObjectName`, { nonEmpty: true }) as string;
  const targetObjectName = check.string(m.targetObjectName, `${at}.targetObjectName`, { nonEmpty: true }) as string;
  const sourceObject = findObject(source, sourceObjectName);
  if (!sourceObject) check.fail(`${at}.sourceObjectName`, `object '${sourceObjectName}' is not defined in directory '${source.name}'`);
  const targetObject = findObject(target, targetObjectName);
  if (!targetObject) check.fail(`${at}.targetObjectName`, `object '${targetObjectName}' is not defined in directory '${target.name}'`);
  const flowTypes = check.string(m.flowTypes ?? 'Add, Update, Delete', `${at}.flowTypes`) as string;
  const parts = flowTypes
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p !== '');
  const badFlow = parts.find((p) => !OBJECT_FLOW_TYPES.includes(p));
  if (badFlow !== undefined) check.fail(`${at}.flowTypes`, `'${badFlow.slice(0, 32)}' is not one of Add, Update, Delete`);
  const targetAttributes = indexByName(targetObject.attributes);
  const sourceAttributes = indexByName(sourceObject.attributes);
  const attributeMappings = check
    .array(m.attributeMappings ?? [], `${at}.attributeMappings`, SCHEMA_LIMITS.attributeMappingsPerObjectMapping)
    .map((a, i) => attributeMapping(a, `${at}.attributeMappings[${i}]`, targetAttributes, sourceAttributes, targetObject.name));
  const seen = new Set<string>();
  for (const a of attributeMappings) {
    const key = a.targetAttributeName.toLowerCase();
    if (seen.has(key)) check.fail(`${at}.attributeMappings`, `target attribute '${a.targetAttributeName}' is mapped twice`);
    seen.add(key);
  }
  const enabled = check.boolean(m.enabled, `${at}.enabled`, true);
  if (enabled && !attributeMappings.some((a) => a.matchingPriority > 0)) {
    check.fail(`${at}.attributeMappings`, 'an enabled object mapping needs at least one matching attribute (matchingPriority ≥ 1)');
  }
  const out: ObjectMapping = {
    name,
    enabled,
    flowDirection: check.oneOf(m.flowDirection, `${at}.flowDirection`, ['Inbound', 'Outbound'] as const, 'Outbound'),
    flowTypes,
    sourceObjectName,
    targetObjectName,
    scope: scopeFilter(m.scope, `${at}.scope`, sourceObject.attributes),
    attributeMappings,
    metadata: check.keyValues(m.metadata, `${at}.metadata`) ?? [],
  };
  return out;
}

function rule(raw: unknown, path: string, directories: readonly DirectoryDefinition[]): SynchronizationRule {
  const r = check.record(raw, path, KEYS.rule, 'synchronizationRule');
  const id = check.string(r.id, `${path}.id`, { nonEmpty: true }) as string;
  const name = check.string(r.name, `${path}.name`, { optional: true }) ?? '';
  const at = `${path}${label(name || id)}`;
  const sourceDirectoryName = check.string(r.sourceDirectoryName, `${at}.sourceDirectoryName`, { nonEmpty: true }) as string;
  const targetDirectoryName = check.string(r.targetDirectoryName, `${at}.targetDirectoryName`, { nonEmpty: true }) as string;
  const source = directories.find((d) => d.name === sourceDirectoryName);
  if (!source) check.fail(`${at}.sourceDirectoryName`, `no directory named '${sourceDirectoryName.slice(0, 128)}' in directories`);
  const target = directories.find((d) => d.name === targetDirectoryName);
  if (!target) check.fail(`${at}.targetDirectoryName`, `no directory named '${targetDirectoryName.slice(0, 128)}' in directories`);
  if (r.priority !== undefined && r.priority !== null && (typeof r.priority !== 'number' || !Number.isInteger(r.priority))) {
    check.fail(`${at}.priority`, 'must be an integer');
  }
  const objectMappings = check
    .array(r.objectMappings ?? [], `${at}.objectMappings`, SCHEMA_LIMITS.objectMappingsPerRule)
    .map((m, i) => objectMapping(m, `${at}.objectMappings[${i}]`, source, target));
  const out: SynchronizationRule = {
    id,
    name,
    sourceDirectoryName,
    targetDirectoryName,
    editable: check.boolean(r.editable, `${at}.editable`, true),
    containerFilter: (r.containerFilter as SynchronizationRule['containerFilter']) ?? null,
    groupFilter: (r.groupFilter as SynchronizationRule['groupFilter']) ?? null,
    metadata: check.keyValues(r.metadata, `${at}.metadata`) ?? [],
    objectMappings,
  };
  if (r.containerFilter !== undefined && r.containerFilter !== null)
    check.record(r.containerFilter, `${at}.containerFilter`, ['includedContainers'], 'containerFilter');
  if (r.groupFilter !== undefined && r.groupFilter !== null)
    check.record(r.groupFilter, `${at}.groupFilter`, ['includedGroups'], 'groupFilter');
  return out;
}

/**
 * Validates and normalises a PUT schema body. `fallbackDirectories` (the template's) are used when the body has
 * no `directories` (an admin editing only the rules). Throws SchemaValidationError.
 */
export function validateSynchronizationSchema(input: unknown, fallbackDirectories: readonly DirectoryDefinition[]): SynchronizationSchema {
  const s = check.record(input, '', KEYS.schema, 'synchronizationSchema');
  const directories =
    s.directories === undefined || s.directories === null
      ? fallbackDirectories.map((d) => JSON.parse(JSON.stringify(d)) as DirectoryDefinition)
      : check.array(s.directories, 'directories', SCHEMA_LIMITS.directories).map((d, i) => directoryDefinition(d, `directories[${i}]`));
  const names = new Set<string>();
  for (const d of directories) {
    if (names.has(d.name)) check.fail('directories', `directory '${d.name}' is defined twice`);
    names.add(d.name);
  }
  const rules = check.array(s.synchronizationRules, 'synchronizationRules', SCHEMA_LIMITS.rules);
  if (rules.length === 0) check.fail('synchronizationRules', 'at least one synchronization rule is required');
  const synchronizationRules = rules.map((r, i) => rule(r, `synchronizationRules[${i}]`, directories));
  const ids = new Set<string>();
  for (const r of synchronizationRules) {
    if (ids.has(r.id)) check.fail('synchronizationRules', `rule id '${r.id}' is used twice`);
    ids.add(r.id);
  }
  const out: SynchronizationSchema = { directories, synchronizationRules };
  const id = check.string(s.id, 'id', { optional: true });
  const version = check.string(s.version, 'version', { optional: true });
  if (id !== undefined) out.id = id;
  if (version !== undefined) out.version = version;
  return out;
}
