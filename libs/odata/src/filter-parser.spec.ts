import { ODataError } from './errors';
import { FilterNode } from './filter-ast';
import { parseFilter } from './filter-parser';

const prop = (name: string) => ({ kind: 'property', name }) as const;
const at = (text: string, fragment: string): number => text.indexOf(fragment);

describe('parseFilter — accepted forms', () => {
  it.each<[string, FilterNode]>([
    ["displayName eq 'a'", { kind: 'compare', op: 'eq', subject: prop('displayName'), value: { type: 'string', value: 'a' }, position: 0 }],
    [
      "displayName eq 'O''Brien'",
      { kind: 'compare', op: 'eq', subject: prop('displayName'), value: { type: 'string', value: "O'Brien" }, position: 0 },
    ],
    [
      "displayName eq ''''",
      { kind: 'compare', op: 'eq', subject: prop('displayName'), value: { type: 'string', value: "'" }, position: 0 },
    ],
    ["displayName eq ''", { kind: 'compare', op: 'eq', subject: prop('displayName'), value: { type: 'string', value: '' }, position: 0 }],
    [
      'accountEnabled eq false',
      { kind: 'compare', op: 'eq', subject: prop('accountEnabled'), value: { type: 'boolean', value: false }, position: 0 },
    ],
    [
      'accountEnabled EQ TRUE',
      { kind: 'compare', op: 'eq', subject: prop('accountEnabled'), value: { type: 'boolean', value: true }, position: 0 },
    ],
    ['mail ne null', { kind: 'compare', op: 'ne', subject: prop('mail'), value: { type: 'null' }, position: 0 }],
    ['signInCount ge -5', { kind: 'compare', op: 'ge', subject: prop('signInCount'), value: { type: 'int', value: -5 }, position: 0 }],
    [
      'id eq 72F988BF-86F1-41AF-91AB-2D7CD011DB47',
      {
        kind: 'compare',
        op: 'eq',
        subject: prop('id'),
        value: { type: 'guid', value: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
        position: 0,
      },
    ],
    [
      'createdDateTime le 2021-01-02T12:00:00Z',
      {
        kind: 'compare',
        op: 'le',
        subject: prop('createdDateTime'),
        value: { type: 'datetime', value: '2021-01-02T12:00:00.000Z' },
        position: 0,
      },
    ],
    [
      'createdDateTime lt 2021-01-02T12:00:00.1230000+01:30',
      {
        kind: 'compare',
        op: 'lt',
        subject: prop('createdDateTime'),
        value: { type: 'datetime', value: '2021-01-02T10:30:00.123Z' },
        position: 0,
      },
    ],
    [
      'createdDateTime gt 2017-04-01',
      {
        kind: 'compare',
        op: 'gt',
        subject: prop('createdDateTime'),
        value: { type: 'datetime', value: '2017-04-01T00:00:00.000Z' },
        position: 0,
      },
    ],
    [
      "onPremisesExtensionAttributes/extensionAttribute1 eq 'x'",
      {
        kind: 'compare',
        op: 'eq',
        subject: prop('onPremisesExtensionAttributes/extensionAttribute1'),
        value: { type: 'string', value: 'x' },
        position: 0,
      },
    ],
    [
      "startswith(displayName,'a')",
      { kind: 'function', name: 'startswith', subject: prop('displayName'), value: { type: 'string', value: 'a' }, position: 0 },
    ],
    [
      "startsWith( displayName , 'a' )",
      { kind: 'function', name: 'startswith', subject: prop('displayName'), value: { type: 'string', value: 'a' }, position: 0 },
    ],
    [
      "ENDSWITH(mail,'@contoso.com')",
      { kind: 'function', name: 'endswith', subject: prop('mail'), value: { type: 'string', value: '@contoso.com' }, position: 0 },
    ],
    [
      "userPrincipalName in ('a','b')",
      {
        kind: 'in',
        subject: prop('userPrincipalName'),
        values: [
          { type: 'string', value: 'a' },
          { type: 'string', value: 'b' },
        ],
        position: 0,
      },
    ],
    [
      "companyName IN (null, 'Microsoft')",
      { kind: 'in', subject: prop('companyName'), values: [{ type: 'null' }, { type: 'string', value: 'Microsoft' }], position: 0 },
    ],
    [
      "not(startswith(displayName,'a'))",
      {
        kind: 'not',
        operand: { kind: 'function', name: 'startswith', subject: prop('displayName'), value: { type: 'string', value: 'a' }, position: 4 },
      },
    ],
    [
      "NOT startsWith(displayName, 'Conf')",
      {
        kind: 'not',
        operand: {
          kind: 'function',
          name: 'startswith',
          subject: prop('displayName'),
          value: { type: 'string', value: 'Conf' },
          position: 4,
        },
      },
    ],
    [
      "businessPhones/any(p:p eq '123')",
      {
        kind: 'any',
        property: 'businessPhones',
        variable: 'p',
        position: 0,
        predicate: {
          kind: 'compare',
          op: 'eq',
          subject: { kind: 'variable', name: 'p' },
          value: { type: 'string', value: '123' },
          position: 21,
        },
      },
    ],
    [
      "proxyAddresses/ANY (x: startswith(x,'smtp:'))",
      {
        kind: 'any',
        property: 'proxyAddresses',
        variable: 'x',
        position: 0,
        predicate: {
          kind: 'function',
          name: 'startswith',
          subject: { kind: 'variable', name: 'x' },
          value: { type: 'string', value: 'smtp:' },
          position: 23,
        },
      },
    ],
    ['businessPhones/any()', { kind: 'any', property: 'businessPhones', variable: '', position: 0 }],
    [
      "NOT groupTypes/any(c:c eq 'Unified')",
      {
        kind: 'not',
        operand: {
          kind: 'any',
          property: 'groupTypes',
          variable: 'c',
          position: 4,
          predicate: {
            kind: 'compare',
            op: 'eq',
            subject: { kind: 'variable', name: 'c' },
            value: { type: 'string', value: 'Unified' },
            position: 21,
          },
        },
      },
    ],
  ])('%s', (text, expected) => {
    expect(parseFilter(text)).toEqual(expected);
  });
});

/** Shape only: which operator sits where. */
function shape(node: FilterNode): string {
  switch (node.kind) {
    case 'and':
    case 'or':
      return `${node.kind}(${node.operands.map(shape).join(',')})`;
    case 'not':
      return `not(${shape(node.operand)})`;
    case 'any':
      return `any(${node.predicate ? shape(node.predicate) : ''})`;
    case 'compare':
      return node.subject.name;
    case 'in':
      return `${node.subject.name}∈`;
    case 'function':
      return `${node.name}(${node.subject.name})`;
  }
}

describe('parseFilter — precedence (not > and > or) and grouping', () => {
  it.each([
    ['a eq 1 or b eq 1 and c eq 1', 'or(a,and(b,c))'],
    ['a eq 1 and b eq 1 or c eq 1', 'or(and(a,b),c)'],
    ['(a eq 1 or b eq 1) and c eq 1', 'and(or(a,b),c)'],
    ['a eq 1 or b eq 1 or c eq 1', 'or(a,b,c)'],
    ['a eq 1 or (b eq 1 or c eq 1)', 'or(a,b,c)'],
    ['a eq 1 and b eq 1 and c eq 1 and d eq 1', 'and(a,b,c,d)'],
    ['not(a eq 1) and b eq 1', 'and(not(a),b)'],
    ['not (a eq 1 and b eq 1)', 'not(and(a,b))'],
    ["not startswith(a,'x') or b eq 1", 'or(not(startswith(a)),b)'],
    ['not not(a eq 1)', 'not(not(a))'],
    ['((((a eq 1))))', 'a'],
    ['a eq 1 AND b eq 1 Or c eq 1', 'or(and(a,b),c)'],
    ["p/any(x: x eq 'a' or startswith(x,'b')) and c eq 1", 'and(any(or(x,startswith(x))),c)'],
  ])('%s → %s', (text, expected) => {
    expect(shape(parseFilter(text))).toBe(expected);
  });
});

describe('parseFilter — rejected input', () => {
  const long = `displayName eq '${'x'.repeat(2100)}'`;
  const deep = `${'('.repeat(40)}a eq 1${')'.repeat(40)}`;
  const manyIn = `a in (${Array.from({ length: 51 }, (_, i) => i).join(',')})`;
  it.each<[string, string, ODataError['code'], number | undefined]>([
    ['empty', '', 'BadRequest', 0],
    ['blank', '   ', 'BadRequest', 0],
    ['too long', long, 'BadRequest', 2048],
    ['too deep', deep, 'BadRequest', 31],
    ['in list too long', manyIn, 'Request_UnsupportedQuery', at(manyIn, '50')],
    ['unterminated string', "displayName eq 'abc", 'BadRequest', 15],
    ['unterminated after doubled quote', "displayName eq 'x'') or 1=1 --", 'BadRequest', 15],
    ['semicolon', "displayName eq 'x'; DROP TABLE users", 'BadRequest', 18],
    ['SQL comment', "displayName eq 'x' --", 'BadRequest', 19],
    ['equals sign', "displayName = 'x'", 'BadRequest', 12],
    ['double quotes', 'displayName eq "x"', 'BadRequest', 15],
    ['missing value', 'displayName eq', 'BadRequest', 14],
    ['missing operator', "displayName 'x'", 'Request_UnsupportedQuery', 0],
    ['bare boolean property', 'accountEnabled', 'Request_UnsupportedQuery', 0],
    ['not before a comparison', "not displayName eq 'x'", 'BadRequest', 4],
    ['trailing garbage', "displayName eq 'x' 'y'", 'BadRequest', 19],
    ['dangling and', "displayName eq 'x' and", 'BadRequest', 22],
    ['unbalanced (', "(displayName eq 'x'", 'BadRequest', 19],
    ['unbalanced )', "displayName eq 'x')", 'BadRequest', 18],
    ['literal on the left', "'x' eq displayName", 'Request_UnsupportedQuery', 0],
    ['tautology', '1 eq 1', 'Request_UnsupportedQuery', 0],
    ['property vs property', 'displayName eq mail', 'Request_UnsupportedQuery', 15],
    ['contains()', "contains(displayName,'a')", 'Request_UnsupportedQuery', 0],
    ['tolower()', "tolower(displayName) eq 'a'", 'Request_UnsupportedQuery', 0],
    ['unknown function', "frobnicate(displayName,'a')", 'BadRequest', 0],
    ['function result compared', "startswith(displayName,'a') eq true", 'Request_UnsupportedQuery', 28],
    ['has operator', "scenarios has 'x'", 'Request_UnsupportedQuery', 10],
    ['arithmetic', 'signInCount add 1 eq 2', 'Request_UnsupportedQuery', 12],
    ['decimal literal', 'signInCount eq 1.5', 'Request_UnsupportedQuery', 15],
    ['huge integer', 'signInCount eq 99999999999999999999', 'BadRequest', 15],
    ['all() lambda', "p/all(x:x eq 'a')", 'Request_UnsupportedQuery', 2],
    ['nested lambda', "p/any(x:q/any(y:y eq 'a'))", 'Request_UnsupportedQuery', 10],
    ['complex collection', "assignedPlans/any(a:a/servicePlanId eq 'x')", 'Request_UnsupportedQuery', 22],
    ['$count segment', 'assignedLicenses/$count eq 0', 'Request_UnsupportedQuery', 17],
    ['type cast', "microsoft.graph.user/displayName eq 'a'", 'Request_UnsupportedQuery', 0],
    ['parameter alias', 'displayName eq @p', 'Request_UnsupportedQuery', 15],
    ['empty in list', 'a in ()', 'BadRequest', 6],
    ['in without list', "a in 'x'", 'BadRequest', 5],
    ['datetime without zone', 'createdDateTime ge 2017-07-01T08:00', 'BadRequest', 19],
    ['impossible date', 'createdDateTime ge 2021-02-30', 'BadRequest', 19],
    ['sub-millisecond datetime', 'createdDateTime ge 2021-01-01T00:00:00.0001Z', 'Request_UnsupportedQuery', 19],
    ['lambda without colon', "p/any(x x eq 'a')", 'BadRequest', 8],
  ])('%s', (_label, text, code, position) => {
    let error: unknown;
    try {
      parseFilter(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ODataError);
    expect(error).toMatchObject({ code });
    if (position !== undefined) expect((error as ODataError).position).toBe(position);
  });

  it.each([
    [{ maxLength: 10 }, "displayName eq 'a'", 'BadRequest'],
    [{ maxDepth: 1 }, "(a eq 'x')", 'BadRequest'],
    [{ maxDepth: 2 }, "not(not(a eq 'x'))", 'BadRequest'],
    [{ maxInItems: 2 }, "a in ('x','y','z')", 'Request_UnsupportedQuery'],
  ])('honours %j', (opts, text, code) => {
    expect(() => parseFilter(text, opts)).toThrow(expect.objectContaining({ code }));
  });

  it.each([
    [{ maxLength: 18 }, "displayName eq 'a'"],
    [{ maxDepth: 2 }, "(a eq 'x')"],
    [{ maxInItems: 3 }, "a in ('x','y','z')"],
  ])('accepts at the limit %j', (opts, text) => {
    expect(() => parseFilter(text, opts)).not.toThrow();
  });

  it('messages follow Graph: "Invalid filter clause: …" for syntax errors', () => {
    expect(() => parseFilter("displayName = 'x'")).toThrow(
      "Invalid filter clause: Syntax error: character '=' is not valid at position 12.",
    );
  });
});
