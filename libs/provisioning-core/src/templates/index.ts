/** Built-in synchronization schemas (templates) in Graph's shape. See docs/provisioning-core/mapping-and-planner.md. */
export { kintoneTemplate, KINTONE_DIRECTORY_NAME, KINTONE_RULE_ID } from './kintone';
export { scimTemplate, SCIM_DIRECTORY_NAME, SCIM_RULE_ID } from './scim';
export { sourceDirectory, sourceUserPrincipalName, SOURCE_DIRECTORY_NAME, SOURCE_DIRECTORY_ID } from './source-directory';
export { cloneTemplate, deepFreeze } from './freeze';
export { findObjectMapping, sourceAttributeDefinitions, targetAttributeDefinitions } from './schema-navigation';
export {
  attribute,
  call,
  constant,
  definition,
  direct,
  join,
  mapping,
  softDeleteSwitch,
  SOFT_DELETE_SWITCH_EXPRESSION,
  type DefinitionOptions,
  type MappingOptions,
} from './builders';
export { builtInTemplate, BUILT_IN_TEMPLATE_IDS, type BuiltInTemplateId } from './registry';
