import { httpRequest, type TestResponse } from '@app/testing';
import { expectOk, startTestLoop, TestLoop } from './loop-harness';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/**
 * provsim extension: GET /sim/servicePrincipals/{id}/synchronization/jobs/{jobId}/drift, the target set against what
 * the job's mappings expect, read-only (docs/preview-and-drift.md).
 */
describe('drift between the target and the mappings (provsim)', () => {
  jest.setTimeout(120_000);
  let loop: TestLoop;
  afterEach(() => loop?.stop());

  const drift = (query = ''): Promise<TestResponse> =>
    httpRequest('GET', `${loop.entra.url}/sim${loop.jobPath}/drift${query}`, { token: loop.entra.identity.adminToken });

  const setDepartment = async (targetId: string, value: string) =>
    expectOk(
      await loop.target.scim('PATCH', `/Users/${targetId}`, {
        body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: `${ENTERPRISE}:department`, value }] },
      }),
      200,
    );

  it('reads zero differences once the loop converged, and exactly what was changed in the target', async () => {
    loop = await startTestLoop({ profile: 'generic' });
    for (const [name, department] of [
      ['dr-1', 'Sales'],
      ['dr-2', 'Sales'],
      ['dr-3', 'Engineering'],
    ])
      await loop.assign(await loop.createUser(`${name}@contoso.com`, { department }));
    // Before the first cycle every user is missing.
    let res = await drift();
    expectOk(res, 200);
    expect(res.body.summary).toEqual({ inScope: 3, inTarget: 0, missing: 3, extra: 0, differs: 0 });

    await loop.cycle();
    res = await drift();
    expectOk(res, 200);
    expect(res.body.summary).toEqual({ inScope: 3, inTarget: 3, missing: 0, extra: 0, differs: 0 });
    expect(res.body.value).toEqual([]);

    // Changed directly in the target: exactly that attribute differs.
    const dr1 = (await loop.targetUsers()).find((u) => u.userName === 'dr-1@contoso.com');
    await setDepartment(dr1.id, 'Finance');
    // And an object nobody provisioned.
    const stray = await loop.target.scim('POST', '/Users', {
      body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'stray@contoso.com', active: true },
    });
    expectOk(stray, 201);
    await loop.takeRequests();
    res = await drift();
    expectOk(res, 200);
    expect(res.body.summary).toEqual({ inScope: 3, inTarget: 4, missing: 0, extra: 1, differs: 1 });
    expect(res.body.value).toEqual([
      expect.objectContaining({
        kind: 'differs',
        targetId: dr1.id,
        displayName: 'dr-1@contoso.com',
        attributes: [{ name: `${ENTERPRISE}:department`, expected: 'Sales', actual: 'Finance' }],
      }),
      expect.objectContaining({ kind: 'extra', sourceId: null, targetId: stray.body.id, displayName: 'stray@contoso.com' }),
    ]);
    // Paged: one entry a page.
    const first = await drift('?$top=1');
    expect(first.body.value).toHaveLength(1);
    const second = await httpRequest('GET', first.body['@odata.nextLink'], { token: loop.entra.identity.adminToken });
    expectOk(second, 200);
    expect(second.body.summary).toBeUndefined();
    expect(second.body.value.map((e: any) => e.kind)).toEqual(['extra']);
    // Drift only reads.
    expect((await loop.takeRequests()).filter((r) => r.method !== 'GET')).toEqual([]);

    // Restored in the target: zero again.
    await setDepartment(dr1.id, 'Sales');
    expectOk(await loop.target.scim('DELETE', `/Users/${stray.body.id}`), 204);
    res = await drift();
    expect(res.body.summary).toMatchObject({ missing: 0, extra: 0, differs: 0 });
    expect(res.body.value).toEqual([]);
  });
});
