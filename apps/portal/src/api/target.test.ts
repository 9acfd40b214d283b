import { describe, expect, it } from 'vitest';
import { EMPTY_FAULT_FORM, describeFault, faultRuleFromForm, filterRequests, type FaultRule, type TargetRequest } from './target';

const entry = (method: string, url: string, status: number): TargetRequest => ({
  at: `${method} ${url} ${status}`,
  method,
  url,
  status,
  durationMs: 1,
});
const LOG = [
  entry('GET', '/scim/v2/Users?filter=userName%20eq%20%22a%22', 200),
  entry('POST', '/scim/v2/Users', 201),
  entry('PATCH', '/tenants/acme/scim/v2/Users/7', 503),
  entry('PATCH', '/scim/v2/Groups/9', 404),
  entry('DELETE', '/scim/v2/Users/8', 0),
];

describe('filterRequests', () => {
  it.each([
    [{ method: '', status: '', path: '' }, 5],
    [{ method: 'PATCH', status: '', path: '' }, 2],
    [{ method: '', status: '5xx', path: '' }, 1],
    [{ method: '', status: '2xx', path: '' }, 2],
    [{ method: '', status: '4xx', path: '' }, 1],
    [{ method: '', status: '503', path: '' }, 1],
    [{ method: '', status: 'dropped', path: '' }, 1],
    [{ method: '', status: '', path: 'groups' }, 1],
    [{ method: 'PATCH', status: '', path: '/users' }, 1],
    [{ method: 'GET', status: '5xx', path: '' }, 0],
  ])('%j → %i entries', (filters, count) => expect(filterRequests(LOG, filters)).toHaveLength(count));
});

describe('faultRuleFromForm', () => {
  it.each([
    [{}, { rule: { method: '*', path: '/Users*', status: 503 } }],
    [
      { probabilityPercent: '30', retryAfter: '0', method: 'PATCH' as const },
      { rule: { method: 'PATCH', path: '/Users*', status: 503, probability: 0.3, retryAfter: 0 } },
    ],
    [{ status: '', latencyMs: '2000', path: ' ' }, { rule: { method: '*', path: '*', latencyMs: 2000 } }],
    [{ drop: true, retryAfter: '5' }, { rule: { method: '*', path: '/Users*', drop: true } }],
    [{ status: '', latencyMs: '' }, { problem: 'Give a status code, a latency or drop the connection.' }],
    [{ status: '700' }, { problem: 'Status code: 200–599.' }],
    [{ probabilityPercent: '120' }, { problem: 'Probability: 0–100 %.' }],
    [{ latencyMs: '1.5' }, { problem: 'Latency: whole milliseconds, 0 or more.' }],
    [{ retryAfter: '-1' }, { problem: 'Retry-After: whole seconds, 0 or more.' }],
    [{ activeFrom: '2026-12-05T10:00', activeUntil: '2026-12-05T09:00' }, { problem: 'Time window: the end must come after the start.' }],
  ])('%j → %j', (change, result) => expect(faultRuleFromForm({ ...EMPTY_FAULT_FORM, ...change })).toEqual(result));

  it('sends the time window as instants', () => {
    const result = faultRuleFromForm({ ...EMPTY_FAULT_FORM, activeFrom: '2026-12-05T10:00', activeUntil: '2026-12-05T11:30' });
    expect(result).toEqual({
      rule: expect.objectContaining({
        activeFrom: new Date('2026-12-05T10:00').toISOString(),
        activeUntil: new Date('2026-12-05T11:30').toISOString(),
      }),
    });
  });
});

describe('describeFault', () => {
  const rule = (change: Partial<FaultRule>): FaultRule => ({
    id: 'r',
    method: '*',
    path: '*',
    createdAt: '',
    matched: 0,
    hits: 0,
    ...change,
  });
  it.each([
    [{ status: 503, probability: 0.3, retryAfter: 10 }, 'answer 503 (Retry-After 10 s) — 30 % of requests'],
    [{ status: 429, everyNth: 3 }, 'answer 429 — 1 request in 3'],
    [{ latencyMs: 2000 }, 'after 2000 ms, answer normally — every request'],
    [{ drop: true, probability: 0.125 }, 'drop the connection — 12.5 % of requests'],
  ])('%j → %s', (change, text) => expect(describeFault(rule(change))).toBe(text));
});
