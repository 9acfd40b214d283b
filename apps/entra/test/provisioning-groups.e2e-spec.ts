import { expectOk, startTestLoop, TestLoop } from './loop-harness';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const MANAGER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager';
const MINUTE = 60_000;
const patch = (...Operations: object[]) => ({ schemas: [PATCH_OP], Operations });
const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });

/** Group provisioning, memberships and manager references on the generic SCIM profile. */
describe('provisioning cycles (generic SCIM app: groups, members, manager)', () => {
  let loop: TestLoop;
  const ids: Record<string, string> = {};
  let salesId: string;

  beforeAll(async () => {
    loop = await startTestLoop({ profile: 'generic' });
    for (const name of ['gina', 'hank', 'ivan', 'boss', 'newboss'])
      ids[name] = await loop.createUser(`${name}@contoso.com`, { mail: `${name}@contoso.com` });
    const group = await loop.entra.graph('POST', '/groups', {
      body: { displayName: 'Sales', mailNickname: 'sales', securityEnabled: true, mailEnabled: false },
    });
    expectOk(group, 201);
    salesId = group.body.id;
    for (const m of ['gina', 'hank'])
      expectOk(await loop.entra.graph('POST', `/groups/${salesId}/members/$ref`, { body: ref(ids[m]) }), 204);
    for (const m of ['boss', 'newboss']) await loop.assign(ids[m]);
    expectOk(await loop.entra.graph('PUT', `/users/${ids.gina}/manager/$ref`, { body: ref(ids.boss) }), 204);
  }, 60_000);
  afterAll(() => loop.stop());

  async function targetIdOf(userName: string): Promise<string> {
    const res = await loop.readTarget(`/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
    return res.body.Resources[0].id;
  }

  async function targetGroup(): Promise<any> {
    const res = await loop.readTarget(`/Groups?filter=${encodeURIComponent('displayName eq "Sales"')}`);
    return res.body.Resources[0];
  }

  it('group assignment: members are provisioned first, then the group (created empty), then its members and the manager reference', async () => {
    await loop.assign(salesId);
    await loop.cycle();
    const requests = await loop.takeRequests();
    const posts = requests.filter((r) => r.method === 'POST');
    expect(posts.map((p) => p.url)).toEqual(['/Users', '/Users', '/Users', '/Users', '/Groups']);
    const groupPost = posts[4];
    expect(groupPost.body).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group', 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
      displayName: 'Sales',
      externalId: salesId,
      meta: { resourceType: 'Group' },
    });
    expect(requests).toContainEqual(
      expect.objectContaining({ method: 'GET', url: '/Groups?excludedAttributes=members&filter=displayName eq "Sales"' }),
    );
    const group = await targetGroup();
    const gina = await targetIdOf('gina@contoso.com');
    const hank = await targetIdOf('hank@contoso.com');
    const boss = await targetIdOf('boss@contoso.com');
    const memberPatch = requests.find((r) => r.method === 'PATCH' && r.url === `/Groups/${group.id}`);
    expect(memberPatch!.body.Operations).toHaveLength(1);
    expect(memberPatch!.body.Operations[0]).toMatchObject({ op: 'Add', path: 'members' });
    expect(memberPatch!.body.Operations[0].value.map((v: any) => v.value).sort()).toEqual([gina, hank].sort());
    const members = (await loop.readTarget(`/Groups/${group.id}`)).body.members.map((m: any) => m.value).sort();
    expect(members).toEqual([gina, hank].sort());
    // gina's manager (boss) is assigned directly and provisioned in the same cycle: the reference resolves.
    const ginaTarget = (await loop.readTarget(`/Users/${gina}`)).body;
    expect(
      ginaTarget['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']?.manager?.value ??
        ginaTarget['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']?.manager,
    ).toBe(boss);
    const groupLogs = await loop.logs(`sourceIdentity/id eq '${salesId}'`);
    expect(groupLogs).toEqual([
      expect.objectContaining({ provisioningAction: 'create', provisioningStatusInfo: expect.objectContaining({ status: 'success' }) }),
    ]);
  });

  it('membership add: the new member is created (in scope through the group) and added to the group', async () => {
    expectOk(await loop.entra.graph('POST', `/groups/${salesId}/members/$ref`, { body: ref(ids.ivan) }), 204);
    await loop.advance(40 * MINUTE);
    const requests = await loop.takeRequests();
    const ivanPost = requests.find((r) => r.method === 'POST' && r.url === '/Users');
    expect(ivanPost!.body.userName).toBe('ivan@contoso.com');
    const group = await targetGroup();
    const ivan = await targetIdOf('ivan@contoso.com');
    expect(requests.filter((r) => r.method === 'PATCH' && r.url === `/Groups/${group.id}`).map((r) => r.body)).toEqual([
      patch({ op: 'Add', path: 'members', value: [{ $ref: null, value: ivan }] }),
    ]);
  });

  it('membership remove: the member leaves scope (disabled) and is removed from the group', async () => {
    expectOk(await loop.entra.graph('DELETE', `/groups/${salesId}/members/${ids.hank}/$ref`), 204);
    await loop.advance(40 * MINUTE);
    const requests = await loop.takeRequests();
    const group = await targetGroup();
    const hank = await targetIdOf('hank@contoso.com');
    expect(requests).toContainEqual({
      method: 'PATCH',
      url: `/Users/${hank}`,
      status: 200,
      body: patch({ op: 'Replace', path: 'active', value: 'False' }),
    });
    expect(requests.filter((r) => r.method === 'PATCH' && r.url === `/Groups/${group.id}`).map((r) => r.body)).toEqual([
      patch({ op: 'Remove', path: 'members', value: [{ value: hank }] }),
    ]);
    const members = (await loop.readTarget(`/Groups/${group.id}`)).body.members.map((m: any) => m.value);
    expect(members).not.toContain(hank);
  });

  it("manager change: one PATCH of the enterprise manager with the new manager's target id", async () => {
    expectOk(await loop.entra.graph('PUT', `/users/${ids.gina}/manager/$ref`, { body: ref(ids.newboss) }), 204);
    await loop.advance(40 * MINUTE);
    const requests = await loop.takeRequests();
    const gina = await targetIdOf('gina@contoso.com');
    const newboss = await targetIdOf('newboss@contoso.com');
    expect(requests.filter((r) => r.method === 'PATCH')).toEqual([
      { method: 'PATCH', url: `/Users/${gina}`, status: 200, body: patch({ op: 'Replace', path: MANAGER, value: newboss }) },
    ]);
  });

  it('group rename, then unassigning the group deletes it in the target and disables members left without assignment', async () => {
    expectOk(await loop.entra.graph('PATCH', `/groups/${salesId}`, { body: { displayName: 'Sales EMEA' } }), 204);
    await loop.advance(40 * MINUTE);
    let requests = await loop.takeRequests();
    const groupId = (await loop.readTarget(`/Groups?filter=${encodeURIComponent('displayName eq "Sales EMEA"')}`)).body.Resources[0].id;
    expect(requests.filter((r) => r.method === 'PATCH')).toEqual([
      {
        method: 'PATCH',
        url: `/Groups/${groupId}`,
        status: expect.any(Number),
        body: patch({ op: 'Replace', path: 'displayName', value: 'Sales EMEA' }),
      },
    ]);

    const assignments = await loop.entra.graph('GET', `/servicePrincipals/${loop.spId}/appRoleAssignedTo`);
    const groupAssignment = assignments.body.value.find((a: any) => a.principalId === salesId);
    expectOk(await loop.entra.graph('DELETE', `/servicePrincipals/${loop.spId}/appRoleAssignedTo/${groupAssignment.id}`), 204);
    await loop.advance(40 * MINUTE);
    requests = await loop.takeRequests();
    expect(requests).toContainEqual({ method: 'DELETE', url: `/Groups/${groupId}`, status: 204 });
    const gina = await targetIdOf('gina@contoso.com');
    const ivan = await targetIdOf('ivan@contoso.com');
    const disabled = requests
      .filter((r) => r.method === 'PATCH' && r.body?.Operations?.[0]?.path === 'active')
      .map((r) => r.url)
      .sort();
    expect(disabled).toEqual([`/Users/${gina}`, `/Users/${ivan}`].sort());
  });
});

/**
 * Entra's reference pass runs once the referenced objects exist in the target (reference §1.2 step 6): a manager
 * created on a later page of the same cycle still reaches the report's manager attribute in that cycle.
 */
describe('manager references across pages (SYNC_PAGE_SIZE=1)', () => {
  let loop: TestLoop;
  beforeAll(async () => {
    loop = await startTestLoop({ profile: 'generic', entraEnv: { SYNC_PAGE_SIZE: '1' } });
  }, 60_000);
  afterAll(() => loop.stop());

  /**
   * Two assigned users, the report read (and created) on a page before its manager's: a full cycle reads users in
   * id order, an incremental one in change order (the report's first change row comes first).
   */
  async function reportAndManager(
    prefix: string,
    order: 'id' | 'changes',
  ): Promise<{ report: string; manager: string; reportUpn: string; managerUpn: string }> {
    const a = await loop.createUser(`${prefix}-a@contoso.com`);
    const b = await loop.createUser(`${prefix}-b@contoso.com`);
    const [report, manager] = order === 'changes' || a < b ? [a, b] : [b, a];
    const upn = (id: string) => (id === a ? `${prefix}-a@contoso.com` : `${prefix}-b@contoso.com`);
    expectOk(await loop.entra.graph('PUT', `/users/${report}/manager/$ref`, { body: ref(manager) }), 204);
    await loop.assign(report);
    await loop.assign(manager);
    return { report, manager, reportUpn: upn(report), managerUpn: upn(manager) };
  }

  async function targetIdOf(userName: string): Promise<string> {
    return (await loop.readTarget(`/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`)).body.Resources[0].id;
  }

  it('initial cycle: the report is created first, then its manager, then one PATCH sets the manager', async () => {
    const { report, reportUpn, managerUpn } = await reportAndManager('initial', 'id');
    await loop.cycle();
    const requests = (await loop.takeRequests()).filter((r) => r.method !== 'GET');
    const reportTarget = await targetIdOf(reportUpn);
    const managerTarget = await targetIdOf(managerUpn);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /Users', 'POST /Users', `PATCH /Users/${reportTarget}`]);
    expect(requests[0].body.userName).toBe(reportUpn);
    expect(requests[0].body[`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`]).toBeUndefined();
    expect(requests[2].body).toEqual(patch({ op: 'Add', path: MANAGER, value: managerTarget }));
    const stored = (await loop.readTarget(`/Users/${reportTarget}`)).body['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'];
    expect(stored.manager.value ?? stored.manager).toBe(managerTarget);
    const logs = await loop.logs(`sourceIdentity/id eq '${report}'`);
    expect(logs.map((l: any) => l.provisioningAction).sort()).toEqual(['create', 'update']);
    const update = logs.find((l: any) => l.provisioningAction === 'update');
    expect(update.provisioningStatusInfo.status).toBe('success');
    expect(update.modifiedProperties).toEqual([{ displayName: MANAGER, oldValue: null, newValue: managerTarget }]);
  });

  it('incremental cycle: two new users on separate change pages are linked the same way', async () => {
    const { reportUpn, managerUpn } = await reportAndManager('delta', 'changes');
    await loop.advance(40 * MINUTE);
    const requests = (await loop.takeRequests()).filter((r) => r.method === 'PATCH');
    const reportTarget = await targetIdOf(reportUpn);
    const managerTarget = await targetIdOf(managerUpn);
    expect(requests).toEqual([
      { method: 'PATCH', url: `/Users/${reportTarget}`, status: 200, body: patch({ op: 'Add', path: MANAGER, value: managerTarget }) },
    ]);
  });

  it('a manager out of scope is not exported, and not later when it enters scope (Entra known issue)', async () => {
    const a = await loop.createUser('scope-a@contoso.com');
    const b = await loop.createUser('scope-b@contoso.com');
    expectOk(await loop.entra.graph('PUT', `/users/${a}/manager/$ref`, { body: ref(b) }), 204);
    await loop.assign(a);
    await loop.advance(40 * MINUTE);
    expect((await loop.takeRequests()).filter((r) => r.method === 'PATCH')).toEqual([]);
    await loop.assign(b);
    await loop.advance(40 * MINUTE);
    const requests = await loop.takeRequests();
    expect(requests.filter((r) => r.method === 'POST').map((r) => r.body.userName)).toEqual(['scope-b@contoso.com']);
    expect(requests.filter((r) => r.method === 'PATCH')).toEqual([]);
  });
});
