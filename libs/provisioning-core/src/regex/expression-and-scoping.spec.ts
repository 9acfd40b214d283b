/**
 * One .NET pattern must match the same strings in a mapping expression (Replace) and in a scoping filter
 * (REGEX MATCH): both read Entra's one regex dialect.
 */
import { evaluateExpression, parseExpression } from '../expressions';
import { compileScopeFilter, evaluateScope } from '../scoping';
import { clause, filterOf, group } from '../scoping/test-fixtures';

const HIT = '<hit>';

function literal(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function matchesInExpression(pattern: string, input: string): boolean {
  const expression = parseExpression(`Replace([a], , ${literal(pattern)}, , ${literal(HIT)}, , )`);
  const result = evaluateExpression(expression, { source: { a: input }, now: new Date(0), random: () => 0, newGuid: () => '' });
  return String(result.value).includes(HIT);
}

function matchesInScoping(pattern: string, input: string): boolean {
  const compiled = compileScopeFilter(filterOf(group('g', clause('a', 'REGEX MATCH', pattern))));
  return evaluateScope(compiled, { a: input }).inScope;
}

describe('one .NET regex dialect for expressions and scoping filters', () => {
  it.each([
    // pattern, input, does .NET match
    ['(?m)\\Aabc', 'x\nabc', false], // \A ignores Multiline
    ['(?m)abc\\z', 'abc\nx', false], // \z ignores Multiline
    ['(?m)abc\\Z', 'abc\nx', false], // \Z ignores Multiline
    ['abc\\Z', 'abc\n', true], // \Z: before a final newline
    ['^abc$', 'abc\n', true], // $: before a final newline
    ['(?m)^abc$', 'x\nabc\ny', true],
    ['^abc$', 'x\nabc', false],
    ['a.c', 'a\rc', true], // "." excludes only \n
    ['a.c', 'a\nc', false],
    ['(?s)a.c', 'a\nc', true],
    ['(?i)ABC', 'xabcx', true],
  ])('%j on %j: %j in both', (pattern, input, expected) => {
    expect({ expression: matchesInExpression(pattern, input), scoping: matchesInScoping(pattern, input) }).toEqual({
      expression: expected,
      scoping: expected,
    });
  });
});
