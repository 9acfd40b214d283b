/**
 * Walks a scoping filter defensively (it may come from a PUT body of any shape), checks every group and clause,
 * and builds the compiled groups. Shared by validateScopeFilter and compileScopeFilter.
 */
import type { AttributeDefinition } from '../schema/model';
import { analyzeClause, type ClauseInput } from './analyze-clause';
import type { ClausePredicate } from './clause-predicates';
import type { ScopeFilterIssue } from './issues';
import type { ScopeOperatorName } from './operators';
import { indexDefinitions } from './unsupported-attributes';

export interface CompiledClause {
  readonly index: number;
  readonly operatorName: ScopeOperatorName;
  readonly sourceOperandName: string;
  readonly values: readonly string[];
  readonly test: ClausePredicate;
}

export interface CompiledGroup {
  readonly name: string;
  readonly clauses: readonly CompiledClause[];
}

export interface FilterAnalysis {
  issues: ScopeFilterIssue[];
  groups: CompiledGroup[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** The clause's Graph fields, or a description of what is malformed. */
function readClause(raw: unknown): ClauseInput | string {
  if (!isRecord(raw)) return 'a clause must be an object';
  const { operatorName, sourceOperandName, targetOperand } = raw;
  if (typeof operatorName !== 'string') return 'operatorName must be a string';
  if (typeof sourceOperandName !== 'string') return 'sourceOperandName must be a string';
  if (targetOperand === null || targetOperand === undefined) return { operatorName, sourceOperandName, values: [] };
  if (!isRecord(targetOperand) || !isStringArray(targetOperand.values)) {
    return 'targetOperand must be null or { values: string[] }';
  }
  return { operatorName, sourceOperandName, values: [...targetOperand.values] };
}

function analyzeGroup(
  raw: unknown,
  definitions: ReadonlyMap<string, AttributeDefinition> | undefined,
  issues: ScopeFilterIssue[],
): CompiledGroup | undefined {
  const groupName = isRecord(raw) && typeof raw.name === 'string' ? raw.name : '';
  const malformed = (message: string, clauseIndex: number | null = null): undefined => {
    issues.push({ groupName, clauseIndex, code: 'MalformedFilter', message });
    return undefined;
  };
  if (!isRecord(raw)) return malformed('a filter group must be an object');
  if (typeof raw.name !== 'string') malformed('a filter group needs a string name');
  if (!Array.isArray(raw.clauses)) return malformed('a filter group needs a clauses array');
  if (raw.clauses.length === 0) {
    issues.push({ groupName, clauseIndex: null, code: 'EmptyGroup', message: 'a filter group needs at least one clause' });
    return undefined;
  }
  const clauses: CompiledClause[] = [];
  raw.clauses.forEach((rawClause: unknown, index: number) => {
    const input = readClause(rawClause);
    if (typeof input === 'string') return malformed(input, index);
    const analyzed = analyzeClause(input, definitions);
    for (const p of analyzed.problems) issues.push({ groupName, clauseIndex: index, ...p });
    if (analyzed.operator !== undefined && analyzed.predicate !== undefined) {
      clauses.push({
        index,
        operatorName: analyzed.operator.name,
        sourceOperandName: input.sourceOperandName,
        values: input.values,
        test: analyzed.predicate,
      });
    }
  });
  return { name: groupName, clauses };
}

/** Analyzes `filter.groups` (the deprovisioning scope); null/absent/empty = no filter. */
export function analyzeScopeFilter(filter: unknown, sourceAttributes?: readonly AttributeDefinition[]): FilterAnalysis {
  const issues: ScopeFilterIssue[] = [];
  if (filter === null || filter === undefined) return { issues, groups: [] };
  if (!isRecord(filter)) {
    issues.push({ groupName: '', clauseIndex: null, code: 'MalformedFilter', message: 'a filter must be an object' });
    return { issues, groups: [] };
  }
  if (filter.groups === undefined || filter.groups === null) return { issues, groups: [] };
  if (!Array.isArray(filter.groups)) {
    issues.push({ groupName: '', clauseIndex: null, code: 'MalformedFilter', message: 'filter.groups must be an array' });
    return { issues, groups: [] };
  }
  const definitions = sourceAttributes === undefined ? undefined : indexDefinitions(sourceAttributes);
  const groups: CompiledGroup[] = [];
  for (const rawGroup of filter.groups as unknown[]) {
    const group = analyzeGroup(rawGroup, definitions, issues);
    if (group !== undefined) groups.push(group);
  }
  return { issues, groups };
}
