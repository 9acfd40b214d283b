import {
  assertSafeJson,
  assertSafeUrl,
  MAX_JSON_DEPTH,
  parseFormBody,
  parseJsonBody,
  redactUrl,
  textProblem,
  UnsafeInputError,
} from './request-input';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const refusal = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
};

describe('textProblem', () => {
  it.each<[string, string, RegExp | undefined]>([
    ['plain text', 'Adele Vance', undefined],
    ['a surrogate pair (emoji)', 'team 🚀', undefined],
    ['CJK and accents', '山田 Zoë', undefined],
    ['NUL', 'a\u0000b', /NUL/],
    ['a lone high surrogate', 'a\uD800b', /surrogate/],
    ['a lone high surrogate at the end', 'a\uD83D', /surrogate/],
    ['a lone low surrogate', '\uDC00x', /surrogate/],
    ['two high surrogates', '\uD83D\uD83D\uDE80', /surrogate/],
  ])('%s', (_name, value, expected) => {
    const problem = textProblem(value);
    if (expected) expect(problem).toMatch(expected);
    else expect(problem).toBeUndefined();
  });
});

describe('parseJsonBody', () => {
  it.each<[string, Buffer | string, RegExp | undefined]>([
    ['an object', '{"displayName":"Adele"}', undefined],
    ['nesting at the limit', nested(MAX_JSON_DEPTH), undefined],
    ['nesting one past the limit', nested(MAX_JSON_DEPTH + 1), /nested deeper than 64/],
    ['nesting thousands deep', nested(5000), /nested deeper/],
    ['objects nested thousands deep', '{"a":'.repeat(5000) + '1' + '}'.repeat(5000), /nested deeper/],
    ['an escaped NUL', '{"a":"x\\u0000y"}', /'a' contains a NUL/],
    ['an escaped lone surrogate', '{"name":{"givenName":"\\ud800"}}', /'name.givenName' contains a lone UTF-16 surrogate/],
    ['a lone surrogate in an array', '{"emails":[{"value":"\\udfff"}]}', /'emails\[0\].value'/],
    ['a NUL in a key', '{"a\\u0000":1}', /property name contains a NUL/],
    ['__proto__', '{"__proto__":{"admin":true}}', /Property '__proto__' does not exist/],
    ['nested constructor', '{"a":[{"constructor":{"prototype":{}}}]}', /Property 'constructor'/],
    ['prototype', '{"prototype":1}', /Property 'prototype'/],
    ['raw bytes that are not UTF-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), /not valid UTF-8/],
    [
      'a surrogate encoded in UTF-8 (CESU)',
      Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]),
      /not valid UTF-8/,
    ],
    ['invalid JSON', '{"a":', /Invalid JSON/],
    ['an empty body', '  ', /cannot be empty/i],
  ])('%s', (_name, raw, expected) => {
    const message = refusal(() => parseJsonBody(typeof raw === 'string' ? Buffer.from(raw) : raw));
    if (expected) expect(message).toMatch(expected);
    else expect(message).toBeUndefined();
  });

  it('keeps every value of a safe body', () => {
    expect(parseJsonBody(Buffer.from('{"a":[1,{"b":"🚀"}],"c":null}'))).toEqual({ a: [1, { b: '🚀' }], c: null });
  });

  it('refuses with UnsafeInputError (a 400 in every envelope)', () => {
    expect(() => assertSafeJson({ a: 'x\u0000' })).toThrow(UnsafeInputError);
  });
});

describe('parseFormBody', () => {
  it('parses a form and keeps the first of repeated fields', () => {
    expect({ ...parseFormBody(Buffer.from('grant_type=client_credentials&scope=a%20b&scope=c')) }).toEqual({
      grant_type: 'client_credentials',
      scope: 'a b',
    });
  });
  it.each([
    ['client_secret=a%00b', /NUL/],
    ['__proto__=x', /__proto__/],
    ['a=%ED%A0%80', /not valid UTF-8/],
  ])('refuses %s', (form, expected) => {
    expect(refusal(() => parseFormBody(Buffer.from(form)))).toMatch(expected);
  });
});

describe('assertSafeUrl', () => {
  it.each<[string, RegExp | undefined]>([
    ['/v1.0/users', undefined],
    ["/v1.0/users?$filter=startswith(displayName,'Ad')&$top=5", undefined],
    ['/v1.0/users?$filter=displayName%20eq%20%27%F0%9F%9A%80%27', undefined],
    ["/v1.0/users?$filter=displayName eq '50%'", undefined],
    ['/scim/v2/Users?filter=userName+eq+%22a%2Bb%40contoso.com%22', undefined],
    ['/v1.0/users/%00', /path contains a NUL/],
    ["/v1.0/users?$filter=displayName%20eq%20'a%00b'", /'\$filter' contains a NUL/],
    ['/v1.0/users?$filter=%ED%A0%80', /not valid UTF-8/],
    ['/v1.0/users/%ED%A0%80', /path is not valid UTF-8/],
    ['/v1.0/users?%00=1', /'\(name\)' contains a NUL/],
    ['/v1.0/users?access_token=abc', /Credentials are not accepted .*'access_token'/],
    ['/scim/v2/Users?Access_Token=abc', /Credentials are not accepted/],
    ['/v1.0/users?client_secret=abc', /Credentials are not accepted/],
    ['/v1.0/users?%61ccess_token=abc', /Credentials are not accepted/],
  ])('%s', (url, expected) => {
    const message = refusal(() => assertSafeUrl(url));
    if (expected) expect(message).toMatch(expected);
    else expect(message).toBeUndefined();
    if (message) expect(message).not.toContain('abc');
  });
});

describe('redactUrl', () => {
  it.each([
    ['/v1.0/users', '/v1.0/users'],
    ['/v1.0/users?$top=1&access_token=s3cr3t', '/v1.0/users?$top=1&access_token=[REDACTED]'],
    ['/x?TOKEN=a&client_secret=b&keep=c', '/x?TOKEN=[REDACTED]&client_secret=[REDACTED]&keep=c'],
    ['/x?%61ccess_token=s3cr3t', '/x?%61ccess_token=[REDACTED]'],
  ])('%s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
