import { newUser, startTestEntra, TestEntra } from './harness';

const KINTONE = '1d7b1ec7-5c7d-4b8e-9a3f-4b5e0c6a7f11';
const DEFAULT_ACCESS = '00000000-0000-0000-0000-000000000000';

describe('Graph application templates, service principals and app role assignments', () => {
  let entra: TestEntra;
  beforeAll(async () => {
    entra = await startTestEntra();
  });
  afterAll(() => entra.stop());

  it('lists the Kintone gallery template and the non-gallery template', async () => {
    const res = await entra.graph('GET', '/applicationTemplates');
    expect(res.status).toBe(200);
    expect(res.body.value.map((t: { displayName: string }) => t.displayName)).toEqual(['Kintone', 'Custom']);
    expect(res.body.value[0]).toMatchObject({ id: KINTONE, supportedProvisioningTypes: ['sync'], publisher: 'Cybozu, Inc.' });
    expect((await entra.graph('GET', '/applicationTemplates/8adf8e6e-67b2-4cf2-a259-e3dc5476c621')).body.displayName).toBe('Custom');
    expect((await entra.graph('GET', '/applicationTemplates/nope')).status).toBe(404);
  });

  it('instantiates Kintone, assigns a user and a security group, unassigns', async () => {
    const inst = await entra.graph('POST', `/applicationTemplates/${KINTONE}/instantiate`, { body: { displayName: 'Kintone (Contoso)' } });
    expect(inst.status).toBe(201);
    const sp = inst.body.servicePrincipal;
    expect(inst.body.application).toMatchObject({ displayName: 'Kintone (Contoso)', applicationTemplateId: KINTONE, appId: sp.appId });
    expect(sp).toMatchObject({ displayName: 'Kintone (Contoso)', appRoleAssignmentRequired: true, servicePrincipalType: 'Application' });
    expect(sp.appRoles).toHaveLength(1);

    expect((await entra.graph('GET', `/servicePrincipals/${sp.id}`)).body.appId).toBe(sp.appId);
    const byAppId = await entra.graph('GET', `/servicePrincipals(appId='${sp.appId}')`);
    expect(byAppId.status).toBe(200);
    expect(byAppId.body.id).toBe(sp.id);
    const filtered = await entra.graph('GET', `/servicePrincipals?$filter=${encodeURIComponent("startswith(displayName,'kintone')")}`);
    expect(filtered.body.value.map((s: { id: string }) => s.id)).toEqual([sp.id]);

    const { body: user } = await entra.graph('POST', '/users', { body: newUser('assigned@contoso.com') });
    const { body: group } = await entra.graph('POST', '/groups', { body: { displayName: 'Kintone users', mailNickname: 'kusers', mailEnabled: false, securityEnabled: true } });
    const { body: m365 } = await entra.graph('POST', '/groups', { body: { displayName: 'Team', mailNickname: 'team', mailEnabled: true, securityEnabled: false } });

    const a1 = await entra.graph('POST', `/servicePrincipals/${sp.id}/appRoleAssignedTo`, {
      body: { principalId: user.id, resourceId: sp.id, appRoleId: DEFAULT_ACCESS },
    });
    expect(a1.status).toBe(201);
    expect(a1.body).toMatchObject({ principalId: user.id, principalType: 'User', principalDisplayName: 'assigned', resourceId: sp.id, resourceDisplayName: 'Kintone (Contoso)' });
    const a2 = await entra.graph('POST', `/servicePrincipals/${sp.id}/appRoleAssignedTo`, {
      body: { principalId: group.id, resourceId: sp.id, appRoleId: sp.appRoles[0].id },
    });
    expect(a2.body.principalType).toBe('Group');

    const dup = await entra.graph('POST', `/servicePrincipals/${sp.id}/appRoleAssignedTo`, { body: { principalId: user.id, resourceId: sp.id, appRoleId: DEFAULT_ACCESS } });
    expect(dup.status).toBe(400);
    const badRole = await entra.graph('POST', `/servicePrincipals/${sp.id}/appRoleAssignedTo`, { body: { principalId: user.id, resourceId: sp.id, appRoleId: '11111111-1111-1111-1111-111111111111' } });
    expect(badRole.status).toBe(400);
    const notSecurity = await entra.graph('POST', `/servicePrincipals/${sp.id}/appRoleAssignedTo`, { body: { principalId: m365.id, resourceId: sp.id, appRoleId: DEFAULT_ACCESS } });
    expect(notSecurity.status).toBe(400);
    const wrongResource = await entra.graph('POST', `/servicePrincipals/${sp.id}/appRoleAssignedTo`, { body: { principalId: user.id, resourceId: user.id, appRoleId: DEFAULT_ACCESS } });
    expect(wrongResource.status).toBe(400);

    const listed = await entra.graph('GET', `/servicePrincipals/${sp.id}/appRoleAssignedTo`);
    expect(listed.body.value.map((a: { id: string }) => a.id)).toEqual([a1.body.id, a2.body.id]);
    const ofUser = await entra.graph('GET', `/users/${user.id}/appRoleAssignments`);
    expect(ofUser.body.value).toEqual([expect.objectContaining({ id: a1.body.id, resourceId: sp.id })]);

    expect((await entra.graph('DELETE', `/servicePrincipals/${sp.id}/appRoleAssignedTo/${a1.body.id}`)).status).toBe(204);
    expect((await entra.graph('DELETE', `/servicePrincipals/${sp.id}/appRoleAssignedTo/${a1.body.id}`)).status).toBe(404);
    expect((await entra.graph('GET', `/users/${user.id}/appRoleAssignments`)).body.value).toEqual([]);
  });
});
