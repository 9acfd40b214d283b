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
    const { body: group } = await entra.graph('POST', '/groups', {
      body: { displayName: 'Kintone users', mailNickname: 'kusers', mailEnabled: false, securityEnabled: true },
    });
    const { body: m365 } = await entra.graph('POST', '/groups', {
      body: { displayName: 'Team', mailNickname: 'team', mailEnabled: true, securityEnabled: false },
    });

    const a1 = await entra.graph('POST', `/servicePrincipals/${sp.id}/appRoleAssignedTo`, {
      body: { principalId: user.id, resourceId: sp.id, appRoleId: DEFAULT_ACCESS },
    });
    expect(a1.status).toBe(201);
    expect(a1.body).toMatchObject({
      principalId: user.id,
      principalType: 'User',
      principalDisplayName: 'assigned',
      resourceId: sp.id,
      resourceDisplayName: 'Kintone (Contoso)',
    });
    const a2 = await entra.graph('POST', `/servicePrincipals/${sp.id}/appRoleAssignedTo`, {
      body: { principalId: group.id, resourceId: sp.id, appRoleId: sp.appRoles[0].id },
    });
    expect(a2.body.principalType).toBe('Group');

    const dup = await entra.graph('POST', `/servicePrincipals/${sp.id}/appRoleAssignedTo`, {
      body: { principalId: user.id, resourceId: sp.id, appRoleId: DEFAULT_ACCESS },
    });
    expect(dup.status).toBe(400);
    const badRole = await entra.graph('POST', `/servicePrincipals/${sp.id}/appRoleAssignedTo`, {
      body: { principalId: user.id, resourceId: sp.id, appRoleId: '11111111-1111-1111-1111-111111111111' },
    });
    expect(badRole.status).toBe(400);
    const notSecurity = await entra.graph('POST', `/servicePrincipals/${sp.id}/appRoleAssignedTo`, {
      body: { principalId: m365.id, resourceId: sp.id, appRoleId: DEFAULT_ACCESS },
    });
    expect(notSecurity.status).toBe(400);
    const wrongResource = await entra.graph('POST', `/servicePrincipals/${sp.id}/appRoleAssignedTo`, {
      body: { principalId: user.id, resourceId: user.id, appRoleId: DEFAULT_ACCESS },
    });
    expect(wrongResource.status).toBe(400);

    const listed = await entra.graph('GET', `/servicePrincipals/${sp.id}/appRoleAssignedTo`);
    expect(listed.body.value.map((a: { id: string }) => a.id)).toEqual([a1.body.id, a2.body.id]);
    const ofUser = await entra.graph('GET', `/users/${user.id}/appRoleAssignments`);
    expect(ofUser.body.value).toEqual([expect.objectContaining({ id: a1.body.id, resourceId: sp.id })]);

    expect((await entra.graph('DELETE', `/servicePrincipals/${sp.id}/appRoleAssignedTo/${a1.body.id}`)).status).toBe(204);
    expect((await entra.graph('DELETE', `/servicePrincipals/${sp.id}/appRoleAssignedTo/${a1.body.id}`)).status).toBe(404);
    expect((await entra.graph('GET', `/users/${user.id}/appRoleAssignments`)).body.value).toEqual([]);
  });

  describe('app roles', () => {
    const role = (id: string, value: string | null, extra: Record<string, unknown> = {}) => ({
      allowedMemberTypes: ['User'],
      description: `${value} role`,
      displayName: value ?? 'No value',
      id,
      isEnabled: true,
      origin: 'Application',
      value,
      ...extra,
    });
    const ADMIN = 'a1a1a1a1-0000-4000-8000-000000000001';
    const READER = 'a1a1a1a1-0000-4000-8000-000000000002';
    const DAEMON = 'a1a1a1a1-0000-4000-8000-000000000003';
    let sp: any;
    let app: any;

    beforeAll(async () => {
      const inst = await entra.graph('POST', '/applicationTemplates/8adf8e6e-67b2-4cf2-a259-e3dc5476c621/instantiate', {
        body: { displayName: 'Roles app' },
      });
      sp = inst.body.servicePrincipal;
      app = inst.body.application;
    });

    it('PATCH /applications/{id} replaces the app roles; the service principal exposes them; assignments can name them', async () => {
      const userRole = app.appRoles[0];
      expect(userRole).toMatchObject({ displayName: 'User', isEnabled: true, origin: 'Application' });
      const roles = [
        userRole,
        role(ADMIN, 'Admin'),
        role(READER, 'Reader'),
        role(DAEMON, 'Daemon', { allowedMemberTypes: ['Application'] }),
      ];
      expect((await entra.graph('PATCH', `/applications/${app.id}`, { body: { appRoles: roles } })).status).toBe(204);
      expect((await entra.graph('GET', `/applications/${app.id}`)).body.appRoles).toEqual(roles);
      expect((await entra.graph('GET', `/servicePrincipals/${sp.id}`)).body.appRoles).toEqual(roles);

      const { body: user } = await entra.graph('POST', '/users', { body: newUser('role.holder@contoso.com') });
      const assign = (appRoleId: string) =>
        entra.graph('POST', `/servicePrincipals/${sp.id}/appRoleAssignedTo`, {
          body: { principalId: user.id, resourceId: sp.id, appRoleId },
        });
      const admin = await assign(ADMIN.toUpperCase());
      expect(admin.status).toBe(201);
      expect(admin.body.appRoleId).toBe(ADMIN);
      expect((await assign(READER)).status).toBe(201);
      expect((await assign(DEFAULT_ACCESS)).status).toBe(201);
      // An app-only role, and a role the app does not declare, cannot be given to a user.
      for (const id of [DAEMON, '11111111-1111-4111-8111-111111111111']) {
        const res = await assign(id);
        expect(res.status).toBe(400);
        expect(res.body.error).toMatchObject({
          code: 'Request_BadRequest',
          message: 'Permission being assigned was not found on application',
        });
      }
      expect((await entra.graph('GET', `/users/${user.id}/appRoleAssignments`)).body.value.map((a: any) => a.appRoleId).sort()).toEqual(
        [DEFAULT_ACCESS, ADMIN, READER].sort(),
      );
    });

    it.each([
      [
        'a duplicate id',
        () => [role(ADMIN, 'Admin'), role(ADMIN, 'Other')],
        'DuplicateValue',
        'Request contains a property with duplicate values.',
      ],
      [
        'a duplicate value (any case)',
        () => [...currentRoles(), role('b2b2b2b2-0000-4000-8000-000000000009', 'ADMIN')],
        'DuplicateValue',
        'Request contains a property with duplicate values.',
      ],
      [
        'an enabled role left out',
        () => currentRoles().filter((r: any) => r.id !== READER),
        'CannotDeleteOrUpdateEnabledEntitlement',
        'Permission (scope or role) cannot be deleted or updated unless disabled first.',
      ],
      [
        'an enabled role given another value',
        () => currentRoles().map((r: any) => (r.id === READER ? { ...r, value: 'Viewer' } : r)),
        'CannotDeleteOrUpdateEnabledEntitlement',
        'Permission (scope or role) cannot be deleted or updated unless disabled first.',
      ],
      [
        'the default access id',
        () => [...currentRoles(), role(DEFAULT_ACCESS, 'Default')],
        'Request_BadRequest',
        "Invalid value specified for property 'id' of resource 'AppRole'.",
      ],
      [
        'a value with a space',
        () => [...currentRoles(), role('b2b2b2b2-0000-4000-8000-000000000010', 'Two words')],
        'Request_BadRequest',
        "Invalid value specified for property 'value' of resource 'AppRole'.",
      ],
      [
        'a value starting with a dot',
        () => [...currentRoles(), role('b2b2b2b2-0000-4000-8000-000000000011', '.hidden')],
        'Request_BadRequest',
        "Invalid value specified for property 'value' of resource 'AppRole'.",
      ],
      [
        'an unknown member type',
        () => [...currentRoles(), role('b2b2b2b2-0000-4000-8000-000000000012', 'Odd', { allowedMemberTypes: ['Group'] })],
        'Request_BadRequest',
        "Invalid value specified for property 'allowedMemberTypes' of resource 'AppRole'.",
      ],
      [
        'no member type',
        () => [...currentRoles(), role('b2b2b2b2-0000-4000-8000-000000000013', 'None', { allowedMemberTypes: [] })],
        'Request_BadRequest',
        "Invalid value specified for property 'allowedMemberTypes' of resource 'AppRole'.",
      ],
      [
        'a role id that is not a GUID',
        () => [...currentRoles(), role('admin', 'Bad')],
        'Request_BadRequest',
        "Invalid value specified for property 'id' of resource 'AppRole'.",
      ],
      [
        'an unknown role property',
        () => [...currentRoles(), { ...role('b2b2b2b2-0000-4000-8000-000000000014', 'Extra'), colour: 'red' }],
        'Request_BadRequest',
        'colour',
      ],
      ['appRoles that is not an array', () => 'Admin', 'Request_BadRequest', 'appRoles'],
    ])('PATCH /applications with %s is a 400 and changes nothing', async (_name, roles, code, message) => {
      const before = (await entra.graph('GET', `/applications/${app.id}`)).body.appRoles;
      const res = await entra.graph('PATCH', `/applications/${app.id}`, { body: { appRoles: (roles as () => unknown)() } });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code, message: expect.stringContaining(message as string) });
      expect((await entra.graph('GET', `/applications/${app.id}`)).body.appRoles).toEqual(before);
    });

    let snapshot: any[] = [];
    const currentRoles = () => snapshot.map((r) => ({ ...r }));
    beforeEach(async () => {
      if (app) snapshot = (await entra.graph('GET', `/applications/${app.id}`)).body.appRoles ?? [];
    });

    it('a role is removed in two steps: disabled first, then left out', async () => {
      const disabled = currentRoles().map((r: any) => (r.id === READER ? { ...r, isEnabled: false } : r));
      expect((await entra.graph('PATCH', `/applications/${app.id}`, { body: { appRoles: disabled } })).status).toBe(204);
      const { body: user } = await entra.graph('POST', '/users', { body: newUser('late.reader@contoso.com') });
      const res = await entra.graph('POST', `/servicePrincipals/${sp.id}/appRoleAssignedTo`, {
        body: { principalId: user.id, resourceId: sp.id, appRoleId: READER },
      });
      expect(res.status).toBe(400); // a disabled role cannot be assigned
      expect(
        (await entra.graph('PATCH', `/applications/${app.id}`, { body: { appRoles: disabled.filter((r: any) => r.id !== READER) } }))
          .status,
      ).toBe(204);
      expect((await entra.graph('GET', `/servicePrincipals/${sp.id}`)).body.appRoles.map((r: any) => r.id)).not.toContain(READER);
    });

    it('PATCH /servicePrincipals/{id} adds roles of its own; a later application PATCH keeps them', async () => {
      const spRoles = (await entra.graph('GET', `/servicePrincipals/${sp.id}`)).body.appRoles;
      const own = role('c3c3c3c3-0000-4000-8000-000000000001', 'Auditor', { origin: undefined });
      expect((await entra.graph('PATCH', `/servicePrincipals/${sp.id}`, { body: { appRoles: [...spRoles, own] } })).status).toBe(204);
      const after = (await entra.graph('GET', `/servicePrincipals/${sp.id}`)).body.appRoles;
      expect(after.find((r: any) => r.id === own.id)).toMatchObject({ value: 'Auditor', origin: 'ServicePrincipal' });
      expect((await entra.graph('PATCH', `/applications/${app.id}`, { body: { appRoles: currentRoles() } })).status).toBe(204);
      expect((await entra.graph('GET', `/servicePrincipals/${sp.id}`)).body.appRoles.map((r: any) => r.value)).toContain('Auditor');
      const dup = await entra.graph('PATCH', `/servicePrincipals/${sp.id}`, {
        body: { appRoles: [...after, { ...own, id: 'c3c3c3c3-0000-4000-8000-000000000002' }] },
      });
      expect(dup.status).toBe(400);
      expect(dup.body.error.code).toBe('DuplicateValue');
      expect((await entra.graph('PATCH', `/servicePrincipals/${sp.id}`, { body: {} })).status).toBe(204);
      expect(
        (await entra.graph('PATCH', `/servicePrincipals/00000000-0000-4000-8000-000000000000`, { body: { appRoles: [] } })).status,
      ).toBe(404);
      expect((await entra.graph('PATCH', `/applications/not-a-guid`, { body: { appRoles: [] } })).status).toBe(404);
    });
  });
});
