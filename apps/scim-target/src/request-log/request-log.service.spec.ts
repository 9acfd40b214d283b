import { ScimTargetConfig } from '../config/scim-target.config';
import { redactSecrets, RequestLogService } from './request-log.service';

describe('redactSecrets', () => {
  it.each([
    [{ userName: 'a', password: 'p' }, { userName: 'a', password: '[REDACTED]' }],
    [{ nested: { SecretToken: 's', keep: 1 } }, { nested: { SecretToken: '[REDACTED]', keep: 1 } }],
    [[{ token: 't' }, { value: 'v' }], [{ token: '[REDACTED]' }, { value: 'v' }]],
    [{ Authorization: 'Bearer x', clientCredential: 'c' }, { Authorization: '[REDACTED]', clientCredential: '[REDACTED]' }],
    ['plain', 'plain'],
    [null, null],
  ])('%j → %j', (input, output) => {
    expect(redactSecrets(input)).toEqual(output);
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
});
