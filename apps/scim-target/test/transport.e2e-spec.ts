import { rawRequest, RawResponse } from '@app/testing';
import { startTestScimTarget, TestScimTarget } from './harness';
import { WireAnswer, wireExchange } from './wire';

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The SCIM envelope of RFC 7644 §3.12: status as a string, a detail, scimType only where one applies. */
function expectEnvelope(label: string, res: RawResponse | WireAnswer, status: number, scimType?: string): void {
  expect({ label, status: res.status }).toEqual({ label, status });
  expect({ label, type: res.headers['content-type'] }).toEqual({ label, type: 'application/scim+json; charset=utf-8' });
  const expected: Record<string, unknown> = { schemas: [ERROR], status: String(status), detail: expect.any(String) };
  if (scimType) expected.scimType = scimType;
  expect({ label, body: res.json }).toEqual({ label, body: expected });
}

/** Errors made below the SCIM routes (Node's HTTP parser, Fastify's router and body reader) still answer in the envelope. */
describe('errors of the HTTP layer, in the SCIM envelope', () => {
  let target: TestScimTarget;
  let auth: Record<string, string>;
  beforeAll(async () => {
    target = await startTestScimTarget({ SCIM_TARGET_PROFILE: 'generic' });
    auth = { authorization: `Bearer ${target.token}` };
  });
  afterAll(() => target.stop());

  it.each([
    ['an id over the router\'s parameter limit', `/scim/v2/Users/${'a'.repeat(101)}`],
    ['a tenant name over it', `/tenants/${'a'.repeat(200)}/scim/v2/Users`],
    ['an admin path parameter over it', `/admin/tenants/${'a'.repeat(300)}`],
    ['a 60,000-character id', `/scim/v2/Users/${'a'.repeat(60_000)}`],
    ['a 100,000-character query string', `/scim/v2/Users?filter=${'a'.repeat(100_000)}`],
  ])('%s → 414 URI Too Long', async (label, path) => {
    const res = await rawRequest(target.url, 'GET', path, { headers: auth });
    expectEnvelope(label, res, 414);
    expect(res.json.detail).not.toContain('aaaaaaaaaa');
  });

  it('headers over the size limit → 431', async () => {
    const res = await rawRequest(target.url, 'GET', '/scim/v2/Users', { headers: { ...auth, 'x-padding': 'b'.repeat(20_000) } });
    expectEnvelope('431', res, 431);
  });

  it('an HTTP/1.1 request without Host → 400', async () => {
    const res = await wireExchange(target.url, `GET /scim/v2/Users HTTP/1.1\r\nAuthorization: Bearer ${target.token}\r\nConnection: close\r\n\r\n`);
    expectEnvelope('no Host', res, 400);
    expect(res.json.detail).toMatch(/Host/);
  });

  it('an Expect the server cannot meet → 417', async () => {
    const res = await wireExchange(
      target.url,
      `POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${target.token}\r\nExpect: 200-ok\r\n` +
        `Content-Type: application/scim+json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    );
    expectEnvelope('Expect', res, 417);
  });

  it('CONNECT (this is not a proxy) → 400', async () => {
    const res = await wireExchange(target.url, `CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n`);
    expectEnvelope('CONNECT', res, 400);
  });

  it.each([
    ['a request line that is not HTTP', 'GET\r\n\r\n'],
    ['an unknown method', 'BREW /scim/v2/Users HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['Content-Length and Transfer-Encoding together', 'POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
  ])('%s → 400', async (label, request) => {
    expectEnvelope(label, await wireExchange(target.url, request), 400);
  });

  it('keeps serving afterwards', async () => {
    expect((await rawRequest(target.url, 'GET', '/scim/v2/Users', { headers: auth })).status).toBe(200);
  });
});
