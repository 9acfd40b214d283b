import { ScimError } from '@app/scim';
import { FaultService } from './fault.service';

describe('FaultService', () => {
  const T0 = Date.parse('2026-01-01T00:00:00Z');
  let faults: FaultService;
  beforeEach(() => {
    faults = new FaultService();
  });

  it.each([
    // rule, method, subPath, fires
    [{ status: 500 }, 'GET', '/Users', true],
    [{ status: 500, method: 'POST' as const }, 'GET', '/Users', false],
    [{ status: 500, method: 'POST' as const }, 'POST', '/Users', true],
    [{ status: 500, path: '/Users' }, 'GET', '/Users/123', false],
    [{ status: 500, path: '/Users*' }, 'GET', '/Users/123', true],
    [{ status: 500, path: '/users/*' }, 'GET', '/Users/123', true],
    [{ status: 500, path: '/Groups*' }, 'GET', '/Users', false],
    [{ status: 500, path: '/Users?x' }, 'GET', '/UsersAx', false],
    [{ status: 500, probability: 0 }, 'GET', '/Users', false],
    [{ status: 500, probability: 1 }, 'GET', '/Users', true],
  ])('%j on %s %s fires: %s', (rule, method, path, fires) => {
    faults.random = () => 0.5;
    faults.add('t', rule, T0);
    expect(faults.pick('t', method, path, T0) !== undefined).toBe(fires);
  });

  it('fires every Nth match only, counting matches per rule', () => {
    const rule = faults.add('t', { status: 503, everyNth: 3 }, T0);
    const fired = Array.from({ length: 9 }, () => faults.pick('t', 'GET', '/Users', T0) !== undefined);
    expect(fired).toEqual([false, false, true, false, false, true, false, false, true]);
    expect(faults.list('t')[0]).toMatchObject({ id: rule.id, matched: 9, hits: 3 });
  });

  it('honours the time window and maxHits', () => {
    faults.add('t', { status: 500, activeFrom: new Date(T0 + 1000).toISOString(), activeUntil: new Date(T0 + 2000).toISOString() }, T0);
    expect(faults.pick('t', 'GET', '/Users', T0 + 999)).toBeUndefined();
    expect(faults.pick('t', 'GET', '/Users', T0 + 1000)).toBeDefined();
    expect(faults.pick('t', 'GET', '/Users', T0 + 2000)).toBeUndefined();
    faults.clear('t');
    faults.add('t', { status: 500, durationMs: 10, maxHits: 2 }, T0);
    expect(faults.pick('t', 'GET', '/', T0)).toBeDefined();
    expect(faults.pick('t', 'GET', '/', T0 + 5)).toBeDefined();
    expect(faults.pick('t', 'GET', '/', T0 + 6)).toBeUndefined(); // maxHits reached
  });

  it('the first matching rule wins; rules are per tenant', () => {
    const first = faults.add('a', { status: 500, path: '/Users*' }, T0);
    faults.add('a', { status: 503 }, T0);
    expect(faults.pick('a', 'GET', '/Users', T0)?.id).toBe(first.id);
    expect(faults.pick('a', 'GET', '/Schemas', T0)?.status).toBe(503);
    expect(faults.pick('b', 'GET', '/Users', T0)).toBeUndefined();
  });

  it.each([
    [{}, /at least one effect/],
    [{ status: 500, drop: true }, /exclude/],
    [{ status: 500, activeFrom: '2026-01-02T00:00:00Z', activeUntil: '2026-01-01T00:00:00Z' }, /ends before/],
  ])('rejects %j', (rule, message) => {
    expect(() => faults.add('t', rule, T0)).toThrow(ScimError);
    expect(() => faults.add('t', rule, T0)).toThrow(message);
  });

  it('removing an unknown rule is a 404', () => {
    expect(() => faults.remove('t', 'nope')).toThrow(expect.objectContaining({ status: 404 }));
  });
});
