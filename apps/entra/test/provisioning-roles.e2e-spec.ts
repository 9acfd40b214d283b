import { expectOk, startTestLoop, TestLoop } from './loop-harness';

const MINUTE = 60_000;
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ROLE_TYPE = 'WindowsAzureActiveDirectoryRole';
const ADMIN = '5b0c1f0e-6a55-4d8e-9a9e-2f3b7c1d0a01';
const READER = '5b0c1f0e-6a55-4d8e-9a9e-2f3b7c1d0a02';
const role = (id: string, value: string) => ({
  allowedMemberTypes: ['User'],
  description: value,
  displayName: `${value} role`,
  id,
  isEnabled: true,
  origin: 'Application',
  value,
});

/**
 * App roles declared with PATCH /applications, assigned to users, and sent to the generic SCIM profile by a
 * `roles ← AppRoleAssignmentsComplex([appRoleAssignments])` mapping: the create carries the role objects (§4.3), a
 * new assignment is added with PATCH Add of that role (§4.4: a JSON string {id,value,displayName} inside `value`; with
 * aadOptscim062020 the POST's role object, §4.10), and a cycle with nothing changed sends nothing.
 */
describe.each([
  ['default shape', ''],
  ['aadOptscim062020', '?aadOptscim062020'],
])('provisioning app roles (generic profile, %s)', (_name, urlSuffix) => {
  let loop: TestLoop;
  let userId: string;
  let targetId: string;

  const assign = async (principalId: string, appRoleId: string) =>
    expectOk(
      await loop.entra.graph('POST', `/servicePrincipals/${loop.spId}/appRoleAssignedTo`, {
        body: { principalId, resourceId: loop.spId, appRoleId },
      }),
      201,
    );

  beforeAll(async () => {
    loop = await startTestLoop({ profile: 'generic', start: false, urlSuffix });
    const sp = (await loop.entra.graph('GET', `/servicePrincipals/${loop.spId}`)).body;
    const app = (await loop.entra.graph('GET', '/applications')).body.value.find((a: any) => a.appId === sp.appId);
    expectOk(
      await loop.entra.graph('PATCH', `/applications/${app.id}`, {
        body: { appRoles: [...app.appRoles, role(ADMIN, 'Admin'), role(READER, 'Reader')] },
      }),
      204,
    );

    const schema = (await loop.entra.graph('GET', `${loop.jobPath}/schema`)).body;
    const rule = schema.synchronizationRules[0];
    const users = rule.objectMappings.find((m: any) => m.sourceObjectName === 'User');
    const targetUser = schema.directories
      .find((d: any) => d.name === rule.targetDirectoryName)
      .objects.find((o: any) => o.name === users.targetObjectName);
    targetUser.attributes.push({
      ...targetUser.attributes.find((a: any) => a.name === 'displayName'),
      name: 'roles',
      multivalued: true,
      required: false,
    });
    const parsed = await loop.entra.graph('POST', `${loop.jobPath}/schema/parseExpression`, {
      body: { expression: 'AppRoleAssignmentsComplex([appRoleAssignments])' },
    });
    expectOk(parsed, 200);
    users.attributeMappings.push({
      targetAttributeName: 'roles',
      source: parsed.body.parsedExpression,
      defaultValue: null,
      exportMissingReferences: false,
      flowBehavior: 'FlowWhenChanged',
      flowType: 'Always',
      matchingPriority: 0,
    });
    expectOk(await loop.entra.graph('PUT', `${loop.jobPath}/schema`, { body: schema }), 204);
    expectOk(await loop.entra.graph('POST', `${loop.jobPath}/start`), 204);
    userId = await loop.createUser('role.user@contoso.com');
    await assign(userId, ADMIN);
  }, 60_000);
  afterAll(() => loop.stop());

  it('the create sends the assigned role as a complex roles value, primary false', async () => {
    await loop.cycle();
    const post = (await loop.takeRequests()).find((r) => r.method === 'POST');
    expect(post?.body.roles).toEqual([{ primary: false, type: ROLE_TYPE, display: 'Admin role', value: 'Admin' }]);
    const created = (await loop.targetUsers()).find((u: any) => u.userName === 'role.user@contoso.com');
    targetId = created.id;
    expect(created.roles).toEqual([expect.objectContaining({ value: 'Admin', display: 'Admin role' })]);
  });

  it('a second role assignment goes out as Add of that role alone (a JSON string without the flag), not as a Replace of the collection', async () => {
    await assign(userId, READER);
    await loop.advance(40 * MINUTE);
    const patches = (await loop.takeRequests()).filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(1);
    expect(patches[0].url).toBe(`/Users/${targetId}`);
    // Reference §4.4: {"op":"Add","path":"roles","value":[{"value":"{\"id\":…,\"value\":…,\"displayName\":…}"}]};
    // §4.10: with the flag the same add carries the POST's role objects.
    const reader =
      urlSuffix === ''
        ? { value: JSON.stringify({ id: READER, value: 'Reader', displayName: 'Reader role' }) }
        : { primary: false, type: ROLE_TYPE, display: 'Reader role', value: 'Reader' };
    expect(patches[0].body).toEqual({
      schemas: [PATCH_OP],
      Operations: [{ op: urlSuffix === '' ? 'Add' : 'add', path: 'roles', value: [reader] }],
    });
    const after = (await loop.readTarget(`/Users/${targetId}`)).body;
    expect(after.roles).toHaveLength(2);
    expect(after.roles).toEqual(expect.arrayContaining([expect.objectContaining({ value: 'Admin' }), expect.objectContaining(reader)]));
  });

  it('a cycle with nothing changed sends no PATCH: the stored roles (objects or JSON strings) equal the source', async () => {
    // A full restart re-reads every user from the target and compares it, so the roles compare is exercised.
    expectOk(await loop.entra.graph('POST', `${loop.jobPath}/restart`, { body: { criteria: { resetScope: 'Full' } } }), 204);
    await loop.advance(40 * MINUTE);
    const requests = await loop.takeRequests();
    expect(requests.some((r) => r.method === 'GET' && r.url.startsWith('/Users'))).toBe(true);
    expect(requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});

describe('provisioning app roles: SingleAppRoleAssignment (generic profile)', () => {
  let loop: TestLoop;

  beforeAll(async () => {
    loop = await startTestLoop({ profile: 'generic', start: false });
    const sp = (await loop.entra.graph('GET', `/servicePrincipals/${loop.spId}`)).body;
    const app = (await loop.entra.graph('GET', '/applications')).body.value.find((a: any) => a.appId === sp.appId);
    expectOk(
      await loop.entra.graph('PATCH', `/applications/${app.id}`, { body: { appRoles: [...app.appRoles, role(ADMIN, 'Admin')] } }),
      204,
    );
    const schema = (await loop.entra.graph('GET', `${loop.jobPath}/schema`)).body;
    const users = schema.synchronizationRules[0].objectMappings.find((m: any) => m.sourceObjectName === 'User');
    const parsed = await loop.entra.graph('POST', `${loop.jobPath}/schema/parseExpression`, {
      body: { expression: 'SingleAppRoleAssignment([appRoleAssignments])' },
    });
    expectOk(parsed, 200);
    users.attributeMappings.push({
      targetAttributeName: 'roles[primary eq "True"].value',
      source: parsed.body.parsedExpression,
      defaultValue: null,
      exportMissingReferences: false,
      flowBehavior: 'FlowWhenChanged',
      flowType: 'Always',
      matchingPriority: 0,
    });
    expectOk(await loop.entra.graph('PUT', `${loop.jobPath}/schema`, { body: schema }), 204);
    expectOk(await loop.entra.graph('POST', `${loop.jobPath}/start`), 204);
    const userId = await loop.createUser('single.role@contoso.com');
    expectOk(
      await loop.entra.graph('POST', `/servicePrincipals/${loop.spId}/appRoleAssignedTo`, {
        body: { principalId: userId, resourceId: loop.spId, appRoleId: ADMIN },
      }),
      201,
    );
  }, 60_000);
  afterAll(() => loop.stop());

  it('the create sends the role value as the primary role (the §3.3 optional mapping)', async () => {
    await loop.cycle();
    const post = (await loop.takeRequests()).find((r) => r.method === 'POST');
    expect(post?.body.roles).toEqual([expect.objectContaining({ primary: true, value: 'Admin' })]);
    const created = (await loop.targetUsers()).find((u: any) => u.userName === 'single.role@contoso.com');
    expect(created.roles).toEqual([expect.objectContaining({ primary: true, value: 'Admin' })]);
  });
});
