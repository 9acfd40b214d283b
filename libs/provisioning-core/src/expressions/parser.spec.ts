import { ExpressionError, MAX_EXPRESSION_LENGTH, parseExpression, printExpression } from './index';

function parseError(text: string): ExpressionError {
  try {
    parseExpression(text);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`parsed: ${text}`);
}

describe('parseExpression', () => {
  it('builds Graph attributeMappingSource trees with schema keys and null for omitted args', () => {
    expect(parseExpression('Switch([IsSoftDeleted], , "False", "True", "True", "False")')).toEqual({
      type: 'Function',
      name: 'Switch',
      expression: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")',
      parameters: [
        { key: 'source', value: { type: 'Attribute', name: 'IsSoftDeleted' } },
        { key: 'defaultValue', value: null },
        { key: 'key', value: { type: 'Constant', name: 'False' } },
        { key: 'value', value: { type: 'Constant', name: 'True' } },
        { key: 'key', value: { type: 'Constant', name: 'True' } },
        { key: 'value', value: { type: 'Constant', name: 'False' } },
      ],
    });
  });

  it.each<[string, unknown]>([
    ['[mail]', { type: 'Attribute', name: 'mail', expression: '[mail]' }],
    ['  [ mail ]  ', { type: 'Attribute', name: 'mail', expression: '  [ mail ]  ' }],
    ['"United States"', { type: 'Constant', name: 'United States', expression: '"United States"' }],
    ['"a\\\\b\\"c\\d"', { type: 'Constant', name: 'a\\b"c\\d', expression: '"a\\\\b\\"c\\d"' }],
    ['&HF7', { type: 'Constant', name: '&HF7', expression: '&HF7' }],
    ['-12.5', { type: 'Constant', name: '-12.5', expression: '-12.5' }],
    ['Guid()', { type: 'Function', name: 'Guid', parameters: [], expression: 'Guid()' }],
  ])('%s', (text, tree) => {
    expect(parseExpression(text)).toEqual(tree);
  });

  it.each([
    ['Join(" ", [givenName], [surname])', ['separator', 'source', 'source']],
    ['Coalesce([a], [b], "x")', ['source', 'source', 'source']],
    [
      'Replace([mail], "@contoso.com", , , "", , )',
      ['source', 'oldValue', 'regexPattern', 'regexGroupName', 'replacementValue', 'replacementAttributeName', 'template'],
    ],
    ['FormatDateTime([d], , "yyyy", "yy")', ['source', 'dateTimeStyles', 'inputFormat', 'outputFormat']],
    ['InStr("a", "b")', ['value1', 'value2']],
    ['IIF([a] = "x", "1", "2")', ['condition', 'valueIfTrue', 'valueIfFalse']],
  ])('keys of %s', (text, keys) => {
    expect(parseExpression(text).parameters?.map((p) => p.key)).toEqual(keys);
  });

  it('represents comparisons as operator-named Function nodes', () => {
    const condition = parseExpression('IIF([country]="USA",[country],[department])').parameters?.[0].value;
    expect(condition).toEqual({
      type: 'Function',
      name: '=',
      parameters: [
        { key: 'left', value: { type: 'Attribute', name: 'country' } },
        { key: 'right', value: { type: 'Constant', name: 'USA' } },
      ],
    });
  });

  it.each<[string, ExpressionError['code'], number]>([
    ['', 'Syntax', 0],
    ['   ', 'Syntax', 0],
    ['join(" ", [a])', 'UnknownFunction', 0],
    ['Append([a] "x")', 'Syntax', 11],
    ['Append([a], "x"', 'Syntax', 15],
    ['Append([a], "x)', 'Syntax', 12],
    ['Append([a, "x")', 'Syntax', 7],
    ['Append([], "x")', 'Syntax', 7],
    ['Append([a], "x") extra', 'Syntax', 17],
    ['Append', 'Syntax', 6],
    ['Append([a])', 'WrongArity', 0],
    ['Append([a], "b", "c")', 'WrongArity', 0],
    ['Append(, "b")', 'WrongArity', 0],
    ['Switch([a], "d", "k")', 'WrongArity', 0],
    ['SelectUniqueValue([a])', 'WrongArity', 0],
    ['Guid(1)', 'WrongArity', 0],
    ['IIF([a] = [b] = [c], 1, 2)', 'Syntax', 14],
    ['Left([a], 1x)', 'Syntax', 10],
    ['BitAnd(&HZ, 1)', 'Syntax', 7],
    ['Append([a], #)', 'Syntax', 12],
    ['Append([a], vbFoo)', 'Syntax', 17],
  ])('%j → %s at %d', (text, code, position) => {
    const error = parseError(text);
    expect([error.code, error.position]).toEqual([code, position]);
  });

  it('rejects expressions over 10,000 characters', () => {
    const inner = `"${'x'.repeat(MAX_EXPRESSION_LENGTH - 2)}"`;
    expect(parseExpression(inner).name).toHaveLength(MAX_EXPRESSION_LENGTH - 2);
    expect(parseError(`${inner} `).code).toBe('TooLong');
  });

  it('rejects absurd nesting with a Syntax error, not a stack overflow', () => {
    const deep = 'Not('.repeat(1500) + '"x"' + ')'.repeat(1500);
    expect(parseError(deep).code).toBe('Syntax');
  });

  it('accepts newlines and tabs between tokens', () => {
    expect(parseExpression('Switch([Active], ,\n  "1", "a",\n\t"0", "b")').parameters).toHaveLength(6);
  });
});

describe('printExpression', () => {
  it.each([
    ['Replace([mail], "@contoso.com", , ,"", ,)', 'Replace([mail], "@contoso.com", , , "", , )'],
    ['IIF([country]="USA",[country],[department])', 'IIF([country] = "USA", [country], [department])'],
    ['InStr("repEated","e",3,vbBinaryCompare)', 'InStr("repEated", "e", 3, vbBinaryCompare)'],
    ['BitAnd(&HF, &HF7)', 'BitAnd(&HF, &HF7)'],
    ['"a\\\\b\\"c"', '"a\\\\b\\"c"'],
    ['Guid()', 'Guid()'],
  ])('%s → %s', (text, printed) => {
    expect(printExpression(parseExpression(text))).toBe(printed);
  });

  it.each([
    [{ type: 'Attribute' as const, name: 'a]b' }],
    [{ type: 'Function' as const, name: 'Bad Name', parameters: [] }],
    [{ type: 'Function' as const, name: '=', parameters: [{ key: 'left', value: null }] }],
  ])('refuses trees no text can express: %j', (tree) => {
    expect(() => printExpression(tree)).toThrow(ExpressionError);
  });
});
