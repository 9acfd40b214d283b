import { httpRequest } from '@app/testing';
import { startTestEntra, TestEntra } from '../../entra/test/harness';
import { startTestScimTarget, TestScimTarget } from '../../scim-target/test/harness';
import { ensureDemoJob, onlySchemeDiffers } from '../src/demo-job';

describe("npm start's demo job with PROVSIM_HTTPS=true", () => {
  let target: TestScimTarget;
  let entra: TestEntra;

  beforeAll(async () => {
    target = await startTestScimTarget({ PROVSIM_HTTPS: 'true' });
    entra = await startTestEntra({ PROVSIM_HTTPS: 'true', ENTRA_DEMO_TENANT: 'true', PROVSIM_CLOCK: 'manual', SYNC_TICK_MS: '0' });
  }, 60_000);
  afterAll(async () => {
    await entra?.stop();
    await target?.stop();
  });

  const cycle = async () => {
    const res = await httpRequest('POST', `${entra.url}/sim/clock/advance`, {
      token: entra.identity.adminToken,
      contentType: 'application/json',
      body: { ms: 0 },
      ca: entra.tls!.ca,
    });
    expect(res.status).toBe(200);
  };

  it("is wired to the target's https Tenant URL and provisions the demo users over it", async () => {
    expect(target.scimBaseUrl).toMatch(/^https:/);
    const demo = await ensureDemoJob(entra, target.scimBaseUrl, target.token);
    expect(demo).toMatchObject({ created: true });
    await cycle();
    const users = await target.scim('GET', '/Users?count=1');
    expect(users.body.totalResults).toBeGreaterThan(0);
    const job = await entra.graph('GET', `/servicePrincipals/${demo!.servicePrincipalId}/synchronization/jobs/${demo!.jobId}`);
    expect(job.body.status.code).not.toBe('Quarantine');
  });

  it('moves a job saved over http to https at the next start, keeping its Secret Token', async () => {
    const demo = (await ensureDemoJob(entra, target.scimBaseUrl, target.token))!;
    expect(demo).toMatchObject({ created: false });
    expect(demo.tenantUrlUpdated).toBeUndefined();
    const secretsPath = `/servicePrincipals/${demo.servicePrincipalId}/synchronization/secrets`;
    const http = target.scimBaseUrl.replace(/^https:/, 'http:');
    expect(
      (
        await entra.graph('PUT', secretsPath, {
          body: {
            value: [
              { key: 'BaseAddress', value: http },
              { key: 'SecretToken', value: '*' },
            ],
          },
        })
      ).status,
    ).toBe(204);

    const again = (await ensureDemoJob(entra, target.scimBaseUrl, target.token))!;
    expect(again).toMatchObject({ created: false, tenantUrlUpdated: true, jobId: demo.jobId });
    const secrets = await entra.graph('GET', secretsPath);
    expect(secrets.body.value).toEqual([
      { key: 'BaseAddress', value: target.scimBaseUrl },
      { key: 'SecretToken', value: '*' },
    ]);
    // The token kept is the target's: a change goes through.
    const test = await entra.graph(
      'POST',
      `/servicePrincipals/${demo.servicePrincipalId}/synchronization/jobs/${demo.jobId}/validateCredentials`,
      {
        body: { useSavedCredentials: true },
      },
    );
    expect(test.status).toBe(204);
  });

  it('leaves a Tenant URL the admin pointed elsewhere alone', async () => {
    expect(onlySchemeDiffers('http://127.0.0.1:3001/scim/v2', 'https://127.0.0.1:3001/scim/v2')).toBe(true);
    expect(onlySchemeDiffers('https://127.0.0.1:3001/scim/v2', 'http://127.0.0.1:3001/scim/v2')).toBe(true);
    expect(onlySchemeDiffers('https://127.0.0.1:3001/scim/v2', 'https://127.0.0.1:3001/scim/v2')).toBe(false);
    expect(onlySchemeDiffers('http://127.0.0.1:3002/scim/v2', 'https://127.0.0.1:3001/scim/v2')).toBe(false);
    expect(onlySchemeDiffers('http://127.0.0.1:3001/tenants/acme/scim/v2', 'https://127.0.0.1:3001/scim/v2')).toBe(false);
    expect(onlySchemeDiffers('http://127.0.0.1:3001/scim/v2?aadOptscim062020', 'https://127.0.0.1:3001/scim/v2')).toBe(false);
    expect(onlySchemeDiffers('not a url', 'https://127.0.0.1:3001/scim/v2')).toBe(false);
  });
});
