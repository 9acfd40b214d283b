import { EXTENSION_OPERATOR_NAMES, FILTER_OPERATORS, findScopeOperator } from './operators';

describe('FILTER_OPERATORS', () => {
  it('describes EQUALS as the Graph doc example does', () => {
    expect(FILTER_OPERATORS.find((o) => o.name === 'EQUALS')).toEqual({
      name: 'EQUALS',
      arity: 'Binary',
      multivaluedComparisonType: 'All',
      supportedAttributeTypes: ['String', 'Integer'],
    });
  });

  it.each([
    ['EQUALS', 'Binary'],
    ['NOT EQUALS', 'Binary'],
    ['IS TRUE', 'Unary'],
    ['IS FALSE', 'Unary'],
    ['IS NULL', 'Unary'],
    ['IS NOT NULL', 'Unary'],
    ['REGEX MATCH', 'Binary'],
    ['NOT REGEX MATCH', 'Binary'],
    ['Greater_Than', 'Binary'],
    ['Greater_Than_OR_EQUALS', 'Binary'],
    ['Includes', 'Binary'],
    ['&', 'Binary'],
    ['!&', 'Binary'],
    ['ENDS_WITH', 'Binary'],
    ['Less_Than', 'Binary'],
    ['Less_Than_OR_EQUALS', 'Binary'],
    ['Not_Includes', 'Binary'],
  ])('lists %s (%s)', (name, arity) => {
    expect(FILTER_OPERATORS.find((o) => o.name === name)?.arity).toBe(arity);
  });

  it('has exactly 17 operators, only Graph fields', () => {
    expect(FILTER_OPERATORS).toHaveLength(17);
    for (const o of FILTER_OPERATORS) {
      expect(Object.keys(o).sort()).toEqual(['arity', 'multivaluedComparisonType', 'name', 'supportedAttributeTypes']);
    }
  });

  it('marks the three undocumented operators as extensions', () => {
    expect(EXTENSION_OPERATOR_NAMES).toEqual(['Less_Than', 'Less_Than_OR_EQUALS', 'Not_Includes']);
  });
});

describe('findScopeOperator', () => {
  it.each([
    ['EQUALS', 'EQUALS'],
    ['Equals', 'EQUALS'],
    ['NOT_EQUALS', 'NOT EQUALS'],
    ['NOTEQUALS', 'NOT EQUALS'],
    ['ISNOTNULL', 'IS NOT NULL'],
    ['IsTrue', 'IS TRUE'],
    ['GREATER_THAN', 'Greater_Than'],
    ['Greater Than Or Equals', 'Greater_Than_OR_EQUALS'],
    ['EndsWith', 'ENDS_WITH'],
    ['&', '&'],
    ['!&', '!&'],
  ])('%p → %p', (spelling, canonical) => {
    expect(findScopeOperator(spelling)?.name).toBe(canonical);
  });

  it.each(['', 'IsMemberOf', 'STARTS_WITH', '&&', 'LIKE'])('%p is unknown', (spelling) => {
    expect(findScopeOperator(spelling)).toBeUndefined();
  });
});
