import { rawRequest } from '@app/testing';
import { startTestEntra, TestEntra } from './harness';

const sim = (entra: TestEntra, method: string, path: string, body?: unknown, token: string | null = entra.identity.adminToken) =>
  rawRequest(entra.url, method, `/sim/clock${path}`, {
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('PATCH /sim/clock: the acceleration of an accelerated clock', () => {
  let entra: TestEntra;
  beforeAll(async () => {
    entra = await startTestEntra({ PROVSIM_CLOCK: 'accelerated:120' });
  });
  afterAll(() => entra.stop());

  it('changes the factor, time going on from where it was', async () => {
    const before = Date.parse((await sim(entra, 'GET', '')).json.now);
    const res = await sim(entra, 'PATCH', '', { acceleration: 600 });
    expect(res.status).toBe(200);
    expect(res.json.mode).toBe('accelerated:600');
    expect(Date.parse(res.json.now)).toBeGreaterThanOrEqual(before);
    expect((await sim(entra, 'GET', '')).json.mode).toBe('accelerated:600');
  });

  it.each([
    [{ acceleration: 0 }, 'acceleration must be a positive number'],
    [{ acceleration: -5 }, 'acceleration must be a positive number'],
    [{ acceleration: 'fast' }, 'acceleration'],
    [{ acceleration: 2_000_000 }, 'acceleration must not be greater than 1000000'],
    [{}, 'acceleration'],
    [{ acceleration: 10, mode: 'manual' }, "Property 'mode' does not exist"],
  ])('refuses %j with 400 in Graph envelope', async (body, message) => {
    const res = await sim(entra, 'PATCH', '', body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('Request_BadRequest');
    expect(res.json.error.message).toContain(message);
  });

  it('needs the admin token', async () => {
    const res = await sim(entra, 'PATCH', '', { acceleration: 10 }, null);
    expect(res.status).toBe(401);
    expect((await sim(entra, 'GET', '')).json.mode).toBe('accelerated:600');
  });
});

describe('PATCH /sim/clock on a manual clock', () => {
  let entra: TestEntra;
  beforeAll(async () => {
    entra = await startTestEntra({ PROVSIM_CLOCK: 'manual' });
  });
  afterAll(() => entra.stop());

  it('answers 409 saying why, and the clock stays manual', async () => {
    const res = await sim(entra, 'PATCH', '', { acceleration: 600 });
    expect(res.status).toBe(409);
    expect(res.json.error.message).toContain('A manual clock has no acceleration');
    expect((await sim(entra, 'GET', '')).json.mode).toBe('manual');
  });
});
