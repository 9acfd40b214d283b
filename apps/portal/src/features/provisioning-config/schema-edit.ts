/**
 * The editors' changes to a synchronization schema, as pure functions of its Graph JSON: each returns a new schema
 * (or mapping) and leaves its input alone; the pages PUT the result (docs/synchronization-api.md, Schema).
 */
import type {
  AttributeDefinition,
  AttributeMapping,
  AttributeMappingSource,
  FilterGroup,
  ObjectDefinition,
  ObjectMapping,
  SchemaRule,
  SynchronizationSchema,
} from '../../api/sync';

/** An object mapping with where it sits in the schema and the object definitions it maps between. */
export interface MappingRef {
  /** Its id in the portal's URLs: the rule's index and the mapping's, e.g. "0.1". */
  id: string;
  ruleIndex: number;
  mappingIndex: number;
  rule: SchemaRule;
  mapping: ObjectMapping;
  sourceObject: ObjectDefinition | undefined;
  targetObject: ObjectDefinition | undefined;
}

function objectOf(schema: SynchronizationSchema, directoryName: string, objectName: string): ObjectDefinition | undefined {
  return schema.directories.find((d) => d.name === directoryName)?.objects.find((o) => o.name === objectName);
}

/** Every object mapping of every rule (the Mappings table of Edit provisioning). */
export function objectMappings(schema: SynchronizationSchema): MappingRef[] {
  return schema.synchronizationRules.flatMap((rule, ruleIndex) =>
    rule.objectMappings.map((mapping, mappingIndex) => ({
      id: `${ruleIndex}.${mappingIndex}`,
      ruleIndex,
      mappingIndex,
      rule,
      mapping,
      sourceObject: objectOf(schema, rule.sourceDirectoryName, mapping.sourceObjectName),
      targetObject: objectOf(schema, rule.targetDirectoryName, mapping.targetObjectName),
    })),
  );
}

export function findMapping(schema: SynchronizationSchema, id: string): MappingRef | undefined {
  return objectMappings(schema).find((ref) => ref.id === id);
}

/** The schema with the object mapping `id` replaced by `change(mapping)`. */
export function updateMapping(
  schema: SynchronizationSchema,
  id: string,
  change: (mapping: ObjectMapping) => ObjectMapping,
): SynchronizationSchema {
  const ref = findMapping(schema, id);
  if (!ref) return schema;
  return {
    ...schema,
    synchronizationRules: schema.synchronizationRules.map((rule, r) =>
      r !== ref.ruleIndex ? rule : { ...rule, objectMappings: rule.objectMappings.map((m, i) => (i === ref.mappingIndex ? change(m) : m)) },
    ),
  };
}

/** The mapping with its attribute mapping `index` replaced by `attribute`, or `attribute` added when index is null. */
export function putAttributeMapping(mapping: ObjectMapping, index: number | null, attribute: AttributeMapping): ObjectMapping {
  const attributeMappings =
    index === null ? [...mapping.attributeMappings, attribute] : mapping.attributeMappings.map((a, i) => (i === index ? attribute : a));
  return { ...mapping, attributeMappings };
}

export function removeAttributeMapping(mapping: ObjectMapping, index: number): ObjectMapping {
  return { ...mapping, attributeMappings: mapping.attributeMappings.filter((_, i) => i !== index) };
}

/** Source object scope: the filter groups (ORed), each of ANDed clauses; none = every object in scope. */
export function withScopeGroups(mapping: ObjectMapping, groups: FilterGroup[]): ObjectMapping {
  const others = {
    inputFilterGroups: mapping.scope?.inputFilterGroups ?? [],
    categoryFilterGroups: mapping.scope?.categoryFilterGroups ?? [],
  };
  const empty = groups.length === 0 && others.inputFilterGroups.length === 0 && others.categoryFilterGroups.length === 0;
  return { ...mapping, scope: empty ? null : { groups, ...others } };
}

/** The schema with the attribute list of the object mapping's target object replaced (Edit attribute list). */
export function withTargetAttributes(schema: SynchronizationSchema, id: string, attributes: AttributeDefinition[]): SynchronizationSchema {
  const ref = findMapping(schema, id);
  if (!ref) return schema;
  return {
    ...schema,
    directories: schema.directories.map((d) =>
      d.name !== ref.rule.targetDirectoryName
        ? d
        : { ...d, objects: d.objects.map((o) => (o.name === ref.mapping.targetObjectName ? { ...o, attributes } : o)) },
    ),
  };
}

/** A new target attribute as the attribute list editor adds it (a string, read-write, single-valued). */
export function newAttributeDefinition(name: string, type: AttributeDefinition['type'] = 'String'): AttributeDefinition {
  return {
    name,
    type,
    anchor: false,
    caseExact: false,
    defaultValue: null,
    flowNullValues: false,
    multivalued: false,
    mutability: 'ReadWrite',
    required: false,
    referencedObjects: [],
    metadata: [],
  };
}

// ---- The Edit attribute form ----

export type MappingType = 'Direct' | 'Constant' | 'Expression' | 'None';

/** The Edit attribute form's fields (customize-application-attributes.md). */
export interface AttributeForm {
  mappingType: MappingType;
  sourceAttribute: string;
  constantValue: string;
  expression: string;
  defaultValue: string;
  targetAttribute: string;
  /** Match objects using this attribute. */
  matching: boolean;
  matchingPrecedence: number;
  /** Apply this mapping: Always, or Only during object creation. */
  flowType: 'Always' | 'ObjectAddOnly';
}

export function mappingTypeOf(source: AttributeMappingSource | null): MappingType {
  if (!source) return 'None';
  if (source.type === 'Attribute') return 'Direct';
  if (source.type === 'Constant') return 'Constant';
  return 'Expression';
}

/** The source column of the attribute mapping list: the attribute, the quoted constant, or the expression text. */
export function sourceText(source: AttributeMappingSource | null): string {
  if (!source) return '';
  if (source.type === 'Attribute') return source.name ?? '';
  if (source.type === 'Constant') return `"${source.name ?? ''}"`;
  return source.expression ?? source.name ?? '';
}

export function formOf(attribute: AttributeMapping | undefined, matchingPrecedenceWhenNew = 1): AttributeForm {
  const source = attribute?.source ?? null;
  const type = attribute ? mappingTypeOf(source) : 'Direct';
  return {
    mappingType: type,
    sourceAttribute: type === 'Direct' ? (source?.name ?? '') : '',
    constantValue: type === 'Constant' ? (source?.name ?? '') : '',
    expression: type === 'Expression' ? sourceText(source) : '',
    defaultValue: attribute?.defaultValue ?? '',
    targetAttribute: attribute?.targetAttributeName ?? '',
    matching: (attribute?.matchingPriority ?? 0) > 0,
    matchingPrecedence: attribute && attribute.matchingPriority > 0 ? attribute.matchingPriority : matchingPrecedenceWhenNew,
    flowType: attribute?.flowType === 'ObjectAddOnly' ? 'ObjectAddOnly' : 'Always',
  };
}

/**
 * The attribute mapping the form describes; properties the form does not show are kept from `previous`. An
 * expression goes as a Function root with its text and no name: the API parses it and stores the tree.
 */
export function attributeMappingOf(form: AttributeForm, previous?: AttributeMapping): AttributeMapping {
  const source: AttributeMappingSource | null =
    form.mappingType === 'Direct'
      ? { type: 'Attribute', name: form.sourceAttribute, expression: `[${form.sourceAttribute}]`, parameters: [] }
      : form.mappingType === 'Constant'
        ? { type: 'Constant', name: form.constantValue, expression: JSON.stringify(form.constantValue), parameters: [] }
        : form.mappingType === 'Expression'
          ? { type: 'Function', name: null, expression: form.expression.trim(), parameters: [] }
          : null;
  return {
    ...previous,
    source,
    targetAttributeName: form.targetAttribute,
    defaultValue: form.defaultValue === '' ? null : form.defaultValue,
    flowType: form.flowType,
    matchingPriority: form.matching ? Math.max(1, Math.trunc(form.matchingPrecedence)) : 0,
  };
}

/** What the form lacks before it can be applied, by field (shown on the fields). */
export function formProblems(form: AttributeForm): Partial<Record<keyof AttributeForm, string>> {
  const problems: Partial<Record<keyof AttributeForm, string>> = {};
  if (!form.targetAttribute) problems.targetAttribute = 'Choose the target attribute.';
  if (form.mappingType === 'Direct' && !form.sourceAttribute) problems.sourceAttribute = 'Choose the source attribute.';
  if (form.mappingType === 'Expression' && !form.expression.trim()) problems.expression = 'Enter an expression.';
  if (form.matching && !(form.matchingPrecedence >= 1)) problems.matchingPrecedence = 'Matching precedence starts at 1.';
  return problems;
}

/**
 * Where a PUT schema 400 points (`…attributeMappings[2] ('displayName').source: unknown function "Shout"`): the
 * attribute mapping's index and the Edit attribute field it concerns; null when it names no attribute mapping.
 */
export function schemaErrorField(message: string): { index: number; field: keyof AttributeForm; message: string } | null {
  const match = /attributeMappings\[(\d+)\](?: \('[^']*'\))?(?:\.(\w+))?[^:]*:\s*(.*)$/s.exec(message);
  if (!match) return null;
  const part = match[2] ?? '';
  const field: keyof AttributeForm =
    part === 'targetAttributeName'
      ? 'targetAttribute'
      : part === 'matchingPriority'
        ? 'matchingPrecedence'
        : part === 'defaultValue'
          ? 'defaultValue'
          : 'expression';
  return { index: Number(match[1]), field, message: match[3] };
}
