import { rawRequest } from '@app/testing';
import { startTestLoop, TestLoop } from './loop-harness';

/** Graph accepts `Content-Type: application/json` with an empty body; only a non-empty malformed body is a 400. */
describe('empty JSON bodies, as Graph takes them', () => {
  let loop: TestLoop;
  beforeAll(async () => {
    loop = await startTestLoop({ start: false });
  });
  afterAll(() => loop.stop());

  const send = (method: string, path: string, body = '') =>
    rawRequest(loop.entra.url, method, `/v1.0${path}`, {
      headers: { authorization: `Bearer ${loop.entra.identity.adminToken}`, 'content-type': 'application/json' },
      body,
    });

  it('accepts an empty body on start, pause, restart, $ref deletes and DELETE', async () => {
    expect((await send('POST', `${loop.jobPath}/start`)).status).toBe(204);
    expect((await send('POST', `${loop.jobPath}/pause`)).status).toBe(204);
    expect((await send('POST', `${loop.jobPath}/restart`)).status).toBe(204);
    const userId = await loop.createUser('empty.body@contoso.com');
    const group = await loop.entra.graph('POST', '/groups', {
      body: { displayName: 'Empty', mailEnabled: false, mailNickname: 'empty', securityEnabled: true },
    });
    expect(
      (
        await loop.entra.graph('POST', `/groups/${group.body.id}/members/$ref`, {
          body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${userId}` },
        })
      ).status,
    ).toBe(204);
    expect((await send('DELETE', `/groups/${group.body.id}/members/${userId}/$ref`)).status).toBe(204);
    expect((await send('DELETE', `/users/${userId}`)).status).toBe(204);
  });

  it('refuses an empty body where one is required, and a malformed one anywhere, with 400', async () => {
    const empty = await send('POST', '/users');
    expect(empty.status).toBe(400);
    expect(empty.json.error.code).toMatch(/BadRequest/);
    for (const body of ['{', 'nope', '{"a":']) {
      const res = await send('POST', `${loop.jobPath}/start`, body);
      expect([body, res.status]).toEqual([body, 400]);
    }
  });
});
