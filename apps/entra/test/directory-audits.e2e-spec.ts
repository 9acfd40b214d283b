import { httpRequest } from '@app/testing';
import { newUser, startTestEntra, TestEntra } from './harness';

const KINTONE = '1d7b1ec7-5c7d-4b8e-9a3f-4b5e0c6a7f11';
const DAY = 24 * 60 * 60 * 1000;
const SECRET_TOKEN = 'super-secret-token-value-0123456789';

interface Audit {
  id: string;
  activityDisplayName: string;
  activityDateTime: string;
  category: string;
  loggedByService: string;
  result: string;
  initiatedBy: { user: { userPrincipalName: string } | null; app: unknown };
  targetResources: {
    id: string;
    displayName: string | null;
    type: string;
    modifiedProperties: { displayName: string; oldValue: string | null; newValue: string | null }[];
  }[];
  additionalDetails: { key: string; value: string }[];
}

describe('directory audits: GET /v1.0/auditLogs/directoryAudits', () => {
  let entra: TestEntra;
  let sp: { id: string; displayName: string };
  let jobId: string;
  let userId: string;

  const q = encodeURIComponent;
  const list = async (query = ''): Promise<Audit[]> => {
    const res = await entra.graph('GET', `/auditLogs/directoryAudits${query}`);
    expect(res.status).toBe(200);
    return res.body.value;
  };
  const clock = async (): Promise<Date> =>
    new Date((await httpRequest('GET', `${entra.url}/sim/clock`, { token: entra.identity.adminToken })).body.now);
  const advance = (ms: number) =>
    httpRequest('POST', `${entra.url}/sim/clock/advance`, {
      token: entra.identity.adminToken,
      contentType: 'application/json',
      body: { ms },
    });

  beforeAll(async () => {
    entra = await startTestEntra({ PROVSIM_CLOCK: 'manual', SYNC_TICK_MS: '0' });
    const inst = await entra.graph('POST', `/applicationTemplates/${KINTONE}/instantiate`, { body: { displayName: 'Kintone audit' } });
    expect(inst.status).toBe(201);
    sp = inst.body.servicePrincipal;
    const job = await entra.graph('POST', `/servicePrincipals/${sp.id}/synchronization/jobs`, { body: { templateId: 'kintone' } });
    expect(job.status).toBe(201);
    jobId = job.body.id;
  });
  afterAll(() => entra?.stop());

  it('records pausing a job, with the service principal as target', async () => {
    expect((await entra.graph('POST', `/servicePrincipals/${sp.id}/synchronization/jobs/${jobId}/pause`)).status).toBe(204);
    const [entry] = await list(`?$filter=${q("activityDisplayName eq 'Disable/pause provisioning configuration'")}`);
    expect(entry).toMatchObject({
      activityDisplayName: 'Disable/pause provisioning configuration',
      category: 'ProvisioningManagement',
      loggedByService: 'Account Provisioning',
      operationType: 'Update',
      result: 'success',
      targetResources: [{ id: sp.id, displayName: 'Kintone audit', type: 'ServicePrincipal' }],
      additionalDetails: [{ key: 'JobId', value: jobId }],
    });
    expect(entry.initiatedBy.user?.userPrincipalName).toBe('admin@provsim.onmicrosoft.com');
    const one = await entra.graph('GET', `/auditLogs/directoryAudits/${entry.id}`);
    expect(one.status).toBe(200);
    expect(one.body['@odata.context']).toBe(`${entra.url}/v1.0/$metadata#auditLogs/directoryAudits/$entity`);
    expect(one.body).toMatchObject(entry);
  });

  it('records PUT secrets with key names only, never a value', async () => {
    const res = await entra.graph('PUT', `/servicePrincipals/${sp.id}/synchronization/secrets`, {
      body: {
        value: [
          { key: 'BaseAddress', value: 'https://scim.example.com/scim/v2' },
          { key: 'SecretToken', value: SECRET_TOKEN },
        ],
      },
    });
    expect(res.status).toBe(204);
    const entries = await list(`?$filter=${q("activityDisplayName eq 'Update provisioning setting or credentials'")}`);
    expect(entries).toHaveLength(1);
    const text = JSON.stringify(entries);
    expect(text).not.toContain(SECRET_TOKEN);
    expect(text).not.toContain('scim.example.com');
    expect(entries[0].targetResources[0].modifiedProperties).toEqual([
      { displayName: 'BaseAddress', oldValue: null, newValue: '"******"' },
      { displayName: 'SecretToken', oldValue: null, newValue: '"******"' },
    ]);
  });

  it('records starting and restarting a job, and a schema change', async () => {
    const base = `/servicePrincipals/${sp.id}/synchronization/jobs/${jobId}`;
    expect((await entra.graph('POST', `${base}/start`)).status).toBe(204);
    expect((await entra.graph('POST', `${base}/restart`, { body: { criteria: { resetScope: 'Watermark' } } })).status).toBe(204);
    expect((await entra.graph('DELETE', `${base}/schema`)).status).toBe(204);
    expect((await entra.graph('POST', `${base}/pause`)).status).toBe(204);
    const names = (await list(`?$filter=${q("loggedByService eq 'Account Provisioning'")}&$orderby=activityDateTime asc`)).map(
      (e) => e.activityDisplayName,
    );
    expect(names).toEqual(
      expect.arrayContaining([
        'Enable/start provisioning configuration',
        'Enable/restart provisioning configuration',
        'Update attribute mappings or scope',
      ]),
    );
    const [restart] = await list(`?$filter=${q("activityDisplayName eq 'Enable/restart provisioning configuration'")}`);
    expect(restart.additionalDetails).toContainEqual({ key: 'ResetScope', value: 'Watermark' });
  });

  it('records creating and updating a user with the changed properties', async () => {
    const created = await entra.graph('POST', '/users', { body: newUser('adele@contoso.com', { department: 'Sales' }) });
    expect(created.status).toBe(201);
    userId = created.body.id;
    const patch = await entra.graph('PATCH', `/users/${userId}`, { body: { department: 'Marketing', jobTitle: 'Lead' } });
    expect(patch.status).toBe(204);
    const [update] = await list(`?$filter=${q(`activityDisplayName eq 'Update user' and targetResources/any(t: t/id eq '${userId}')`)}`);
    expect(update.category).toBe('UserManagement');
    expect(update.loggedByService).toBe('Core Directory');
    expect(update.targetResources[0]).toMatchObject({ id: userId, type: 'User', displayName: 'adele' });
    expect(update.targetResources[0].modifiedProperties).toEqual([
      { displayName: 'department', oldValue: '"Sales"', newValue: '"Marketing"' },
      { displayName: 'jobTitle', oldValue: null, newValue: '"Lead"' },
      { displayName: 'Included Updated Properties', oldValue: null, newValue: '"department, jobTitle"' },
    ]);
    const [add] = await list(`?$filter=${q(`activityDisplayName eq 'Add user' and targetResources/any(t: t/id eq '${userId}')`)}`);
    const props = add.targetResources[0].modifiedProperties;
    expect(props).toContainEqual({ displayName: 'userPrincipalName', oldValue: null, newValue: '"adele@contoso.com"' });
    expect(JSON.stringify(add)).not.toContain('xWwvJ]6NMw');
  });

  it('records group, membership and assignment changes', async () => {
    const group = await entra.graph('POST', '/groups', {
      body: { displayName: 'Sales team', mailNickname: 'sales', mailEnabled: false, securityEnabled: true },
    });
    expect(group.status).toBe(201);
    const member = await entra.graph('POST', `/groups/${group.body.id}/members/$ref`, {
      body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${userId}` },
    });
    expect(member.status).toBe(204);
    const assign = await entra.graph('POST', `/servicePrincipals/${sp.id}/appRoleAssignedTo`, {
      body: { principalId: userId, resourceId: sp.id, appRoleId: '00000000-0000-0000-0000-000000000000' },
    });
    expect(assign.status).toBe(201);
    const entries = await list(`?$filter=${q(`targetResources/any(t: t/id eq '${userId}')`)}`);
    expect(entries.map((e) => e.activityDisplayName)).toEqual(
      expect.arrayContaining(['Add user', 'Update user', 'Add member to group', 'Add app role assignment grant to user']),
    );
    const [grant] = entries.filter((e) => e.activityDisplayName === 'Add app role assignment grant to user');
    expect(grant.targetResources.map((t) => t.type)).toEqual(['User', 'ServicePrincipal']);
    const [added] = await list(`?$filter=${q("targetResources/any(t: startswith(t/displayName, 'Sales t'))")}`);
    expect(added.targetResources.some((t) => t.displayName === 'Sales team')).toBe(true);
  });

  it('filters by startswith, activityDateTime, initiatedBy and combinations', async () => {
    const all = await list('?$top=999');
    const starts = await list(`?$filter=${q("startswith(activityDisplayName, 'Enable/')")}`);
    expect(starts.length).toBeGreaterThanOrEqual(2);
    expect(starts.every((e) => e.activityDisplayName.startsWith('Enable/'))).toBe(true);
    const now = await clock();
    expect(await list(`?$filter=${q(`activityDateTime ge ${new Date(now.getTime() - 60_000).toISOString()}`)}&$top=999`)).toHaveLength(
      all.length,
    );
    expect(await list(`?$filter=${q(`activityDateTime ge ${new Date(now.getTime() + 60_000).toISOString()}`)}`)).toHaveLength(0);
    expect(await list(`?$filter=${q("initiatedBy/user/userPrincipalName eq 'admin@provsim.onmicrosoft.com'")}&$top=999`)).toHaveLength(
      all.length,
    );
    expect(await list(`?$filter=${q("startswith(initiatedBy/user/userPrincipalName, 'nobody@')")}`)).toHaveLength(0);
    const either = await list(`?$filter=${q("category eq 'GroupManagement' or activityDisplayName eq 'Add user'")}&$top=999`);
    expect(either.length).toBe(all.filter((e) => e.category === 'GroupManagement' || e.activityDisplayName === 'Add user').length);
    expect(await list(`?$filter=${q("result eq 'SUCCESS'")}&$top=999`)).toHaveLength(all.length);
  });

  it('pages with $top and nextLink: every entry exactly once, in order, both directions', async () => {
    for (let i = 0; i < 12; i++) expect((await entra.graph('POST', '/users', { body: newUser(`pager${i}@contoso.com`) })).status).toBe(201);
    const all = await list('?$top=999');
    expect(all.length).toBeGreaterThan(20);
    // One simulated instant (the manual clock stands still): still newest first, in the order of the writes.
    const pagers = all.filter((e) => e.activityDisplayName === 'Add user' && e.targetResources[0].displayName?.startsWith('pager'));
    expect(pagers.map((e) => e.targetResources[0].displayName)).toEqual(Array.from({ length: 12 }, (_, i) => `pager${11 - i}`));
    for (const order of ['', '&$orderby=activityDateTime asc']) {
      const ids: string[] = [];
      let res = await entra.graph('GET', `/auditLogs/directoryAudits?$top=5${order}`);
      for (let pages = 0; ; pages++) {
        expect(res.status).toBe(200);
        expect(res.body.value.length).toBeLessThanOrEqual(5);
        ids.push(...res.body.value.map((e: Audit) => e.id));
        const next: string | undefined = res.body['@odata.nextLink'];
        if (!next) break;
        expect(pages).toBeLessThan(100);
        res = await httpRequest('GET', next, { token: entra.identity.adminToken });
      }
      const expected = all.map((e) => e.id);
      expect(ids).toEqual(order ? [...expected].reverse() : expected);
    }
  });

  it('is served under /beta too', async () => {
    const beta = await httpRequest('GET', `${entra.url}/beta/auditLogs/directoryAudits?$top=2`, { token: entra.identity.adminToken });
    expect(beta.status).toBe(200);
    expect(beta.body['@odata.context']).toBe(`${entra.url}/beta/$metadata#auditLogs/directoryAudits`);
    expect(beta.body.value).toEqual(await list('?$top=2'));
  });

  it.each([
    ["$filter=contains(activityDisplayName,'user')"],
    ["$filter=activityDisplayName ne 'x'"],
    ['$filter=activityDateTime gt 2024-01-01'],
    ["$filter=targetResources/any(t: t/type eq 'User')"],
    ["$filter=userPrincipalName eq 'x'"],
    ["$filter=activityDisplayName eq 'x"],
    ['$orderby=category'],
    ['$top=0'],
    ['$top=100000'],
    ['$skiptoken=garbage'],
    ['$skip=5'],
    ['$search="x"'],
  ])('answers 400 in Graph error JSON for %s', async (query) => {
    const [name, ...rest] = query.split('=');
    const res = await entra.graph('GET', `/auditLogs/directoryAudits?${name}=${q(rest.join('='))}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toMatch(/^(Request_BadRequest|Request_UnsupportedQuery|BadRequest)$/);
    expect(typeof res.body.error.message).toBe('string');
  });

  it('answers 404 for an unknown id and 401 without a token', async () => {
    const missing = await entra.graph('GET', '/auditLogs/directoryAudits/00000000-0000-0000-0000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('Request_ResourceNotFound');
    expect((await httpRequest('GET', `${entra.graphUrl}/auditLogs/directoryAudits`)).status).toBe(401);
    expect((await httpRequest('GET', `${entra.graphUrl}/auditLogs/directoryAudits/x`)).status).toBe(401);
  });

  it('purges entries older than 30 days once the clock advances', async () => {
    const [oldest] = await list('?$top=1&$orderby=activityDateTime asc');
    expect((await advance(29 * DAY)).status).toBe(200);
    const marker = await entra.graph('POST', '/users', { body: newUser('fresh@contoso.com') });
    expect(marker.status).toBe(201);
    expect((await entra.graph('GET', `/auditLogs/directoryAudits/${oldest.id}`)).status).toBe(200);
    expect((await advance(2 * DAY)).status).toBe(200);
    expect((await entra.graph('GET', `/auditLogs/directoryAudits/${oldest.id}`)).status).toBe(404);
    const left = await list('?$top=999');
    expect(left.map((e) => e.targetResources[0]?.id)).toContain(marker.body.id);
  });
});
