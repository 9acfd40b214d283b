import {
  BatchRequestContent,
  BatchResponseContent,
  Client,
  Context,
  HTTPMessageHandler,
  Middleware,
} from '@microsoft/microsoft-graph-client';
import { httpRequest } from '@app/testing';
import { newUser, startTestEntra, TestEntra } from './harness';

type Answer = { id: string; status: number; headers: Record<string, string>; body?: any };
const json = { 'Content-Type': 'application/json' };

/** Graph's JSON batching: POST /v1.0/$batch (and /beta) runs up to 20 requests through the same app. */
describe('Graph JSON batching ($batch)', () => {
  let entra: TestEntra;
  const batch = (requests: unknown, options: { version?: string; token?: string } = {}) =>
    httpRequest('POST', `${entra.url}/${options.version ?? 'v1.0'}/$batch`, {
      token: options.token ?? entra.identity.adminToken,
      contentType: 'application/json',
      body: Array.isArray(requests) ? { requests } : requests,
    });
  const byId = (body: { responses: Answer[] }) => Object.fromEntries(body.responses.map((r) => [r.id, r]));
  const userCount = async () => (await entra.graph('GET', '/users?$top=999')).body.value.length as number;

  beforeAll(async () => {
    entra = await startTestEntra();
    for (let i = 0; i < 3; i++) await entra.graph('POST', '/users', { body: newUser(`seed${i}@contoso.com`) });
  });
  afterAll(() => entra.stop());

  it('runs reads and writes, answering {responses:[{id, status, headers, body}]} in the order asked', async () => {
    const res = await batch([
      { id: '1', method: 'GET', url: '/users?$top=1&$select=id,userPrincipalName' },
      { id: '2', method: 'POST', url: '/users', headers: json, body: newUser('batch.one@contoso.com', { jobTitle: 'First' }) },
      { id: '3', method: 'get', url: 'users/batch.one%40contoso.com?$select=jobTitle', dependsOn: ['2'] },
      { id: '4', method: 'PATCH', url: '/users/batch.one@contoso.com', headers: json, body: { jobTitle: 'Second' }, dependsOn: ['3'] },
      { id: '5', method: 'GET', url: '/groups/00000000-0000-4000-8000-00000000dead' },
    ]);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.responses.map((r: Answer) => [r.id, r.status])).toEqual([
      ['1', 200],
      ['2', 201],
      ['3', 200],
      ['4', 204],
      ['5', 404],
    ]);
    const answers = byId(res.body);
    expect(answers['1'].headers['Content-Type']).toMatch(/^application\/json/);
    expect(answers['1'].body).toMatchObject({
      '@odata.context': `${entra.url}/v1.0/$metadata#users(id,userPrincipalName)`,
      value: [expect.any(Object)],
    });
    // Links point where the batch went, absolute, as Graph's do.
    expect(answers['1'].body['@odata.nextLink']).toMatch(new RegExp(`^${entra.url}/v1\\.0/users\\?.*\\$skiptoken=`));
    expect(answers['2'].body).toMatchObject({
      '@odata.context': `${entra.url}/v1.0/$metadata#users/$entity`,
      userPrincipalName: 'batch.one@contoso.com',
    });
    expect(answers['3'].body.jobTitle).toBe('First');
    expect(answers['4']).toEqual({ id: '4', status: 204, headers: {} });
    expect(answers['5'].body.error).toMatchObject({ code: 'Request_ResourceNotFound', innerError: { 'request-id': expect.any(String) } });
    expect((await entra.graph('GET', '/users/batch.one@contoso.com?$select=jobTitle')).body.jobTitle).toBe('Second');
  });

  it('under /beta, the sub-requests run under /beta', async () => {
    const res = await batch([{ id: 'a', method: 'GET', url: '/users?$top=1' }], { version: 'beta' });
    expect(res.status).toBe(200);
    expect(res.body.responses[0].body['@odata.context']).toBe(`${entra.url}/beta/$metadata#users`);
  });

  it('runs a request after the ones it depends on, whatever the order given; a failed dependency answers 424 and runs nothing', async () => {
    const ordered = await batch([
      { id: 'read', method: 'GET', url: '/users/batch.two@contoso.com', dependsOn: ['create'] },
      { id: 'create', method: 'POST', url: '/users', headers: json, body: newUser('batch.two@contoso.com') },
    ]);
    expect(byId(ordered.body).read.status).toBe(200);
    expect(ordered.body.responses.map((r: Answer) => r.id)).toEqual(['read', 'create']);

    const before = await userCount();
    const failed = await batch([
      { id: '1', method: 'GET', url: '/users/nobody@contoso.com' },
      { id: '2', method: 'POST', url: '/users', headers: json, body: newUser('never.created@contoso.com'), dependsOn: ['1'] },
      { id: '3', method: 'DELETE', url: '/users/seed0@contoso.com', dependsOn: ['2'] },
      { id: '4', method: 'GET', url: '/users/seed0@contoso.com' },
    ]);
    const answers = byId(failed.body);
    expect([answers['1'].status, answers['2'].status, answers['3'].status, answers['4'].status]).toEqual([404, 424, 424, 200]);
    expect(answers['2'].body.error).toMatchObject({ code: 'FailedDependency', message: expect.any(String) });
    expect(await userCount()).toBe(before);
  });

  it.each<[string, unknown, string]>([
    ['no requests property', { value: [] }, 'Invalid batch payload format.'],
    ['requests not an array', { requests: { id: '1' } }, 'Invalid batch payload format.'],
    ['no requests', { requests: [] }, 'Invalid batch payload format.'],
    [
      '21 requests',
      { requests: Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/users' })) },
      'Number of requests inside batch exceed the limit.',
    ],
    [
      'a duplicate id (ids are not case-sensitive)',
      [
        { id: 'a', method: 'GET', url: '/users' },
        { id: 'A', method: 'GET', url: '/groups' },
      ],
      'Request Id A has to be unique in a batch.',
    ],
    ['an id that is not a string', [{ id: 1, method: 'GET', url: '/users' }], 'Invalid batch payload format.'],
    ['no id', [{ method: 'GET', url: '/users' }], 'Invalid batch payload format.'],
    ['no method', [{ id: '1', url: '/users' }], 'Invalid batch payload format.'],
    ['an unknown method', [{ id: '1', method: 'TRACE', url: '/users' }], 'Invalid batch payload format.'],
    ['no url', [{ id: '1', method: 'GET' }], 'Invalid batch payload format.'],
    ['a dependency on an unknown id', [{ id: '1', method: 'GET', url: '/users', dependsOn: ['2'] }], 'Invalid batch payload format.'],
    ['a dependency on itself', [{ id: '1', method: 'GET', url: '/users', dependsOn: ['1'] }], 'Invalid batch payload format.'],
    [
      'a dependency cycle',
      [
        { id: '1', method: 'GET', url: '/users', dependsOn: ['2'] },
        { id: '2', method: 'GET', url: '/users', dependsOn: ['1'] },
      ],
      'Invalid batch payload format.',
    ],
    [
      'a write without Content-Type',
      [{ id: '1', method: 'POST', url: '/users', body: newUser('x@contoso.com') }],
      'Write request id : 1 does not contain Content-Type header or body.',
    ],
    [
      'a write without body',
      [{ id: 'w', method: 'PATCH', url: '/users/seed1@contoso.com', headers: json }],
      'Write request id : w does not contain Content-Type header or body.',
    ],
    [
      'a header that is not a string',
      [{ id: '1', method: 'GET', url: '/users', headers: { ConsistencyLevel: 1 } }],
      'Invalid batch payload format.',
    ],
  ])('refuses %s with 400 and runs none of it', async (_name, requests, message) => {
    const before = await userCount();
    const body = Array.isArray(requests)
      ? [{ id: 'ok', method: 'POST', url: '/users', headers: json, body: newUser(`refused.${Date.now()}@contoso.com`) }, ...requests]
      : requests;
    const res = await batch(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'BadRequest', message });
    expect(await userCount()).toBe(before);
  });

  it.each([
    'https://graph.microsoft.com/v1.0/users',
    'http://127.0.0.1/sim/clock',
    'HTTP://127.0.0.1/v1.0/users',
    'mailto:x@contoso.com',
    '//evil.example/v1.0/users',
    '\\\\evil.example\\users',
    '/../sim/clock',
    '../sim/clock',
    '/users/../../sim/clock',
    '/%2e%2e/sim/clock',
    '/.%2E/health',
    '/%2E/users',
    '/users%2F..%2F..%2Fsim%2Fclock',
    '/users%5C..%5C..%5Csim',
    '/users/\t../../sim/clock',
    '/users/.\n./../sim/clock',
    '/users#fragment',
    '/users /x',
  ])('refuses a sub-request URL that could leave the Graph API: %s', async (url) => {
    const res = await batch([{ id: '1', method: 'GET', url }]);
    expect([url, res.status, res.body.error?.code, res.body.error?.message]).toEqual([
      url,
      400,
      'BadRequest',
      'Invalid batch payload format.',
    ]);
  });

  it('answers a relative URL that reaches a non-Graph route (token endpoint, nested batch, /sim, health) with an error, never its handler', async () => {
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const { clientId, clientSecret } = entra.identity;
    const res = await batch([
      {
        id: 'token',
        method: 'POST',
        url: '/oauth2/v2.0/token',
        headers: form,
        body: `grant_type=client_credentials&client_id=${clientId}&client_secret=${encodeURIComponent(clientSecret)}&scope=${encodeURIComponent('https://graph.microsoft.com/.default')}`,
      },
      {
        id: 'token2',
        method: 'POST',
        url: `/${entra.identity.tenantId}/oauth2/v2.0/token`,
        headers: form,
        body: 'grant_type=client_credentials',
      },
      { id: 'nested', method: 'POST', url: '/$batch', headers: json, body: { requests: [{ id: '1', method: 'GET', url: '/users' }] } },
      { id: 'nested2', method: 'POST', url: '/%24batch', headers: json, body: { requests: [{ id: '1', method: 'GET', url: '/users' }] } },
      { id: 'sim', method: 'GET', url: '/sim/clock' },
      { id: 'health', method: 'GET', url: '/health' },
    ]);
    expect(res.status).toBe(200);
    const answers = byId(res.body);
    expect(answers.token).toMatchObject({ status: 404, body: { error: { code: 'NotFound' } } });
    expect(JSON.stringify(answers.token)).not.toContain('access_token');
    expect(answers.token2.status).toBe(404);
    expect(answers.nested).toMatchObject({
      status: 400,
      body: { error: { code: 'Request_BadRequest', message: 'A batch request cannot contain another batch request.' } },
    });
    // `%24batch` is another path than `$batch` for the router (a reserved character encoded): no route, a 404.
    expect(answers.nested2).toMatchObject({ status: 404, body: { error: { code: 'NotFound' } } });
    expect(answers.sim.status).toBe(404);
    expect(answers.health.status).toBe(404);
  });

  it("authenticates the batch, and each sub-request with the batch's own token only", async () => {
    expect((await batch([{ id: '1', method: 'GET', url: '/users' }], { token: 'wrong' })).status).toBe(401);
    const none = await httpRequest('POST', `${entra.url}/v1.0/$batch`, {
      contentType: 'application/json',
      body: { requests: [{ id: '1', method: 'GET', url: '/users' }] },
    });
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('InvalidAuthenticationToken');
    // A sub-request's own Authorization header is dropped: the batch's token applies.
    const res = await batch([{ id: '1', method: 'GET', url: '/users?$top=1', headers: { Authorization: 'Bearer wrong' } }]);
    expect(res.body.responses[0].status).toBe(200);
    // A client-credentials JWT works for the batch and its sub-requests alike.
    const { tenantId, clientId, clientSecret } = entra.identity;
    const token = await httpRequest('POST', `${entra.url}/${tenantId}/oauth2/v2.0/token`, {
      contentType: 'application/x-www-form-urlencoded',
      rawBody: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      }).toString(),
    });
    const withJwt = await batch([{ id: '1', method: 'GET', url: '/groups' }], { token: token.body.access_token });
    expect(withJwt.body.responses[0].status).toBe(200);
  });

  it('applies the same input checks and query rules to each sub-request as over the network', async () => {
    const res = await batch([
      { id: 'nul', method: 'GET', url: '/users?$filter=%00' },
      { id: 'credential', method: 'GET', url: '/users?access_token=leaked' },
      { id: 'search', method: 'GET', url: '/users?$search="displayName:seed0"' },
      { id: 'eventual', method: 'GET', url: '/users?$search="displayName:seed0"&$count=true', headers: { ConsistencyLevel: 'eventual' } },
      { id: 'count', method: 'GET', url: '/users/$count', headers: { ConsistencyLevel: 'eventual' } },
      {
        id: 'unknown',
        method: 'POST',
        url: '/groups',
        headers: json,
        body: { displayName: 'x', mailNickname: 'x', mailEnabled: false, securityEnabled: true, visibility: 'Public' },
      },
      { id: 'form', method: 'POST', url: '/users', headers: { 'Content-Type': 'text/plain' }, body: 'hello' },
    ]);
    const answers = byId(res.body);
    expect(answers.nul.status).toBe(400);
    expect(answers.credential.status).toBe(400);
    expect(JSON.stringify(answers.credential)).not.toContain('leaked');
    expect(answers.search.body.error).toMatchObject({ code: 'Request_UnsupportedQuery' });
    expect(answers.eventual).toMatchObject({
      status: 200,
      body: { '@odata.count': 1, value: [expect.objectContaining({ userPrincipalName: 'seed0@contoso.com' })] },
    });
    expect(answers.count).toMatchObject({
      status: 200,
      headers: { 'Content-Type': expect.stringMatching(/^text\/plain/) },
      body: String(await userCount()),
    });
    expect(answers.unknown).toMatchObject({
      status: 400,
      body: { error: { code: 'Request_BadRequest', message: "Property 'visibility' does not exist on this resource type." } },
    });
    expect(answers.form.status).toBe(415);
    for (const a of res.body.responses as Answer[])
      if (a.status >= 400) expect(a.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    // The batch body goes through the request checks first: a prototype key anywhere in it refuses the whole batch.
    const proto = await batch([
      { id: '1', method: 'POST', url: '/groups', headers: json, body: { displayName: 'x', nested: { constructor: { prototype: 1 } } } },
    ]);
    expect(proto.status).toBe(400);
    expect(proto.body.error.code).toEqual(expect.any(String));
  });

  it("works with the Graph SDK's BatchRequestContent and BatchResponseContent", async () => {
    const auth: Middleware & { next?: Middleware } = {
      async execute(context: Context) {
        context.options = {
          ...context.options,
          headers: { ...(context.options?.headers as Record<string, string>), Authorization: `Bearer ${entra.identity.adminToken}` },
        };
        await auth.next!.execute(context);
      },
      setNext(next: Middleware) {
        auth.next = next;
      },
    };
    const client = Client.initWithMiddleware({ baseUrl: entra.url, defaultVersion: 'v1.0', middleware: [auth, new HTTPMessageHandler()] });
    const content = new BatchRequestContent([
      {
        id: 'create',
        request: new Request(`${entra.url}/users`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify(newUser('sdk.batch@contoso.com')),
        }),
      },
      {
        id: 'read',
        request: new Request(`${entra.url}/users/sdk.batch@contoso.com?$select=id,userPrincipalName`, { method: 'GET' }),
        dependsOn: ['create'],
      },
      { id: 'list', request: new Request(`${entra.url}/groups?$top=5`, { method: 'GET' }), dependsOn: ['read'] },
    ]);
    const raw = await client.api('/$batch').post(await content.getContent());
    const parsed = new BatchResponseContent(raw);
    const created = parsed.getResponseById('create');
    expect(created.status).toBe(201);
    const read = parsed.getResponseById('read');
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ userPrincipalName: 'sdk.batch@contoso.com', id: (await created.json()).id });
    expect((await parsed.getResponseById('list').json()).value).toEqual(expect.any(Array));
  });
});
