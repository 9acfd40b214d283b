import { expectOk, startTestLoop, TestLoop } from './loop-harness';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const MINUTE = 60_000;

/**
 * Source attributes real mappings read (employeeId, extensionAttribute1, employeeOrgData.division, companyName,
 * originalUserPrincipalName) going through a cycle to the generic SCIM profile, and a scoping filter on companyName.
 */
describe('provisioning organisation attributes (generic profile)', () => {
  let loop: TestLoop;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    loop = await startTestLoop({ profile: 'generic', start: false });
    const schema = (await loop.entra.graph('GET', `${loop.jobPath}/schema`)).body;
    const users = schema.synchronizationRules[0].objectMappings.find((m: any) => m.sourceObjectName === 'User');
    const direct = (source: string, target: string) => ({
      targetAttributeName: target,
      source: { type: 'Attribute', name: source, expression: `[${source}]`, parameters: [] },
      defaultValue: null,
      exportMissingReferences: false,
      flowBehavior: 'FlowWhenChanged',
      flowType: 'Always',
      matchingPriority: 0,
    });
    users.attributeMappings.push(
      direct('extensionAttribute1', `${ENT}:costCenter`),
      direct('employeeOrgData.division', `${ENT}:division`),
      direct('originalUserPrincipalName', 'nickName'),
    );
    expect(users.attributeMappings.find((m: any) => m.targetAttributeName === `${ENT}:employeeNumber`).source.name).toBe('employeeId');
    users.scope = {
      groups: [
        {
          name: 'Northwind only',
          clauses: [{ operatorName: 'EQUALS', sourceOperandName: 'companyName', targetOperand: { values: ['Northwind'] } }],
        },
      ],
    };
    expectOk(await loop.entra.graph('PUT', `${loop.jobPath}/schema`, { body: schema }), 204);
    expectOk(await loop.entra.graph('POST', `${loop.jobPath}/start`), 204);

    const org = (companyName: string, employeeId: string, badge: string) => ({
      companyName,
      employeeId,
      employeeOrgData: { division: 'Retail', costCenter: 'ignored' },
      onPremisesExtensionAttributes: { extensionAttribute1: badge },
    });
    ids.ann = await loop.createUser('ann@northwind.com', org('Northwind', 'E-1', 'CC-1'));
    ids.ben = await loop.createUser('ben@northwind.com', org('Contoso', 'E-2', 'CC-2'));
    ids.guest = await loop.createUser('gus_fabrikam.com#EXT#@northwind.com', {
      ...org('Northwind', 'G-3', 'CC-3'),
      userType: 'Guest',
      mailNickname: 'gus_fabrikam.com#EXT#',
    });
    for (const id of Object.values(ids)) await loop.assign(id);
  }, 60_000);
  afterAll(() => loop.stop());

  it('the initial cycle creates the users the filter admits, with employeeId and extensionAttribute1 mapped', async () => {
    await loop.cycle();
    const posts = (await loop.takeRequests()).filter((r) => r.method === 'POST');
    expect(posts.map((p) => p.body.userName).sort()).toEqual(['ann@northwind.com', 'gus@fabrikam.com']);
    const ann = posts.find((p) => p.body.userName === 'ann@northwind.com')!.body;
    expect(ann[ENT]).toEqual({ employeeNumber: 'E-1', costCenter: 'CC-1', division: 'Retail' });
    expect(ann.nickName).toBe('ann@northwind.com');
    // A B2B guest: userPrincipalName is read as alias@theirdomain, originalUserPrincipalName keeps the #EXT# form.
    const guest = posts.find((p) => p.body.userName === 'gus@fabrikam.com')!.body;
    expect(guest).toMatchObject({ nickName: 'gus_fabrikam.com#EXT#@northwind.com', [ENT]: { employeeNumber: 'G-3', costCenter: 'CC-3' } });
    const skipped = await loop.logs(`sourceIdentity/id eq '${ids.ben}'`);
    expect(skipped).toEqual([
      expect.objectContaining({ provisioningAction: 'other', provisioningStatusInfo: expect.objectContaining({ status: 'skipped' }) }),
    ]);
  });

  it('a changed extensionAttribute1 is a Replace of the mapped target attribute', async () => {
    expectOk(
      await loop.entra.graph('PATCH', `/users/${ids.ann}`, { body: { onPremisesExtensionAttributes: { extensionAttribute1: 'CC-9' } } }),
      204,
    );
    await loop.advance(40 * MINUTE);
    const patches = (await loop.takeRequests()).filter((r) => r.method === 'PATCH');
    expect(patches.map((p) => p.body)).toEqual([
      { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: `${ENT}:costCenter`, value: 'CC-9' }] },
    ]);
  });

  it('changing companyName moves users across the scoping filter: one is created, the other disabled', async () => {
    expectOk(await loop.entra.graph('PATCH', `/users/${ids.ben}`, { body: { companyName: 'Northwind' } }), 204);
    expectOk(await loop.entra.graph('PATCH', `/users/${ids.ann}`, { body: { companyName: 'Contoso' } }), 204);
    await loop.advance(40 * MINUTE);
    const requests = (await loop.takeRequests()).filter((r) => r.method !== 'GET');
    expect(requests.filter((r) => r.method === 'POST').map((r) => r.body.userName)).toEqual(['ben@northwind.com']);
    expect(requests.filter((r) => r.method === 'PATCH').map((r) => r.body)).toEqual([
      { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] },
    ]);
    const users = await loop.targetUsers();
    expect(users.find((u: any) => u.userName === 'ann@northwind.com').active).toBe(false);
    expect(users.find((u: any) => u.userName === 'ben@northwind.com')[ENT]).toMatchObject({ employeeNumber: 'E-2', costCenter: 'CC-2' });
  });
});
