import { httpRequest } from '@app/testing';
import { newUser, startTestEntra, TestEntra } from './harness';

const q = encodeURIComponent;

describe('Graph /v1.0/users', () => {
  let entra: TestEntra;
  beforeAll(async () => {
    entra = await startTestEntra();
  });
  afterAll(() => entra.stop());

  it('creates a user (201, Graph default properties) and reads it back', async () => {
    const res = await entra.graph('POST', '/users', {
      body: newUser('adele.vance@contoso.com', { givenName: 'Adele', surname: 'Vance', jobTitle: 'Retail Manager', department: 'Retail' }),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      '@odata.context': `${entra.url}/v1.0/$metadata#users/$entity`,
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      businessPhones: [],
      displayName: 'adele.vance',
      givenName: 'Adele',
      surname: 'Vance',
      jobTitle: 'Retail Manager',
      userPrincipalName: 'adele.vance@contoso.com',
      mail: null,
    });
    expect(res.body).not.toHaveProperty('department'); // not in Graph's default set
    expect(res.body).not.toHaveProperty('passwordProfile');
    const got = await entra.graph('GET', `/users/${res.body.id}?$select=id,department,accountEnabled,createdDateTime`);
    expect(got.body).toMatchObject({
      id: res.body.id,
      department: 'Retail',
      accountEnabled: true,
      createdDateTime: expect.stringMatching(/Z$/),
    });
    expect(Object.keys(got.body)).toEqual(['@odata.context', 'id', 'department', 'accountEnabled', 'createdDateTime']);
  });

  it.each([
    ['a duplicate UPN (any case)', newUser('ADELE.VANCE@contoso.com'), /Another object with the same value for property userPrincipalName/],
    ['a malformed UPN', newUser('not-an-upn'), /userPrincipalName is invalid/],
    ['an unknown property', { ...newUser('x1@contoso.com'), favouriteColour: 'blue' }, /favouriteColour/],
    ['a wrong type', { ...newUser('x2@contoso.com'), accountEnabled: 'yes' }, /accountEnabled/],
    ['no passwordProfile', { ...newUser('x3@contoso.com'), passwordProfile: undefined }, /passwordProfile/],
  ])('rejects %s with 400 Request_BadRequest and stores nothing', async (_name, body, message) => {
    const before = (await entra.graph('GET', '/users?$top=999')).body.value.length;
    const res = await entra.graph('POST', '/users', { body });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'Request_BadRequest', message: expect.stringMatching(message) });
    expect(res.body.error.innerError).toEqual({ date: expect.any(String), 'request-id': expect.any(String) });
    expect((await entra.graph('GET', '/users?$top=999')).body.value.length).toBe(before);
  });

  it('malformed JSON and huge bodies are clear 4xx errors', async () => {
    const bad = await entra.graph('POST', '/users', { rawBody: '{"displayName": ' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BadRequest');
    const huge = await entra.graph('POST', '/users', {
      body: { ...newUser('huge@contoso.com'), displayName: 'x'.repeat(5 * 1024 * 1024) },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('RequestEntityTooLarge');
  });

  it('updates with PATCH (204), deletes to the recycle bin, restores, purges', async () => {
    const { body: user } = await entra.graph('POST', '/users', { body: newUser('lifecycle@contoso.com') });
    expect((await entra.graph('PATCH', `/users/${user.id}`, { body: { jobTitle: 'Engineer', accountEnabled: false } })).status).toBe(204);
    expect((await entra.graph('GET', `/users/${user.id}?$select=jobTitle,accountEnabled`)).body).toMatchObject({
      jobTitle: 'Engineer',
      accountEnabled: false,
    });

    expect((await entra.graph('DELETE', `/users/${user.id}`)).status).toBe(204);
    expect((await entra.graph('GET', `/users/${user.id}`)).status).toBe(404);
    const bin = await entra.graph('GET', '/directory/deletedItems/microsoft.graph.user');
    expect(bin.body.value.map((u: { id: string }) => u.id)).toContain(user.id);
    expect(bin.body.value.find((u: { id: string }) => u.id === user.id).deletedDateTime).toEqual(expect.any(String));

    const restored = await entra.graph('POST', `/directory/deletedItems/${user.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ '@odata.type': '#microsoft.graph.user', id: user.id });
    expect((await entra.graph('GET', `/users/${user.id}`)).status).toBe(200);

    await entra.graph('DELETE', `/users/${user.id}`);
    expect((await entra.graph('DELETE', `/directory/deletedItems/${user.id}`)).status).toBe(204);
    expect((await entra.graph('GET', `/directory/deletedItems/${user.id}`)).status).toBe(404);
    // the UPN is free again after the purge
    expect((await entra.graph('POST', '/users', { body: newUser('lifecycle@contoso.com') })).status).toBe(201);
  });

  it('manager: PUT and DELETE $ref, GET manager', async () => {
    const { body: boss } = await entra.graph('POST', '/users', { body: newUser('boss@contoso.com') });
    const { body: report } = await entra.graph('POST', '/users', { body: newUser('report@contoso.com') });
    expect((await entra.graph('GET', `/users/${report.id}/manager`)).status).toBe(404);
    const put = await entra.graph('PUT', `/users/${report.id}/manager/$ref`, {
      body: { '@odata.id': `https://graph.microsoft.com/v1.0/users/${boss.id}` },
    });
    expect(put.status).toBe(204);
    const manager = await entra.graph('GET', `/users/${report.id}/manager`);
    expect(manager.body).toMatchObject({ '@odata.type': '#microsoft.graph.user', id: boss.id, userPrincipalName: 'boss@contoso.com' });
    expect((await entra.graph('PUT', `/users/${report.id}/manager/$ref`, { body: { '@odata.id': 'nonsense' } })).status).toBe(400);
    expect((await entra.graph('DELETE', `/users/${report.id}/manager/$ref`)).status).toBe(204);
    expect((await entra.graph('GET', `/users/${report.id}/manager`)).status).toBe(404);
  });

  it('lists with $filter, $top and @odata.nextLink paging, $orderby, $select, $count', async () => {
    for (let i = 0; i < 7; i++) {
      await entra.graph('POST', '/users', {
        body: newUser(`page${i}@fabrikam.com`, { department: i % 2 ? 'Sales' : 'Legal', accountEnabled: i !== 3 }),
      });
    }
    const seen: string[] = [];
    let url: string | undefined =
      `${entra.graphUrl}/users?$filter=${q("startswith(userPrincipalName,'page')")}&$top=3&$orderby=displayName desc`;
    let pages = 0;
    while (url && pages < 10) {
      const res: any = await httpRequest('GET', url, { token: entra.identity.adminToken });
      expect(res.status).toBe(200);
      expect(res.body.value.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.value.map((u: { userPrincipalName: string }) => u.userPrincipalName));
      url = res.body['@odata.nextLink'];
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `page${i}@fabrikam.com`));

    const sales = await entra.graph(
      'GET',
      `/users?$filter=${q("department eq 'sales' and accountEnabled eq true")}&$select=userPrincipalName,department&$count=true`,
      {
        headers: { ConsistencyLevel: 'eventual' },
      },
    );
    expect(sales.status).toBe(200);
    expect(sales.body['@odata.count']).toBe(2);
    expect(sales.body.value.map((u: { userPrincipalName: string }) => u.userPrincipalName).sort()).toEqual([
      'page1@fabrikam.com',
      'page5@fabrikam.com',
    ]);
    const inList = await entra.graph('GET', `/users?$filter=${q("userPrincipalName in ('page0@fabrikam.com','PAGE2@fabrikam.com')")}`);
    expect(inList.body.value).toHaveLength(2);
    const negated = await entra.graph(
      'GET',
      `/users?$filter=${q("not(startswith(userPrincipalName,'page')) and accountEnabled eq false")}`,
    );
    expect(negated.body.value).toHaveLength(0);
  });

  it('organisation attributes: set by POST and PATCH, read with $select, filtered as Graph filters them', async () => {
    const created = await entra.graph('POST', '/users', {
      body: newUser('org.one@northwind.com', {
        employeeId: 'E-1001',
        employeeType: 'Employee',
        companyName: 'Northwind',
        employeeOrgData: { division: 'Retail', costCenter: 'CC-42' },
        onPremisesExtensionAttributes: { extensionAttribute1: 'badge-7', extensionAttribute15: 'last' },
      }),
    });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('companyName'); // not in Graph's default set
    const id = created.body.id;
    const select = 'employeeId,employeeType,companyName,employeeOrgData,onPremisesExtensionAttributes';
    const got = await entra.graph('GET', `/users/${id}?$select=${select}`);
    expect(got.status).toBe(200);
    const allNull = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`extensionAttribute${i + 1}`, null]));
    expect(got.body).toMatchObject({
      id,
      employeeId: 'E-1001',
      employeeType: 'Employee',
      companyName: 'Northwind',
      employeeOrgData: { division: 'Retail', costCenter: 'CC-42' },
      onPremisesExtensionAttributes: { ...allNull, extensionAttribute1: 'badge-7', extensionAttribute15: 'last' },
    });

    // employeeOrgData is replaced whole (an omitted property becomes null); extension attributes merge, null clears one.
    const patched = await entra.graph('PATCH', `/users/${id}`, {
      body: {
        companyName: 'Northwind Traders',
        employeeOrgData: { division: 'Online' },
        onPremisesExtensionAttributes: { extensionAttribute2: 'two', extensionAttribute15: null },
      },
    });
    expect(patched.status).toBe(204);
    const after = await entra.graph('GET', `/users/${id}?$select=${select}`);
    expect(after.body).toMatchObject({
      companyName: 'Northwind Traders',
      employeeOrgData: { division: 'Online', costCenter: null },
      onPremisesExtensionAttributes: { ...allNull, extensionAttribute1: 'badge-7', extensionAttribute2: 'two' },
    });
    const plain = await entra.graph('POST', '/users', { body: newUser('org.two@northwind.com', { companyName: 'Contoso' }) });
    const unset = await entra.graph('GET', `/users/${plain.body.id}?$select=${select}`);
    expect(unset.body).toMatchObject({ employeeType: null, employeeOrgData: null, onPremisesExtensionAttributes: allNull });

    const ids = async (filter: string) => {
      const res = await entra.graph('GET', `/users?$filter=${q(filter)}&$select=id`);
      expect(res.status).toBe(200);
      return res.body.value.map((u: { id: string }) => u.id);
    };
    expect(await ids("companyName eq 'northwind traders'")).toEqual([id]);
    expect(await ids("startswith(companyName,'Northwind')")).toEqual([id]);
    expect(await ids("employeeId eq 'E-1001'")).toEqual([id]);
    expect(await ids("employeeType eq 'Employee'")).toEqual([id]);
    expect(await ids("employeeOrgData/division eq 'Online'")).toEqual([id]);
    expect(await ids("employeeOrgData/costCenter eq null and companyName eq 'Northwind Traders'")).toEqual([id]);
    expect(await ids("onPremisesExtensionAttributes/extensionAttribute1 eq 'badge-7'")).toEqual([id]);
    expect(await ids("onPremisesExtensionAttributes/extensionAttribute2 in ('two','three')")).toEqual([id]);
    const list = await entra.graph(
      'GET',
      `/users?$filter=${q("companyName eq 'Contoso'")}&$select=companyName,onPremisesExtensionAttributes`,
    );
    expect(list.body.value).toEqual([{ id: plain.body.id, companyName: 'Contoso', onPremisesExtensionAttributes: allNull }]);
  });

  it.each([
    ['an unknown extension attribute', { onPremisesExtensionAttributes: { extensionAttribute16: 'x' } }, /extensionAttribute16/],
    ['a non-object employeeOrgData', { employeeOrgData: 'Retail' }, /employeeOrgData/],
    ['an unknown employeeOrgData property', { employeeOrgData: { region: 'EU' } }, /region/],
    ['a too long extension attribute', { onPremisesExtensionAttributes: { extensionAttribute3: 'x'.repeat(1025) } }, /extensionAttribute3/],
    ['a number as companyName', { companyName: 42 }, /companyName/],
  ])('PATCH with %s is 400 Request_BadRequest and changes nothing', async (_name, body, message) => {
    const { body: user } = await entra.graph('POST', '/users', {
      body: newUser(`bad.${Math.random().toString(36).slice(2, 8)}@northwind.com`, { companyName: 'Before' }),
    });
    const res = await entra.graph('PATCH', `/users/${user.id}`, { body });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'Request_BadRequest', message: expect.stringMatching(message) });
    expect((await entra.graph('GET', `/users/${user.id}?$select=companyName`)).body.companyName).toBe('Before');
  });

  it('a B2B guest keeps its #EXT# userPrincipalName and userType Guest in Graph', async () => {
    const upn = 'adele_fabrikam.com#EXT#@provsim.onmicrosoft.com';
    const res = await entra.graph('POST', '/users', {
      body: newUser(upn, { userType: 'Guest', mailNickname: 'adele_fabrikam.com#EXT#', mail: 'adele@fabrikam.com' }),
    });
    expect(res.status).toBe(201);
    expect(res.body.userPrincipalName).toBe(upn);
    const got = await entra.graph('GET', `/users/${encodeURIComponent(upn)}?$select=userPrincipalName,userType`);
    expect(got.body).toMatchObject({ userPrincipalName: upn, userType: 'Guest' });
    expect((await entra.graph('GET', `/users?$filter=${q("userType eq 'Guest'")}&$select=id`)).body.value).toEqual([{ id: res.body.id }]);
  });

  it.each([
    ['an unsupported property', "favouriteColour eq 'x'"],
    ['an unsupported function', "contains(displayName,'x')"],
    ['a syntax error', "displayName eq 'x"],
    ['an injection attempt', "displayName eq 'x' or 1 eq 1; DROP TABLE entra.users; --'"],
  ])('rejects %s in $filter with 400', async (_name, filter) => {
    const res = await entra.graph('GET', `/users?$filter=${q(filter)}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toMatch(/^(Request_UnsupportedQuery|Request_BadRequest|BadRequest)$/);
    expect((await entra.graph('GET', '/users?$top=1')).status).toBe(200);
  });

  it('$top bounds, bad $skiptoken and $count without ConsistencyLevel are 400', async () => {
    expect((await entra.graph('GET', '/users?$top=1000')).status).toBe(400);
    expect((await entra.graph('GET', '/users?$top=0')).status).toBe(400);
    expect((await entra.graph('GET', '/users?$skiptoken=garbage')).status).toBe(400);
    expect((await entra.graph('GET', '/users?$count=true')).status).toBe(400);
  });
});

describe('authentication', () => {
  let entra: TestEntra;
  beforeAll(async () => {
    entra = await startTestEntra({ ENTRA_TOKEN_LIFETIME_SECONDS: '5' });
  });
  afterAll(() => entra.stop());

  const tokenUrl = () => `${entra.url}/${entra.identity.tenantId}/oauth2/v2.0/token`;
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

  it('every /v1.0 route needs a token; health does not', async () => {
    const none = await httpRequest('GET', `${entra.graphUrl}/users`);
    expect(none.status).toBe(401);
    expect(none.body.error).toMatchObject({ code: 'InvalidAuthenticationToken', message: 'Access token is empty.' });
    const wrong = await httpRequest('GET', `${entra.graphUrl}/users`, { token: 'eyJhbGciOi.wrong.token' });
    expect(wrong.status).toBe(401);
    expect((await httpRequest('GET', `${entra.url}/health`)).body).toEqual({ status: 'ok', database: 'up' });
  });

  it('client credentials: a token that works until it expires', async () => {
    const { clientId, clientSecret } = entra.identity;
    const res = await httpRequest('POST', tokenUrl(), {
      rawBody: form({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      }),
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 5, access_token: expect.any(String) });
    expect((await httpRequest('GET', `${entra.graphUrl}/users`, { token: res.body.access_token })).status).toBe(200);
    // Token lifetimes run on the process clock: move it past the 5 s lifetime instead of waiting (Date only; the
    // server's timers and I/O keep real time).
    jest.useFakeTimers({
      now: Date.now() + 6000,
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
    try {
      const expired = await httpRequest('GET', `${entra.graphUrl}/users`, { token: res.body.access_token });
      expect(expired.status).toBe(401);
      expect(expired.body.error.message).toMatch(/expired/);
    } finally {
      jest.useRealTimers();
    }
  });

  it.each([
    ['a wrong secret', { client_secret: 'wrong-secret-wrong-secret' }, 401, 'invalid_client'],
    ['an unknown client', { client_id: '00000000-0000-0000-0000-000000000001' }, 400, 'invalid_client'],
    ['another grant type', { grant_type: 'password' }, 400, 'unsupported_grant_type'],
    ['a wrong scope', { scope: 'openid' }, 400, 'invalid_scope'],
  ])('token endpoint rejects %s', async (_name, override, status, error) => {
    const fields = {
      grant_type: 'client_credentials',
      client_id: entra.identity.clientId,
      client_secret: entra.identity.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
      ...override,
    };
    const res = await httpRequest('POST', tokenUrl(), { rawBody: form(fields), contentType: 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ error, error_codes: [expect.any(Number)] });
    expect(JSON.stringify(res.body)).not.toContain(entra.identity.clientSecret);
  });
});
