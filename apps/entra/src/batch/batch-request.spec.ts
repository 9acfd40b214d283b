import { GraphError } from '../http/graph-error';
import { executionOrder, parseBatch, relativeUrl } from './batch-request';

const get = (id: string, url = '/users', extra: object = {}) => ({ id, method: 'GET', url, ...extra });

describe('relativeUrl', () => {
  it.each([
    ['/users', '/users'],
    ['users', '/users'],
    ['/users?$filter=startswith(displayName,%27a%27)&$top=1', '/users?$filter=startswith(displayName,%27a%27)&$top=1'],
    ['/users/adele.vance%40contoso.com', '/users/adele.vance%40contoso.com'],
    ['/users?$search="displayName:a b"'.replace(' ', '%20'), '/users?$search="displayName:a%20b"'],
    ['/users?x=..%2F..', '/users?x=..%2F..'],
  ])('takes %s as %s', (url, expected) => {
    expect(relativeUrl(url)).toBe(expected);
  });

  it.each([
    'https://graph.microsoft.com/v1.0/users',
    'http:/users',
    'javascript:alert(1)',
    '//host/users',
    '\\\\host\\users',
    '/users\\x',
    '/..',
    '/../sim',
    '/users/./x',
    '/%2e%2e/sim',
    '/%2E./sim',
    '/.%2e/sim',
    '/users%2fx',
    '/users%5cx',
    '/users/%zz',
    '/users#x',
    '/users x',
    '/users\u0000',
    '/users\u007f',
    '/users\u2028',
    '',
    'x'.repeat(8193),
  ])('refuses %j', (url) => {
    expect(() => relativeUrl(url)).toThrow(
      expect.objectContaining({ status: 400, code: 'BadRequest', message: 'Invalid batch payload format.' }),
    );
  });

  it('refuses what is not a string', () => {
    for (const url of [undefined, null, 1, ['/users'], { path: '/users' }]) expect(() => relativeUrl(url)).toThrow(GraphError);
  });
});

describe('parseBatch', () => {
  it('normalises method and url, keeps only the forwarded headers, resolves dependsOn case-insensitively', () => {
    const steps = parseBatch({
      requests: [
        {
          id: 'One',
          method: 'post',
          url: 'users',
          headers: { 'Content-Type': 'application/json', Authorization: 'Bearer x', Host: 'evil', ConsistencyLevel: 'eventual' },
          body: { a: 1 },
        },
        { id: '2', method: 'GET', url: '/users/x', dependsOn: ['one'] },
        { id: '3', method: 'DELETE', url: '/users/y', dependsOn: null },
      ],
    });
    expect(steps).toEqual([
      {
        id: 'One',
        method: 'POST',
        url: '/users',
        headers: { 'content-type': 'application/json', consistencylevel: 'eventual' },
        body: { value: { a: 1 } },
        dependsOn: [],
      },
      { id: '2', method: 'GET', url: '/users/x', headers: {}, dependsOn: ['One'] },
      { id: '3', method: 'DELETE', url: '/users/y', headers: {}, dependsOn: [] },
    ]);
  });

  it('keeps a null body as a body', () => {
    expect(
      parseBatch({
        requests: [{ id: '1', method: 'PATCH', url: '/users/x', headers: { 'content-type': 'application/json' }, body: null }],
      })[0].body,
    ).toEqual({ value: null });
  });

  it.each<[string, unknown, string]>([
    ['not an object', [], 'Invalid batch payload format.'],
    ['null', null, 'Invalid batch payload format.'],
    ['requests missing', {}, 'Invalid batch payload format.'],
    ['requests empty', { requests: [] }, 'Invalid batch payload format.'],
    [
      '21 requests',
      { requests: Array.from({ length: 21 }, (_, i) => get(String(i))) },
      'Number of requests inside batch exceed the limit.',
    ],
    ['10,000 requests', { requests: Array.from({ length: 10_000 }, () => 1) }, 'Number of requests inside batch exceed the limit.'],
    ['a request that is not an object', { requests: ['GET /users'] }, 'Invalid batch payload format.'],
    ['an empty id', { requests: [get('')] }, 'Invalid batch payload format.'],
    ['an id with a line break', { requests: [get('a\nb')] }, 'Invalid batch payload format.'],
    ['a long id', { requests: [get('x'.repeat(257))] }, 'Invalid batch payload format.'],
    ['duplicate ids', { requests: [get('x'), get('X')] }, 'Request Id X has to be unique in a batch.'],
    ['a method that is not a string', { requests: [{ id: '1', method: 1, url: '/users' }] }, 'Invalid batch payload format.'],
    ['HEAD', { requests: [{ id: '1', method: 'HEAD', url: '/users' }] }, 'Invalid batch payload format.'],
    ['headers not an object', { requests: [get('1', '/users', { headers: ['a'] })] }, 'Invalid batch payload format.'],
    [
      'a header value with a line break',
      { requests: [get('1', '/users', { headers: { prefer: 'a\r\nx-injected: 1' } })] },
      'Invalid batch payload format.',
    ],
    ['a header name with a space', { requests: [get('1', '/users', { headers: { 'a b': 'x' } })] }, 'Invalid batch payload format.'],
    [
      'too many headers',
      { requests: [get('1', '/users', { headers: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`h${i}`, 'x'])) })] },
      'Invalid batch payload format.',
    ],
    [
      'a POST without body',
      { requests: [{ id: 'p', method: 'POST', url: '/users', headers: { 'content-type': 'application/json' } }] },
      'Write request id : p does not contain Content-Type header or body.',
    ],
    [
      'a body without Content-Type',
      { requests: [{ id: 'g', method: 'GET', url: '/users', body: {} }] },
      'Write request id : g does not contain Content-Type header or body.',
    ],
    ['dependsOn not an array', { requests: [get('1'), get('2', '/users', { dependsOn: '1' })] }, 'Invalid batch payload format.'],
    ['dependsOn of a number', { requests: [get('1'), get('2', '/users', { dependsOn: [1] })] }, 'Invalid batch payload format.'],
    ['dependsOn an unknown id', { requests: [get('1', '/users', { dependsOn: ['9'] })] }, 'Invalid batch payload format.'],
    ['dependsOn itself', { requests: [get('1', '/users', { dependsOn: ['1'] })] }, 'Invalid batch payload format.'],
    [
      'a cycle of three',
      { requests: [get('1', '/u', { dependsOn: ['3'] }), get('2', '/u', { dependsOn: ['1'] }), get('3', '/u', { dependsOn: ['2'] })] },
      'Invalid batch payload format.',
    ],
    ['an absolute url', { requests: [get('1', 'https://graph.microsoft.com/v1.0/users')] }, 'Invalid batch payload format.'],
  ])('refuses %s with 400 BadRequest', (_name, body, message) => {
    expect(() => parseBatch(body)).toThrow(expect.objectContaining({ status: 400, code: 'BadRequest', message }));
  });
});

describe('executionOrder', () => {
  const s = (id: string, ...dependsOn: string[]) => ({ id, dependsOn });
  it.each([
    [
      [s('1'), s('2'), s('3')],
      ['1', '2', '3'],
    ],
    [
      [s('3', '2'), s('2', '1'), s('1')],
      ['1', '2', '3'],
    ],
    [
      [s('b', 'a'), s('c'), s('a')],
      ['c', 'a', 'b'],
    ],
    [
      [s('x', 'y', 'z'), s('y'), s('z', 'y')],
      ['y', 'z', 'x'],
    ],
  ])('runs each step after its dependencies, otherwise in the order given', (steps, order) => {
    expect(executionOrder(steps).map((x) => x.id)).toEqual(order);
  });
});
