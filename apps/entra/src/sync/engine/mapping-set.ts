import { compileObjectMapping, findObjectMapping, type AttributeMappingSource, type ObjectMapping } from '@app/provisioning-core';
import type { JobConfiguration } from './cycle-types';
import { objectMappingContext, type ObjectMappingContext } from './processor-context';

/** The job's enabled user and group mappings, compiled once per cycle, and what they make the cycle read. */
export interface MappingSet {
  user: ObjectMappingContext | null;
  group: ObjectMappingContext | null;
  readsRoles: boolean;
  /** Does either mapping export reference attributes (manager, members)? Without, nothing is ever pending. */
  mapsReferences: boolean;
}

export function mappingSet(config: JobConfiguration, now: Date): MappingSet {
  const build = (name: 'User' | 'Group') => {
    const mapping = findObjectMapping(config.schema, name);
    if (!mapping || !mapping.enabled) return null;
    return objectMappingContext(config.schema, mapping, { skipOutOfScopeDeletions: config.skipOutOfScopeDeletions, now });
  };
  const user = build('User');
  const group = build('Group');
  const mapsReferences = [user, group].some(
    (set) => set !== null && compileObjectMapping(set.mapping, set.plan.targetDefs).references.length > 0,
  );
  return { user, group, readsRoles: user !== null && mappingReads(user.mapping, 'appRoleAssignments'), mapsReferences };
}

/** Does any attribute mapping or scoping clause of `mapping` read source attribute `name`? (Loading app role assignments costs a join per user.) */
export function mappingReads(mapping: ObjectMapping, name: string): boolean {
  const wanted = name.toLowerCase();
  const reads = (source: AttributeMappingSource | null | undefined): boolean =>
    !!source &&
    ((source.type === 'Attribute' && source.name?.toLowerCase() === wanted) || (source.parameters ?? []).some((p) => reads(p.value)));
  return (
    mapping.attributeMappings.some((m) => reads(m.source)) ||
    (mapping.scope?.groups ?? []).some((g) => g.clauses.some((c) => c.sourceOperandName.toLowerCase() === wanted))
  );
}
