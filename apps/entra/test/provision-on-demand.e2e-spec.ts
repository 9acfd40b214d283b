import { httpRequest, TestResponse } from '@app/testing';
import { KINTONE_RULE_ID, SCIM_RULE_ID } from '@app/provisioning-core';
import { KINTONE_TEMPLATE_ID } from '../src/applications/templates';
import { OnDemandRateLimiter } from '../src/sync/on-demand';
import { expectOk, startTestLoop, TestLoop } from './loop-harness';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const TEST_CONNECTION = { method: 'GET', url: expect.stringMatching(new RegExp(`^/Users\\?filter=userName eq "${GUID}"$`)), status: 200 };
const patch = (...Operations: object[]) => ({ schemas: [PATCH_OP], Operations });
const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });
const user = (objectId: string) => ({ objectId, objectTypeName: 'User' });

interface Answer {
  res: TestResponse;
  key: { result: string; details: Record<string, unknown> };
  value: any;
}

function answer(res: TestResponse): Answer {
  expectOk(res, 200);
  return { res, key: JSON.parse(res.body.key), value: JSON.parse(res.body.value) };
}

/** Provision on demand through the Graph API, against the SCIM target, on both profiles. */
describe('provisionOnDemand (Kintone)', () => {
  let loop: TestLoop;
  const ids: Record<string, string> = {};
  const targetIds: Record<string, string> = {};
  const assignments: Record<string, string> = {};

  const provision = (subject: object, options: { ruleId?: string; path?: string; token?: string } = {}) =>
    loop.entra.graph('POST', `${options.path ?? loop.jobPath}/provisionOnDemand`, {
      body: { parameters: [{ ruleId: options.ruleId ?? KINTONE_RULE_ID, subjects: [subject] }] },
      ...(options.token ? { token: options.token } : {}),
    });
  const steps = (value: any) => value.provisioningSteps.map((s: any) => `${s.type}:${s.status}`);
  const scopeStep = (value: any) => value.provisioningSteps.find((s: any) => s.type === 'Scoping');

  beforeAll(async () => {
    loop = await startTestLoop({ profile: 'kintone', start: false });
    for (const name of ['adele', 'outsider', 'leaver', 'blocked', 'binned']) {
      ids[name] = await loop.createUser(`${name}@contoso.com`, {
        givenName: name,
        surname: 'Test',
        mail: `${name}@contoso.com`,
        ...(name === 'blocked' ? { accountEnabled: false } : {}),
      });
    }
    for (const name of ['adele', 'leaver', 'blocked', 'binned']) assignments[name] = await loop.assign(ids[name]);
    expectOk(await loop.entra.graph('DELETE', `/users/${ids.binned}`), 204);
    await loop.takeRequests();
  }, 60_000);
  afterAll(() => loop.stop());
  // Graph's 5 calls per 10 s would otherwise throttle this file's own calls (the limit has its own test).
  beforeEach(() => loop.entra.app.get(OnDemandRateLimiter).reset());

  it('a user in scope and not in the target: Success, created, linked, logged', async () => {
    const { res, key, value } = answer(await provision(user(ids.adele)));
    expect(res.body['@odata.context']).toBe(`${loop.entra.graphUrl}/$metadata#microsoft.graph.stringKeyStringValuePair`);
    expect(Object.keys(res.body)).toEqual(['@odata.context', 'key', 'value']);
    expect(key).toEqual({ result: 'Success', details: {} });

    const requests = await loop.takeRequests();
    expect(requests).toEqual([
      TEST_CONNECTION,
      { method: 'GET', url: '/Users?filter=userName eq "adele@contoso.com"', status: 200 },
      {
        method: 'POST',
        url: '/Users',
        status: 201,
        body: {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: 'adele@contoso.com',
          active: true,
          displayName: 'adele',
          emails: [{ type: 'work', primary: true, value: 'adele@contoso.com' }],
          name: { givenName: 'adele', familyName: 'Test' },
          externalId: 'adele',
          meta: { resourceType: 'User' },
        },
      },
    ]);
    const users = await loop.targetUsers();
    expect(users.map((u: any) => [u.userName, u.active])).toEqual([['adele@contoso.com', true]]);
    targetIds.adele = users[0].id;

    expect(Object.keys(value)).toEqual([
      'action',
      'changeId',
      'startTime',
      'endTime',
      'reportableIdentifier',
      'modifiedProperties',
      'provisioningSteps',
      'statusInfo',
      'sourceIdentity',
      'sourceSystem',
      'targetIdentity',
      'targetSystem',
    ]);
    expect(value).toMatchObject({
      action: 'Create',
      reportableIdentifier: 'adele@contoso.com',
      statusInfo: { status: 'Success', errorCode: null, reason: null },
      sourceIdentity: { id: ids.adele, type: 'User' },
      sourceSystem: { name: 'Azure Active Directory' },
      targetIdentity: { id: targetIds.adele, type: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User' },
      targetSystem: { name: 'Kintone' },
    });
    expect(value.modifiedProperties).toContainEqual({ displayName: 'userName', oldValue: null, newValue: 'adele@contoso.com' });
    expect(steps(value)).toEqual(['Import:Success', 'Scoping:Success', 'Matching:Success', 'Processing:Success', 'Export:Success']);
    expect(
      value.provisioningSteps.every(
        (s: any) => typeof s.timestamp === 'string' && Object.keys(s).join() === 'name,type,status,description,timestamp,details',
      ),
    ).toBe(true);
    expect(scopeStep(value).details).toMatchObject({
      'Active in source system': 'True',
      'Assigned to application': 'True',
      'Scope sync all': 'False',
      IsEffectivelyEntitledForProvisioning: 'True',
    });
    expect(value.provisioningSteps.at(-1)).toMatchObject({
      name: 'EntryExportAdd',
      description: "User 'adele@contoso.com' was created in Kintone",
    });

    const logs = await loop.logs(`sourceIdentity/id eq '${ids.adele}'`);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      jobId: loop.jobId,
      changeId: value.changeId,
      provisioningAction: 'create',
      provisioningStatusInfo: { status: 'success', errorInformation: null },
      initiatedBy: { initiatorType: 'user' },
      targetIdentity: { id: targetIds.adele },
      servicePrincipal: { id: loop.spId },
    });
    const connection = await loop.entra.graph('GET', `${loop.jobPath}/objectConnections('${ids.adele}')`);
    expectOk(connection, 200);
    expect(connection.body).toMatchObject({ objectId: ids.adele, targetAnchor: targetIds.adele, objectTypeName: 'User' });
  });

  it('the same user again: Skipped (RedundantExport), read by its anchor', async () => {
    const { key, value } = answer(await provision(user(ids.adele)));
    expect(key).toEqual({ result: 'Skipped', details: { errorCode: 'RedundantExport', errorMessage: expect.any(String) } });
    expect(await loop.takeRequests()).toEqual([TEST_CONNECTION, { method: 'GET', url: `/Users/${targetIds.adele}`, status: 200 }]);
    expect(value).toMatchObject({ action: 'Other', statusInfo: { status: 'Skipped', errorCode: 'RedundantExport' } });
    expect(value.provisioningSteps.at(-1)).toMatchObject({
      type: 'Processing',
      status: 'Skipped',
      details: { SkipReason: 'RedundantExport' },
    });
    const logs = await loop.logs(`sourceIdentity/id eq '${ids.adele}' and provisioningAction eq 'other'`);
    expect(logs).toEqual([
      expect.objectContaining({ changeId: value.changeId, provisioningStatusInfo: expect.objectContaining({ status: 'skipped' }) }),
    ]);
  });

  it('an unassigned, never provisioned user: Skipped with the scope step saying why; nothing sent', async () => {
    const { key, value } = answer(await provision(user(ids.outsider)));
    expect(key).toEqual({
      result: 'Skipped',
      details: { errorCode: 'NotEffectivelyEntitled', errorMessage: expect.stringContaining('not in scope') },
    });
    expect(await loop.takeRequests()).toEqual([TEST_CONNECTION]);
    expect(scopeStep(value)).toMatchObject({
      status: 'Skipped',
      details: {
        'Active in source system': 'True',
        'Assigned to application': 'False',
        'Scope sync all': 'False',
        Assigned: 'False',
        IsEffectivelyEntitledForProvisioning: 'False',
      },
    });
    expect(value.targetIdentity.id).toBeNull();
    expect(await loop.logs(`sourceIdentity/id eq '${ids.outsider}'`)).toEqual([
      expect.objectContaining({ provisioningStatusInfo: expect.objectContaining({ status: 'skipped' }) }),
    ]);
    expectOk(await loop.entra.graph('GET', `${loop.jobPath}/objectConnections('${ids.outsider}')`), 404);
  });

  it('a provisioned user unassigned since: disabled in the target (on demand does disable unassigned users)', async () => {
    expect(answer(await provision(user(ids.leaver))).key.result).toBe('Success');
    await loop.takeRequests();
    const leaver = (await loop.targetUsers()).find((u: any) => u.userName === 'leaver@contoso.com');
    expectOk(await loop.entra.graph('DELETE', `/servicePrincipals/${loop.spId}/appRoleAssignedTo/${assignments.leaver}`), 204);

    const { key, value } = answer(await provision(user(ids.leaver)));
    expect(key).toEqual({ result: 'Success', details: {} });
    expect(await loop.takeRequests()).toEqual([
      TEST_CONNECTION,
      { method: 'GET', url: `/Users/${leaver.id}`, status: 200 },
      { method: 'PATCH', url: `/Users/${leaver.id}`, status: 200, body: patch({ op: 'Replace', path: 'active', value: 'False' }) },
    ]);
    expect(value).toMatchObject({ action: 'Disable', targetIdentity: { id: leaver.id } });
    expect(scopeStep(value).details).toMatchObject({ 'Assigned to application': 'False' });
    expect((await loop.readTarget(`/Users/${leaver.id}`)).body.active).toBe(false);

    // Disabled and no longer managed: a further call sends nothing but the test connection.
    const again = answer(await provision(user(ids.leaver)));
    expect(again.key.result).toBe('Skipped');
    expect(await loop.takeRequests()).toEqual([TEST_CONNECTION]);
  });

  it.each([
    ['disabled in Entra', 'blocked', /disabled/],
    ['in the recycle bin', 'binned', /does not exist or is deleted/],
  ])('a user %s is not found (on demand neither disables nor deletes those)', async (_name, who, message) => {
    const res = await provision(user(ids[who]));
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'Request_ResourceNotFound', message: expect.stringMatching(message) });
    expect(await loop.takeRequests()).toEqual([]);
  });

  it('an unknown user is 404', async () => {
    const res = await provision(user('0b8a7b3e-1111-4c2d-9e0f-123456789abc'));
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('Request_ResourceNotFound');
  });

  const bad: [string, unknown, RegExp][] = [
    ['no body', {}, /'parameters' is required/],
    [
      'two subjects',
      {
        parameters: [
          {
            ruleId: KINTONE_RULE_ID,
            subjects: [user('0b8a7b3e-1111-4c2d-9e0f-123456789abc'), user('0b8a7b3e-2222-4c2d-9e0f-123456789abc')],
          },
        ],
      },
      /one user, or one group/,
    ],
    [
      'two parameters',
      {
        parameters: [
          { ruleId: KINTONE_RULE_ID, subjects: [] },
          { ruleId: KINTONE_RULE_ID, subjects: [] },
        ],
      },
      /one parameter/,
    ],
    [
      'an unknown rule',
      { parameters: [{ ruleId: 'no-such-rule', subjects: [user('0b8a7b3e-1111-4c2d-9e0f-123456789abc')] }] },
      /ruleId 'no-such-rule' is not a synchronization rule of job .* Rules of its schema: '2b6c3f0e/,
    ],
    [
      'an unknown object type',
      {
        parameters: [
          { ruleId: KINTONE_RULE_ID, subjects: [{ objectId: '0b8a7b3e-1111-4c2d-9e0f-123456789abc', objectTypeName: 'Device' }] },
        ],
      },
      /objectTypeName 'Device' is not supported/,
    ],
    [
      'a group on an app without group provisioning',
      {
        parameters: [
          { ruleId: KINTONE_RULE_ID, subjects: [{ objectId: '0b8a7b3e-1111-4c2d-9e0f-123456789abc', objectTypeName: 'Group' }] },
        ],
      },
      /does not provision groups/,
    ],
    [
      'an object id that is not a GUID',
      { parameters: [{ ruleId: KINTONE_RULE_ID, subjects: [user('adele@contoso.com')] }] },
      /Invalid object identifier/,
    ],
    [
      'an unknown property',
      { parameters: [{ ruleId: KINTONE_RULE_ID, subjects: [user('0b8a7b3e-1111-4c2d-9e0f-123456789abc')] }], dryRun: true },
      /Property 'dryRun' does not exist/,
    ],
  ];
  it.each(bad)('400 for %s', async (_name, body, message) => {
    const res = await loop.entra.graph('POST', `${loop.jobPath}/provisionOnDemand`, { body });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'Request_BadRequest',
      message: expect.stringMatching(message),
      innerError: { 'request-id': expect.any(String), date: expect.any(String) },
    });
  });

  it('400 for a body that is not JSON', async () => {
    const res = await loop.entra.graph('POST', `${loop.jobPath}/provisionOnDemand`, {
      rawBody: '{"parameters":',
      contentType: 'application/json',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BadRequest');
  });

  it('404 for an unknown job or service principal', async () => {
    const subject = user(ids.adele);
    const job = await provision(subject, { path: `/servicePrincipals/${loop.spId}/synchronization/jobs/kintone.nope.0000` });
    expect(job.status).toBe(404);
    expect(job.body.error.code).toBe('Request_ResourceNotFound');
    const sp = await provision(subject, {
      path: `/servicePrincipals/0b8a7b3e-1111-4c2d-9e0f-123456789abc/synchronization/jobs/${loop.jobId}`,
    });
    expect(sp.status).toBe(404);
    expect(await loop.takeRequests()).toEqual([]);
  });

  it('401 without a valid token', async () => {
    const res = await provision(user(ids.adele), { token: 'not-the-token' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('InvalidAuthenticationToken');
    const none = await httpRequest('POST', `${loop.entra.graphUrl}${loop.jobPath}/provisionOnDemand`, {
      body: {},
      contentType: 'application/json',
    });
    expect(none.status).toBe(401);
  });

  it('5 calls per 10 seconds per job: the 6th is 429 with Retry-After', async () => {
    for (let i = 0; i < 5; i++) expect(answer(await provision(user(ids.outsider))).key.result).toBe('Skipped');
    const throttled = await provision(user(ids.outsider));
    expect(throttled.status).toBe(429);
    expect(throttled.body.error).toMatchObject({ code: 'TooManyRequests', message: expect.stringMatching(/at most 5 per 10 seconds/) });
    const retryAfter = Number(throttled.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(10);
    await loop.takeRequests();
  });

  it('called with an app token: initiatedBy is the application', async () => {
    const tokenRes = await fetch(`${loop.entra.url}/${loop.entra.identity.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: loop.entra.identity.clientId,
        client_secret: loop.entra.identity.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      }),
    });
    const token = ((await tokenRes.json()) as { access_token: string }).access_token;
    const { value } = answer(await provision(user(ids.adele), { token }));
    await loop.takeRequests();
    const logs = await loop.logs(`changeId eq '${value.changeId}'`);
    expect(logs).toEqual([
      expect.objectContaining({ initiatedBy: expect.objectContaining({ id: loop.entra.identity.clientId, initiatorType: 'application' }) }),
    ]);
  });

  it('a job without credentials: Failure at Test connection, nothing sent', async () => {
    const app = await loop.entra.graph('POST', `/applicationTemplates/${KINTONE_TEMPLATE_ID}/instantiate`, {
      body: { displayName: 'Kintone (not configured)' },
    });
    expectOk(app, 201);
    const spId = app.body.servicePrincipal.id;
    const job = await loop.entra.graph('POST', `/servicePrincipals/${spId}/synchronization/jobs`, { body: { templateId: 'kintone' } });
    expectOk(job, 201);
    const { key, value } = answer(
      await provision(user(ids.adele), { path: `/servicePrincipals/${spId}/synchronization/jobs/${job.body.id}` }),
    );
    expect(key).toEqual({
      result: 'Failure',
      details: {
        errorCode: 'SystemForCrossDomainIdentityManagementCredentialValidationFailure',
        errorMessage: expect.stringMatching(/No Tenant URL/),
      },
    });
    expect(value.provisioningSteps).toEqual([expect.objectContaining({ type: 'TestConnection', status: 'Failure' })]);
    expect(value.statusInfo).toMatchObject({
      status: 'Failure',
      errorCode: 'SystemForCrossDomainIdentityManagementCredentialValidationFailure',
    });
    expect(await loop.takeRequests()).toEqual([]);
  });

  it('a Secret Token the app refuses: Failure at Test connection', async () => {
    expectOk(
      await loop.entra.graph('PUT', `/servicePrincipals/${loop.spId}/synchronization/secrets`, {
        body: {
          value: [
            { key: 'BaseAddress', value: loop.target.scimBaseUrl },
            { key: 'SecretToken', value: 'wrong-token' },
          ],
        },
      }),
      204,
    );
    try {
      const { key, value } = answer(await provision(user(ids.adele)));
      expect(key).toMatchObject({
        result: 'Failure',
        details: { errorCode: 'SystemForCrossDomainIdentityManagementCredentialValidationFailure' },
      });
      expect(steps(value)).toEqual(['TestConnection:Failure']);
      expect((await loop.takeRequests()).map((r) => r.status)).toEqual([401]);
    } finally {
      expectOk(
        await loop.entra.graph('PUT', `/servicePrincipals/${loop.spId}/synchronization/secrets`, {
          body: {
            value: [
              { key: 'BaseAddress', value: loop.target.scimBaseUrl },
              { key: 'SecretToken', value: loop.target.token },
            ],
          },
        }),
        204,
      );
    }
  });

  it('the next cycle sees what on demand provisioned as linked: no matching query, no second create', async () => {
    expectOk(await loop.entra.graph('POST', `${loop.jobPath}/start`), 204);
    await loop.cycle();
    const requests = await loop.takeRequests();
    expect(requests.filter((r) => r.method === 'POST')).toEqual([]);
    expect(requests).toContainEqual({ method: 'GET', url: `/Users/${targetIds.adele}`, status: 200 });
    expect(requests.filter((r) => r.url.includes('filter=userName eq "adele@contoso.com"'))).toEqual([]);
    expect((await loop.targetUsers()).map((u: any) => u.userName).sort()).toEqual(['adele@contoso.com', 'leaver@contoso.com']);
    const cycleLogs = await loop.logs(`sourceIdentity/id eq '${ids.adele}' and initiatedBy/initiatorType eq 'system'`);
    expect(cycleLogs).toEqual([
      expect.objectContaining({ provisioningAction: 'other', provisioningStatusInfo: expect.objectContaining({ status: 'skipped' }) }),
    ]);
  });
});

describe('provisionOnDemand (generic SCIM app: a group and its members)', () => {
  let loop: TestLoop;
  const ids: Record<string, string> = {};
  let groupId: string;
  let targetGroupId: string;

  const provisionGroup = (members: string[], options: { objectId?: string; memberType?: string } = {}) =>
    loop.entra.graph('POST', `${loop.jobPath}/provisionOnDemand`, {
      body: {
        parameters: [
          {
            ruleId: SCIM_RULE_ID,
            subjects: [
              {
                objectId: options.objectId ?? groupId,
                objectTypeName: 'Group',
                links: { members: members.map((id) => ({ objectId: id, objectTypeName: options.memberType ?? 'User' })) },
              },
            ],
          },
        ],
      },
    });
  const targetIdOf = async (userName: string): Promise<string> =>
    (await loop.readTarget(`/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`)).body.Resources[0].id;

  beforeAll(async () => {
    loop = await startTestLoop({ profile: 'generic', start: false });
    for (const name of ['gina', 'hank', 'ivan', 'june', 'kurt', 'lena', 'mona'])
      ids[name] = await loop.createUser(`${name}@contoso.com`, { mail: `${name}@contoso.com` });
    const group = await loop.entra.graph('POST', '/groups', {
      body: { displayName: 'Sales', mailNickname: 'sales', securityEnabled: true, mailEnabled: false },
    });
    expectOk(group, 201);
    groupId = group.body.id;
    for (const name of Object.keys(ids))
      expectOk(await loop.entra.graph('POST', `/groups/${groupId}/members/$ref`, { body: ref(ids[name]) }), 204);
    await loop.assign(groupId);
    await loop.takeRequests();
  }, 60_000);
  afterAll(() => loop.stop());
  beforeEach(() => loop.entra.app.get(OnDemandRateLimiter).reset());

  it('a group with two of its members: the members, then the group, then only those two added to it', async () => {
    const { key, value } = answer(await provisionGroup([ids.gina, ids.hank]));
    expect(key).toEqual({ result: 'Success', details: {} });
    const requests = await loop.takeRequests();
    const gina = await targetIdOf('gina@contoso.com');
    const hank = await targetIdOf('hank@contoso.com');
    targetGroupId = (await loop.readTarget(`/Groups?filter=${encodeURIComponent('displayName eq "Sales"')}`)).body.Resources[0].id;
    expect(requests.map((r) => `${r.method} ${r.url} ${r.status}`)).toEqual([
      expect.stringMatching(new RegExp(`^GET /Users\\?filter=userName eq "${GUID}" 200$`)),
      'GET /Users?filter=userName eq "gina@contoso.com" 200',
      'POST /Users 201',
      'GET /Users?filter=userName eq "hank@contoso.com" 200',
      'POST /Users 201',
      'GET /Groups?excludedAttributes=members&filter=displayName eq "Sales" 200',
      'POST /Groups 201',
      `PATCH /Groups/${targetGroupId} ${requests.at(-1)!.status}`,
    ]);
    expect(requests[6].body).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group', 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
      displayName: 'Sales',
      externalId: groupId,
      meta: { resourceType: 'Group' },
    });
    expect(requests[7].body.Operations).toHaveLength(1);
    expect(requests[7].body.Operations[0]).toMatchObject({ op: 'Add', path: 'members' });
    expect(requests[7].body.Operations[0].value.map((v: any) => v.value).sort()).toEqual([gina, hank].sort());
    expect((await loop.readTarget(`/Groups/${targetGroupId}`)).body.members.map((m: any) => m.value).sort()).toEqual([gina, hank].sort());
    expect((await loop.targetUsers()).map((u: any) => u.userName).sort()).toEqual(['gina@contoso.com', 'hank@contoso.com']);

    expect(value).toMatchObject({
      action: 'Create',
      reportableIdentifier: 'Sales',
      sourceIdentity: { id: groupId, type: 'Group' },
      targetIdentity: { id: targetGroupId, type: 'urn:ietf:params:scim:schemas:core:2.0:Group' },
    });
    for (const id of [ids.gina, ids.hank, groupId]) {
      expect(await loop.logs(`sourceIdentity/id eq '${id}'`)).toEqual([
        expect.objectContaining({ provisioningAction: 'create', initiatedBy: expect.objectContaining({ initiatorType: 'user' }) }),
      ]);
    }
  });

  it('the group again with another member: that member is added, the others stay', async () => {
    const { key, value } = answer(await provisionGroup([ids.ivan]));
    expect(key).toEqual({ result: 'Success', details: {} });
    const requests = await loop.takeRequests();
    const ivan = await targetIdOf('ivan@contoso.com');
    expect(requests.filter((r) => r.method !== 'GET').map((r) => [r.method, r.url])).toEqual([
      ['POST', '/Users'],
      ['PATCH', `/Groups/${targetGroupId}`],
    ]);
    expect(requests.at(-1)!.body).toEqual(patch({ op: 'Add', path: 'members', value: [{ $ref: null, value: ivan }] }));
    expect(value).toMatchObject({ action: 'Update', targetIdentity: { id: targetGroupId } });
    const members = (await loop.readTarget(`/Groups/${targetGroupId}`)).body.members.map((m: any) => m.value);
    expect(members).toHaveLength(3);
    expect(members).toContain(ivan);
  });

  it('a user removed from the group can no longer be selected with it; on demand of the user itself disables it', async () => {
    const hank = await targetIdOf('hank@contoso.com');
    expectOk(await loop.entra.graph('DELETE', `/groups/${groupId}/members/${ids.hank}/$ref`), 204);
    const res = await provisionGroup([ids.hank]);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/is not a direct member of group/);
    // On demand of the user itself: unassigned (its only assignment was the group), so it is disabled.
    const single = answer(
      await loop.entra.graph('POST', `${loop.jobPath}/provisionOnDemand`, {
        body: { parameters: [{ ruleId: SCIM_RULE_ID, subjects: [user(ids.hank)] }] },
      }),
    );
    expect(single.value.action).toBe('Disable');
    const requests = await loop.takeRequests();
    expect(requests.filter((r) => r.method === 'PATCH')).toEqual([
      { method: 'PATCH', url: `/Users/${hank}`, status: 200, body: patch({ op: 'Replace', path: 'active', value: 'False' }) },
    ]);
  });

  it('more than 5 members and nested groups are refused; an unknown group is 404', async () => {
    const six = await provisionGroup([ids.gina, ids.ivan, ids.june, ids.kurt, ids.lena, ids.mona]);
    expect(six.status).toBe(400);
    expect(six.body.error.message).toMatch(/at most 5 members per request; 6 were given/);
    const nested = await provisionGroup([groupId], { memberType: 'Group' });
    expect(nested.status).toBe(400);
    expect(nested.body.error.message).toMatch(/nested groups/);
    const unknownGroup = await provisionGroup([], { objectId: '0b8a7b3e-1111-4c2d-9e0f-123456789abc' });
    expect(unknownGroup.status).toBe(404);
    expect(await loop.takeRequests()).toEqual([]);
  });
});

/** Reference §4.10: the Tenant URL's aadOptscim062020 flag does not apply to on-demand provisioning; the cycles honour it. */
describe('provisionOnDemand with ?aadOptscim062020 on the Tenant URL (Kintone)', () => {
  let loop: TestLoop;
  let sourceId: string;
  let targetId: string;
  let assignmentId: string;
  const provision = () =>
    loop.entra.graph('POST', `${loop.jobPath}/provisionOnDemand`, {
      body: { parameters: [{ ruleId: KINTONE_RULE_ID, subjects: [user(sourceId)] }] },
    });
  const rename = (displayName: string, givenName: string, surname: string, mail: string) =>
    loop.entra.graph('PATCH', `/users/${sourceId}`, { body: { displayName, givenName, surname, mail } });

  beforeAll(async () => {
    loop = await startTestLoop({ profile: 'kintone', start: false, urlSuffix: '?aadOptscim062020' });
    sourceId = await loop.createUser('flagged@contoso.com', {
      displayName: 'Flagged',
      givenName: 'Flag',
      surname: 'Ged',
      mail: 'flagged@contoso.com',
    });
    assignmentId = await loop.assign(sourceId);
    expect(answer(await provision()).key.result).toBe('Success');
    targetId = (await loop.targetUsers())[0].id;
    await loop.takeRequests();
  }, 60_000);
  afterAll(() => loop.stop());
  beforeEach(() => loop.entra.app.get(OnDemandRateLimiter).reset());

  it('an update on demand keeps the default shape: one Replace with a path per attribute', async () => {
    expectOk(await rename('Flag Ged', 'Flagg', 'Gedd', 'flag.ged@contoso.com'), 204);
    expect(answer(await provision()).key.result).toBe('Success');
    expect((await loop.takeRequests()).filter((r) => r.method === 'PATCH')).toEqual([
      {
        method: 'PATCH',
        url: `/Users/${targetId}`,
        status: 200,
        body: patch(
          { op: 'Replace', path: 'displayName', value: 'Flag Ged' },
          { op: 'Replace', path: 'emails[type eq "work"].value', value: 'flag.ged@contoso.com' },
          { op: 'Replace', path: 'name.givenName', value: 'Flagg' },
          { op: 'Replace', path: 'name.familyName', value: 'Gedd' },
        ),
      },
    ]);
  });

  it('the cycles of the same job honour the flag', async () => {
    expectOk(await rename('Flag G', 'Fl', 'G', 'fg@contoso.com'), 204);
    expectOk(await loop.entra.graph('POST', `${loop.jobPath}/start`), 204);
    await loop.cycle();
    expect((await loop.takeRequests()).filter((r) => r.method === 'PATCH')).toEqual([
      {
        method: 'PATCH',
        url: `/Users/${targetId}`,
        status: 200,
        body: patch(
          { op: 'replace', value: { displayName: 'Flag G', 'name.givenName': 'Fl', 'name.familyName': 'G' } },
          { op: 'replace', path: 'emails[type eq "work"].value', value: 'fg@contoso.com' },
        ),
      },
    ]);
  });

  it('a disable on demand (the user was unassigned) keeps the default shape: "Replace" and "False"', async () => {
    expectOk(await loop.entra.graph('DELETE', `/servicePrincipals/${loop.spId}/appRoleAssignedTo/${assignmentId}`), 204);
    expect(answer(await provision()).key.result).toBe('Success');
    expect((await loop.takeRequests()).filter((r) => r.method === 'PATCH')).toEqual([
      { method: 'PATCH', url: `/Users/${targetId}`, status: 200, body: patch({ op: 'Replace', path: 'active', value: 'False' }) },
    ]);
  });
});
