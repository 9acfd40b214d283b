import {
  AuthenticationProvider,
  Client,
  Context,
  GraphError,
  HTTPMessageHandler,
  Middleware,
  PageCollection,
  PageIterator,
  RetryHandler,
} from '@microsoft/microsoft-graph-client';
import { DEFAULT_ACCESS_ROLE_ID, KINTONE_TEMPLATE_ID } from '../src/applications/templates';
import { SeedService } from '../src/seed';
import { newUser, startTestEntra, TestEntra } from './harness';

/** Client credentials against provsim's token endpoint, the way MSAL's confidential client would do it; cached until near expiry. */
class ClientCredentials implements AuthenticationProvider {
  private cached?: { token: string; until: number };
  requests = 0;

  constructor(private readonly entra: TestEntra) {}

  async getAccessToken(): Promise<string> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.token;
    const { tenantId, clientId, clientSecret } = this.entra.identity;
    const res = await fetch(`${this.entra.url}/${tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      }),
    });
    this.requests++;
    if (!res.ok) throw new Error(`token endpoint answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { access_token: string; expires_in: number };
    this.cached = { token: body.access_token, until: Date.now() + (body.expires_in - 60) * 1000 };
    return body.access_token;
  }
}

/**
 * The SDK's own AuthenticationHandler only sends tokens to https Graph hosts (or https `customHosts`), and it
 * joins an absolute non-https URL (an @odata.nextLink from http://127.0.0.1) onto its base URL. This first
 * middleware of the chain does both for a local http endpoint: attaches the bearer token and undoes the join.
 */
class LocalGraphAuth implements Middleware {
  private next?: Middleware;

  constructor(private readonly provider: AuthenticationProvider) {}

  async execute(context: Context): Promise<void> {
    if (typeof context.request === 'string') {
      const joined = /^https?:\/\/[^/]+\/v1\.0\/(https?:\/\/.+)$/.exec(context.request);
      if (joined) context.request = joined[1];
    }
    const token = await this.provider.getAccessToken();
    context.options = {
      ...context.options,
      headers: { ...(context.options?.headers as Record<string, string>), Authorization: `Bearer ${token}` },
    };
    await this.next!.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

describe('Microsoft Graph JavaScript SDK against provsim', () => {
  let entra: TestEntra;
  let client: Client;
  let credentials: ClientCredentials;
  const requested: string[] = [];

  beforeAll(async () => {
    entra = await startTestEntra();
    await entra.app.get(SeedService).seed({ users: 250, groups: 5, seed: 'graph-sdk' });
    credentials = new ClientCredentials(entra);
    const recorder: Middleware & { next?: Middleware } = {
      async execute(context: Context) {
        requested.push(String(context.request));
        await recorder.next!.execute(context);
      },
      setNext(next: Middleware) {
        recorder.next = next;
      },
    };
    client = Client.initWithMiddleware({
      baseUrl: entra.url,
      defaultVersion: 'v1.0',
      middleware: [new LocalGraphAuth(credentials), recorder, new RetryHandler(), new HTTPMessageHandler()],
    });
  }, 60_000);
  afterAll(() => entra.stop());

  it('authenticates with a client-credentials token from provsim', async () => {
    const res = await client.api('/users').top(1).select(['id', 'userPrincipalName']).get();
    expect(res.value).toHaveLength(1);
    expect(res['@odata.context']).toMatch(/\/v1\.0\/\$metadata#users/);
    expect(credentials.requests).toBe(1);
  });

  it('lists users with $filter and $top, following @odata.nextLink with PageIterator', async () => {
    const first: PageCollection = await client
      .api('/users')
      .filter("department eq 'Engineering'")
      .top(10)
      .select('id,department,userPrincipalName')
      .get();
    const seen: any[] = [];
    const iterator = new PageIterator(client, first, (user) => {
      seen.push(user);
      return true;
    });
    requested.length = 0;
    await iterator.iterate();
    const expected = await entra.graph('GET', `/users?$filter=department eq 'Engineering'&$count=true&$top=1`, {
      headers: { ConsistencyLevel: 'eventual' },
    });
    expect(expected.body['@odata.count']).toBeGreaterThan(20);
    expect(seen).toHaveLength(expected.body['@odata.count']);
    expect(new Set(seen.map((u) => u.id)).size).toBe(seen.length);
    expect(seen.every((u) => u.department === 'Engineering')).toBe(true);
    // Every page after the first came from a nextLink, sent to provsim verbatim.
    expect(requested.length).toBe(Math.ceil(seen.length / 10) - 1);
    for (const url of requested) expect(url.startsWith(`${entra.url}/v1.0/users?`)).toBe(true);
  });

  it('follows nextLinks by hand too, and counts with ConsistencyLevel: eventual', async () => {
    const counted = await client.api('/users').header('ConsistencyLevel', 'eventual').count(true).top(1).get();
    expect(counted['@odata.count']).toBe(250);
    let page = await client.api('/users').top(100).select('id').get();
    const ids: string[] = page.value.map((u: any) => u.id);
    let pages = 1;
    while (page['@odata.nextLink']) {
      page = await client.api(page['@odata.nextLink']).get();
      ids.push(...page.value.map((u: any) => u.id));
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(ids).size).toBe(250);
  });

  it('creates a user and a group, adds the user as member, assigns the group to a Kintone instance', async () => {
    const instance = await client.api(`/applicationTemplates/${KINTONE_TEMPLATE_ID}/instantiate`).post({ displayName: 'Kintone (SDK)' });
    const sp = instance.servicePrincipal;
    expect(sp).toMatchObject({ displayName: 'Kintone (SDK)', applicationTemplateId: KINTONE_TEMPLATE_ID });

    const user = await client
      .api('/users')
      .post(newUser('sdk.user@provsim.onmicrosoft.com', { department: 'Sales', givenName: 'Sdk', surname: 'User' }));
    expect(user).toMatchObject({ userPrincipalName: 'sdk.user@provsim.onmicrosoft.com', id: expect.any(String) });
    const group = await client
      .api('/groups')
      .post({ displayName: 'Kintone Users (SDK)', mailNickname: 'kintone-users-sdk', securityEnabled: true, mailEnabled: false });
    expect(group.id).toEqual(expect.any(String));

    await client
      .api(`/groups/${group.id}/members/$ref`)
      .post({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${user.id}` });
    const members = await client.api(`/groups/${group.id}/members`).get();
    expect(members.value.map((m: any) => m.id)).toEqual([user.id]);

    const assignment = await client
      .api(`/servicePrincipals/${sp.id}/appRoleAssignedTo`)
      .post({ principalId: group.id, resourceId: sp.id, appRoleId: DEFAULT_ACCESS_ROLE_ID });
    expect(assignment).toMatchObject({
      principalId: group.id,
      principalType: 'Group',
      resourceId: sp.id,
      principalDisplayName: 'Kintone Users (SDK)',
    });
    const assigned = await client.api(`/servicePrincipals/${sp.id}/appRoleAssignedTo`).get();
    expect(assigned.value.map((a: any) => a.principalId)).toEqual([group.id]);

    const filtered = await client.api('/users').filter(`userPrincipalName eq 'sdk.user@provsim.onmicrosoft.com'`).get();
    expect(filtered.value.map((u: any) => u.id)).toEqual([user.id]);
  });

  it('surfaces Graph errors as the SDK GraphError', async () => {
    const missing = client.api('/users/00000000-0000-0000-0000-00000000beef').get();
    await expect(missing).rejects.toBeInstanceOf(GraphError);
    await expect(missing).rejects.toMatchObject({ statusCode: 404, code: expect.any(String) });
    const duplicate = client.api('/users').post(newUser('sdk.user@provsim.onmicrosoft.com'));
    await expect(duplicate).rejects.toMatchObject({ statusCode: 400 });
  });
});
