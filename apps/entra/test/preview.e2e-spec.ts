import { httpRequest, type TestResponse } from '@app/testing';
import { expectOk, startTestLoop, TestLoop } from './loop-harness';

/**
 * provsim extension: GET /sim/servicePrincipals/{id}/synchronization/jobs/{jobId}/preview, what the next cycle would
 * do, read with the engine's own planning and without a single write to the target (docs/preview-and-drift.md).
 */
describe('preview of the next cycle (provsim)', () => {
  jest.setTimeout(120_000);
  let loop: TestLoop;
  afterEach(() => loop?.stop());

  const preview = (query = '', token: string | null = loop.entra.identity.adminToken): Promise<TestResponse> =>
    httpRequest('GET', `${loop.entra.url}/sim${loop.jobPath}/preview${query}`, token === null ? {} : { token });

  async function setDepartmentFilter(value: string): Promise<void> {
    const schema = (await loop.entra.graph('GET', `${loop.jobPath}/schema`)).body;
    const users = schema.synchronizationRules[0].objectMappings.find((m: any) => m.sourceObjectName === 'User');
    users.scope = {
      groups: [
        {
          name: 'One department',
          clauses: [{ operatorName: 'EQUALS', sourceOperandName: 'department', targetOperand: { values: [value] } }],
        },
      ],
    };
    expectOk(await loop.entra.graph('PUT', `${loop.jobPath}/schema`, { body: schema }), 204);
  }

  it('lists exactly the out-of-scope users as Disable, sends no write, and the cycle then disables exactly those', async () => {
    loop = await startTestLoop({ profile: 'generic' });
    const ids: Record<string, string> = {};
    for (const [name, department] of [
      ['pv-sales-1', 'Sales'],
      ['pv-sales-2', 'Sales'],
      ['pv-eng-1', 'Engineering'],
      ['pv-eng-2', 'Engineering'],
    ]) {
      ids[name] = await loop.createUser(`${name}@contoso.com`, { department });
      await loop.assign(ids[name]);
    }
    await loop.cycle();
    expect(await loop.targetUsers()).toHaveLength(4);

    // Converged: the next (incremental) cycle has nothing to do.
    let res = await preview();
    expectOk(res, 200);
    expect(res.body.summary).toMatchObject({ cycle: 'incremental', counts: { Create: 0, Update: 0, Disable: 0 } });
    expect(res.body.value).toEqual([]);

    // A scoping filter, a restart (watermark only: links kept) and a changed user.
    await setDepartmentFilter('Sales');
    expectOk(await loop.entra.graph('POST', `${loop.jobPath}/restart`, { body: { criteria: { resetScope: 'Watermark' } } }), 204);
    expectOk(await loop.entra.graph('PATCH', `/users/${ids['pv-sales-1']}`, { body: { jobTitle: 'Manager' } }), 204);
    await loop.takeRequests();

    res = await preview();
    expectOk(res, 200);
    expect(res.body.summary).toMatchObject({
      cycle: 'initial',
      counts: { Disable: 2, Update: 1, None: 1, Create: 0, Delete: 0, Skip: 0 },
      deletionThreshold: { wouldDelete: 2, wouldTrip: false },
    });
    const byName = Object.fromEntries(res.body.value.map((e: any) => [e.displayName.split('@')[0], e]));
    expect(byName['pv-sales-1']).toMatchObject({
      action: 'Update',
      modifiedProperties: [{ displayName: 'title', oldValue: null, newValue: 'Manager' }],
    });
    expect(byName['pv-eng-1']).toMatchObject({
      action: 'Disable',
      objectType: 'User',
      sourceId: ids['pv-eng-1'],
      targetId: expect.any(String),
    });

    // Filtered and paged by keyset: exactly the two Engineering users.
    const disabled: any[] = [];
    let next: string | undefined = `?action=Disable&objectType=User&$top=1`;
    while (next) {
      res = await preview(next);
      expectOk(res, 200);
      expect(res.body.value.length).toBeLessThanOrEqual(1);
      disabled.push(...res.body.value);
      next = res.body['@odata.nextLink']?.replace(/^.*\/preview/, '');
    }
    expect(disabled.map((e) => e.sourceId).sort()).toEqual([ids['pv-eng-1'], ids['pv-eng-2']].sort());

    // readTarget=false reads nothing of the target: an update lists every value it would send.
    res = await preview('?readTarget=false&action=Update');
    expectOk(res, 200);
    expect(res.body.value.length).toBe(2);

    // The preview sent reads only.
    const requests = await loop.takeRequests();
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => r.method !== 'GET')).toEqual([]);

    // The cycle does what the preview said.
    await loop.cycle();
    const patches = (await loop.takeRequests()).filter((r) => r.method === 'PATCH');
    const targetIdsOff = patches.filter((r) => JSON.stringify(r.body).includes('"active"')).map((r) => r.url.split('/')[2]);
    expect(targetIdsOff.sort()).toEqual(disabled.map((e) => e.targetId).sort());
    const logged = (await loop.logs()).filter((l) => l.provisioningAction === 'disable').map((l) => l.sourceIdentity.id);
    expect(logged.sort()).toEqual([ids['pv-eng-1'], ids['pv-eng-2']].sort());
  });

  it('answers bad requests in Graph error JSON and requires a token', async () => {
    loop = await startTestLoop({ profile: 'generic', start: false });
    expect((await preview('', null)).status).toBe(401);
    for (const [query, status] of [
      ['?$top=0', 400],
      ['?$top=5000', 400],
      ['?action=Remove', 400],
      ['?readTarget=maybe', 400],
      ['?$skiptoken=garbage', 400],
    ] as const) {
      const res = await preview(query);
      expect(res.status).toBe(status);
      expect(res.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
    const unknown = await httpRequest('GET', `${loop.entra.url}/sim/servicePrincipals/${loop.spId}/synchronization/jobs/nope.1/preview`, {
      token: loop.entra.identity.adminToken,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBeDefined();
  });
});
