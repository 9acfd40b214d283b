/** Finding object mappings and their target attribute definitions inside a SynchronizationSchema. */
import type { AttributeDefinition, ObjectMapping, SynchronizationSchema } from '../schema/model';

/** The first object mapping (over all rules) for a source object name ('User' | 'Group'), case-insensitive. */
export function findObjectMapping(schema: SynchronizationSchema, sourceObjectName: string): ObjectMapping | undefined {
  const wanted = sourceObjectName.toLowerCase();
  for (const rule of schema.synchronizationRules) {
    const found = rule.objectMappings.find((m) => m.sourceObjectName.toLowerCase() === wanted);
    if (found) return found;
  }
  return undefined;
}

/** The target directory's attribute definitions for the mapping's `targetObjectName` (empty when unknown). */
export function targetAttributeDefinitions(schema: SynchronizationSchema, objectMapping: ObjectMapping): readonly AttributeDefinition[] {
  const rule = schema.synchronizationRules.find((r) => r.objectMappings.includes(objectMapping));
  const directoryName = rule?.targetDirectoryName;
  const wanted = objectMapping.targetObjectName.toLowerCase();
  for (const directory of schema.directories) {
    if (directoryName !== undefined && directory.name !== directoryName) continue;
    const object = directory.objects.find((o) => o.name.toLowerCase() === wanted);
    if (object) return object.attributes;
  }
  return [];
}

/** Source directory attribute definitions for a source object name. */
export function sourceAttributeDefinitions(schema: SynchronizationSchema, sourceObjectName: string): readonly AttributeDefinition[] {
  const rule = schema.synchronizationRules[0];
  const wanted = sourceObjectName.toLowerCase();
  const directory = schema.directories.find((d) => d.name === rule?.sourceDirectoryName) ?? schema.directories[0];
  return directory?.objects.find((o) => o.name.toLowerCase() === wanted)?.attributes ?? [];
}
