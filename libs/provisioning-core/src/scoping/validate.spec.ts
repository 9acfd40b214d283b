import type { AttributeDefinition, ScopeFilter } from '../schema/model';
import { compileScopeFilter } from './compile';
import { ScopingFilterError, type ScopeFilterIssueCode } from './issues';
import { clause, filterOf, group } from './test-fixtures';
import { validateScopeFilter } from './validate';

function attr(name: string, type: AttributeDefinition['type'], multivalued = false): AttributeDefinition {
  return { name, type, multivalued, caseExact: false, mutability: 'ReadWrite', required: false };
}

const SOURCE_ATTRIBUTES: AttributeDefinition[] = [
  attr('department', 'String'),
  attr('accountEnabled', 'Boolean'),
  attr('employeeId', 'String'),
  attr('costCenterNumber', 'Integer'),
  attr('proxyAddresses', 'String', true),
  attr('createdDateTime', 'DateTime'),
  attr('manager', 'Reference'),
  attr('thumbnailPhoto', 'Binary'),
];

function codes(filter: ScopeFilter, definitions?: AttributeDefinition[]): ScopeFilterIssueCode[] {
  return validateScopeFilter(filter, definitions).map((i) => i.code);
}

describe('validateScopeFilter', () => {
  it.each([
    ['EQUALS', ['Sales']],
    ['NOT EQUALS', ['Sales']],
    ['IS TRUE', []],
    ['IS FALSE', []],
    ['IS NULL', []],
    ['IS NOT NULL', []],
    ['REGEX MATCH', ['^S.*']],
    ['NOT REGEX MATCH', ['(?<name>S)\\k<name>']],
    ['Greater_Than', ['10']],
    ['Greater_Than_OR_EQUALS', ['-3']],
    ['Includes', ['a']],
    ['&', ['a']],
    ['!&', ['a']],
    ['ENDS_WITH', ['a']],
    ['Less_Than', ['10']],
    ['Less_Than_OR_EQUALS', ['+10']],
    ['Not_Includes', ['a']],
  ])('accepts %s with %p', (operator, values) => {
    expect(validateScopeFilter(filterOf(group('g', clause('department', operator, ...values))))).toEqual([]);
  });

  it.each<[string, ScopeFilter, ScopeFilterIssueCode[]]>([
    ['unknown operator', filterOf(group('g', clause('department', 'STARTS_WITH', 'S'))), ['UnknownOperator']],
    ['IsMemberOf', filterOf(group('g', clause('department', 'IsMemberOf', 'x'))), ['UnknownOperator']],
    ['binary without value', filterOf(group('g', clause('department', 'EQUALS'))), ['OperandCount']],
    ['binary with two values', filterOf(group('g', clause('department', 'EQUALS', 'a', 'b'))), ['OperandCount']],
    ['unary with a value', filterOf(group('g', clause('department', 'IS NULL', 'x'))), ['OperandCount']],
    ['empty value', filterOf(group('g', clause('department', 'Includes', ''))), ['EmptyOperand']],
    ['non-integer Greater_Than', filterOf(group('g', clause('employeeId', 'Greater_Than', '10.5'))), ['NotAnInteger']],
    ['non-integer Less_Than', filterOf(group('g', clause('employeeId', 'Less_Than', 'ten'))), ['NotAnInteger']],
    ['broken regex', filterOf(group('g', clause('department', 'REGEX MATCH', '(abc'))), ['InvalidRegex']],
    ['atomic group', filterOf(group('g', clause('department', 'NOT REGEX MATCH', '(?>a+)b'))), ['InvalidRegex']],
    ['appRoleAssignments', filterOf(group('g', clause('appRoleAssignments', 'EQUALS', 'x'))), ['UnsupportedAttribute']],
    ['userType', filterOf(group('g', clause('userType', 'EQUALS', 'Guest'))), ['UnsupportedAttribute']],
    ['manager', filterOf(group('g', clause('Manager', 'IS NOT NULL'))), ['UnsupportedAttribute']],
    ['members', filterOf(group('g', clause('members', 'IS NOT NULL'))), ['UnsupportedAttribute']],
    ['a *DateTime name', filterOf(group('g', clause('employeeLeaveDateTime', 'IS NULL'))), ['UnsupportedAttribute']],
    ['a known multi-valued name', filterOf(group('g', clause('proxyAddresses', 'Includes', 'smtp:'))), ['MultiValuedAttribute']],
    ['missing attribute', filterOf(group('g', clause(' ', 'IS NULL'))), ['MissingAttribute']],
    ['empty group', filterOf(group('g')), ['EmptyGroup']],
    [
      'several problems at once',
      filterOf(group('a', clause('userType', 'NOPE')), group('b', clause('x', 'Greater_Than', 'y'))),
      ['UnsupportedAttribute', 'UnknownOperator', 'NotAnInteger'],
    ],
  ])('reports %s', (_label, filter, expected) => {
    expect(codes(filter)).toEqual(expected);
  });

  it.each<[string, string, string[], ScopeFilterIssueCode[]]>([
    ['department', 'EQUALS', ['Sales'], []],
    ['DEPARTMENT', 'EQUALS', ['Sales'], []], // attribute names compared case-insensitively here
    ['accountEnabled', 'IS TRUE', [], []],
    ['costCenterNumber', 'Greater_Than', ['3'], []],
    ['costCenterNumber', 'EQUALS', ['3'], []],
    ['accountEnabled', 'EQUALS', ['True'], ['UnsupportedAttributeType']], // EQUALS: [String, Integer]
    ['costCenterNumber', 'REGEX MATCH', ['^3'], ['UnsupportedAttributeType']],
    ['thumbnailPhoto', 'IS NULL', [], []],
    ['thumbnailPhoto', 'Includes', ['x'], ['UnsupportedAttributeType']],
    ['proxyAddresses', 'Includes', ['smtp:'], ['MultiValuedAttribute']],
    ['createdDateTime', 'IS NULL', [], ['UnsupportedAttribute']],
    ['manager', 'IS NULL', [], ['UnsupportedAttribute']],
    ['nickname', 'EQUALS', ['x'], ['UnknownAttribute']],
  ])('with definitions: %s %s %p → %p', (name, operator, values, expected) => {
    expect(codes(filterOf(group('g', clause(name, operator, ...values))), SOURCE_ATTRIBUTES)).toEqual(expected);
  });

  it('locates issues by group name and clause index', () => {
    const filter = filterOf(group('ok', clause('a', 'IS NULL')), group('bad', clause('a', 'IS NULL'), clause('b', 'EQUALS')));
    expect(validateScopeFilter(filter)).toEqual([
      {
        groupName: 'bad',
        clauseIndex: 1,
        code: 'OperandCount',
        message: 'binary operator "EQUALS" takes exactly one value, got 0',
      },
    ]);
  });

  it.each<[string, unknown]>([
    ['filter not an object', 'nope'],
    ['groups not an array', { groups: {} }],
    ['group not an object', { groups: [7] }],
    ['clauses missing', { groups: [{ name: 'g' }] }],
    ['clause not an object', { groups: [{ name: 'g', clauses: [null] }] }],
    ['operatorName not a string', { groups: [{ name: 'g', clauses: [{ operatorName: 1, sourceOperandName: 'a', targetOperand: null }] }] }],
    [
      'values not strings',
      { groups: [{ name: 'g', clauses: [{ operatorName: 'EQUALS', sourceOperandName: 'a', targetOperand: { values: [1] } }] }] },
    ],
  ])('reports a malformed filter (%s)', (_label, filter) => {
    expect(codes(filter as ScopeFilter)).toEqual(['MalformedFilter']);
  });

  it('ignores the experimental inputFilterGroups and categoryFilterGroups', () => {
    const filter: ScopeFilter = { groups: [], inputFilterGroups: [group('x')], categoryFilterGroups: [group('y')] };
    expect(validateScopeFilter(filter)).toEqual([]);
  });
});

describe('compileScopeFilter', () => {
  it('throws a ScopingFilterError carrying the issues', () => {
    const filter = filterOf(group('g', clause('department', 'REGEX MATCH', '[a-z-[aeiou]]')));
    let thrown: unknown;
    try {
      compileScopeFilter(filter);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ScopingFilterError);
    const error = thrown as ScopingFilterError;
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ groupName: 'g', clauseIndex: 0, code: 'InvalidRegex' });
    expect(error.message).toMatch(/^Invalid scoping filter: group "g" clause 0: regex/);
  });

  it('counts clauses', () => {
    const compiled = compileScopeFilter(
      filterOf(group('a', clause('x', 'IS NULL'), clause('y', 'IS NULL')), group('b', clause('z', 'IS NULL'))),
    );
    expect(compiled.clauseCount).toBe(3);
  });
});
