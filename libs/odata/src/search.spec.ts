import { ODataError } from './errors';
import { PropertyMap } from './property-map';
import { parseSearch, SearchNode, searchWords, validateSearch } from './search';
import { searchToSql } from './search-sql';

const c = (property: string, value: string, position: number): SearchNode => ({ kind: 'clause', property, value, position });

describe('parseSearch — accepted forms', () => {
  it.each<[string, SearchNode]>([
    ['"displayName:wa"', c('displayName', 'wa', 0)],
    ['  "displayName:wa"  ', c('displayName', 'wa', 2)],
    ['"displayName:Adele Vance"', c('displayName', 'Adele Vance', 0)],
    ['"displayName:a:b"', c('displayName', 'a:b', 0)],
    ['" displayName :x"', c('displayName', 'x', 0)],
    ['"displayName:say \\"hi\\""', c('displayName', 'say "hi"', 0)],
    ['"displayName:back\\\\slash"', c('displayName', 'back\\slash', 0)],
    ['"displayName:李四(David Li)"', c('displayName', '李四(David Li)', 0)],
    ['"displayName:Guthr" OR "mail:Guthr"', { kind: 'or', operands: [c('displayName', 'Guthr', 0), c('mail', 'Guthr', 23)] }],
    ['"a:1" AND "b:2"', { kind: 'and', operands: [c('a', '1', 0), c('b', '2', 10)] }],
    ['"a:1" "b:2"', { kind: 'and', operands: [c('a', '1', 0), c('b', '2', 6)] }],
    ['"a:1" OR "b:2" OR "c:3"', { kind: 'or', operands: [c('a', '1', 0), c('b', '2', 9), c('c', '3', 18)] }],
    ['"a:1" OR "b:2" AND "c:3"', { kind: 'or', operands: [c('a', '1', 0), { kind: 'and', operands: [c('b', '2', 9), c('c', '3', 19)] }] }],
    [
      '("a:1" OR "b:2") AND "c:3"',
      { kind: 'and', operands: [{ kind: 'or', operands: [c('a', '1', 1), c('b', '2', 10)] }, c('c', '3', 21)] },
    ],
    [
      '"description:One" AND ("displayName:Video" OR "displayName:Drive")',
      {
        kind: 'and',
        operands: [c('description', 'One', 0), { kind: 'or', operands: [c('displayName', 'Video', 23), c('displayName', 'Drive', 46)] }],
      },
    ],
    ['(("a:1"))', c('a', '1', 2)],
  ])('%s', (text, expected) => {
    expect(parseSearch(text)).toEqual(expected);
  });
});

describe("parseSearch — refusals (400, in the OData parser's words where it has them)", () => {
  it.each<[string, string, string, RegExp]>([
    ['empty', '', 'BadRequest', /^Syntax error at position 0 in ''\.$/],
    ['blank', '   ', 'BadRequest', /^Syntax error at position 0/],
    [
      'an unquoted clause',
      'displayName:wa',
      'BadRequest',
      /^Syntax error: character 'd' is not valid at position 0 in 'displayName:wa'\.$/,
    ],
    ['a bare word', 'Guthrie', 'BadRequest', /character 'G' is not valid at position 0/],
    [
      'an unterminated quote',
      '"displayName:wa',
      'BadRequest',
      /^There is an unterminated string literal at position 0 in '"displayName:wa'\.$/,
    ],
    ['a lower-case and', '"a:1" and "b:2"', 'BadRequest', /character 'a' is not valid at position 6/],
    ['a lower-case or', '"a:1" or "b:2"', 'BadRequest', /character 'o' is not valid at position 6/],
    ['NOT', '"a:1" NOT "b:2"', 'BadRequest', /character 'N' is not valid/],
    ['a trailing AND', '"a:1" AND', 'BadRequest', /^Syntax error at position 9 in/],
    ['a leading OR', 'OR "a:1"', 'BadRequest', /^Syntax error at position 0 in/],
    ['two operators', '"a:1" AND OR "b:2"', 'BadRequest', /^Syntax error at position 10 in/],
    ['an unclosed parenthesis', '("a:1"', 'BadRequest', /^Syntax error at position 6 in/],
    ['a stray parenthesis', '"a:1")', 'BadRequest', /^Syntax error at position 5 in/],
    ['empty parentheses', '()', 'BadRequest', /^Syntax error at position 1 in/],
    ['an unknown escape', '"a:\\x"', 'BadRequest', /character '\\' is not valid at position 3/],
    ['a clause without a colon', '"displayName"', 'Request_UnsupportedQuery', /each clause is "<property>:<text to search>"/],
    ['a clause without a property', '":wa"', 'Request_UnsupportedQuery', /each clause is/],
    ['a property with a space', '"display name:wa"', 'Request_UnsupportedQuery', /each clause is/],
    ['a clause without text', '"displayName:"', 'Request_UnsupportedQuery', /each clause is/],
    ['a clause of blanks', '"displayName:   "', 'Request_UnsupportedQuery', /each clause is/],
    ['1,025 characters', 'x'.repeat(1025), 'Request_UnsupportedQuery', /longer than the maximum of 1024 characters/],
    [
      '17 clauses',
      Array.from({ length: 17 }, (_, i) => `"a:${i}"`).join(' OR '),
      'Request_UnsupportedQuery',
      /more than the maximum of 16 clauses/,
    ],
    ['9 levels', '('.repeat(9) + '"a:1"' + ')'.repeat(9), 'Request_UnsupportedQuery', /nested deeper than the maximum of 8 levels/],
    ['100 open parentheses', '('.repeat(100) + '"a:1"', 'Request_UnsupportedQuery', /nested deeper/],
    [
      '33 words',
      `"displayName:${Array.from({ length: 33 }, (_, i) => `w${i}x`).join(' ')}"`,
      'Request_UnsupportedQuery',
      /more than the maximum of 32 words/,
    ],
  ])('%s', (_name, text, code, message) => {
    let error: unknown;
    try {
      parseSearch(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ODataError);
    expect(error).toMatchObject({ code, message: expect.stringMatching(message) });
  });

  it('honours smaller limits when asked', () => {
    expect(() => parseSearch('"a:1" OR "b:2"', { maxClauses: 1 })).toThrow(/maximum of 1 clauses/);
    expect(() => parseSearch('"a:12345"', { maxLength: 5 })).toThrow(/maximum of 5 characters/);
  });

  it('never throws anything but ODataError on random input', () => {
    const alphabet = ['"', '\\', '(', ')', ' ', ':', 'a', 'AND', 'OR', 'x', '\u0000', '\uD800', '李'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let n = 0; n < 2000; n++) {
      let text = '';
      const len = next() % 24;
      for (let i = 0; i < len; i++) text += alphabet[next() % alphabet.length];
      try {
        parseSearch(text);
      } catch (e) {
        expect(e).toBeInstanceOf(ODataError);
      }
    }
  });
});

describe("searchWords — Graph's tokenization of the search text", () => {
  it.each<[string, string[]]>([
    ['hello world', ['hello', 'world']],
    ['HelloWorld', ['Hello', 'World']],
    ['helloWORLD', ['hello', 'WORLD']],
    ['HELLOworld', ['HELLOworld']],
    ['HelloWORld', ['Hello', 'WORld']],
    ['hello.world', ['hello', 'world']],
    ['hello123world', ['hello', '123', 'world']],
    ['OneVideo', ['One', 'Video']],
    ['adele.vance@contoso.com', ['adele', 'vance', 'contoso', 'com']],
    ['李四(David Li)', ['李四', 'David', 'Li']],
    ['  --  ', []],
    ['a a A', ['a', 'A']],
  ])('%s', (text, words) => {
    expect(searchWords(text)).toEqual(words);
  });
});

const PROPS: PropertyMap = {
  displayName: { sql: 'u.display_name', type: 'string', search: 'tokens' },
  mail: { sql: 'u.mail', type: 'string' },
  accountEnabled: { sql: 'u.account_enabled', type: 'boolean' },
  secret: { sql: 'u.secret', type: 'string', filterable: false },
};

describe('validateSearch', () => {
  it('resolves property names case-insensitively to their canonical spelling', () => {
    expect(validateSearch(parseSearch('"DISPLAYNAME:x" OR "Mail:y"'), PROPS, 'User')).toEqual({
      kind: 'or',
      operands: [c('displayName', 'x', 0), c('mail', 'y', 19)],
    });
  });

  it.each([
    ['"favouriteColour:blue"', 'Request_BadRequest', "Could not find a property named 'favouriteColour' on type 'microsoft.graph.user'."],
    [
      '"accountEnabled:true"',
      'Request_UnsupportedQuery',
      "Unsupported or invalid query filter clause specified for property 'accountEnabled' of resource 'User'.",
    ],
    [
      '"secret:x"',
      'Request_UnsupportedQuery',
      "Unsupported or invalid query filter clause specified for property 'secret' of resource 'User'.",
    ],
  ])('refuses %s', (text, code, message) => {
    expect(() => validateSearch(parseSearch(text), PROPS, 'User')).toThrow(expect.objectContaining({ code, message }));
  });
});

describe('searchToSql', () => {
  it('tokenized properties: one text[] parameter of words per clause, never the text in the SQL', () => {
    const { sql, params } = searchToSql(parseSearch('"displayName:Robert\'); DROP TABLE users; --"'), PROPS, 3, 'User');
    expect(params).toEqual([['Robert', 'DROP', 'TABLE', 'users']]);
    expect(sql).toContain('$3::text[]');
    expect(sql).not.toMatch(/Robert|DROP/);
    expect(sql).toMatch(/starts_with\(w\.v, lower\(s\.word\)\)/);
  });

  it('other string properties: a case-insensitive prefix of the whole value', () => {
    expect(searchToSql(parseSearch('"mail:adele.v"'), PROPS, 1, 'User')).toEqual({
      sql: '(u.mail IS NOT NULL AND starts_with(lower(u.mail), lower($1::text)))',
      params: ['adele.v'],
    });
  });

  it('AND / OR keep their grouping; placeholders continue from firstParam', () => {
    const { sql, params } = searchToSql(parseSearch('"mail:a" AND ("mail:b" OR "mail:c")'), PROPS, 2, 'User');
    expect(params).toEqual(['a', 'b', 'c']);
    expect(sql).toMatch(/^\(\(u\.mail .*\$2.*\) AND \(\(u\.mail .*\$3.*\) OR \(u\.mail .*\$4.*\)\)\)$/);
  });

  it('a clause without a word matches nothing', () => {
    expect(searchToSql(parseSearch('"displayName:--"'), PROPS, 1, 'User')).toEqual({ sql: 'FALSE', params: [] });
  });

  it('validates before emitting', () => {
    expect(() => searchToSql(parseSearch('"nope:x"'), PROPS, 1, 'User')).toThrow(ODataError);
    expect(() => searchToSql(parseSearch('"mail:x"'), PROPS, 0, 'User')).toThrow(RangeError);
  });
});
