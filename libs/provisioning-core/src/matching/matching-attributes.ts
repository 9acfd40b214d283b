import type { AttributeMapping, ObjectMapping } from '../schema/model';

/**
 * The object mapping's matching attributes (matchingPriority > 0), by precedence 1, 2, 3…
 * Equal priorities keep their order in the mapping (stable sort).
 */
export function matchingAttributes(objectMapping: Pick<ObjectMapping, 'attributeMappings'>): AttributeMapping[] {
  return objectMapping.attributeMappings
    .filter((m) => Number.isFinite(m.matchingPriority) && m.matchingPriority > 0)
    .sort((a, b) => a.matchingPriority - b.matchingPriority);
}
