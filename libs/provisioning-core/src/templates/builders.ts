/**
 * Small builders for Graph-shaped template data: attribute definitions, attribute mappings and
 * `attributeMappingSource` trees (the same trees `parseExpression` produces).
 */
import type {
  AttributeDefinition,
  AttributeMapping,
  AttributeMappingSource,
  AttributeType,
  StringKeyAttributeMappingSourceValuePair,
} from '../schema/model';

export interface DefinitionOptions {
  type?: AttributeType;
  required?: boolean;
  caseExact?: boolean;
  multivalued?: boolean;
  anchor?: boolean;
  referencedObjects?: string[];
}

export function definition(name: string, options: DefinitionOptions = {}): AttributeDefinition {
  const def: AttributeDefinition = {
    name,
    type: options.type ?? 'String',
    anchor: options.anchor ?? false,
    caseExact: options.caseExact ?? false,
    defaultValue: null,
    flowNullValues: false,
    multivalued: options.multivalued ?? false,
    mutability: 'ReadWrite',
    required: options.required ?? false,
    referencedObjects: (options.referencedObjects ?? []).map((referencedObjectName) => ({
      referencedObjectName,
      referencedProperty: null,
    })),
    metadata: [],
  };
  return def;
}

/** `[name]` */
export function attribute(name: string): AttributeMappingSource {
  return { type: 'Attribute', name, expression: `[${name}]`, parameters: [] };
}

/** `"text"` — Graph keeps the quoted literal in `expression`. */
export function constant(text: string): AttributeMappingSource {
  return { type: 'Constant', name: text, expression: JSON.stringify(text), parameters: [] };
}

/** `Name(args…)`; `null` = an omitted optional argument. */
export function call(
  name: string,
  expression: string,
  args: [key: string, value: AttributeMappingSource | null][],
): AttributeMappingSource {
  const parameters: StringKeyAttributeMappingSourceValuePair[] = args.map(([key, value]) => ({ key, value }));
  return { type: 'Function', name, expression, parameters };
}

export const SOFT_DELETE_SWITCH_EXPRESSION = 'Switch([IsSoftDeleted], , "False", "True", "True", "False")';

/** `Switch([IsSoftDeleted], , "False", "True", "True", "False")` — the default `active` mapping. */
export function softDeleteSwitch(): AttributeMappingSource {
  return call('Switch', SOFT_DELETE_SWITCH_EXPRESSION, [
    ['source', attribute('IsSoftDeleted')],
    ['defaultValue', null],
    ['key', constant('False')],
    ['value', constant('True')],
    ['key', constant('True')],
    ['value', constant('False')],
  ]);
}

/** `Join("sep", [a], [b], …)` */
export function join(separator: string, ...attributes: string[]): AttributeMappingSource {
  const text = `Join(${JSON.stringify(separator)}, ${attributes.map((a) => `[${a}]`).join(', ')})`;
  return call('Join', text, [
    ['separator', constant(separator)],
    ...attributes.map((a): [string, AttributeMappingSource] => ['source', attribute(a)]),
  ]);
}

export interface MappingOptions {
  matchingPriority?: number;
  defaultValue?: string | null;
  flowType?: AttributeMapping['flowType'];
}

export function mapping(
  targetAttributeName: string,
  source: AttributeMappingSource | null,
  options: MappingOptions = {},
): AttributeMapping {
  return {
    source,
    targetAttributeName,
    defaultValue: options.defaultValue ?? null,
    exportMissingReferences: false,
    flowBehavior: 'FlowWhenChanged',
    flowType: options.flowType ?? 'Always',
    matchingPriority: options.matchingPriority ?? 0,
  };
}

/** Direct mapping `[source]` → target. */
export function direct(targetAttributeName: string, sourceAttribute: string, options: MappingOptions = {}): AttributeMapping {
  return mapping(targetAttributeName, attribute(sourceAttribute), options);
}
