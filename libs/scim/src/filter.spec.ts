import { conjunctiveEqualities, evaluateFilter, FilterNode, parseFilter, validateFilter } from './filter';
import { ScimError } from './errors';
import { ScimResource } from './schema';
import { ENTERPRISE, expectScimError, generic, genericGroups, genericUsers, kintone, kintoneUsers, widgets } from './test-fixtures';

const cmp = (attribute: string, op: string, value: unknown, position: number): FilterNode =>
  ({ kind: 'compare', attribute, op, value, position }) as FilterNode;

describe('parseFilter: AST', () => {
  it.each<[string, FilterNode]>([
    ['userName eq "bjensen"', cmp('userName', 'eq', 'bjensen', 0)],
    ['USERNAME EQ "x"', cmp('USERNAME', 'eq', 'x', 0)],
    ['  userName   Eq   "x"  ', cmp('userName', 'eq', 'x', 2)],
    ['name.familyName co "O\'Malley"', cmp('name.familyName', 'co', "O'Malley", 0)],
    ['title pr', { kind: 'present', attribute: 'title', position: 0 }],
    ['title PR', { kind: 'present', attribute: 'title', position: 0 }],
    ['active eq true', cmp('active', 'eq', true, 0)],
    ['active ne FALSE', cmp('active', 'ne', false, 0)],
    ['x eq null', cmp('x', 'eq', null, 0)],
    ['n gt 10', cmp('n', 'gt', 10, 0)],
    ['n ge -1.5e3', cmp('n', 'ge', -1500, 0)],
    ['n lt 0.25', cmp('n', 'lt', 0.25, 0)],
    ['n le 0', cmp('n', 'le', 0, 0)],
    ['u sw "a" ', cmp('u', 'sw', 'a', 0)],
    ['u ew "a"', cmp('u', 'ew', 'a', 0)],
    ['s eq "q\\"uo\\\\te\\u00e9\\n"', cmp('s', 'eq', 'q"uo\\teé\n', 0)],
    ['s eq "a b ) ] [ ( and or"', cmp('s', 'eq', 'a b ) ] [ ( and or', 0)],
    [`${ENTERPRISE}:employeeNumber eq "7"`, cmp(`${ENTERPRISE}:employeeNumber`, 'eq', '7', 0)],
    ['a eq "1" and b eq "2"', { kind: 'and', filters: [cmp('a', 'eq', '1', 0), cmp('b', 'eq', '2', 13)] }],
    [
      'a eq "1" AND b eq "2" and c pr',
      { kind: 'and', filters: [cmp('a', 'eq', '1', 0), cmp('b', 'eq', '2', 13), { kind: 'present', attribute: 'c', position: 26 }] },
    ],
    [
      'a pr or b pr and c pr',
      {
        kind: 'or',
        filters: [
          { kind: 'present', attribute: 'a', position: 0 },
          {
            kind: 'and',
            filters: [
              { kind: 'present', attribute: 'b', position: 8 },
              { kind: 'present', attribute: 'c', position: 17 },
            ],
          },
        ],
      },
    ],
    [
      '(a pr or b pr) and c pr',
      {
        kind: 'and',
        filters: [
          {
            kind: 'or',
            filters: [
              { kind: 'present', attribute: 'a', position: 1 },
              { kind: 'present', attribute: 'b', position: 9 },
            ],
          },
          { kind: 'present', attribute: 'c', position: 19 },
        ],
      },
    ],
    ['not (a pr)', { kind: 'not', filter: { kind: 'present', attribute: 'a', position: 5 } }],
    [
      'NOT(a pr) and b pr',
      {
        kind: 'and',
        filters: [
          { kind: 'not', filter: { kind: 'present', attribute: 'a', position: 4 } },
          { kind: 'present', attribute: 'b', position: 14 },
        ],
      },
    ],
    ['((a pr))', { kind: 'present', attribute: 'a', position: 2 }],
    [
      'emails[type eq "work" and value co "@x"]',
      {
        kind: 'valuePath',
        attribute: 'emails',
        position: 0,
        filter: { kind: 'and', filters: [cmp('type', 'eq', 'work', 7), cmp('value', 'co', '@x', 26)] },
      },
    ],
    [
      'emails[not (type eq "work")]',
      { kind: 'valuePath', attribute: 'emails', position: 0, filter: { kind: 'not', filter: cmp('type', 'eq', 'work', 12) } },
    ],
    [
      'emails[type eq "work"].value eq "a@b"',
      { ...cmp('emails.value', 'eq', 'a@b', 0), elementFilter: cmp('type', 'eq', 'work', 7) } as FilterNode,
    ],
    [
      'emails[type eq "work"].value pr',
      { kind: 'present', attribute: 'emails.value', position: 0, elementFilter: cmp('type', 'eq', 'work', 7) },
    ],
    [
      'members eq "id" and displayName eq "x"',
      { kind: 'and', filters: [cmp('members', 'eq', 'id', 0), cmp('displayName', 'eq', 'x', 20)] },
    ],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', cmp('meta.lastModified', 'gt', '2011-05-13T04:42:34Z', 0)],
    ['$ref eq "x"', cmp('$ref', 'eq', 'x', 0)],
  ])('%s', (text, ast) => {
    expect(parseFilter(text)).toEqual(ast);
  });
});

describe('parseFilter: errors carry a position', () => {
  it.each([
    ['', /empty filter at position 0/],
    ['   ', /empty filter/],
    ['userName', /expected an operator after 'userName' at position 8/],
    ['userName eq', /expected a value at position 11/],
    ['userName xx "a"', /unknown operator 'xx' at position 9/],
    ['userName eq bjensen', /invalid value 'bjensen' \(strings must be quoted\) at position 12/],
    ['userName eq "abc', /unterminated string at position 12/],
    ['userName eq "a\\x"', /invalid string literal/],
    ['userName eq "a" and', /unexpected end of filter/],
    ['userName eq "a" or or b pr', /unknown operator 'b' at position 22/],
    ['(userName pr', /expected '\)' but found end of input at position 12/],
    ['userName pr)', /expected end of input but found '\)' at position 11/],
    ['userName pr b pr', /expected end of input but found 'b' at position 12/],
    ['not userName pr', /expected '\(' after 'not' at position 4/],
    ['emails[type eq "work"', /expected '\]' but found end of input/],
    ['emails[]', /empty value filter at position 7/],
    ['emails[type eq "w"][value pr]', /expected end of input but found '\['/],
    ['emails[addresses[type pr]]', /value paths cannot be nested/],
    ['emails[a.b pr]', /invalid sub-attribute name 'a.b'/],
    ['name.givenName[x pr]', /value filter must follow an attribute/],
    ['emails[type pr].', /invalid sub-attribute '.'/],
    ['1abc pr', /invalid attribute path '1abc' at position 0/],
    ['a.b.c pr', /invalid attribute path 'a.b.c'/],
    ['user=Name pr', /invalid attribute path/],
    [')', /unexpected '\)'/],
    ['n eq 01', /invalid value '01'/],
    ['n eq 1.', /invalid value/],
    ['u eq "a" and ]', /unexpected '\]'/],
  ])('%p → %p', (text, detail) => {
    expectScimError(() => parseFilter(text), 400, 'invalidFilter', detail);
  });
});

describe('parseFilter: limits and robustness', () => {
  it.each([
    [`userName eq "${'a'.repeat(5000)}"`, undefined, /longer than 4096/],
    ['userName eq "abc"', { maxLength: 10 }, /longer than 10/],
    [`${'('.repeat(33)}a pr${')'.repeat(33)}`, undefined, /nesting deeper than 32/],
    [`${'not ('.repeat(33)}a pr${')'.repeat(33)}`, undefined, /nesting deeper than 32/],
    ['((a pr))', { maxDepth: 1 }, /nesting deeper than 1/],
    ['emails[type pr]', { maxDepth: 0 }, /nesting deeper than 0/],
  ])('%#: limits → invalidFilter', (text, limits, detail) => {
    expectScimError(() => parseFilter(text, limits), 400, 'invalidFilter', detail);
  });

  it('accepts exactly maxDepth levels', () => {
    expect(parseFilter(`${'('.repeat(32)}a pr${')'.repeat(32)}`)).toEqual({ kind: 'present', attribute: 'a', position: 32 });
  });

  it('parses a long flat chain in linear time', () => {
    const text = Array.from({ length: 250 }, (_, i) => `a${i} eq "${i}"`).join(' or ');
    expect(text.length).toBeLessThanOrEqual(4096);
    const start = performance.now();
    const node = parseFilter(text);
    expect(node.kind === 'or' && node.filters.length).toBe(250);
    expect(performance.now() - start).toBeLessThan(200);
  });

  it('survives a huge maxDepth without a stack overflow escaping as a non-ScimError', () => {
    const text = `${'('.repeat(200000)}a pr${')'.repeat(200000)}`;
    expect(() => parseFilter(text, { maxLength: 1e7, maxDepth: 1e7 })).toThrow(ScimError);
  });

  it('only ever throws ScimError on garbage input (deterministic fuzz)', () => {
    const alphabet = [
      'a',
      'eq',
      'and',
      'or',
      'not',
      '(',
      ')',
      '[',
      ']',
      '"x"',
      '"',
      '\\',
      ' ',
      '.',
      ':',
      'pr',
      '1',
      'true',
      'null',
      '.b',
      'urn:a:b',
      '\u0000',
      '__proto__',
    ];
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: 1 + rand(14) }, () => alphabet[rand(alphabet.length)]).join(rand(2) ? ' ' : '');
      try {
        parseFilter(text);
      } catch (err) {
        expect(err).toBeInstanceOf(ScimError);
        expect((err as ScimError).scimType).toBe('invalidFilter');
      }
    }
  });
});

const alice: ScimResource = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
  id: '2819c223-7f76-453a-919d-413861904646',
  externalId: 'Alice-Ext',
  userName: 'Alice@Contoso.com',
  name: { givenName: 'Alice', familyName: 'Jensen' },
  displayName: 'Alice Jensen',
  title: '',
  active: true,
  emails: [
    { value: 'alice@contoso.com', type: 'work', primary: true },
    { value: 'alice@home.example', type: 'home' },
  ],
  phoneNumbers: [],
  roles: [{ value: 'Admin', primary: true }],
  meta: { resourceType: 'User', created: '2024-01-10T10:00:00Z', lastModified: '2024-03-01T12:30:00.000+01:00', version: 'W/"3"' },
  [ENTERPRISE]: { employeeNumber: '701984', manager: { value: 'mgr-1', displayName: 'Boss' } },
};

describe('evaluateFilter (generic User)', () => {
  it.each<[string, boolean]>([
    ['userName eq "alice@contoso.com"', true], // caseExact false
    ['USERNAME EQ "ALICE@CONTOSO.COM"', true],
    ['userName eq "alice"', false],
    ['userName ne "alice"', true],
    ['userName ne "ALICE@contoso.com"', false],
    ['userName co "contoso"', true],
    ['userName sw "ALICE"', true],
    ['userName ew ".COM"', true],
    ['userName gt "a"', true],
    ['userName lt "a"', false],
    ['userName ge "alice@contoso.com"', true],
    ['userName le "alice@contoso.com"', true],
    ['id eq "2819C223-7F76-453A-919D-413861904646"', false], // id is caseExact
    ['id eq "2819c223-7f76-453a-919d-413861904646"', true],
    ['externalId eq "alice-ext"', false], // caseExact
    ['externalId eq "Alice-Ext"', true],
    ['name.givenName eq "alice"', true],
    ['name.middleName pr', false],
    ['name pr', true],
    ['title pr', false], // empty string is not present
    ['phoneNumbers pr', false], // empty array
    ['nickName pr', false],
    ['nickName eq "x"', false], // missing → eq false
    ['nickName ne "x"', true], // missing → ne true
    ['nickName eq null', true],
    ['userName eq null', false],
    ['userName ne null', true],
    ['active eq true', true],
    ['active eq "True"', true],
    ['active ne true', false],
    ['active eq false', false],
    ['emails.value eq "alice@home.example"', true], // any value matches
    ['emails.type eq "HOME"', true],
    ['emails co "home"', true], // complex without sub-attr → value
    ['emails eq "alice@contoso.com"', true],
    ['emails eq "nobody@x"', false],
    ['emails.type ne "work"', true], // any value differs
    ['emails[type eq "work" and value co "@contoso"]', true],
    ['emails[type eq "work" and value co "@home"]', false],
    ['emails[type eq "home" and primary eq true]', false],
    ['emails[not (type eq "work")]', true],
    ['emails[type eq "work"].value eq "alice@contoso.com"', true],
    ['emails[type eq "work"].value eq "alice@home.example"', false],
    ['emails[type eq "home"].value sw "alice@h"', true],
    ['emails[type eq "other"].value pr', false],
    ['emails[type eq "work"].primary eq true', true],
    ['roles[primary eq "True"].value eq "Admin"', true],
    ['meta.created lt "2024-01-10T11:00:00+01:00"', false], // same instant: not lt
    ['meta.created eq "2024-01-10T11:00:00+01:00"', true], // chronological equality
    ['meta.created le "2024-01-10T11:00:00+01:00"', true],
    ['meta.lastModified gt "2024-03-01T11:29:59Z"', true],
    ['meta.lastModified gt "2024-03-01T11:30:00Z"', false],
    ['meta.lastModified ge "2024-03-01T11:30:00Z"', true],
    ['meta.version eq "W/\\"3\\""', true],
    [`${ENTERPRISE}:employeeNumber eq "701984"`, true],
    ['employeeNumber sw "70"', true],
    [`${ENTERPRISE}:manager.value eq "mgr-1"`, true],
    ['manager eq "mgr-1"', true],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "Alice@Contoso.com"', true],
    ['userName eq "x" or active eq true', true],
    ['userName eq "x" and active eq true', false],
    ['not (userName eq "x") and active eq true', true],
    ['userName eq "x" or userName eq "y" or name.familyName eq "jensen"', true],
    ['(userName eq "x" or active eq true) and not (title pr)', true],
    ['userName eq "x" or active eq true and title pr', false], // and binds tighter
    ['unknownAttr eq "x" or userName pr', true],
    ['__proto__ pr', false],
    ['constructor eq "x"', false],
    ['prototype pr', false],
    ['userName eq 5', false],
    ['active gt true', false],
  ])('%s → %s', (text, expected) => {
    expect(evaluateFilter(parseFilter(text), alice, genericUsers)).toBe(expected);
  });

  it('does not break on malformed stored data', () => {
    const odd: ScimResource = { userName: 5, emails: 'not-an-array', name: 'x', [ENTERPRISE]: 'y' };
    for (const f of [
      'userName eq "5"',
      'emails.value eq "x"',
      'emails[type pr]',
      'name.givenName pr',
      'manager.value pr',
      'emails co "x"',
    ]) {
      expect(evaluateFilter(parseFilter(f), odd, genericUsers)).toBe(false);
    }
  });
});

describe('evaluateFilter (Group and typed attributes)', () => {
  const group: ScimResource = { id: 'g1', displayName: 'Sales', members: [{ value: 'u1', type: 'User' }, { value: 'u2' }] };
  it.each<[string, boolean]>([
    ['id eq "g1" and members eq "u2"', true],
    ['id eq "g1" and members eq "U2"', false], // members.value is caseExact
    ['members[value eq "u1" and type eq "user"]', true],
    ['members.value eq "u3"', false],
    ['displayName eq "sales"', true],
  ])('Group: %s → %s', (text, expected) => {
    expect(evaluateFilter(parseFilter(text), group, genericGroups)).toBe(expected);
  });

  const widget: ScimResource = {
    name: 'w',
    count: 10,
    weight: 2.5,
    madeAt: '2020-01-01T00:00:00Z',
    tags: ['Red', 'blue'],
    enabled: false,
    spec: { size: 3 },
  };
  it.each<[string, boolean]>([
    ['count gt 9', true],
    ['count gt 10', false],
    ['count ge 10', true],
    ['count eq 10', true],
    ['count lt 10.5', true],
    ['count eq "10"', false],
    ['weight le 2.5', true],
    ['madeAt gt "2019-12-31T23:59:59Z"', true],
    ['madeAt lt "2019-12-31T23:59:59Z"', false],
    ['tags eq "red"', true],
    ['tags co "LU"', true],
    ['enabled eq false', true],
    ['enabled ne false', false],
    ['spec.size ge 3', true],
  ])('Widget: %s → %s', (text, expected) => {
    expect(evaluateFilter(parseFilter(text), widget, widgets)).toBe(expected);
  });
});

describe('validateFilter', () => {
  const all = (): boolean => true;
  it.each([
    ['userName eq "x"'],
    ['emails[type eq "work"].value eq "x"'],
    ['emails[type eq "work" and primary eq "True"]'],
    ['members eq "x"'],
    ['active eq "False"'],
    ['meta.lastModified gt "2024-01-01T00:00:00Z"'],
    [`${ENTERPRISE}:manager.value eq "m"`],
    ['name pr'],
    ['userName eq null'],
    ['not (emails co "x") or title pr'],
  ])('generic accepts %s', (text) => {
    const schema = text.startsWith('members') ? genericGroups : genericUsers;
    expect(() => validateFilter(parseFilter(text), schema, (p) => generic.isFilterable(schema, p))).not.toThrow();
  });

  it.each([
    ['nickname2 eq "x"', /unknown attribute 'nickname2' at position 0/],
    ['userName eq "x" and foo pr', /unknown attribute 'foo' at position 20/],
    ['emails[foo eq "x"]', /unknown attribute 'foo' at position 7/],
    ['emails[type eq "w"].foo eq "x"', /unknown attribute 'emails.foo'/],
    ['userName[value eq "x"]', /'userName' is not a complex attribute/],
    ['name.givenName gt 1', /needs a string, got 1/],
    ['active gt true', /operator 'gt' is not valid for boolean/],
    ['active co "t"', /operator 'co' is not valid for boolean/],
    ['active eq "yes"', /needs a boolean/],
    ['active eq 1', /needs a boolean/],
    ['name eq "x"', /complex attribute 'name' cannot be compared/],
    ['meta.created gt "yesterday"', /needs an xsd:dateTime/],
    ['meta.created co "2024"', /operator 'co' is not valid for dateTime/],
    ['userName gt null', /cannot compare with null/],
    ['password eq "secret"', /attribute 'password' is not filterable/],
    ['__proto__ pr', /unknown attribute '__proto__'/],
    ['name.__proto__ pr', /unknown attribute 'name.__proto__'/],
    ['prototype pr', /unknown attribute 'prototype'/],
    ['constructor eq "x"', /unknown attribute/],
  ])('generic rejects %s', (text, detail) => {
    expectScimError(
      () => validateFilter(parseFilter(text), genericUsers, (p) => generic.isFilterable(genericUsers, p)),
      400,
      'invalidFilter',
      detail,
    );
  });

  it.each([
    ['userName eq "x"', true],
    ['USERNAME eq "x"', true],
    ['externalId eq "x"', false],
    ['id eq "x"', false],
    ['emails[type eq "work"].value eq "x"', false],
    ['userName eq "x" and active eq true', false],
    ['title eq "x"', false], // not a Kintone attribute
  ])('kintone: %s valid=%s', (text, ok) => {
    const run = (): void => validateFilter(parseFilter(text), kintoneUsers, (p) => kintone.isFilterable(kintoneUsers, p));
    if (ok) expect(run).not.toThrow();
    else expectScimError(run, 400, 'invalidFilter');
  });

  it.each([
    ['count co "1"', /operator 'co' is not valid for numeric/],
    ['count eq 1.5', /needs an integer/],
    ['weight eq "1"', /needs a number/],
    ['blob gt "x"', /operator 'gt' is not valid for binary/],
  ])('widget rejects %s', (text, detail) => {
    expectScimError(() => validateFilter(parseFilter(text), widgets, all), 400, 'invalidFilter', detail);
  });
});

describe('conjunctiveEqualities', () => {
  it.each<[string, { path: string; value: string | number | boolean | null }[]]>([
    ['userName eq "Alice"', [{ path: 'userName', value: 'Alice' }]],
    ['USERNAME eq "Alice"', [{ path: 'userName', value: 'Alice' }]],
    [
      'externalId eq "e" and userName eq "u"',
      [
        { path: 'externalId', value: 'e' },
        { path: 'userName', value: 'u' },
      ],
    ],
    [
      '(externalId eq "e" and name.givenName eq "g") and active eq "True"',
      [
        { path: 'externalId', value: 'e' },
        { path: 'name.givenName', value: 'g' },
        { path: 'active', value: true },
      ],
    ],
    [`${ENTERPRISE}:employeeNumber eq "7"`, [{ path: `${ENTERPRISE}:employeeNumber`, value: '7' }]],
    ['manager.value eq "m"', [{ path: `${ENTERPRISE}:manager.value`, value: 'm' }]],
    ['userName eq "a" or userName eq "b"', []],
    ['userName eq "a" and (externalId eq "x" or externalId eq "y")', [{ path: 'userName', value: 'a' }]],
    ['not (userName eq "a")', []],
    ['userName ne "a"', []],
    ['userName co "a"', []],
    ['emails.value eq "a"', []], // multi-valued parent
    ['emails eq "a"', []],
    ['emails[type eq "work"].value eq "a"', []],
    ['emails[type eq "work"]', []],
    ['unknown eq "a" and userName eq "u"', [{ path: 'userName', value: 'u' }]],
    ['displayName eq null', [{ path: 'displayName', value: null }]],
  ])('User: %s', (text, expected) => {
    expect(conjunctiveEqualities(parseFilter(text), genericUsers)).toEqual(expected);
  });

  it('Group reference check: id eq … and members eq … pushes only id down', () => {
    expect(conjunctiveEqualities(parseFilter('id eq "g" and members eq "u"'), genericGroups)).toEqual([{ path: 'id', value: 'g' }]);
  });
});
