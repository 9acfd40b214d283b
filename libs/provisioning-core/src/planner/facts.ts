/** Facts derived once per item (scope, activity, target state) that classification reads. */
import { computeIsSoftDeleted, readAtPath, parseTargetPath, type CompiledObjectMapping, type ScimResource } from '../mapping';
import type { PlanContext, PlanItem } from './types';

export interface ItemFacts {
  present: boolean;
  /** assigned and passing the scoping filter */
  inScope: boolean;
  /** not soft-deleted and accountEnabled !== false */
  active: boolean;
  isSoftDeleted: boolean;
  targetResource: ScimResource | null;
  targetDisabled: boolean;
  deleteEnabled: boolean;
  reportableIdentifier: string;
}

const ACTIVE_PATH = parseTargetPath('active');

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export function deriveFacts(ctx: PlanContext, compiled: CompiledObjectMapping, item: PlanItem): ItemFacts {
  const source = item.source;
  const present = source !== null;
  const softDeleted = item.softDeleted === true;
  const accountEnabled = source === null ? undefined : source.accountEnabled;
  const enabled =
    typeof accountEnabled === 'boolean'
      ? accountEnabled
      : typeof accountEnabled === 'string'
        ? accountEnabled.toLowerCase() !== 'false'
        : undefined;
  const isSoftDeleted = computeIsSoftDeleted({
    assigned: item.scope.assigned,
    inScopeByFilters: item.scope.inScopeByFilters,
    softDeleted,
    accountEnabled: enabled,
  });
  const targetResource = item.target.kind === 'found' ? item.target.resource : null;
  const activeValue = targetResource === null ? undefined : readAtPath(targetResource, ACTIVE_PATH);
  const targetDisabled = activeValue === false || (typeof activeValue === 'string' && activeValue.toLowerCase() === 'false');
  return {
    present,
    inScope: item.scope.assigned && item.scope.inScopeByFilters,
    active: !softDeleted && enabled !== false,
    isSoftDeleted,
    targetResource,
    targetDisabled,
    deleteEnabled: ctx.settings.deleteTargetEnabled ?? compiled.flows.delete,
    reportableIdentifier: (source && (text(source.userPrincipalName) ?? text(source.displayName))) ?? item.sourceId,
  };
}
