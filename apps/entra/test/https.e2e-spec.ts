import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpGet } from 'node:http';
import { promisify } from 'node:util';
import { AuthenticationProvider, Client, FetchOptions, PageCollection, PageIterator } from '@microsoft/microsoft-graph-client';
import { Agent } from 'undici';
import { ScimConnector, validateScimCredentials } from '../src/sync/connector';
import { SeedService } from '../src/seed';
import { expectOk, startTestLoop, TestLoop } from './loop-harness';

const run = promisify(execFile);

/** What a Node script does when started as the banner says: NODE_EXTRA_CA_CERTS=<ca.pem> node … */
async function fetchInChildProcess(url: string, env: Record<string, string>): Promise<string> {
  const script = 'fetch(process.argv[1]).then((r) => console.log(r.status), (e) => console.log(e.cause?.code ?? e.message))';
  const { stdout } = await run(process.execPath, ['-e', script, url], { env: { PATH: process.env.PATH ?? '', ...env } });
  return stdout.trim();
}

/** The code of the TLS error a rejected fetch carries. */
async function refusal(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return (error as { cause?: { code?: string } }).cause?.code;
  }
  return undefined;
}

/** Client credentials against provsim's token endpoint, cached until near expiry (as MSAL would). */
class ClientCredentials implements AuthenticationProvider {
  private cached?: { token: string; until: number };

  constructor(private readonly loop: TestLoop) {}

  async getAccessToken(): Promise<string> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.token;
    const { tenantId, clientId, clientSecret } = this.loop.entra.identity;
    const res = await fetch(`${this.loop.entra.url}/${tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      }),
      dispatcher: trusting(this.loop),
    } as RequestInit);
    if (!res.ok) throw new Error(`token endpoint answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { access_token: string; expires_in: number };
    this.cached = { token: body.access_token, until: Date.now() + (body.expires_in - 60) * 1000 };
    return body.access_token;
  }
}

let agent: Agent | undefined;
/** An undici dispatcher trusting the local CA (Node's fetch takes it as `dispatcher`). */
function trusting(loop: TestLoop): Agent {
  agent ??= new Agent({ connect: { ca: loop.entra.tls!.ca } });
  return agent;
}

describe('PROVSIM_HTTPS: both apps over HTTPS with a local CA', () => {
  let loop: TestLoop;

  beforeAll(async () => {
    loop = await startTestLoop({ https: true });
  }, 60_000);
  afterAll(async () => {
    await agent?.close();
    await loop?.stop();
  });

  it('serves https URLs with certificates of one local CA, whose ca.pem the apps name', () => {
    const { entra, target } = loop;
    expect(entra.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(entra.graphUrl).toBe(`${entra.url}/v1.0`);
    expect(target.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(target.scimBaseUrl).toBe(`${target.url}/scim/v2`);
    expect(entra.tls).toBeDefined();
    expect(target.tls).toEqual(entra.tls);
    expect(entra.tls!.caFile).toMatch(/ca\.pem$/);
    expect(readFileSync(entra.tls!.caFile, 'utf8')).toBe(entra.tls!.ca);
  });

  it('answers a client that trusts the CA, in the process and as NODE_EXTRA_CA_CERTS', async () => {
    const users = await loop.entra.graph('GET', '/users?$top=1');
    expectOk(users, 200);
    expect(users.body['@odata.context']).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v1\.0\/\$metadata#users/);
    expectOk(await loop.target.scim('GET', '/Users?count=1'), 200);
    expectOk(await loop.target.admin('GET', '/admin/tenants'), 200);
    expect(await fetchInChildProcess(`${loop.entra.url}/health/live`, { NODE_EXTRA_CA_CERTS: loop.entra.tls!.caFile })).toBe('200');
    expect(await fetchInChildProcess(`${loop.target.url}/health/live`, { NODE_EXTRA_CA_CERTS: loop.target.tls!.caFile })).toBe('200');
  });

  it('is refused by TLS to a client that does not trust the CA, and speaks no plain HTTP', async () => {
    expect(await refusal(fetch(`${loop.entra.url}/health/live`))).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(await refusal(fetch(`${loop.target.url}/health/live`))).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(await fetchInChildProcess(`${loop.target.url}/health/live`, {})).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    // The certificate is checked, not just present: a name it does not cover is refused too.
    const wrongName = new Agent({ connect: { ca: loop.entra.tls!.ca, servername: 'provsim.invalid' } });
    try {
      expect(await refusal(fetch(`${loop.entra.url}/health/live`, { dispatcher: wrongName } as RequestInit))).toBe(
        'ERR_TLS_CERT_ALTNAME_INVALID',
      );
    } finally {
      await wrongName.close();
    }
    const plain = await new Promise<string>((resolve) => {
      const req = httpGet(loop.target.url.replace('https:', 'http:') + '/health/live', (res) => resolve(`answered ${res.statusCode}`));
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      req.end();
    });
    expect(plain).not.toMatch(/^answered 2/);
  });

  it("the engine's SCIM client trusts the local CA (Test Connection passes), and only because it was given it", async () => {
    await validateScimCredentials(
      { baseAddress: loop.target.scimBaseUrl, secretToken: loop.target.token },
      { extraCa: [loop.entra.tls!.ca] },
    );
    const untrusting = ScimConnector.open({ baseAddress: loop.target.scimBaseUrl, secretToken: loop.target.token }, { extraCa: [] });
    try {
      await expect(untrusting.query('Users', 'userName eq "nobody"')).rejects.toMatchObject({
        reaction: 'quarantine',
        errorCode: 'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable',
        reason: expect.stringContaining('UNABLE_TO_VERIFY_LEAF_SIGNATURE'),
      });
    } finally {
      await untrusting.close();
    }
  });

  it('provisions a user to the https Tenant URL', async () => {
    const secrets = await loop.entra.graph('GET', `/servicePrincipals/${loop.spId}/synchronization/secrets`);
    expect(secrets.body.value).toContainEqual({ key: 'BaseAddress', value: loop.target.scimBaseUrl });
    const userId = await loop.createUser('tls.user@provsim.onmicrosoft.com', { givenName: 'Tls', surname: 'User' });
    await loop.assign(userId);
    await loop.cycle();
    const requests = await loop.takeRequests();
    expect(requests.filter((r) => r.method === 'POST')).toEqual([expect.objectContaining({ url: '/Users', status: 201 })]);
    const provisioned = await loop.targetUsers();
    expect(provisioned.map((u) => u.userName)).toEqual(['tls.user@provsim.onmicrosoft.com']);
    expect(provisioned[0].meta.location).toBe(`${loop.target.scimBaseUrl}/Users/${provisioned[0].id}`);
    const job = await loop.job();
    expect(job.status.code).not.toBe('Quarantine');
    const logs = await loop.logs(`sourceIdentity/id eq '${userId}'`);
    expect(logs).toContainEqual(
      expect.objectContaining({ provisioningAction: 'create', provisioningStatusInfo: expect.objectContaining({ status: 'success' }) }),
    );
  });

  it('the Microsoft Graph JavaScript SDK, changed only in its host, follows @odata.nextLink over https', async () => {
    await loop.entra.app.get(SeedService).seed({ users: 45, groups: 1, seed: 'https' });
    // Client.init as a Graph script has it, with the host changed: its own AuthenticationHandler sends the token
    // to an https custom host; Node's fetch trusts the local CA through the dispatcher.
    const client = Client.init({
      authProvider: (done) => {
        new ClientCredentials(loop).getAccessToken().then(
          (token) => done(null, token),
          (error: Error) => done(error, null),
        );
      },
      baseUrl: loop.entra.url,
      customHosts: new Set([new URL(loop.entra.url).hostname]),
      fetchOptions: { dispatcher: trusting(loop) } as FetchOptions, // Node's fetch takes an undici dispatcher too
    });
    const counted = await client.api('/users').header('ConsistencyLevel', 'eventual').count(true).top(1).get();
    const total: number = counted['@odata.count'];
    expect(total).toBeGreaterThanOrEqual(45);

    const first: PageCollection = await client.api('/users').top(10).select('id,userPrincipalName').get();
    expect(first['@odata.nextLink']).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v1\.0\/users\?/);
    const seen: string[] = [];
    const iterator = new PageIterator(client, first, (user) => {
      seen.push(user.id);
      return true;
    });
    await iterator.iterate();
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);

    // By hand too: each nextLink is an absolute https URL the SDK requests as it is.
    let page = first;
    let pages = 1;
    while (page['@odata.nextLink']) {
      expect(page['@odata.nextLink']).toMatch(/^https:\/\//);
      page = await client.api(page['@odata.nextLink']).get();
      pages++;
    }
    expect(pages).toBe(Math.ceil(total / 10));
    expect(pages).toBeGreaterThanOrEqual(5);
  });
});
