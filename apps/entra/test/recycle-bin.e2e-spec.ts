import { httpRequest } from '@app/testing';
import { newUser, startTestEntra, TestEntra } from './harness';

const DAY = 24 * 60 * 60 * 1000;

describe('recycle bin on the simulated clock', () => {
  let entra: TestEntra;
  beforeAll(async () => {
    entra = await startTestEntra({ PROVSIM_CLOCK: 'manual' });
  });
  afterAll(() => entra.stop());

  const clock = (method: string, path: string, body?: unknown) =>
    httpRequest(method, `${entra.url}/sim/clock${path}`, { token: entra.identity.adminToken, body, contentType: 'application/json' });

  it('soft delete → restore → delete again → purged automatically 30 simulated days after deletion', async () => {
    const { body: user } = await entra.graph('POST', '/users', { body: newUser('bin@contoso.com') });
    const { body: group } = await entra.graph('POST', '/groups', {
      body: { displayName: 'Bin', mailNickname: 'bin', mailEnabled: false, securityEnabled: true },
    });
    const start = (await clock('GET', '')).body;
    expect(start.mode).toBe('manual');

    await entra.graph('DELETE', `/users/${user.id}`);
    await clock('POST', '/advance', { ms: 10 * DAY });
    expect((await entra.graph('POST', `/directory/deletedItems/${user.id}/restore`)).status).toBe(200);

    await entra.graph('DELETE', `/users/${user.id}`);
    await entra.graph('DELETE', `/groups/${group.id}`);
    const advanced = await clock('POST', '/advance', { ms: 30 * DAY - 1 });
    expect(advanced.status).toBe(200);
    expect(Date.parse(advanced.body.now) - Date.parse(start.now)).toBe(40 * DAY - 1);
    expect((await entra.graph('GET', `/directory/deletedItems/${user.id}`)).status).toBe(200);
    expect((await entra.graph('GET', `/directory/deletedItems/${group.id}`)).status).toBe(200);

    await clock('POST', '/advance', { ms: 1 });
    expect((await entra.graph('GET', `/directory/deletedItems/${user.id}`)).status).toBe(404);
    expect((await entra.graph('GET', `/directory/deletedItems/${group.id}`)).status).toBe(404);
    // the UPN is free again
    expect((await entra.graph('POST', '/users', { body: newUser('bin@contoso.com') })).status).toBe(201);
  });

  it('the clock is authenticated and validates its input', async () => {
    expect((await httpRequest('POST', `${entra.url}/sim/clock/advance`, { body: { ms: 1 }, contentType: 'application/json' })).status).toBe(
      401,
    );
    expect((await clock('POST', '/advance', { ms: -5 })).status).toBe(400);
    expect((await clock('POST', '/advance', { ms: 'soon' })).status).toBe(400);
  });
});

describe('the real clock', () => {
  it('cannot be advanced', async () => {
    const entra = await startTestEntra();
    try {
      const res = await httpRequest('POST', `${entra.url}/sim/clock/advance`, {
        token: entra.identity.adminToken,
        body: { ms: 1000 },
        contentType: 'application/json',
      });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('Conflict');
    } finally {
      await entra.stop();
    }
  });
});
