import { randomUUID } from 'node:crypto';
import {
  compileScopeFilter,
  sourceAttributeDefinitions,
  targetAttributeDefinitions,
  type CompiledScopeFilter,
  type ObjectMapping,
  type PatchShape,
  type PlanContext,
  type SynchronizationSchema,
} from '@app/provisioning-core';
import type { ScimConnector } from '../connector';
import type { ProcessorContext } from './object-outcome';

/** One enabled object mapping of a schema, ready for the planner: its plan context and compiled scoping filter. */
export interface ObjectMappingContext {
  mapping: ObjectMapping;
  plan: PlanContext;
  scope: CompiledScopeFilter;
}

export function objectMappingContext(
  schema: SynchronizationSchema,
  mapping: ObjectMapping,
  options: { skipOutOfScopeDeletions: boolean; now: Date },
): ObjectMappingContext {
  return {
    mapping,
    plan: {
      objectMapping: mapping,
      targetDefs: targetAttributeDefinitions(schema, mapping),
      settings: { shape: 'default', skipOutOfScopeDeletions: options.skipOutOfScopeDeletions },
      evaluation: { now: options.now, random: Math.random, newGuid: randomUUID },
    },
    scope: compileScopeFilter(mapping.scope, sourceAttributeDefinitions(schema, mapping.sourceObjectName)),
  };
}

/**
 * The processor context of one object mapping for a page of a cycle (or one on-demand call): references resolve
 * through `references`, which the page's creates extend.
 */
export function processorContext(
  set: ObjectMappingContext,
  options: {
    connector: ScimConnector;
    references: Map<string, string>;
    shape: PatchShape;
    now: Date;
    deletions: ProcessorContext['deletions'];
  },
): ProcessorContext {
  const { connector, references } = options;
  return {
    plan: {
      ...set.plan,
      settings: { ...set.plan.settings, shape: options.shape },
      evaluation: { ...set.plan.evaluation, now: options.now },
      resolveReference: (id) => references.get(id) ?? null,
    },
    scope: set.scope,
    connector,
    references,
    now: () => Date.now(),
    deletions: options.deletions,
  };
}
