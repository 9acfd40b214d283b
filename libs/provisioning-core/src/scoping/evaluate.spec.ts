import { compileScopeFilter } from './compile';
import { evaluateScope } from './evaluate';
import { clause, filterOf, group } from './test-fixtures';

function inScope(attribute: string, value: unknown, operator: string, ...values: string[]): boolean {
  const compiled = compileScopeFilter(filterOf(group('g', clause(attribute, operator, ...values))));
  return evaluateScope(compiled, { [attribute]: value }).inScope;
}

describe('evaluateScope: operators', () => {
  it.each([
    // operator, source value, configured value, expected
    ['EQUALS', 'Sales', 'Sales', true],
    ['EQUALS', 'sales', 'Sales', false], // case sensitive
    ['EQUALS', 42, '42', true],
    ['EQUALS', null, 'Sales', false],
    ['EQUALS', '', 'Sales', false],
    ['EQUALS', undefined, 'Sales', false],
    ['NOT EQUALS', 'Sales', 'HR', true],
    ['NOT EQUALS', 'Sales', 'Sales', false],
    ['NOT EQUALS', 'sales', 'Sales', true], // case sensitive
    ['NOT EQUALS', null, 'Sales', false], // null → false, even for a negation
    ['NOT EQUALS', '', 'Sales', false],
    ['Includes', 'alice@contoso.com', 'contoso', true],
    ['Includes', 'alice@contoso.com', 'Contoso', false],
    ['Includes', null, 'contoso', false],
    ['&', 'alice@contoso.com', '@contoso', true],
    ['&', 'alice@fabrikam.com', '@contoso', false],
    ['&', '', '@contoso', false],
    ['!&', 'alice@fabrikam.com', '@contoso', true],
    ['!&', 'alice@contoso.com', '@contoso', false],
    ['!&', null, '@contoso', false],
    ['Not_Includes', 'alice@fabrikam.com', 'contoso', true],
    ['Not_Includes', 'alice@contoso.com', 'contoso', false],
    ['Not_Includes', null, 'contoso', false],
    ['ENDS_WITH', 'alice@contoso.com', '@contoso.com', true],
    ['ENDS_WITH', 'alice@contoso.com.evil', '@contoso.com', false],
    ['ENDS_WITH', 'alice@CONTOSO.com', '@contoso.com', false],
    ['ENDS_WITH', null, '@contoso.com', false],
    ['REGEX MATCH', 'alice@contoso.com', '.*\\@contoso.com', true],
    ['REGEX MATCH', 'emp-42', '([1-9][0-9])', true], // unanchored, like Regex.IsMatch
    ['REGEX MATCH', 'emp-4', '([1-9][0-9])', false],
    ['REGEX MATCH', 'ALICE', '^alice$', false], // case sensitive
    ['REGEX MATCH', null, '.*', false],
    ['REGEX MATCH', '', '.*', false],
    ['NOT REGEX MATCH', 'alice@fabrikam.com', '@contoso\\.com$', true],
    ['NOT REGEX MATCH', 'alice@contoso.com', '@contoso\\.com$', false],
    ['NOT REGEX MATCH', null, '@contoso\\.com$', false], // doc: false when null/empty
    ['NOT REGEX MATCH', '', '@contoso\\.com$', false],
    ['Greater_Than', '11', '10', true],
    ['Greater_Than', '10', '10', false],
    ['Greater_Than', 11, '10', true],
    ['Greater_Than', '-1', '-2', true],
    ['Greater_Than', ' 12 ', '10', true], // surrounding whitespace ignored
    ['Greater_Than', '10.5', '10', false], // not an integer → false
    ['Greater_Than', 10.5, '10', false],
    ['Greater_Than', 'abc', '10', false],
    ['Greater_Than', null, '10', false],
    ['Greater_Than', '99999999999999999999', '99999999999999999998', true], // exact beyond 2^53
    ['Greater_Than_OR_EQUALS', '10', '10', true],
    ['Greater_Than_OR_EQUALS', '9', '10', false],
    ['Greater_Than_OR_EQUALS', 'x', '10', false],
    ['Less_Than', '9', '10', true],
    ['Less_Than', '10', '10', false],
    ['Less_Than', null, '10', false],
    ['Less_Than_OR_EQUALS', '10', '10', true],
    ['Less_Than_OR_EQUALS', '11', '10', false],
  ])('%s: %p vs %p → %p', (operator, value, operand, expected) => {
    expect(inScope('attr', value, operator, operand)).toBe(expected);
  });

  it.each([
    // operator, source value, expected
    ['IS TRUE', true, true],
    ['IS TRUE', false, false],
    ['IS TRUE', 'True', true],
    ['IS TRUE', 'true', true],
    ['IS TRUE', 'False', false],
    ['IS TRUE', 'yes', false],
    ['IS TRUE', 1, false],
    ['IS TRUE', null, false],
    ['IS FALSE', false, true],
    ['IS FALSE', 'False', true],
    ['IS FALSE', true, false],
    ['IS FALSE', 'True', false],
    ['IS FALSE', null, false], // null is not false
    ['IS FALSE', '', false],
    ['IS NULL', null, true],
    ['IS NULL', undefined, true],
    ['IS NULL', '', true],
    ['IS NULL', 'x', false],
    ['IS NULL', false, false],
    ['IS NULL', 0, false],
    ['IS NOT NULL', 'x', true],
    ['IS NOT NULL', 0, true],
    ['IS NOT NULL', false, true],
    ['IS NOT NULL', null, false],
    ['IS NOT NULL', '', false],
    ['IS NOT NULL', ' ', true], // whitespace is a value
  ])('%s: %p → %p', (operator, value, expected) => {
    expect(inScope('attr', value, operator)).toBe(expected);
  });

  it.each(['EQUALS', 'NOT EQUALS', 'Includes', '!&', 'REGEX MATCH', 'NOT REGEX MATCH', 'Greater_Than'])(
    '%s on an array value (multi-valued) is false',
    (operator) => {
      expect(inScope('attr', ['10', '20'], operator, '1')).toBe(false);
    },
  );

  it.each(['IS NULL', 'IS NOT NULL', 'IS TRUE', 'IS FALSE'])('%s on an array value is false', (operator) => {
    expect(inScope('attr', [], operator)).toBe(false);
  });

  it.each([
    ['EQUALS', { a: 1 }, 'x'],
    ['EQUALS', Number.NaN, 'NaN'],
    ['NOT EQUALS', { a: 1 }, 'x'],
  ])('%s on an unsupported value (%p) is false', (operator, value, operand) => {
    expect(inScope('attr', value, operator, operand)).toBe(false);
  });

  it('renders booleans as .NET does for text operators', () => {
    expect(inScope('accountEnabled', true, 'EQUALS', 'True')).toBe(true);
    expect(inScope('accountEnabled', true, 'EQUALS', 'true')).toBe(false);
  });

  it('reads own properties only', () => {
    expect(inScope('constructor', undefined, 'IS NULL')).toBe(true);
    const compiled = compileScopeFilter(filterOf(group('g', clause('toString', 'IS NOT NULL'))));
    expect(evaluateScope(compiled, {}).inScope).toBe(false);
  });
});

describe('evaluateScope: groups and clauses', () => {
  const filter = filterOf(
    group('sales-in-us', clause('department', 'EQUALS', 'Sales'), clause('country', 'EQUALS', 'US')),
    group('contractors', clause('employeeType', 'EQUALS', 'Contractor')),
  );
  const compiled = compileScopeFilter(filter);

  it.each([
    [{ department: 'Sales', country: 'US' }, true, 'sales-in-us'],
    [{ department: 'Sales', country: 'FR' }, false, undefined],
    [{ department: 'HR', country: 'US', employeeType: 'Contractor' }, true, 'contractors'],
    [{ department: 'Sales', country: 'US', employeeType: 'Contractor' }, true, 'sales-in-us'], // first group wins
    [{}, false, undefined],
  ])('%p → inScope %p via %p', (source, expected, matchedGroup) => {
    const result = evaluateScope(compiled, source);
    expect(result.inScope).toBe(expected);
    expect(result.matchedGroup).toBe(matchedGroup);
  });

  it('reports the first failing clause of every group when out of scope', () => {
    expect(evaluateScope(compiled, { department: 'Sales', country: 'FR' })).toEqual({
      inScope: false,
      reason: 'NoGroupSatisfied',
      evaluatedClauses: 3,
      failedClauses: [
        {
          groupName: 'sales-in-us',
          clauseIndex: 1,
          operatorName: 'EQUALS',
          sourceOperandName: 'country',
          values: ['US'],
          reason: 'NotSatisfied',
        },
        {
          groupName: 'contractors',
          clauseIndex: 0,
          operatorName: 'EQUALS',
          sourceOperandName: 'employeeType',
          values: ['Contractor'],
          reason: 'NullOrEmpty',
        },
      ],
    });
  });

  it('short-circuits: a failing clause ends its group, a passing group ends the filter', () => {
    expect(evaluateScope(compiled, { department: 'HR', employeeType: 'Contractor' }).evaluatedClauses).toBe(2);
    expect(evaluateScope(compiled, { department: 'Sales', country: 'US' }).evaluatedClauses).toBe(2);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['no groups', { groups: [] }],
    ['groups absent', {} as { groups: [] }],
  ])('an empty/absent filter (%s) puts everything in scope', (_label, filter) => {
    expect(evaluateScope(compileScopeFilter(filter), { anything: 1 })).toEqual({
      inScope: true,
      reason: 'NoScopingFilter',
      evaluatedClauses: 0,
    });
  });

  it('accepts operator spelling variants', () => {
    const variants = filterOf(group('g', clause('a', 'NOT_EQUALS', 'x'), clause('b', 'IsNotNull'), clause('c', 'regex match', '^y')));
    expect(evaluateScope(compileScopeFilter(variants), { a: 'z', b: '1', c: 'yes' }).inScope).toBe(true);
  });
});
