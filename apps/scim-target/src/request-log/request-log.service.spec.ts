import { ScimTargetConfig } from '../config/scim-target.config';
import { redactSecrets, RequestLogService, responseOf } from './request-log.service';

describe('redactSecrets', () => {
  it.each([
    [
      { userName: 'a', password: 'p' },
      { userName: 'a', password: '[REDACTED]' },
    ],
    [{ nested: { SecretToken: 's', keep: 1 } }, { nested: { SecretToken: '[REDACTED]', keep: 1 } }],
    [
      [{ token: 't' }, { value: 'v' }],
      [{ token: '[REDACTED]' }, { value: 'v' }],
    ],
    [
      { Authorization: 'Bearer x', clientCredential: 'c' },
      { Authorization: '[REDACTED]', clientCredential: '[REDACTED]' },
    ],
    ['plain', 'plain'],
    [null, null],
  ])('%j → %j', (input, output) => {
    expect(redactSecrets(input)).toEqual(output);
  });

  describe('PATCH operations that set a secret attribute', () => {
    const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
    const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
    const patch = (...ops: object[]) => ({ schemas: [PATCH_OP], Operations: ops });

    it.each([
      ['path password', { op: 'replace', path: 'password', value: 'hunter2' }, { op: 'replace', path: 'password', value: '[REDACTED]' }],
      ['path Password', { op: 'Replace', path: 'Password', value: 'hunter2' }, { op: 'Replace', path: 'Password', value: '[REDACTED]' }],
      ['path PASSWORD, add', { op: 'add', path: 'PASSWORD', value: 'hunter2' }, { op: 'add', path: 'PASSWORD', value: '[REDACTED]' }],
      [
        'URN-qualified path',
        { op: 'replace', path: `${USER}:password`, value: 'hunter2' },
        { op: 'replace', path: `${USER}:password`, value: '[REDACTED]' },
      ],
      [
        'members in any case',
        { Op: 'Replace', Path: 'password', Value: 'hunter2' },
        { Op: 'Replace', Path: 'password', Value: '[REDACTED]' },
      ],
      [
        'an object value under a secret path',
        { op: 'add', path: 'credentials', value: { kind: 'k', data: 'hunter2' } },
        { op: 'add', path: 'credentials', value: '[REDACTED]' },
      ],
      [
        'path-less value with password',
        { op: 'replace', value: { password: 'hunter2', displayName: 'D' } },
        { op: 'replace', value: { password: '[REDACTED]', displayName: 'D' } },
      ],
      [
        'path-less value with Password',
        { op: 'replace', value: { Password: 'hunter2' } },
        { op: 'replace', value: { Password: '[REDACTED]' } },
      ],
      [
        'path-less value with a URN key',
        { op: 'replace', value: { [`${USER}:password`]: 'hunter2' } },
        { op: 'replace', value: { [`${USER}:password`]: '[REDACTED]' } },
      ],
    ])('%s → masked', (_label, op, masked) => {
      const out = redactSecrets(patch(op, { op: 'replace', path: 'displayName', value: 'Kept' }));
      expect(out).toEqual(patch(masked, { op: 'replace', path: 'displayName', value: 'Kept' }));
      expect(JSON.stringify(out)).not.toContain('hunter2');
    });

    it.each([
      ['an ordinary path', { op: 'replace', path: 'title', value: 'Boss' }],
      [
        'a value filter that merely mentions a secret word',
        { op: 'replace', path: 'emails[value eq "passenger@x.com"].value', value: 'new@x.com' },
      ],
      ['remove without value', { op: 'remove', path: 'password' }],
    ])('%s → unchanged', (_label, op) => {
      expect(redactSecrets(patch(op))).toEqual(patch(op));
    });

    it('a path made of thousands of brackets costs linear time', () => {
      const started = Date.now();
      redactSecrets(patch({ op: 'replace', path: '['.repeat(1_000_000), value: 'x' }));
      expect(Date.now() - started).toBeLessThan(1000);
    });
  });

  it('keeps __proto__ keys as data without touching prototypes', () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
    const out = redactSecrets(input) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('RequestLogService', () => {
  function service(size: number) {
    const config = Object.assign(new ScimTargetConfig(), { SCIM_REQUEST_LOG_SIZE: size });
    return new RequestLogService(config);
  }
  const entry = (n: number) => ({ at: `t${n}`, method: 'GET', url: `/u/${n}`, status: 200, durationMs: n });

  it.each([
    [3, 5, 10, ['/u/5', '/u/4', '/u/3']],
    [3, 2, 10, ['/u/2', '/u/1']],
    [3, 7, 2, ['/u/7', '/u/6']],
    [0, 4, 10, []],
    [1, 4, 10, ['/u/4']],
  ])('capacity %i, %i requests, limit %i → newest first %j', (capacity, count, limit, urls) => {
    const log = service(capacity);
    for (let i = 1; i <= count; i++) log.record('t', entry(i));
    expect(log.list('t', limit).map((e) => e.url)).toEqual(urls);
  });

  it('truncates very large bodies and keeps tenants apart', () => {
    const log = service(10);
    log.record('a', { ...entry(1), body: { displayName: 'x'.repeat(40_000) } });
    const [stored] = log.list('a', 1);
    expect(typeof stored.body).toBe('string');
    expect((stored.body as string).length).toBeLessThan(17_000);
    expect(log.list('b', 10)).toEqual([]);
    log.clear('a');
    expect(log.list('a', 10)).toEqual([]);
  });

  it('lists the response: JSON with secrets redacted, a long one cut, none when nothing was answered', () => {
    const log = service(10);
    log.record('t', { ...entry(1), responseText: '{"id":"7","access_token":"tok-123"}' });
    log.record('t', { ...entry(2), responseText: JSON.stringify({ displayName: 'x'.repeat(40_000) }) });
    log.record('t', entry(3));
    const [none, long, token] = log.list('t', 3);
    expect(token.response).toEqual({ id: '7', access_token: '[REDACTED]' });
    expect(typeof long.response).toBe('string');
    expect((long.response as string).length).toBeLessThan(17_000);
    expect(none).not.toHaveProperty('response');
  });
});

describe('responseOf', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['{"userName":"a","password":"p"}', { userName: 'a', password: '[REDACTED]' }],
    ['not json', 'not json'],
    ['{"token":"abc" …(truncated)', '[REDACTED]'],
  ])('%j → %j', (text, listed) => expect(responseOf(text)).toEqual(listed));
});
