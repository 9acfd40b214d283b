import { expectOk, startTestLoop, TestLoop } from './loop-harness';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const MINUTE = 60_000;
const patch = (...Operations: object[]) => ({ schemas: [PATCH_OP], Operations });

/**
 * The provisioning loop on the Kintone profile: each tenant event, the exact SCIM requests the next cycle sends,
 * the target's final state and the provisioning log entries.
 */
describe('provisioning cycles (Kintone)', () => {
  let loop: TestLoop;
  const ids: Record<string, string> = {};
  const targetIds: Record<string, string> = {};

  beforeAll(async () => {
    loop = await startTestLoop({ profile: 'kintone' });
    for (const name of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank']) {
      ids[name] = await loop.createUser(`${name}@contoso.com`, {
        givenName: name[0].toUpperCase() + name.slice(1),
        surname: 'Test',
        mail: `${name}@contoso.com`,
        department: name === 'frank' ? 'Sales' : 'Engineering',
      });
    }
    ids.outsider = await loop.createUser('outsider@contoso.com');
    for (const name of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank']) await loop.assign(ids[name]);
  }, 60_000);
  afterAll(() => loop.stop());

  async function targetUser(name: string): Promise<any> {
    const res = await loop.readTarget(`/Users/${targetIds[name]}`);
    return res.status === 200 ? res.body : null;
  }

  async function logsFor(sourceId: string): Promise<any[]> {
    return loop.logs(`sourceIdentity/id eq '${sourceId}'`);
  }

  it('initial cycle: every assigned user is matched, then created; nothing for the unassigned one', async () => {
    await loop.cycle();
    const requests = await loop.takeRequests();
    const names = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
    expect(requests).toHaveLength(names.length * 2);
    for (const name of names) {
      const query = requests.findIndex((r) => r.method === 'GET' && r.url === `/Users?filter=userName eq "${name}@contoso.com"`);
      const post = requests.findIndex((r) => r.method === 'POST' && r.body?.userName === `${name}@contoso.com`);
      expect({ name, query: query >= 0, post: post >= 0, order: query < post }).toEqual({ name, query: true, post: true, order: true });
      expect(requests[post].body).toEqual({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: `${name}@contoso.com`,
        active: true,
        displayName: name,
        emails: [{ type: 'work', primary: true, value: `${name}@contoso.com` }],
        name: { givenName: name[0].toUpperCase() + name.slice(1), familyName: 'Test' },
        externalId: name,
        meta: { resourceType: 'User' },
      });
    }
    const users = await loop.targetUsers();
    expect(users.map((u: any) => u.userName).sort()).toEqual(names.map((n) => `${n}@contoso.com`).sort());
    for (const u of users) targetIds[u.userName.split('@')[0]] = u.id;

    const logs = await logsFor(ids.alice);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      provisioningAction: 'create',
      provisioningStatusInfo: { status: 'success' },
      jobId: loop.jobId,
      sourceIdentity: { id: ids.alice, identityType: 'User' },
      targetIdentity: { id: targetIds.alice },
      servicePrincipal: { id: loop.spId },
    });
    const job = await loop.job();
    expect(job.status.code).toBe('Active');
    expect(job.status.lastExecution).toMatchObject({ state: 'Succeeded', countExported: 6 });
    expect(job.status.lastSuccessfulExecutionWithExports.activityIdentifier).toBe(logs[0].cycleId);
  });

  it('a cycle with no changes sends nothing and reaches steady state', async () => {
    await loop.advance(40 * MINUTE);
    expect(await loop.takeRequests()).toEqual([]);
    const job = await loop.job();
    expect(job.status.steadyStateLastAchievedTime).not.toBe('0001-01-01T00:00:00Z');
  });

  it('nothing runs before the 40-minute interval has passed', async () => {
    expectOk(await loop.entra.graph('PATCH', `/users/${ids.alice}`, { body: { displayName: 'Alice Renamed' } }), 204);
    await loop.advance(39 * MINUTE);
    expect(await loop.takeRequests()).toEqual([]);
  });

  it('rename: GET by id, then one Replace of displayName', async () => {
    await loop.advance(1 * MINUTE);
    expect(await loop.takeRequests()).toEqual([
      { method: 'GET', url: `/Users/${targetIds.alice}`, status: 200 },
      {
        method: 'PATCH',
        url: `/Users/${targetIds.alice}`,
        status: 200,
        body: patch({ op: 'Replace', path: 'displayName', value: 'Alice Renamed' }),
      },
    ]);
    expect((await targetUser('alice')).displayName).toBe('Alice Renamed');
    const update = (await logsFor(ids.alice)).find((l) => l.provisioningAction === 'update');
    expect(update.modifiedProperties).toEqual(
      expect.arrayContaining([{ displayName: 'displayName', oldValue: 'alice', newValue: 'Alice Renamed' }]),
    );
  });

  it('new mail: the work email is replaced through its filtered path', async () => {
    expectOk(await loop.entra.graph('PATCH', `/users/${ids.bob}`, { body: { mail: 'robert@contoso.com' } }), 204);
    await loop.advance(40 * MINUTE);
    expect(await loop.takeRequests()).toEqual([
      { method: 'GET', url: `/Users/${targetIds.bob}`, status: 200 },
      {
        method: 'PATCH',
        url: `/Users/${targetIds.bob}`,
        status: 200,
        body: patch({ op: 'Replace', path: 'emails[type eq "work"].value', value: 'robert@contoso.com' }),
      },
    ]);
    expect((await targetUser('bob')).emails).toEqual([expect.objectContaining({ type: 'work', value: 'robert@contoso.com' })]);
  });

  it('accountEnabled=false: disabled with active "False"', async () => {
    expectOk(await loop.entra.graph('PATCH', `/users/${ids.carol}`, { body: { accountEnabled: false } }), 204);
    await loop.advance(40 * MINUTE);
    expect(await loop.takeRequests()).toEqual([
      { method: 'GET', url: `/Users/${targetIds.carol}`, status: 200 },
      { method: 'PATCH', url: `/Users/${targetIds.carol}`, status: 200, body: patch({ op: 'Replace', path: 'active', value: 'False' }) },
    ]);
    expect((await targetUser('carol')).active).toBe(false);
    expect((await logsFor(ids.carol)).map((l) => l.provisioningAction)).toEqual(expect.arrayContaining(['create', 'disable']));
  });

  it('unassign: the user is disabled in the target (not deleted)', async () => {
    const assignments = await loop.entra.graph('GET', `/servicePrincipals/${loop.spId}/appRoleAssignedTo`);
    const dave = assignments.body.value.find((a: any) => a.principalId === ids.dave);
    expectOk(await loop.entra.graph('DELETE', `/servicePrincipals/${loop.spId}/appRoleAssignedTo/${dave.id}`), 204);
    await loop.advance(40 * MINUTE);
    expect(await loop.takeRequests()).toEqual([
      { method: 'GET', url: `/Users/${targetIds.dave}`, status: 200 },
      { method: 'PATCH', url: `/Users/${targetIds.dave}`, status: 200, body: patch({ op: 'Replace', path: 'active', value: 'False' }) },
    ]);
    expect(await targetUser('dave')).toMatchObject({ active: false, userName: 'dave@contoso.com' });
  });

  it('soft delete disables, restore re-enables, purge deletes', async () => {
    expectOk(await loop.entra.graph('DELETE', `/users/${ids.erin}`), 204);
    await loop.advance(40 * MINUTE);
    expect(await loop.takeRequests()).toEqual([
      { method: 'GET', url: `/Users/${targetIds.erin}`, status: 200 },
      { method: 'PATCH', url: `/Users/${targetIds.erin}`, status: 200, body: patch({ op: 'Replace', path: 'active', value: 'False' }) },
    ]);
    expectOk(await loop.entra.graph('POST', `/directory/deletedItems/${ids.erin}/restore`), 200);
    await loop.advance(40 * MINUTE);
    expect(await loop.takeRequests()).toEqual([
      { method: 'GET', url: `/Users/${targetIds.erin}`, status: 200 },
      { method: 'PATCH', url: `/Users/${targetIds.erin}`, status: 200, body: patch({ op: 'Replace', path: 'active', value: 'True' }) },
    ]);
    expect((await targetUser('erin')).active).toBe(true);
    expectOk(await loop.entra.graph('DELETE', `/users/${ids.erin}`), 204);
    expectOk(await loop.entra.graph('DELETE', `/directory/deletedItems/${ids.erin}`), 204);
    await loop.advance(40 * MINUTE);
    expect(await loop.takeRequests()).toEqual([{ method: 'DELETE', url: `/Users/${targetIds.erin}`, status: 204 }]);
    expect(await targetUser('erin')).toBeNull();
    expect((await logsFor(ids.erin)).map((l) => l.provisioningAction).sort()).toEqual(['create', 'delete', 'disable', 'update']);
  });

  it('a scoping filter saved on the mapping forces a full re-sync; users it excludes are disabled', async () => {
    const schema = (await loop.entra.graph('GET', `${loop.jobPath}/schema`)).body;
    const users = schema.synchronizationRules[0].objectMappings.find((m: any) => m.sourceObjectName === 'User');
    users.scope = {
      groups: [
        {
          name: 'Sales only',
          clauses: [{ operatorName: 'EQUALS', sourceOperandName: 'department', targetOperand: { values: ['Sales'] } }],
        },
      ],
    };
    expectOk(await loop.entra.graph('PUT', `${loop.jobPath}/schema`, { body: schema }), 204);
    await loop.cycle();
    const requests = await loop.takeRequests();
    // alice and bob (Engineering, active, assigned) leave scope: GET + disable each; frank stays (unchanged: GET only).
    const patches = requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.url).sort()).toEqual([`/Users/${targetIds.alice}`, `/Users/${targetIds.bob}`].sort());
    for (const p of patches) expect(p.body).toEqual(patch({ op: 'Replace', path: 'active', value: 'False' }));
    expect(requests.filter((r) => r.method === 'POST' || r.method === 'DELETE')).toEqual([]);
    expect((await targetUser('frank')).active).toBe(true);
    expect((await targetUser('alice')).active).toBe(false);
    const job = await loop.job();
    expect(job.status.lastExecution.countImported).toBeGreaterThanOrEqual(5);
  });

  it('a mapping change forces a full re-sync: every managed, in-scope user gets the new value', async () => {
    const schema = (await loop.entra.graph('GET', `${loop.jobPath}/schema`)).body;
    const users = schema.synchronizationRules[0].objectMappings.find((m: any) => m.sourceObjectName === 'User');
    const displayName = users.attributeMappings.find((m: any) => m.targetAttributeName === 'displayName');
    // Parsed by the job's own parseExpression endpoint, as the portal does before saving.
    const parsed = await loop.entra.graph('POST', `${loop.jobPath}/schema/parseExpression`, {
      body: { expression: 'Append([displayName], " (Sales)")' },
    });
    expectOk(parsed, 200);
    displayName.source = parsed.body.parsedExpression;
    expectOk(await loop.entra.graph('PUT', `${loop.jobPath}/schema`, { body: schema }), 204);
    await loop.cycle();
    const requests = await loop.takeRequests();
    // Only frank is still in scope (Sales) and active: the one PATCH of the cycle.
    expect(requests.filter((r) => r.method === 'PATCH')).toEqual([
      {
        method: 'PATCH',
        url: `/Users/${targetIds.frank}`,
        status: 200,
        body: patch({ op: 'Replace', path: 'displayName', value: 'frank (Sales)' }),
      },
    ]);
    const job = await loop.job();
    expect(job.status.lastExecution.countImportedDeltas).toBe(0);
    expect(job.status.lastExecution.countImported).toBeGreaterThanOrEqual(5);
  });

  it('the provisioning log holds one entry per processed object per cycle, each with steps', async () => {
    const all = await loop.logs();
    for (const entry of all) {
      expect(entry.provisioningSteps.length).toBeGreaterThan(0);
      expect(entry.cycleId).toBeTruthy();
      expect(entry.changeId).toBeTruthy();
    }
    const keys = all.map((l) => `${l.cycleId}/${l.sourceIdentity.id}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('provisioning cycles (Kintone): groups that grant the assignment', () => {
  let loop: TestLoop;
  beforeAll(async () => {
    loop = await startTestLoop({ profile: 'kintone', entraEnv: { SYNC_PAGE_SIZE: '2' } });
  }, 60_000);
  afterAll(() => loop.stop());

  it('a group assigned to the app going to the recycle bin disables its members; restoring it re-enables them', async () => {
    const members = [await loop.createUser('grp.one@contoso.com'), await loop.createUser('grp.two@contoso.com')];
    const group = await loop.entra.graph('POST', '/groups', {
      body: { displayName: 'Ops', mailNickname: 'ops', securityEnabled: true, mailEnabled: false },
    });
    expectOk(group, 201);
    for (const id of members) {
      expectOk(
        await loop.entra.graph('POST', `/groups/${group.body.id}/members/$ref`, {
          body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` },
        }),
        204,
      );
    }
    await loop.assign(group.body.id);
    await loop.cycle();
    const created = (await loop.takeRequests()).filter((r) => r.method === 'POST');
    expect(created.map((r) => r.body.userName).sort()).toEqual(['grp.one@contoso.com', 'grp.two@contoso.com']);

    expectOk(await loop.entra.graph('DELETE', `/groups/${group.body.id}`), 204);
    await loop.advance(40 * MINUTE);
    const disabled = (await loop.takeRequests()).filter((r) => r.method === 'PATCH');
    expect(disabled).toHaveLength(2);
    for (const p of disabled) expect(p.body).toEqual(patch({ op: 'Replace', path: 'active', value: 'False' }));

    expectOk(await loop.entra.graph('POST', `/directory/deletedItems/${group.body.id}/restore`), 200);
    await loop.advance(40 * MINUTE);
    const enabled = (await loop.takeRequests()).filter((r) => r.method === 'PATCH');
    expect(enabled).toHaveLength(2);
    for (const p of enabled) expect(p.body).toEqual(patch({ op: 'Replace', path: 'active', value: 'True' }));
  });
});

/**
 * Reference §4.10: the Tenant URL's `?aadOptscim062020` flag changes the PATCH bodies of the cycles; without it
 * they keep the §4.4 / §4.5 shapes. The exact bodies the target's request log recorded, and what the target stored.
 */
describe.each([
  {
    flag: 'with ?aadOptscim062020',
    urlSuffix: '?aadOptscim062020',
    rename: patch(
      { op: 'replace', value: { displayName: 'Alicia Jay', 'name.givenName': 'Alicia', 'name.familyName': 'Jay' } },
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'alicia.jay@contoso.com' },
    ),
    disable: patch({ op: 'replace', path: 'active', value: false }),
  },
  {
    flag: 'without the flag',
    urlSuffix: '',
    rename: patch(
      { op: 'Replace', path: 'displayName', value: 'Alicia Jay' },
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'alicia.jay@contoso.com' },
      { op: 'Replace', path: 'name.givenName', value: 'Alicia' },
      { op: 'Replace', path: 'name.familyName', value: 'Jay' },
    ),
    disable: patch({ op: 'Replace', path: 'active', value: 'False' }),
  },
])('provisioning cycles (Kintone) $flag', ({ urlSuffix, rename, disable }) => {
  let loop: TestLoop;
  let sourceId: string;
  let targetId: string;
  beforeAll(async () => {
    loop = await startTestLoop({ profile: 'kintone', urlSuffix });
    sourceId = await loop.createUser('alice@contoso.com', {
      displayName: 'Alice Test',
      givenName: 'Alice',
      surname: 'Test',
      mail: 'alice@contoso.com',
    });
    await loop.assign(sourceId);
    await loop.cycle();
    const post = (await loop.takeRequests()).find((r) => r.method === 'POST');
    expect(post?.status).toBe(201);
    targetId = (await loop.targetUsers())[0].id;
  }, 60_000);
  afterAll(() => loop.stop());

  it('a rename of displayName, givenName, surname and the work email is one PATCH of the expected shape', async () => {
    expectOk(
      await loop.entra.graph('PATCH', `/users/${sourceId}`, {
        body: { displayName: 'Alicia Jay', givenName: 'Alicia', surname: 'Jay', mail: 'alicia.jay@contoso.com' },
      }),
      204,
    );
    await loop.advance(40 * MINUTE);
    expect(await loop.takeRequests()).toEqual([
      { method: 'GET', url: `/Users/${targetId}`, status: 200 },
      { method: 'PATCH', url: `/Users/${targetId}`, status: 200, body: rename },
    ]);
    expect((await loop.readTarget(`/Users/${targetId}`)).body).toMatchObject({
      displayName: 'Alicia Jay',
      name: { givenName: 'Alicia', familyName: 'Jay' },
      emails: [{ type: 'work', primary: true, value: 'alicia.jay@contoso.com' }],
    });
    const update = (await loop.logs(`sourceIdentity/id eq '${sourceId}'`)).find((l) => l.provisioningAction === 'update');
    expect(update.provisioningStatusInfo.status).toBe('success');
  });

  it('a disable is one PATCH of active in the expected shape', async () => {
    expectOk(await loop.entra.graph('PATCH', `/users/${sourceId}`, { body: { accountEnabled: false } }), 204);
    await loop.advance(40 * MINUTE);
    expect(await loop.takeRequests()).toEqual([
      { method: 'GET', url: `/Users/${targetId}`, status: 200 },
      { method: 'PATCH', url: `/Users/${targetId}`, status: 200, body: disable },
    ]);
    expect((await loop.readTarget(`/Users/${targetId}`)).body.active).toBe(false);
  });
});

/** Reference §4.7 / §4.10 on the generic profile: member removal, adding a single-valued attribute, group rename. */
describe.each([
  {
    flag: 'with ?aadOptscim062020',
    urlSuffix: '?aadOptscim062020',
    removeMember: (id: string) => patch({ op: 'remove', path: `members[value eq "${id}"]` }),
    disable: patch({ op: 'replace', path: 'active', value: false }),
    addDepartment: patch({ op: 'add', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'Ops' }),
    rename: patch({ op: 'replace', path: 'displayName', value: 'Sales EMEA' }),
  },
  {
    flag: 'without the flag',
    urlSuffix: '',
    removeMember: (id: string) => patch({ op: 'Remove', path: 'members', value: [{ value: id }] }),
    disable: patch({ op: 'Replace', path: 'active', value: 'False' }),
    addDepartment: patch({ op: 'Add', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'Ops' }),
    rename: patch({ op: 'Replace', path: 'displayName', value: 'Sales EMEA' }),
  },
])('provisioning cycles (generic SCIM app) $flag', ({ urlSuffix, removeMember, disable, addDepartment, rename }) => {
  let loop: TestLoop;
  const ids: Record<string, string> = {};
  const targetIds: Record<string, string> = {};
  let groupId: string;
  let targetGroupId: string;
  const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });

  beforeAll(async () => {
    loop = await startTestLoop({ profile: 'generic', urlSuffix });
    for (const name of ['gina', 'hank']) ids[name] = await loop.createUser(`${name}@contoso.com`, { mail: `${name}@contoso.com` });
    const group = await loop.entra.graph('POST', '/groups', {
      body: { displayName: 'Sales', mailNickname: 'sales', securityEnabled: true, mailEnabled: false },
    });
    expectOk(group, 201);
    groupId = group.body.id;
    for (const name of ['gina', 'hank'])
      expectOk(await loop.entra.graph('POST', `/groups/${groupId}/members/$ref`, { body: ref(ids[name]) }), 204);
    await loop.assign(groupId);
    await loop.cycle();
    await loop.takeRequests();
    for (const u of await loop.targetUsers()) targetIds[u.userName.split('@')[0]] = u.id;
    targetGroupId = (await loop.readTarget('/Groups')).body.Resources[0].id;
  }, 60_000);
  afterAll(() => loop.stop());

  it('a member leaving the group: disabled, then removed from the target group', async () => {
    expectOk(await loop.entra.graph('DELETE', `/groups/${groupId}/members/${ids.hank}/$ref`), 204);
    await loop.advance(40 * MINUTE);
    const patches = (await loop.takeRequests()).filter((r) => r.method === 'PATCH');
    expect(patches).toEqual([
      { method: 'PATCH', url: `/Users/${targetIds.hank}`, status: 200, body: disable },
      { method: 'PATCH', url: `/Groups/${targetGroupId}`, status: 204, body: removeMember(targetIds.hank) },
    ]);
    expect((await loop.readTarget(`/Groups/${targetGroupId}`)).body.members.map((m: any) => m.value)).toEqual([targetIds.gina]);
  });

  it('a single-valued attribute the target does not have yet is added', async () => {
    expectOk(await loop.entra.graph('PATCH', `/users/${ids.gina}`, { body: { department: 'Ops' } }), 204);
    await loop.advance(40 * MINUTE);
    expect((await loop.takeRequests()).filter((r) => r.method === 'PATCH')).toEqual([
      { method: 'PATCH', url: `/Users/${targetIds.gina}`, status: 200, body: addDepartment },
    ]);
    expect(
      (await loop.readTarget(`/Users/${targetIds.gina}`)).body['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
    ).toMatchObject({ department: 'Ops' });
  });

  it('a group rename is one replace of displayName', async () => {
    expectOk(await loop.entra.graph('PATCH', `/groups/${groupId}`, { body: { displayName: 'Sales EMEA' } }), 204);
    await loop.advance(40 * MINUTE);
    expect((await loop.takeRequests()).filter((r) => r.method === 'PATCH')).toEqual([
      { method: 'PATCH', url: `/Groups/${targetGroupId}`, status: 204, body: rename },
    ]);
  });
});
