import { parseAndEvaluate, ParseExpressionInputError, resultStrings, testInputSource } from './parse-expression';

const ctx = { now: new Date('2025-01-02T03:04:05Z'), random: () => 0.5, newGuid: () => '00000000-0000-0000-0000-000000000000' };

describe('parseAndEvaluate', () => {
  it('parses and evaluates the documented Replace example', () => {
    const res = parseAndEvaluate('Replace([preferredLanguage], "-", , , "_", , )', { preferredLanguage: 'EN-US' }, ctx);
    expect(res).toMatchObject({ error: null, parsingSucceeded: true, evaluationSucceeded: true, evaluationResult: ['EN_US'] });
    expect(res.parsedExpression).toMatchObject({
      type: 'Function',
      name: 'Replace',
      expression: 'Replace([preferredLanguage], "-", , , "_", , )',
    });
    expect(res.parsedExpression?.parameters?.[0]).toEqual({
      key: 'source',
      value: { expression: '[preferredLanguage]', name: 'preferredLanguage', parameters: [], type: 'Attribute' },
    });
  });

  it.each([
    ['unknown function', 'Nope([a])', /unknown function "Nope"/],
    ['wrong arity', 'Mid([a], 1)', /Mid takes 3 argument/],
    ['unbalanced', 'Join(",", [a]', /expected/],
    ['empty', '', /empty expression/],
  ])('reports a parse failure in the body: %s', (_name, text, message) => {
    const res = parseAndEvaluate(text, null, ctx);
    expect(res.parsingSucceeded).toBe(false);
    expect(res.parsedExpression).toBeNull();
    expect(res.evaluationSucceeded).toBe(false);
    expect(res.error?.message).toMatch(message);
  });

  it('does not evaluate without a test object', () => {
    expect(parseAndEvaluate('[displayName]', null, ctx)).toMatchObject({
      parsingSucceeded: true,
      evaluationSucceeded: false,
      evaluationResult: null,
      error: null,
    });
  });

  it('reports evaluation errors in the body', () => {
    const res = parseAndEvaluate('CDate("not a date")', {}, ctx);
    expect(res.parsingSucceeded).toBe(true);
    expect(res.evaluationSucceeded).toBe(false);
    expect(res.error?.code).toBe('ExpressionEvaluation');
  });

  it.each([
    [null, []],
    ['a', ['a']],
    [true, ['True']],
    [3, ['3']],
    [
      ['a', 'b'],
      ['a', 'b'],
    ],
  ] as const)('resultStrings(%j)', (value, expected) => {
    expect(resultStrings(value as never)).toEqual(expected);
  });
});

describe('testInputSource', () => {
  it('reads Graph expressionInputObject properties', () => {
    expect(
      testInputSource({
        definition: null,
        properties: [
          { key: 'displayName', value: 'John' },
          { key: 'appRoleAssignments', 'value@odata.type': '#Collection(String)', value: ['Default'] },
        ],
      }),
    ).toEqual({
      displayName: 'John',
      appRoleAssignments: ['Default'],
    });
  });

  it.each([
    ['not an object', 'x'],
    ['properties not an array', { properties: {} }],
    ['a property without key', { properties: [{ value: 'x' }] }],
    ['an object value', { properties: [{ key: 'a', value: { nested: true } }] }],
  ])('rejects %s', (_name, input) => {
    expect(() => testInputSource(input)).toThrow(ParseExpressionInputError);
  });
});
