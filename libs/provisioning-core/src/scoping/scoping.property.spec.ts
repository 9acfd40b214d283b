import fc from 'fast-check';
import type { ScopeFilter } from '../schema/model';
import { compileScopeFilter } from './compile';
import { evaluateScope } from './evaluate';
import { ScopingFilterError } from './issues';
import { FILTER_OPERATORS } from './operators';
import { validateScopeFilter } from './validate';

const operatorName = fc.oneof(
  fc.constantFrom(...FILTER_OPERATORS.map((o) => o.name)),
  fc.constantFrom('IsMemberOf', 'not_equals', 'ISNULL', ''),
  fc.string(),
);
const attributeName = fc.constantFrom('a', 'b', 'c', 'manager', 'proxyAddresses', 'constructor', '__proto__', '');
const operandValue = fc.oneof(
  fc.string(),
  fc.integer().map(String),
  fc.constantFrom('(?<n>a)\\k<n>', '(?>x)', '[a-[b]]', '(', '\\A.*\\z', '(?i)X', '.*', '10'),
);
const wellFormedClause = fc.record({
  operatorName,
  sourceOperandName: attributeName,
  targetOperand: fc.option(fc.record({ values: fc.array(operandValue, { maxLength: 2 }) }), { nil: null }),
});
const anyClause = fc.oneof(wellFormedClause, fc.anything());
const anyGroup = fc.oneof(fc.record({ name: fc.string(), clauses: fc.array(anyClause, { maxLength: 4 }) }), fc.anything());
const anyFilter = fc.oneof(fc.record({ groups: fc.array(anyGroup, { maxLength: 4 }) }), fc.constantFrom(null, undefined), fc.anything());
const sourceValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constantFrom(null, undefined, '', 'True', 'False', '42'),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.anything(),
);
const source = fc.record(
  { a: sourceValue, b: sourceValue, c: sourceValue, manager: sourceValue, proxyAddresses: sourceValue },
  { requiredKeys: [] },
);

describe('scoping properties', () => {
  it('compile throws only ScopingFilterError, evaluate never throws and stays within O(clauses)', () => {
    fc.assert(
      fc.property(anyFilter, source, (filter, src) => {
        let compiled;
        try {
          compiled = compileScopeFilter(filter as ScopeFilter);
        } catch (error) {
          expect(error).toBeInstanceOf(ScopingFilterError);
          expect((error as ScopingFilterError).issues.length).toBeGreaterThan(0);
          return;
        }
        const result = evaluateScope(compiled, src);
        expect(typeof result.inScope).toBe('boolean');
        expect(result.evaluatedClauses).toBeLessThanOrEqual(compiled.clauseCount);
        if (!result.inScope) expect(result.failedClauses).toHaveLength(compiled.groups.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('validateScopeFilter agrees with compileScopeFilter', () => {
    fc.assert(
      fc.property(anyFilter, (filter) => {
        const issues = validateScopeFilter(filter as ScopeFilter);
        let threw = false;
        try {
          compileScopeFilter(filter as ScopeFilter);
        } catch {
          threw = true;
        }
        expect(threw).toBe(issues.length > 0);
      }),
      { numRuns: 1000 },
    );
  });

  it('NOT EQUALS is the negation of EQUALS for non-empty scalar values', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (value, operand) => {
        const eq = compileScopeFilter({
          groups: [{ name: 'g', clauses: [{ operatorName: 'EQUALS', sourceOperandName: 'a', targetOperand: { values: [operand] } }] }],
        });
        const ne = compileScopeFilter({
          groups: [{ name: 'g', clauses: [{ operatorName: 'NOT EQUALS', sourceOperandName: 'a', targetOperand: { values: [operand] } }] }],
        });
        expect(evaluateScope(eq, { a: value }).inScope).toBe(!evaluateScope(ne, { a: value }).inScope);
      }),
    );
  });
});
