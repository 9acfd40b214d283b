import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { disablePatch, groupRenamePatch, memberAddPatches, memberRemovePatches, type ScimRequest } from '@app/provisioning-core';
import { startTestScimTarget, type TestScimTarget } from '../../scim-target/test/harness';
import {
  ConnectorError,
  ScimConnector,
  ScimTrace,
  validateScimCredentials,
  type ScimConnectorOptions,
  type ScimExchange,
} from '../src/sync/connector';

/**
 * The engine's SCIM connector against the real SCIM target (generic profile: users and groups) and against small
 * local servers for what the target can't play (HTML answers, held requests, header capture). Requests are
 * asserted through the target's request log; faults are injected through its admin API.
 */
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

interface LoggedRequest {
  method: string;
  url: string;
  status: number;
  body?: unknown;
  fault?: string;
}

function createUserRequest(userName: string): ScimRequest {
  return {
    method: 'POST',
    path: '/Users',
    purpose: 'object',
    body: {
      schemas: [USER, ENTERPRISE],
      externalId: userName.split('@')[0],
      userName,
      active: true,
      displayName: 'Alice Smith',
      emails: [{ primary: true, type: 'work', value: userName }],
      name: { givenName: 'Alice', familyName: 'Smith', formatted: 'Alice Smith' },
      [ENTERPRISE]: { department: 'Sales' },
      meta: { resourceType: 'User' },
    },
  };
}

async function caught(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error('expected a ConnectorError');
}

/** Everything an error would put in a log, as one string. */
function errorText(error: ConnectorError): string {
  return JSON.stringify({ ...error.toErrorInfo(), message: error.message, scimType: error.scimType, stack: error.stack });
}

describe('ScimConnector against the SCIM target', () => {
  let target: TestScimTarget;
  const connectors: ScimConnector[] = [];
  let exchanges: ScimExchange[];
  let sleeps: number[];

  function open(baseAddress = target.scimBaseUrl, options: ScimConnectorOptions = {}, secretToken = target.token): ScimConnector {
    const connector = ScimConnector.open(
      { baseAddress, secretToken },
      { sleep: async (ms) => void sleeps.push(ms), onExchange: (e) => exchanges.push(e), ...options },
    );
    connectors.push(connector);
    return connector;
  }

  /** The default tenant's request log, oldest first. */
  async function requestLog(): Promise<LoggedRequest[]> {
    const res = await target.admin('GET', '/admin/tenants/default/requests?limit=1000');
    return (res.body.requests as LoggedRequest[])
      .reverse()
      .map(({ method, url, status, body, fault }) => ({ method, url, status, body, fault }));
  }

  async function fault(rule: Record<string, unknown>): Promise<void> {
    const res = await target.admin('POST', '/admin/tenants/default/faults', { body: rule, contentType: 'application/json' });
    expect(res.status).toBe(201);
  }

  beforeAll(async () => {
    target = await startTestScimTarget({ SCIM_TARGET_PROFILE: 'generic' });
  });
  afterAll(async () => {
    await Promise.all(connectors.map((c) => c.close()));
    await target.stop();
  });
  beforeEach(async () => {
    exchanges = [];
    sleeps = [];
    expect((await target.admin('DELETE', '/admin/tenants/default/faults')).status).toBe(204);
    expect((await target.admin('POST', '/admin/tenants/default/reset')).status).toBe(204);
  });

  it("creates, reads, queries, patches (default shape) and deletes a user with exactly Entra's requests", async () => {
    const connector = open();
    expect(connector.shape).toBe('default');

    expect(await connector.query('Users', 'userName eq "alice@contoso.com"')).toEqual([]);
    const created = await connector.execute(createUserRequest('alice@contoso.com'));
    expect(created).toMatchObject({ id: expect.any(String), userName: 'alice@contoso.com', active: true });
    const id = created!.id as string;

    expect(await connector.get('Users', id)).toMatchObject({ id, userName: 'alice@contoso.com', displayName: 'Alice Smith' });
    const found = await connector.query('Users', 'userName eq "alice@contoso.com"');
    expect(found.map((r) => r.id)).toEqual([id]);

    const rename = {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'Replace', path: 'displayName', value: 'Alice Jones' },
        { op: 'Add', path: 'nickName', value: 'Al' },
      ],
    };
    const patched = await connector.execute({ method: 'PATCH', path: `/Users/${id}`, body: rename, purpose: 'object' });
    expect(patched).toMatchObject({ id, displayName: 'Alice Jones', nickName: 'Al' });
    const disabled = await connector.execute({ method: 'PATCH', path: `/Users/${id}`, body: disablePatch('default'), purpose: 'object' });
    expect(disabled).toMatchObject({ id, active: false });

    expect(await connector.execute({ method: 'DELETE', path: `/Users/${id}`, body: null, purpose: 'object' })).toBeNull();
    expect(await connector.get('Users', id)).toBeNull();

    const filter = '/scim/v2/Users?filter=userName%20eq%20%22alice%40contoso.com%22';
    expect(await requestLog()).toEqual([
      { method: 'GET', url: filter, status: 200 },
      { method: 'POST', url: '/scim/v2/Users', status: 201, body: createUserRequest('alice@contoso.com').body },
      { method: 'GET', url: `/scim/v2/Users/${id}`, status: 200 },
      { method: 'GET', url: filter, status: 200 },
      { method: 'PATCH', url: `/scim/v2/Users/${id}`, status: 200, body: rename },
      {
        method: 'PATCH',
        url: `/scim/v2/Users/${id}`,
        status: 200,
        body: { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] },
      },
      { method: 'DELETE', url: `/scim/v2/Users/${id}`, status: 204 },
      { method: 'GET', url: `/scim/v2/Users/${id}`, status: 404 },
    ]);
    expect(exchanges.map((e) => [e.method, e.status, e.attempt])).toEqual([
      ['GET', 200, 1],
      ['POST', 201, 1],
      ['GET', 200, 1],
      ['GET', 200, 1],
      ['PATCH', 200, 1],
      ['PATCH', 200, 1],
      ['DELETE', 204, 1],
      ['GET', 404, 1],
    ]);
    expect(exchanges.every((e) => e.durationMs >= 0 && e.url.startsWith(target.scimBaseUrl))).toBe(true);
  });

  it('reads ?aadOptscim062020 as the PATCH shape and never forwards it', async () => {
    const connector = open(`${target.scimBaseUrl}/?aadOptscim062020`);
    expect(connector.shape).toBe('aadOptscim062020');
    const created = await connector.execute(createUserRequest('bob@contoso.com'));
    const id = created!.id as string;
    await connector.execute({ method: 'PATCH', path: `/Users/${id}`, body: disablePatch(connector.shape), purpose: 'object' });
    const flagReplace = {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { displayName: 'Bob B', 'name.givenName': 'Bobby' } }],
    };
    await connector.execute({ method: 'PATCH', path: `/Users/${id}`, body: flagReplace, purpose: 'object' });
    expect(await connector.get('Users', id)).toMatchObject({ active: false, displayName: 'Bob B', name: { givenName: 'Bobby' } });

    const log = await requestLog();
    expect(log.map((r) => `${r.method} ${r.url} ${r.status}`)).toEqual([
      'POST /scim/v2/Users 201',
      `PATCH /scim/v2/Users/${id} 200`,
      `PATCH /scim/v2/Users/${id} 200`,
      `GET /scim/v2/Users/${id} 200`,
    ]);
    expect(log[1].body).toEqual({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: false }] });
  });

  it.each([
    ['default', ''],
    ['aadOptscim062020', '?aadOptscim062020'],
  ])('provisions a group and its members in the %s shape, reading groups without members', async (shape, flag) => {
    const connector = open(`${target.scimBaseUrl}${flag}`);
    const users = await Promise.all(['u1@contoso.com', 'u2@contoso.com'].map((upn) => connector.execute(createUserRequest(upn))));
    const ids = users.map((u) => u!.id as string);
    const group = await connector.execute({
      method: 'POST',
      path: '/Groups',
      purpose: 'object',
      body: { schemas: [GROUP], externalId: 'g-1', displayName: 'Sales', meta: { resourceType: 'Group' } },
    });
    const gid = group!.id as string;

    for (const body of memberAddPatches(ids, connector.shape)) {
      expect(await connector.execute({ method: 'PATCH', path: `/Groups/${gid}`, body, purpose: 'members' })).toBeNull();
    }
    expect(
      await connector.execute({
        method: 'PATCH',
        path: `/Groups/${gid}`,
        body: groupRenamePatch('Sales EMEA', connector.shape),
        purpose: 'object',
      }),
    ).toBeNull();
    for (const body of memberRemovePatches([ids[0]], connector.shape)) {
      await connector.execute({ method: 'PATCH', path: `/Groups/${gid}`, body, purpose: 'members' });
    }

    const read = await connector.get('Groups', gid);
    expect(read).toMatchObject({ id: gid, displayName: 'Sales EMEA' });
    expect(read).not.toHaveProperty('members');
    const matched = await connector.query('Groups', 'displayName eq "Sales EMEA"');
    expect(matched.map((g) => g.id)).toEqual([gid]);

    const log = await requestLog();
    // The members really changed: ask the target directly, members included.
    const full = await target.scim('GET', `/Groups/${gid}`);
    expect(full.body.members.map((m: { value: string }) => m.value)).toEqual([ids[1]]);

    const removal = log.filter((r) => r.method === 'PATCH').at(-1)!.body;
    expect(removal).toEqual(
      shape === 'default'
        ? { schemas: [PATCH_OP], Operations: [{ op: 'Remove', path: 'members', value: [{ value: ids[0] }] }] }
        : { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `members[value eq "${ids[0]}"]` }] },
    );
    expect(log.slice(-2).map((r) => r.url)).toEqual([
      `/scim/v2/Groups/${gid}?excludedAttributes=members`,
      '/scim/v2/Groups?excludedAttributes=members&filter=displayName%20eq%20%22Sales%20EMEA%22',
    ]);
    expect(log.every((r) => !r.url.includes('aadOptscim062020'))).toBe(true);
  });

  it("reports a duplicate userName as EntryConflict (skip) with the app's words", async () => {
    const connector = open();
    await connector.execute(createUserRequest('carol@contoso.com'));
    const error = await caught(connector.execute(createUserRequest('carol@contoso.com')));
    expect(error).toMatchObject({
      reaction: 'skip',
      httpStatus: 409,
      errorCode: 'EntryConflict',
      scimType: 'uniqueness',
      errorCategory: 'nonServiceFailure',
    });
    expect(error.reason).toContain(`POST ${target.scimBaseUrl}/Users with 409 Conflict`);
    expect(error.reason).toContain('The app said:');
  });

  it('reports PATCH and DELETE of a resource that is gone as InvalidAnchor (skip)', async () => {
    const connector = open();
    const missing = '2819c223-7f76-453a-919d-413861904646';
    const patch = await caught(
      connector.execute({ method: 'PATCH', path: `/Users/${missing}`, body: disablePatch('default'), purpose: 'object' }),
    );
    const del = await caught(connector.execute({ method: 'DELETE', path: `/Users/${missing}`, body: null, purpose: 'object' }));
    for (const error of [patch, del]) expect(error).toMatchObject({ reaction: 'skip', httpStatus: 404, errorCode: 'InvalidAnchor' });
  });

  it('treats a resource type the app does not serve as a non-SCIM endpoint (quarantine)', async () => {
    const kintone = await target.admin('POST', '/admin/tenants', {
      body: { name: `kintone-${Date.now()}`, profile: 'kintone' },
      contentType: 'application/json',
    });
    expect(kintone.status).toBe(201);
    const connector = open(kintone.body.baseUrl, {}, kintone.body.token);
    await expect(connector.query('Users', 'userName eq "nobody@contoso.com"')).resolves.toEqual([]);
    const error = await caught(connector.query('Groups', 'displayName eq "Sales"'));
    expect(error).toMatchObject({
      reaction: 'quarantine',
      httpStatus: 404,
      errorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible',
    });
  });

  it('validates credentials with a filter on a random GUID', async () => {
    await open().validateCredentials();
    await validateScimCredentials({ baseAddress: `${target.scimBaseUrl}/`, secretToken: target.token });
    const log = await requestLog();
    expect(log).toHaveLength(2);
    for (const entry of log) {
      expect(entry).toMatchObject({ method: 'GET', status: 200 });
      expect(entry.url).toMatch(
        /^\/scim\/v2\/Users\?filter=userName%20eq%20%22[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}%22$/,
      );
    }
    expect(log[0].url).not.toBe(log[1].url);
  });

  it('rejects a wrong Secret Token without ever showing it', async () => {
    const wrong = 'wrong-token-0123456789abcdef';
    const validation = await caught(validateScimCredentials({ baseAddress: target.scimBaseUrl, secretToken: wrong }));
    expect(validation).toMatchObject({
      reaction: 'quarantine',
      httpStatus: 401,
      errorCode: 'SystemForCrossDomainIdentityManagementCredentialValidationFailure',
    });
    expect(validation.reason).toMatch(/^Test Connection failed/);
    expect(validation.recommendedAction).toContain('Secret Token');

    const operation = await caught(open(target.scimBaseUrl, {}, wrong).execute(createUserRequest('dave@contoso.com')));
    expect(operation).toMatchObject({ reaction: 'quarantine', httpStatus: 401, errorCode: 'Unauthorized' });
    for (const error of [validation, operation]) expect(errorText(error)).not.toContain(wrong);
    expect((await requestLog()).map((r) => r.status)).toEqual([401, 401]);
  });

  it('quarantines on an injected 401 and 403', async () => {
    await fault({ method: 'GET', path: '/Users/*', status: 403, maxHits: 1 });
    await fault({ method: 'GET', path: '/Users*', status: 401 });
    const connector = open();
    expect(await caught(connector.get('Users', 'x'))).toMatchObject({ reaction: 'quarantine', httpStatus: 403, errorCode: 'Unauthorized' });
    expect(await caught(connector.get('Users', 'x'))).toMatchObject({ reaction: 'quarantine', httpStatus: 401, errorCode: 'Unauthorized' });
  });

  it('honours Retry-After on 429 inside the call, then succeeds', async () => {
    await fault({ method: 'GET', path: '/Users*', status: 429, retryAfter: 2, maxHits: 2 });
    const connector = open();
    expect(await connector.query('Users', 'userName eq "erin@contoso.com"')).toEqual([]);
    expect(sleeps).toEqual([2000, 2000]);
    expect((await requestLog()).map((r) => r.status)).toEqual([429, 429, 200]);
    expect(exchanges.map((e) => [e.status, e.attempt, e.errorCode])).toEqual([
      [429, 1, 'TooManyRequests'],
      [429, 2, 'TooManyRequests'],
      [200, 3, undefined],
    ]);
  });

  it('escrows with TooManyRequests once the 429 retries run out', async () => {
    await fault({ method: 'POST', path: '/Users', status: 429, retryAfter: 1 });
    const error = await caught(open(target.scimBaseUrl, { max429Retries: 2 }).execute(createUserRequest('frank@contoso.com')));
    expect(error).toMatchObject({ reaction: 'escrow', httpStatus: 429, errorCode: 'TooManyRequests', retryAfterMs: 1000 });
    expect(error.reason).toContain('still throttled after 3 attempts');
    expect(sleeps).toEqual([1000, 1000]);
    expect((await requestLog()).map((r) => `${r.method} ${r.status}`)).toEqual(['POST 429', 'POST 429', 'POST 429']);
  });

  it('escrows at once when Retry-After asks for longer than maxRetryAfterMs', async () => {
    await fault({ method: 'GET', path: '/Users*', status: 429, retryAfter: 120 });
    const error = await caught(open(target.scimBaseUrl, { maxRetryAfterMs: 60_000 }).query('Users', 'userName eq "gina@contoso.com"'));
    expect(error).toMatchObject({ reaction: 'escrow', errorCode: 'TooManyRequests', retryAfterMs: 120_000 });
    expect(sleeps).toEqual([]);
    expect(await requestLog()).toHaveLength(1);
  });

  it('escrows 503, a timeout and a dropped connection', async () => {
    await fault({ method: 'GET', path: '/Users/unavailable', status: 503, retryAfter: 30 });
    await fault({ method: 'GET', path: '/Users/slow', latencyMs: 1500 });
    await fault({ method: 'GET', path: '/Users/dropped', drop: true });
    const connector = open(target.scimBaseUrl, { timeoutMs: 200 });
    expect(await caught(connector.get('Users', 'unavailable'))).toMatchObject({
      reaction: 'escrow',
      httpStatus: 503,
      errorCode: 'InternalServerError',
      retryAfterMs: 30_000,
    });
    expect(await caught(connector.get('Users', 'slow'))).toMatchObject({ reaction: 'escrow', httpStatus: null, errorCode: 'Timeout' });
    expect(await caught(connector.get('Users', 'dropped'))).toMatchObject({
      reaction: 'escrow',
      httpStatus: null,
      errorCode: 'WebExceptionProtocolError',
    });
    expect(exchanges.map((e) => [e.status, e.errorCode])).toEqual([
      [503, 'InternalServerError'],
      [null, 'Timeout'],
      [null, 'WebExceptionProtocolError'],
    ]);
    // The pool recovers: the next request goes through.
    expect(await connector.get('Users', 'absent')).toBeNull();
  });

  it('records every exchange of a call in its trace: each 429 retry, a timeout and a dropped connection (status null, the error text)', async () => {
    await fault({ method: 'GET', path: '/Users*', status: 429, retryAfter: 2, maxHits: 1 });
    await fault({ method: 'GET', path: '/Users/slow', latencyMs: 1500 });
    await fault({ method: 'GET', path: '/Users/dropped', drop: true });
    const connector = open(target.scimBaseUrl, { timeoutMs: 200 });
    const trace = new ScimTrace();
    expect(await connector.query('Users', 'userName eq "hana@contoso.com"', trace)).toEqual([]);
    await caught(connector.get('Users', 'slow', trace));
    await caught(connector.get('Users', 'dropped', trace));
    const created = await connector.execute(createUserRequest('hana@contoso.com'), trace);
    expect(trace.records.map((r) => [r.method, r.url.replace(target.scimBaseUrl, ''), r.status, r.error?.split(':')[0] ?? null])).toEqual([
      ['GET', '/Users?filter=userName%20eq%20%22hana%40contoso.com%22', 429, 'TooManyRequests'],
      ['GET', '/Users?filter=userName%20eq%20%22hana%40contoso.com%22', 200, null],
      ['GET', '/Users/slow', null, 'Timeout'],
      ['GET', '/Users/dropped', null, 'WebExceptionProtocolError'],
      ['POST', '/Users', 201, null],
    ]);
    const post = trace.records[4];
    expect(JSON.parse(post.requestBody!)).toEqual(createUserRequest('hana@contoso.com').body);
    expect(JSON.parse(post.responseBody!)).toMatchObject({ id: created!.id });
    expect(post.requestHeaders).toEqual({
      accept: 'application/scim+json, application/json',
      authorization: 'Bearer ****',
      'content-type': 'application/scim+json',
    });
    expect(JSON.stringify(trace.records)).not.toContain(target.token);
    // Calls without a trace record nothing.
    await connector.get('Users', created!.id as string);
    expect(trace.records).toHaveLength(5);
  });

  it('fails requests made after close() with InternalError', async () => {
    const connector = open();
    await connector.close();
    expect(await caught(connector.get('Users', 'x'))).toMatchObject({
      reaction: 'escrow',
      errorCode: 'InternalError',
      errorCategory: 'failure',
    });
  });
});

/** A local HTTP server for answers the SCIM target never gives. */
interface LocalServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

async function startLocalServer(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<LocalServer> {
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const EMPTY_LIST = JSON.stringify({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
  totalResults: 0,
  Resources: [],
  startIndex: 1,
  itemsPerPage: 0,
});

describe('ScimConnector against servers that are not SCIM apps', () => {
  const TOKEN = 'local-test-token-0123456789';

  it('quarantines when nothing listens on the port', async () => {
    const closed = await startLocalServer(() => undefined);
    const base = `${closed.url}/scim`;
    await closed.close();
    const error = await caught(validateScimCredentials({ baseAddress: base, secretToken: TOKEN }));
    expect(error).toMatchObject({
      reaction: 'quarantine',
      httpStatus: null,
      errorCode: 'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable',
    });
    expect(error.reason).toContain('connection was refused');

    const connector = ScimConnector.open({ baseAddress: base, secretToken: TOKEN });
    try {
      expect(await caught(connector.execute(createUserRequest('a@contoso.com')))).toMatchObject({
        reaction: 'quarantine',
        httpStatus: null,
      });
    } finally {
      await connector.close();
    }
  });

  it('quarantines when the host name does not resolve', async () => {
    const error = await caught(
      validateScimCredentials({ baseAddress: 'http://scim.provsim.invalid/scim', secretToken: TOKEN }, { timeoutMs: 20_000 }),
    );
    expect(error).toMatchObject({
      reaction: 'quarantine',
      httpStatus: null,
      errorCode: 'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable',
    });
  });

  it.each([
    ['a 404 HTML page', 404, 'text/html', '<html><body>Not Found</body></html>'],
    ['a 200 HTML page', 200, 'text/html', '<!doctype html><html><body>Welcome</body></html>'],
    ['200 with plain text', 200, 'text/plain', 'OK'],
    ['200 with JSON that is no ListResponse', 200, 'application/json', '{"ok":true}'],
    ['a redirect to a login page', 302, 'text/html', ''],
  ])('quarantines Test Connection answered with %s as ServiceIncompatible', async (_label, status, type, body) => {
    const server = await startLocalServer((_req, res) => {
      if (status === 302) res.setHeader('location', 'https://login.example.com/');
      res.writeHead(status, { 'content-type': type }).end(body);
    });
    try {
      const error = await caught(validateScimCredentials({ baseAddress: `${server.url}/`, secretToken: TOKEN }));
      expect(error).toMatchObject({
        reaction: 'quarantine',
        httpStatus: status,
        errorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible',
      });
      expect(error.recommendedAction).toContain('Tenant URL');
    } finally {
      await server.close();
    }
  });

  it('quarantines a port that does not speak HTTP', async () => {
    const { createServer: createTcpServer } = await import('node:net');
    const sockets = new Set<Socket>();
    const tcp = createTcpServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.end('SSH-2.0-OpenSSH_9.6\r\n');
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    const { port } = tcp.address() as AddressInfo;
    try {
      const error = await caught(validateScimCredentials({ baseAddress: `http://127.0.0.1:${port}/scim`, secretToken: TOKEN }));
      expect(error).toMatchObject({
        reaction: 'quarantine',
        httpStatus: null,
        errorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible',
      });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    }
  });

  it('redacts the token when the app echoes it back', async () => {
    const server = await startLocalServer((req, res) => {
      res
        .writeHead(400, { 'content-type': 'application/scim+json' })
        .end(JSON.stringify({ detail: `Rejected header: ${req.headers.authorization}`, scimType: 'invalidValue' }));
    });
    const connector = ScimConnector.open({ baseAddress: `${server.url}/scim`, secretToken: TOKEN });
    try {
      const error = await caught(connector.execute(createUserRequest('a@contoso.com')));
      expect(error).toMatchObject({ reaction: 'skip', httpStatus: 400, errorCode: 'SystemForCrossDomainIdentityManagementBadRequest' });
      expect(error.reason).toContain('Rejected header: Bearer [REDACTED]');
      expect(errorText(error)).not.toContain(TOKEN);
    } finally {
      await connector.close();
      await server.close();
    }
  });
});

describe('ScimConnector request shapes', () => {
  const TOKEN = 'shape-token-0123456789';
  let server: LocalServer;
  let seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }>;

  beforeAll(async () => {
    server = await startLocalServer((req, res, body) => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      res.setHeader('content-type', 'application/scim+json');
      if (req.method === 'DELETE') return void res.writeHead(204).end();
      if (req.method === 'POST') return void res.writeHead(201).end(JSON.stringify({ ...JSON.parse(body), id: 'new-id' }));
      if (req.method === 'PATCH') return void res.writeHead(204).end();
      if (/\/(Users|Groups)\?/.test(req.url!)) return void res.writeHead(200).end(EMPTY_LIST);
      res.writeHead(200).end(JSON.stringify({ id: 'x', displayName: 'x' }));
    });
  });
  afterAll(() => server.close());
  beforeEach(() => (seen = []));

  it('sends the bearer token, the SCIM media type on bodies, and nothing of the flag', async () => {
    const connector = ScimConnector.open({ baseAddress: `${server.url}/scim/?aadOptscim062020`, secretToken: ` ${TOKEN}\n` });
    try {
      await connector.validateCredentials();
      await connector.execute(createUserRequest('a@contoso.com'));
      await connector.execute({ method: 'PATCH', path: '/Users/new-id', body: disablePatch(connector.shape), purpose: 'object' });
      await connector.execute({ method: 'DELETE', path: '/Users/new-id', body: null, purpose: 'object' });
    } finally {
      await connector.close();
    }
    const guid = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/;
    expect(seen.map((r) => `${r.method} ${r.url.replace(guid, '<guid>')}`)).toEqual([
      'GET /scim/Users?filter=userName%20eq%20%22<guid>%22',
      'POST /scim/Users',
      'PATCH /scim/Users/new-id',
      'DELETE /scim/Users/new-id',
    ]);
    for (const r of seen) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.headers.accept).toBe('application/scim+json, application/json');
      expect(r.headers.connection).not.toBe('close');
    }
    expect(seen.map((r) => r.headers['content-type'])).toEqual([undefined, 'application/scim+json', 'application/scim+json', undefined]);
    expect(seen.map((r) => r.body)).toEqual([
      '',
      JSON.stringify(createUserRequest('a@contoso.com').body),
      JSON.stringify({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: false }] }),
      '',
    ]);
  });

  it.each([
    ['/scim', '/scim'],
    ['/scim/', '/scim'],
    ['/scim?aadOptscim062020', '/scim'],
    ['/scim/?aadOptscim062020', '/scim'],
    ['', ''],
    ['/?aadOptscim062020', ''],
    ['/v2/scim?tenant=acme&aadOptscim062020', '/v2/scim'],
  ])('builds the same URLs from the Tenant URL %j', async (suffix, basePath) => {
    const connector = ScimConnector.open({ baseAddress: `${server.url}${suffix}`, secretToken: TOKEN });
    try {
      await connector.get('Users', 'a/b c');
      await connector.get('Groups', 'g1');
      await connector.query('Users', 'userName eq "o\'brien+x@contoso.com"');
      await connector.query('Groups', 'displayName eq "R&D \\"core\\""');
    } finally {
      await connector.close();
    }
    const extra = suffix.includes('tenant=acme') ? 'tenant=acme&' : '';
    const only = suffix.includes('tenant=acme') ? '?tenant=acme' : '';
    expect(seen.map((r) => r.url)).toEqual([
      `${basePath}/Users/a%2Fb%20c${only}`,
      `${basePath}/Groups/g1?${extra}excludedAttributes=members`,
      `${basePath}/Users?${extra}filter=userName%20eq%20%22o'brien%2Bx%40contoso.com%22`,
      `${basePath}/Groups?${extra}excludedAttributes=members&filter=displayName%20eq%20%22R%26D%20%5C%22core%5C%22%22`,
    ]);
  });
});

describe('ScimConnector concurrency', () => {
  it('keeps at most `concurrency` requests on the wire over as many kept-alive connections', async () => {
    const LIMIT = 3;
    const TOTAL = 20;
    const held: ServerResponse[] = [];
    const sockets = new Set<Socket>();
    let inFlight = 0;
    let maxInFlight = 0;
    let arrived = 0;
    let reachedLimit!: () => void;
    const limitReached = new Promise<void>((resolve) => (reachedLimit = resolve));
    let paused = true;
    let draining = false;

    const answerOldest = (): void => {
      const res = held.shift();
      if (!res) return;
      inFlight -= 1;
      res.writeHead(200, { 'content-type': 'application/scim+json' }).end(JSON.stringify({ id: 'x' }));
    };
    // Answers only while LIMIT requests are held (or all have arrived), one at a time on the next turn, so a
    // client that sent more than LIMIT would be seen holding more.
    const pump = (): void => {
      if (paused) return;
      if (inFlight >= LIMIT || (arrived === TOTAL && inFlight > 0)) setImmediate(() => (answerOldest(), pump()));
    };
    const server = await startLocalServer((req, res) => {
      if (draining) return void res.writeHead(503).end();
      sockets.add(req.socket);
      arrived += 1;
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      held.push(res);
      if (inFlight === LIMIT) reachedLimit();
      pump();
    });
    const connector = ScimConnector.open({ baseAddress: `${server.url}/scim`, secretToken: 't0ken-0123456789' }, { concurrency: LIMIT });
    const all = Promise.all(Array.from({ length: TOTAL }, (_, i) => connector.get('Users', `u${i}`)));
    try {
      await limitReached;
      // Hold a moment longer: a client sending more than LIMIT would show it here (correct clients pass anyway).
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(inFlight).toBe(LIMIT);
      expect(connector.stats()).toEqual({ inFlight: LIMIT, queued: TOTAL - LIMIT });
      paused = false;
      pump();
      const results = await all;
      expect(results).toHaveLength(TOTAL);
      expect(arrived).toBe(TOTAL);
      expect(maxInFlight).toBe(LIMIT);
      expect(sockets.size).toBeLessThanOrEqual(LIMIT);
      expect(connector.stats()).toEqual({ inFlight: 0, queued: 0 });
    } finally {
      draining = true;
      for (const res of held.splice(0)) res.writeHead(503).end();
      await all.catch(() => undefined);
      await connector.close();
      await server.close();
    }
  });
});
