import http from 'node:http';
import net from 'node:net';
import { rawRequest, RawResponse } from '@app/testing';
import { startTestScimTarget, TestScimTarget } from './harness';
import { parseWireAnswer, WireAnswer, wireExchange } from './wire';

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
    ["an id over the router's parameter limit", `/scim/v2/Users/${'a'.repeat(101)}`],
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
    const res = await wireExchange(
      target.url,
      `GET /scim/v2/Users HTTP/1.1\r\nAuthorization: Bearer ${target.token}\r\nConnection: close\r\n\r\n`,
    );
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
    [
      'Content-Length and Transfer-Encoding together',
      'POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    ],
  ])('%s → 400', async (label, request) => {
    expectEnvelope(label, await wireExchange(target.url, request), 400);
  });

  it('keeps serving afterwards', async () => {
    expect((await rawRequest(target.url, 'GET', '/scim/v2/Users', { headers: auth })).status).toBe(200);
  });
});

interface StreamedAnswer {
  status: number;
  json: any;
  /** The error the client saw while sending or reading (ECONNRESET, EPIPE…), if any. */
  error?: string;
  sent: number;
}

/**
 * POSTs `total` bytes in `chunk`-sized writes, each after the previous one was handed to the socket, as a client
 * uploading a large body does; with `declare`, the length is declared up front, else the body is chunked.
 */
function streamBody(origin: string, path: string, token: string, total: number, chunk: number, declare = true): Promise<StreamedAnswer> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve) => {
    let sent = 0;
    let settled = false;
    const finish = (answer: Omit<StreamedAnswer, 'sent'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...answer, sent });
    };
    const headers: Record<string, string | number> = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' };
    if (declare) headers['content-length'] = total;
    const request = http.request({ host: hostname, port, method: 'POST', path, headers, agent: false }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('error', (error: NodeJS.ErrnoException) =>
        finish({ status: response.statusCode ?? 0, json: undefined, error: error.code ?? error.message }),
      );
      response.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        finish({ status: response.statusCode ?? 0, json: text ? JSON.parse(text) : undefined });
      });
    });
    request.on('error', (error: NodeJS.ErrnoException) => finish({ status: 0, json: undefined, error: error.code ?? error.message }));
    const block = Buffer.alloc(chunk, 'a');
    const writeNext = () => {
      if (settled || request.destroyed) return;
      if (sent >= total) {
        request.end();
        return;
      }
      const piece = block.subarray(0, Math.min(chunk, total - sent));
      sent += piece.length;
      request.write(piece, (error) => (error ? undefined : setImmediate(writeNext)));
    };
    writeNext();
  });
}

describe('a body over the limit: the 413 is read, not a reset connection', () => {
  const LIMIT = 1024 * 1024;
  let target: TestScimTarget;
  beforeAll(async () => {
    target = await startTestScimTarget({ SCIM_MAX_BODY_BYTES: String(LIMIT) });
  });
  afterAll(() => target.stop());

  it.each([
    ['with Content-Length', true],
    ['chunked', false],
  ])('a client streaming a 5 MB body %s reads the 413 tooLarge', async (_label, declare) => {
    const answer = await streamBody(target.url, '/scim/v2/Users', target.token, 5 * 1024 * 1024, 64 * 1024, declare);
    expect(answer).toMatchObject({ status: 413, json: { schemas: [ERROR], status: '413', scimType: 'tooLarge' } });
    expect(answer.error).toBeUndefined();
    expect(answer.sent).toBe(5 * 1024 * 1024);
  });

  it('answers at once, without reading, a declared length beyond what it would read', async () => {
    const started = Date.now();
    const res = await wireExchange(
      target.url,
      `POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${target.token}\r\n` +
        `Content-Type: application/scim+json\r\nContent-Length: ${100 * LIMIT}\r\n\r\n`,
    );
    expectEnvelope('declared 100 MB', res, 413, 'tooLarge');
    expect(res.headers.connection).toBe('close');
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('stops reading and closes a body that goes on past that', async () => {
    const answer = await streamBody(target.url, '/scim/v2/Users', target.token, 20 * LIMIT, 64 * 1024, false);
    // The connection is closed while the client still sends: it may or may not read the 413 first.
    if (answer.status !== 0) expect(answer.status).toBe(413);
    expect(answer.sent).toBeLessThan(20 * LIMIT);
    const res = await rawRequest(target.url, 'GET', '/scim/v2/Users', { headers: { authorization: `Bearer ${target.token}` } });
    expect(res.status).toBe(200);
  });

  it('still reads a body within the limit', async () => {
    const body = JSON.stringify({ userName: 'big@contoso.com', title: 'x'.repeat(LIMIT - 100) });
    const res = await rawRequest(target.url, 'POST', '/scim/v2/Users', {
      headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/scim+json' },
      body,
    });
    expect(res.status).toBe(201);
  });
});

describe('while the server closes', () => {
  it('serves a request that arrives on a connection already open, with Connection: close, not a bare 503', async () => {
    const target = await startTestScimTarget({});
    try {
      await target.admin('POST', '/admin/tenants/default/faults', { body: { path: '/Users', latencyMs: 400, maxHits: 1 } });
      const { port } = new URL(target.url);
      const socket = net.connect(Number(port), '127.0.0.1');
      const received: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      const ended = new Promise((resolve) => socket.on('close', resolve));
      const request = (path: string) => `GET /scim/v2${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${target.token}\r\n\r\n`;
      socket.write(request('/Users')); // held 400 ms by the fault: the connection stays busy while the server closes
      await new Promise((resolve) => setTimeout(resolve, 100));
      const closing = target.close();
      await new Promise((resolve) => setTimeout(resolve, 100));
      socket.write(request('/ServiceProviderConfig'));
      await ended;
      await closing;
      const text = Buffer.concat(received).toString('utf8');
      const second = parseWireAnswer(Buffer.from(text.slice(text.indexOf('HTTP/1.1', 1))));
      expect(text.startsWith('HTTP/1.1 200 ')).toBe(true);
      expect(second).toMatchObject({ status: 200, headers: { connection: 'close' } });
      expect(second.json.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig']);
    } finally {
      await target.db.drop();
    }
  });
});
