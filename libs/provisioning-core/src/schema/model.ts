/**
 * The synchronization schema in Microsoft Graph's shapes (v1.0 `synchronizationSchema` and friends), as plain
 * data. Field names and enum strings are Graph's; see ../shared/reference/entra-provisioning.md §2.3, §3.1, §8.1.
 */

/** `attributeMappingSource.type` */
export type AttributeMappingSourceType = 'Attribute' | 'Constant' | 'Function';

/** An expression tree node: Graph's `attributeMappingSource`. */
export interface AttributeMappingSource {
  type: AttributeMappingSourceType;
  /** Attribute name (Attribute), literal value (Constant) or function name (Function). */
  name: string | null;
  /** Text form of the expression; Graph fills it on the root of a parsed expression. */
  expression?: string | null;
  /** Function arguments, by position (`key` is the parameter name from the function's schema). */
  parameters?: StringKeyAttributeMappingSourceValuePair[];
}

/** Graph's `stringKeyAttributeMappingSourceValuePair`; `value` null for an omitted optional argument. */
export interface StringKeyAttributeMappingSourceValuePair {
  key: string;
  value: AttributeMappingSource | null;
}

export type AttributeFlowType = 'Always' | 'ObjectAddOnly' | 'MultiValueAddOnly' | 'ValueAddOnly' | 'AttributeAddOnly';
export type AttributeFlowBehavior = 'FlowWhenChanged' | 'FlowAlways';

/** Graph's `attributeMapping`. `source` null = mapping type "None" (only defaultValue on create). */
export interface AttributeMapping {
  source: AttributeMappingSource | null;
  targetAttributeName: string;
  defaultValue?: string | null;
  exportMissingReferences?: boolean;
  flowBehavior?: AttributeFlowBehavior;
  flowType: AttributeFlowType;
  /** 0 = not a matching attribute; 1, 2, … = matching precedence. */
  matchingPriority: number;
}

/** Graph's `filterOperand`. */
export interface FilterOperand {
  values: string[];
}

/** Graph's `filterClause`. */
export interface FilterClause {
  operatorName: string;
  sourceOperandName: string;
  targetOperand: FilterOperand | null;
}

/** Graph's `filterGroup`: clauses ANDed. */
export interface FilterGroup {
  name: string;
  clauses: FilterClause[];
}

/** Graph's `filter`: `groups` ORed (leaving them deprovisions); the experimental kinds are kept as data. */
export interface ScopeFilter {
  groups: FilterGroup[];
  inputFilterGroups?: FilterGroup[];
  categoryFilterGroups?: FilterGroup[];
}

/** `objectMapping.flowTypes` is a comma list of these: "Add, Update, Delete". */
export type ObjectFlowType = 'Add' | 'Update' | 'Delete';

/** Graph's `objectMapping`. */
export interface ObjectMapping {
  name: string;
  enabled: boolean;
  flowDirection?: 'Inbound' | 'Outbound';
  /** e.g. "Add, Update, Delete" */
  flowTypes: string;
  sourceObjectName: string;
  targetObjectName: string;
  scope: ScopeFilter | null;
  attributeMappings: AttributeMapping[];
  metadata?: { key: string; value: string }[];
}

export type AttributeType = 'String' | 'Integer' | 'Reference' | 'Binary' | 'Boolean' | 'DateTime';
export type Mutability = 'ReadWrite' | 'ReadOnly' | 'Immutable' | 'WriteOnly';

/** Graph's `attributeDefinition` (target side, plus source directory attributes). */
export interface AttributeDefinition {
  name: string;
  type: AttributeType;
  anchor?: boolean;
  caseExact: boolean;
  defaultValue?: string | null;
  flowNullValues?: boolean;
  multivalued: boolean;
  mutability: Mutability;
  required: boolean;
  referencedObjects?: { referencedObjectName: string; referencedProperty?: string | null }[];
  metadata?: { key: string; value: string }[];
}

/** Graph's `objectDefinition`. */
export interface ObjectDefinition {
  name: string;
  attributes: AttributeDefinition[];
  supportedApis?: string[];
  metadata?: { key: string; value: string }[];
}

/** Graph's `directoryDefinition`. */
export interface DirectoryDefinition {
  id: string;
  name: string;
  discoverabilities?: string;
  discoveryDateTime?: string | null;
  readOnly?: boolean;
  version?: string | null;
  objects: ObjectDefinition[];
}

/** Graph's `synchronizationRule`. */
export interface SynchronizationRule {
  id: string;
  name: string;
  sourceDirectoryName: string;
  targetDirectoryName: string;
  editable: boolean;
  containerFilter?: { includedContainers: string[] } | null;
  groupFilter?: { includedGroups: string[] } | null;
  metadata?: { key: string; value: string }[];
  objectMappings: ObjectMapping[];
}

/** Graph's `synchronizationSchema`. */
export interface SynchronizationSchema {
  id?: string;
  version?: string;
  directories: DirectoryDefinition[];
  synchronizationRules: SynchronizationRule[];
}

/**
 * A source object as the engine hands it to the core: a flat record of Entra attribute name → value
 * (string | boolean | number | string[] | null), plus the computed `IsSoftDeleted`, `objectId`, and for users
 * `appRoleAssignments` (see mapping/) and `manager` (the manager's source object id).
 */
export type SourceObject = Readonly<Record<string, unknown>>;
