/** The provisioning-log steps of a planned action (reference §7.1). */
import type { CompiledObjectMapping } from '../mapping';
import type { Decision } from './decide';
import type { ItemFacts } from './facts';
import type { SituationName, SituationRule } from './situations';
import type { PlanItem, ProvisioningResult, ProvisioningStep } from './types';

const bool = (b: boolean): string => (b ? 'True' : 'False');

function step(
  name: string,
  type: ProvisioningStep['provisioningStepType'],
  status: ProvisioningResult,
  description: string,
  details: Record<string, string> = {},
): ProvisioningStep {
  return { name, provisioningStepType: type, status, description, details };
}

const NOT_SCOPED: ReadonlySet<SituationName> = new Set<SituationName>(['OutOfScopeUnlinked', 'DisabledSourceNeverCreated']);

function matchingStep(item: PlanItem, kind: string): ProvisioningStep | null {
  if (item.link !== null) {
    const missing = item.target.kind === 'missing';
    return step(
      'EntryMatching',
      'matching',
      missing ? 'failure' : 'success',
      missing ? `The linked target ${kind} no longer exists` : `The ${kind} is linked to a target ${kind} (cached anchor)`,
      {},
    );
  }
  switch (item.target.kind) {
    case 'missing':
      return step('EntryMatching', 'matching', 'success', `No matching ${kind} found in the target`, { MatchedCount: '0' });
    case 'found':
      return step('EntryMatching', 'matching', 'success', `Matched one target ${kind}`, { MatchedCount: '1' });
    case 'duplicate':
      return step('EntryMatching', 'matching', 'failure', `${item.target.count} target ${kind}s matched`, {
        MatchedCount: String(item.target.count),
      });
    case 'unmatchable':
      return step('EntryMatching', 'matching', 'skipped', `The ${kind} has no value for any matching attribute`);
    default:
      return null;
  }
}

const PROCESSING_NAME: Record<string, string> = {
  create: 'EntrySynchronizationAdd',
  update: 'EntrySynchronizationUpdate',
  enable: 'EntrySynchronizationUpdate',
  disable: 'EntrySynchronizationUpdate',
  delete: 'EntrySynchronizationDelete',
  stagedDelete: 'EntrySynchronizationDelete',
};

const EXPORT_NAME: Record<string, string> = {
  create: 'EntryExportAdd',
  update: 'EntryExportUpdate',
  enable: 'EntryExportUpdate',
  disable: 'EntryExportUpdate',
  delete: 'EntryExportDelete',
};

function build(
  compiled: CompiledObjectMapping,
  item: PlanItem,
  facts: ItemFacts,
  decision: Decision,
  rule: SituationRule,
  reason: string,
): ProvisioningStep[] {
  const kind = compiled.kind;
  const steps: ProvisioningStep[] = [];
  if (!facts.present) {
    steps.push(step('EntryImport', 'import', 'success', `Received the deletion of the ${kind} from Azure Active Directory`));
  } else {
    steps.push(step('EntryImport', 'import', 'success', `Retrieved the ${kind} from Azure Active Directory`));
    steps.push(
      step(
        'EntrySynchronizationScoping',
        'scoping',
        NOT_SCOPED.has(decision.situation) ? 'skipped' : 'success',
        `Determined whether the ${kind} is in scope`,
        {
          IsActive: bool(facts.active),
          Assigned: bool(item.scope.assigned),
          IsEffectivelyEntitledForProvisioning: bool(facts.inScope && facts.active),
          IsInProvisioningScopeDisplayName: bool(facts.inScope),
          ScopeEvaluationResult: item.scope.inScopeByFilters ? 'Passed' : 'Failed',
          ...item.scope.details,
        },
      ),
    );
  }
  const matching = matchingStep(item, kind);
  if (matching) steps.push(matching);
  const processingStatus: ProvisioningResult = rule.status === 'failure' ? 'failure' : rule.status === 'skipped' ? 'skipped' : 'success';
  const details: Record<string, string> = {};
  if (rule.skipReason) details.SkipReason = rule.skipReason;
  const errorCode = decision.error?.code ?? rule.errorCode;
  if (errorCode) details.ErrorCode = errorCode;
  steps.push(step(PROCESSING_NAME[rule.action] ?? 'EntrySynchronizationSkip', 'processing', processingStatus, reason, details));
  const objectRequests = decision.requests.filter((r) => r.purpose === 'object');
  if (objectRequests.length > 0) {
    steps.push(
      step(EXPORT_NAME[rule.action] ?? 'EntryExportUpdate', 'export', 'success', `Export to the target: ${objectRequests[0].method}`, {}),
    );
  }
  const referenceRequests = decision.requests.filter((r) => r.purpose !== 'object');
  if (referenceRequests.length > 0) {
    steps.push(
      step(
        'EntryExportReferences',
        'referenceResolution',
        'success',
        `Export references to the target: ${referenceRequests.length} request(s)`,
        {},
      ),
    );
  }
  return steps;
}

function deepFreezeSteps(steps: ProvisioningStep[]): readonly ProvisioningStep[] {
  for (const s of steps) Object.freeze(s.details);
  return Object.freeze(steps.map((s) => Object.freeze(s)));
}

const cache = new Map<string, readonly ProvisioningStep[]>();
const MAX_CACHED = 10_000;

/**
 * The steps carry no per-object identifiers (those are on the action: reportableIdentifier, targetId), so steps
 * are shared, frozen values for the finite set of (situation, scope, target, request) combinations; that keeps
 * planning 100,000 objects cheap. Custom scope details and mapping errors are built per item.
 */
export function buildSteps(
  compiled: CompiledObjectMapping,
  item: PlanItem,
  facts: ItemFacts,
  decision: Decision,
  rule: SituationRule,
  reason: string,
): readonly ProvisioningStep[] {
  if (item.scope.details !== undefined || decision.error !== undefined)
    return deepFreezeSteps(build(compiled, item, facts, decision, rule, reason));
  let purposes = '';
  for (const r of decision.requests) purposes += r.purpose === 'object' ? r.method[0] : 'r';
  const t = item.target;
  const key = `${compiled.kind}|${decision.situation}|${facts.present}|${item.scope.assigned}|${item.scope.inScopeByFilters}|${facts.active}|${item.link !== null}|${t.kind}|${t.kind === 'duplicate' ? t.count : ''}|${purposes.slice(0, 3)}|${decision.requests.length}`;
  let steps = cache.get(key);
  if (steps === undefined) {
    steps = deepFreezeSteps(build(compiled, item, facts, decision, rule, reason));
    if (cache.size < MAX_CACHED) cache.set(key, steps);
  }
  return steps;
}
