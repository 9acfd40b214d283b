import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { DataSource } from 'typeorm';
import { httpRequest } from '@app/testing';
import { startTestScimTarget, TestScimTarget } from '../../scim-target/test/harness';
import { startTestEntra, TestEntra } from './harness';

const KINTONE = '1d7b1ec7-5c7d-4b8e-9a3f-4b5e0c6a7f11';
const NON_GALLERY = '8adf8e6e-67b2-4cf2-a259-e3dc5476c621';
const NEVER_SCHEDULED = 'P10675199DT2H48M5.4775807S';

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Graph synchronization API on service principals', () => {
  let entra: TestEntra;
  let target: TestScimTarget;
  let db: DataSource;
  let sp: { id: string; appId: string };
  let base: string;
  let now: string;

  const createJob = async (spId = sp.id, templateId = 'kintone'): Promise<string> => {
    const res = await entra.graph('POST', `/servicePrincipals/${spId}/synchronization/jobs`, { body: { templateId } });
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const jobRow = async (jobId: string) =>
    (
      await db.query(
        `SELECT watermark::text AS watermark, next_run_at AS "nextRunAt", pause_requested AS "pauseRequested", force_deletes AS "forceDeletes",
                reset_generation AS "resetGeneration", status, status_code AS "statusCode", schedule_state AS "scheduleState", schema
           FROM entra.sync_jobs WHERE id = $1`,
        [jobId],
      )
    )[0];
  const count = async (table: string, jobId: string): Promise<number> =>
    (await db.query(`SELECT count(*)::int AS n FROM entra.${table} WHERE job_id = $1`, [jobId]))[0].n;
  const seedJobState = async (jobId: string, sourceId = randomUUID()) => {
    const at = new Date(now);
    await db.query(
      `INSERT INTO entra.sync_links (job_id, source_id, object_type, target_id, updated_at) VALUES ($1, $2, 'User', 'target-1', $3)`,
      [jobId, sourceId, at],
    );
    await db.query(
      `INSERT INTO entra.sync_escrows (job_id, source_id, object_type, first_failed_at, last_failed_at, next_retry_at, error) VALUES ($1, $2, 'User', $3, $3, $3, '{}')`,
      [jobId, randomUUID(), at],
    );
    await db.query(
      `INSERT INTO entra.sync_staged_deletes (job_id, source_id, object_type, action, staged_at) VALUES ($1, $2, 'User', 'Disable', $3)`,
      [jobId, randomUUID(), at],
    );
    await db.query(
      `UPDATE entra.sync_jobs SET watermark = 1234, next_run_at = '2999-01-01T00:00:00Z', status_code = 'Quarantine',
         status = '{"quarantine":{"reason":"TooManyDeletes","seriesCount":1},"escrowsPruned":true,"synchronizedEntryCountByType":[{"key":"user","value":1}]}'
       WHERE id = $1`,
      [jobId],
    );
    return sourceId;
  };

  beforeAll(async () => {
    target = await startTestScimTarget();
    entra = await startTestEntra({ PROVSIM_CLOCK: 'manual', SYNC_TICK_MS: '0' });
    db = entra.app.get(DataSource);
    const inst = await entra.graph('POST', `/applicationTemplates/${KINTONE}/instantiate`, { body: { displayName: 'Kintone' } });
    expect(inst.status).toBe(201);
    sp = inst.body.servicePrincipal;
    base = `/servicePrincipals/${sp.id}/synchronization`;
    now = (await httpRequest('GET', `${entra.url}/sim/clock`, { token: entra.identity.adminToken })).body.now;
  });
  afterAll(async () => {
    await entra?.stop();
    await target?.stop();
  });

  it('needs a bearer token on every route', async () => {
    const jobId = await createJob();
    for (const [method, path, body] of [
      ['GET', `${base}/templates`],
      ['GET', `${base}/jobs`],
      ['POST', `${base}/jobs`, { templateId: 'kintone' }],
      ['GET', `${base}/jobs/${jobId}`],
      ['POST', `${base}/jobs/${jobId}/start`],
      ['GET', `${base}/jobs/${jobId}/schema`],
      ['GET', `${base}/secrets`],
      ['PUT', `${base}/secrets`, { value: [] }],
    ] as const) {
      const res = await httpRequest(method, `${entra.graphUrl}${path}`, { body, contentType: 'application/json' });
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
      expect(res.body.error.code).toBe('InvalidAuthenticationToken');
    }
    const wrong = await entra.graph('GET', `${base}/jobs`, { token: 'not-the-token-at-all' });
    expect(wrong.status).toBe(401);
  });

  it("serves the SP's synchronization template with its schema, also through appId and /beta", async () => {
    const res = await entra.graph('GET', `${base}/templates`);
    expect(res.status).toBe(200);
    expect(res.body.value).toHaveLength(1);
    expect(res.body.value[0]).toMatchObject({
      id: 'kintone',
      applicationId: sp.appId,
      default: true,
      discoverable: true,
      factoryTag: 'kintone',
      metadata: [],
    });
    expect(res.body.value[0].schema.synchronizationRules[0].objectMappings[0].attributeMappings[0]).toMatchObject({
      targetAttributeName: 'userName',
      matchingPriority: 1,
    });
    expect(res.body.value[0].schema.directories.map((d: { name: string }) => d.name)).toEqual(['Azure Active Directory', 'kintone']);

    const byAppId = await entra.graph('GET', `/servicePrincipals(appId='${sp.appId}')/synchronization/templates`);
    expect(byAppId.status).toBe(200);
    expect(byAppId.body.value[0].id).toBe('kintone');
    const beta = await httpRequest('GET', `${entra.url}/beta${base}/templates`, { token: entra.identity.adminToken });
    expect(beta.body.value[0].id).toBe('kintone');
    // Graph answers in the version it was asked in.
    expect(res.body['@odata.context']).toMatch(new RegExp(`^${entra.url}/v1\\.0/\\$metadata#`));
    expect(beta.body['@odata.context']).toMatch(new RegExp(`^${entra.url}/beta/\\$metadata#`));

    expect((await entra.graph('GET', `${base}/templates/kintone`)).body.id).toBe('kintone');
    expect((await entra.graph('GET', `${base}/templates/kintone/schema`)).body.synchronizationRules).toHaveLength(1);
    expect((await entra.graph('GET', `${base}/templates/scim`)).status).toBe(404);

    const custom = await entra.graph('POST', `/applicationTemplates/${NON_GALLERY}/instantiate`, { body: { displayName: 'My SCIM app' } });
    const scim = await entra.graph('GET', `/servicePrincipals/${custom.body.servicePrincipal.id}/synchronization/templates`);
    expect(scim.body.value.map((t: { id: string }) => t.id)).toEqual(['scim']);
    expect(
      scim.body.value[0].schema.synchronizationRules[0].objectMappings.map((m: { sourceObjectName: string }) => m.sourceObjectName),
    ).toEqual(['User', 'Group']);
  });

  it('answers 404 Request_ResourceNotFound for unknown service principals and jobs', async () => {
    for (const path of [
      `/servicePrincipals/${randomUUID()}/synchronization/templates`,
      `/servicePrincipals/not-a-guid/synchronization/jobs`,
      `/servicePrincipals/${randomUUID()}/synchronization/secrets`,
      `${base}/jobs/kintone.00000000000000000000000000000000.00000000000000000000000000000000`,
      `${base}/jobs/nope/schema`,
    ]) {
      const res = await entra.graph('GET', path);
      expect({ path, status: res.status, code: res.body.error?.code }).toEqual({ path, status: 404, code: 'Request_ResourceNotFound' });
    }
    const start = await entra.graph('POST', `${base}/jobs/nope/start`);
    expect(start.status).toBe(404);
    const other = await entra.graph('POST', `/applicationTemplates/${KINTONE}/instantiate`, { body: { displayName: 'Other' } });
    const jobId = await createJob();
    expect((await entra.graph('GET', `/servicePrincipals/${other.body.servicePrincipal.id}/synchronization/jobs/${jobId}`)).status).toBe(
      404,
    );
  });

  it('creates a Disabled job with the never-scheduled interval and Graph defaults, lists and gets it', async () => {
    const res = await entra.graph('POST', `${base}/jobs`, { body: { templateId: 'kintone' } });
    expect(res.status).toBe(201);
    const tenant = entra.identity.tenantId.replace(/-/g, '');
    expect(res.body.id).toMatch(new RegExp(`^kintone\\.${tenant}\\.[0-9a-f]{32}$`));
    const { '@odata.context': context, ...job } = res.body;
    expect(context).toMatch(/\/v1\.0\/\$metadata#servicePrincipals\('.*'\)\/synchronization\/jobs\/\$entity$/);
    expect(job).toEqual({
      id: res.body.id,
      templateId: 'kintone',
      schedule: { expiration: null, interval: NEVER_SCHEDULED, state: 'Disabled' },
      status: {
        code: 'NotConfigured',
        countSuccessiveCompleteFailures: 0,
        escrowsPruned: false,
        lastExecution: null,
        lastSuccessfulExecution: null,
        lastSuccessfulExecutionWithExports: null,
        progress: [],
        quarantine: null,
        steadyStateFirstAchievedTime: '0001-01-01T00:00:00Z',
        steadyStateLastAchievedTime: '0001-01-01T00:00:00Z',
        synchronizedEntryCountByType: [],
        troubleshootingUrl: null,
      },
      synchronizationJobSettings: [{ name: 'QuarantineTooManyDeletesThreshold', value: '500' }],
    });
    expect(await jobRow(res.body.id)).toMatchObject({
      watermark: null,
      nextRunAt: null,
      pauseRequested: false,
      forceDeletes: false,
      schema: null,
    });

    const listed = await entra.graph('GET', `${base}/jobs`);
    expect(listed.status).toBe(200);
    expect(listed.body.value.map((j: { id: string }) => j.id)).toContain(res.body.id);
    const got = await entra.graph('GET', `${base}/jobs/${res.body.id}`);
    expect(got.body.status.code).toBe('NotConfigured');
  });

  it.each([
    ['an unknown templateId', { templateId: 'salesforce' }, /does not match a synchronization template/],
    ["another app's template", { templateId: 'scim' }, /Use 'kintone'/],
    ['no templateId', {}, /templateId/],
    ['an unknown property', { templateId: 'kintone', schedule: {} }, /Property 'schedule' does not exist/],
    ['a non-string templateId', { templateId: 7 }, /templateId/],
  ])('refuses to create a job with %s', async (_name, body, message) => {
    const res = await entra.graph('POST', `${base}/jobs`, { body });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('refuses malformed and huge bodies', async () => {
    const malformed = await entra.graph('POST', `${base}/jobs`, { rawBody: '{"templateId":', contentType: 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/JSON/);
    const huge = await entra.graph('PUT', `${base}/secrets`, { body: { value: [{ key: 'Url', value: 'x'.repeat(5 * 1024 * 1024) }] } });
    expect(huge.status).toBe(413);
    const jobId = await createJob();
    const hugeSchema = await entra.graph('PUT', `${base}/jobs/${jobId}/schema`, {
      rawBody: `{"synchronizationRules":[${'{},'.repeat(2_000_000)}{}]}`,
      contentType: 'application/json',
    });
    expect(hugeSchema.status).toBe(413);
  });

  describe('secrets', () => {
    const TOKEN = 'very-secret-token-value-123';

    it.each([
      ['an unknown key', [{ key: 'TenantUrl', value: 'x' }], /Invalid secret key 'TenantUrl'/],
      ['a relative BaseAddress', [{ key: 'BaseAddress', value: 'scim/v2' }], /BaseAddress must be an absolute http or https URL/],
      ['a non-http BaseAddress', [{ key: 'BaseAddress', value: 'file:///etc/passwd' }], /http or https/],
      [
        'SyncNotificationSettings that is not JSON',
        [{ key: 'SyncNotificationSettings', value: '{"Enabled":' }],
        /SyncNotificationSettings must be a JSON object/,
      ],
      [
        'a bad DeleteThresholdValue',
        [{ key: 'SyncNotificationSettings', value: '{"DeleteThresholdEnabled":true,"DeleteThresholdValue":"many"}' }],
        /DeleteThresholdValue/,
      ],
      ['SyncAll "yes"', [{ key: 'SyncAll', value: 'yes' }], /SyncAll must be "true" or "false"/],
      ['SkipOutOfScopeDeletions "1"', [{ key: 'SkipOutOfScopeDeletions', value: '1' }], /SkipOutOfScopeDeletions must be/],
      [
        'a key twice',
        [
          { key: 'SyncAll', value: 'true' },
          { key: 'SyncAll', value: 'false' },
        ],
        /more than once/,
      ],
      ['an unknown property in a pair', [{ key: 'SyncAll', value: 'true', extra: 1 }], /Property 'extra' does not exist/],
      ['a non-string value', [{ key: 'SyncAll', value: true }], /must be a string/],
    ])('refuses %s with 400', async (_name, value, message) => {
      const res = await entra.graph('PUT', `${base}/secrets`, { body: { value } });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('Request_BadRequest');
      expect(res.body.error.message).toMatch(message);
    });

    it('refuses a body without a value array', async () => {
      expect((await entra.graph('PUT', `${base}/secrets`, { body: { value: 'x' } })).status).toBe(400);
      expect((await entra.graph('PUT', `${base}/secrets`, { body: {} })).status).toBe(400);
    });

    it('stores the set, masks credentials on read and never returns the token', async () => {
      const jobId = await createJob();
      const put = await entra.graph('PUT', `${base}/secrets`, {
        body: {
          value: [
            { key: 'BaseAddress', value: target.scimBaseUrl },
            { key: 'SecretToken', value: TOKEN },
            {
              key: 'SyncNotificationSettings',
              value: '{"Enabled":true,"Recipients":"ops@contoso.com","DeleteThresholdEnabled":true,"DeleteThresholdValue":7}',
            },
            { key: 'syncall', value: 'false' },
          ],
        },
      });
      expect(put.status).toBe(204);
      const got = await entra.graph('GET', `${base}/secrets`);
      expect(got.status).toBe(200);
      expect(got.body.value).toEqual([
        { key: 'BaseAddress', value: target.scimBaseUrl },
        { key: 'SecretToken', value: '*' },
        {
          key: 'SyncNotificationSettings',
          value: '{"Enabled":true,"Recipients":"ops@contoso.com","DeleteThresholdEnabled":true,"DeleteThresholdValue":7}',
        },
        { key: 'SyncAll', value: 'false' },
      ]);
      expect(got.text).not.toContain(TOKEN);
      const job = await entra.graph('GET', `${base}/jobs/${jobId}`);
      expect(job.text).not.toContain(TOKEN);
      expect(job.body.status.code).toBe('NotRun');
      expect(job.body.synchronizationJobSettings).toEqual([{ name: 'QuarantineTooManyDeletesThreshold', value: '7' }]);

      // GET → add a key → PUT back (the masked token keeps its stored value).
      const edited = [...got.body.value, { key: 'SkipOutOfScopeDeletions', value: 'True' }];
      expect((await entra.graph('PUT', `${base}/secrets`, { body: { value: edited } })).status).toBe(204);
      const stored = (await db.query(`SELECT secrets FROM entra.sync_secrets WHERE service_principal_id = $1`, [sp.id]))[0].secrets;
      expect(stored).toContainEqual({ key: 'SecretToken', value: TOKEN });
      expect(stored).toContainEqual({ key: 'SkipOutOfScopeDeletions', value: 'True' });
    });
  });

  describe('validateCredentials', () => {
    let jobId: string;
    beforeAll(async () => {
      jobId = await createJob();
      const put = await entra.graph('PUT', `${base}/secrets`, {
        body: {
          value: [
            { key: 'BaseAddress', value: target.scimBaseUrl },
            { key: 'SecretToken', value: target.token },
          ],
        },
      });
      expect(put.status).toBe(204);
    });
    const validate = (body: unknown) => entra.graph('POST', `${base}/jobs/${jobId}/validateCredentials`, { body });

    it('answers 204 when the app answers like a SCIM app (saved and given credentials)', async () => {
      expect((await validate({ useSavedCredentials: true })).status).toBe(204);
      const given = await validate({
        useSavedCredentials: false,
        credentials: [
          { key: 'BaseAddress', value: target.scimBaseUrl },
          { key: 'SecretToken', value: target.token },
        ],
      });
      expect(given.status).toBe(204);
    });

    it('answers 400 when the app refuses the token (401)', async () => {
      const res = await validate({
        credentials: [
          { key: 'BaseAddress', value: target.scimBaseUrl },
          { key: 'SecretToken', value: 'wrong-token-abc' },
        ],
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/invalid credentials: .* answered HTTP 401/);
      expect(res.text).not.toContain('wrong-token-abc');
    });

    it('answers 400 when the host is unreachable', async () => {
      const port = await closedPort();
      const res = await validate({
        credentials: [
          { key: 'BaseAddress', value: `http://127.0.0.1:${port}/scim/v2` },
          { key: 'SecretToken', value: 't' },
        ],
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/Could not connect to http:\/\/127\.0\.0\.1:\d+\/scim\/v2/);
    });

    it('answers 400 when the endpoint is not a SCIM service', async () => {
      const res = await validate({
        credentials: [
          { key: 'BaseAddress', value: `${target.url}/not-scim` },
          { key: 'SecretToken', value: target.token },
        ],
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/did not answer like a SCIM 2.0 endpoint \(HTTP \d+\)/);
    });

    it.each([
      ['nothing to validate', {}, /Provide credentials/],
      [
        'a bad BaseAddress',
        {
          credentials: [
            { key: 'BaseAddress', value: 'nope' },
            { key: 'SecretToken', value: 't' },
          ],
        },
        /absolute http or https URL/,
      ],
      ['no token', { credentials: [{ key: 'BaseAddress', value: 'http://127.0.0.1:1/scim' }] }, /SecretToken is required/],
      ['an unknown key', { credentials: [{ key: 'Bogus', value: 'x' }] }, /Invalid secret key/],
      ['a non-boolean useSavedCredentials', { useSavedCredentials: 'yes' }, /useSavedCredentials/],
    ])('answers 400 for %s', async (_name, body, message) => {
      const res = await validate(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    });
  });

  describe('start, pause and restart', () => {
    let jobId: string;
    let path: string;
    beforeAll(async () => {
      jobId = await createJob();
      path = `${base}/jobs/${jobId}`;
    });

    it('start: Active, PT40M, NotRun, runs now on the simulated clock, lifts quarantine', async () => {
      await db.query(
        `UPDATE entra.sync_jobs SET status = '{"quarantine":{"reason":"EncounteredQuarantineException"}}', status_code = 'Quarantine' WHERE id = $1`,
        [jobId],
      );
      expect((await entra.graph('POST', `${path}/start`)).status).toBe(204);
      const job = (await entra.graph('GET', path)).body;
      expect(job.schedule).toEqual({ expiration: null, interval: 'PT40M', state: 'Active' });
      expect(job.status.code).toBe('NotRun');
      expect(job.status.quarantine).toBeNull();
      const row = await jobRow(jobId);
      expect(new Date(row.nextRunAt).toISOString()).toBe(now);
      expect(row.pauseRequested).toBe(false);
    });

    it('pause: Paused, a running cycle is told to stop scheduling; start again clears it', async () => {
      expect((await entra.graph('POST', `${path}/pause`)).status).toBe(204);
      let job = (await entra.graph('GET', path)).body;
      expect(job.schedule.state).toBe('Paused');
      expect(job.status.code).toBe('Paused');
      expect((await jobRow(jobId)).pauseRequested).toBe(true);
      expect((await entra.graph('POST', `${path}/start`)).status).toBe(204);
      job = (await entra.graph('GET', path)).body;
      expect(job.schedule.state).toBe('Active');
      expect((await jobRow(jobId)).pauseRequested).toBe(false);
    });

    it('restart with an empty scope: watermark, escrows and quarantine reset; links kept; runs now', async () => {
      await seedJobState(jobId);
      const before = await jobRow(jobId);
      expect((await entra.graph('POST', `${path}/restart`, { body: { criteria: { resetScope: '' } } })).status).toBe(204);
      const row = await jobRow(jobId);
      expect(row.watermark).toBeNull();
      expect(row.resetGeneration).toBe(before.resetGeneration + 1);
      expect(new Date(row.nextRunAt).toISOString()).toBe(now);
      expect(row.status.quarantine).toBeNull();
      expect(row.status.escrowsPruned).toBe(false);
      expect(row.statusCode).toBe('NotRun');
      expect(row.forceDeletes).toBe(false);
      expect(await count('sync_escrows', jobId)).toBe(0);
      expect(await count('sync_links', jobId)).toBe(1);
      expect(await count('sync_staged_deletes', jobId)).toBe(1);
      expect((await entra.graph('GET', path)).body.status.synchronizedEntryCountByType).toEqual([{ key: 'user', value: 1 }]);
    });

    it('restart without a body behaves like the empty scope', async () => {
      await db.query(`UPDATE entra.sync_jobs SET watermark = 5 WHERE id = $1`, [jobId]);
      expect((await entra.graph('POST', `${path}/restart`)).status).toBe(204);
      expect((await jobRow(jobId)).watermark).toBeNull();
    });

    it.each([
      ['Watermark', { watermark: null, escrows: 1, links: 1, staged: 1, quarantined: true, forceDeletes: false }],
      ['Escrows', { watermark: '1234', escrows: 0, links: 1, staged: 1, quarantined: true, forceDeletes: false }],
      ['QuarantineState', { watermark: '1234', escrows: 1, links: 1, staged: 1, quarantined: false, forceDeletes: false }],
      ['ConnectorDataStore', { watermark: null, escrows: 1, links: 0, staged: 0, quarantined: true, forceDeletes: false }],
      ['ForceDeletes', { watermark: '1234', escrows: 1, links: 1, staged: 1, quarantined: true, forceDeletes: true }],
      ['full', { watermark: null, escrows: 0, links: 0, staged: 0, quarantined: false, forceDeletes: false }],
      [
        'Watermark, Escrows, QuarantineState',
        { watermark: null, escrows: 0, links: 1, staged: 1, quarantined: false, forceDeletes: false },
      ],
    ])('restart %j', async (resetScope, expected) => {
      await db.query(`DELETE FROM entra.sync_links WHERE job_id = $1`, [jobId]);
      await db.query(`DELETE FROM entra.sync_escrows WHERE job_id = $1`, [jobId]);
      await db.query(`DELETE FROM entra.sync_staged_deletes WHERE job_id = $1`, [jobId]);
      await db.query(`UPDATE entra.sync_jobs SET force_deletes = false WHERE id = $1`, [jobId]);
      await seedJobState(jobId);
      expect((await entra.graph('POST', `${path}/restart`, { body: { criteria: { resetScope } } })).status).toBe(204);
      const row = await jobRow(jobId);
      expect({
        watermark: row.watermark,
        escrows: await count('sync_escrows', jobId),
        links: await count('sync_links', jobId),
        staged: await count('sync_staged_deletes', jobId),
        quarantined: row.status.quarantine != null,
        forceDeletes: row.forceDeletes,
      }).toEqual(expected);
      expect(row.statusCode).toBe(expected.quarantined ? 'Quarantine' : 'NotRun');
      expect(new Date(row.nextRunAt).toISOString()).toBe(now);
      const job = (await entra.graph('GET', path)).body;
      expect(job.status.quarantine === null).toBe(!expected.quarantined);
    });

    it('restart of a paused job resets state but does not run it; None starts it', async () => {
      expect((await entra.graph('POST', `${path}/pause`)).status).toBe(204);
      await seedJobState(jobId);
      expect((await entra.graph('POST', `${path}/restart`, { body: { criteria: { resetScope: 'Watermark' } } })).status).toBe(204);
      let row = await jobRow(jobId);
      expect(row.scheduleState).toBe('Paused');
      expect(new Date(row.nextRunAt).toISOString()).toBe('2999-01-01T00:00:00.000Z');
      expect((await entra.graph('POST', `${path}/restart`, { body: { criteria: { resetScope: 'None' } } })).status).toBe(204);
      row = await jobRow(jobId);
      expect(row.scheduleState).toBe('Active');
      expect(row.status.quarantine).toBeNull();
      expect(new Date(row.nextRunAt).toISOString()).toBe(now);
    });

    it.each([
      ['an unknown resetScope value', { criteria: { resetScope: 'Watermark, Everything' } }, /Invalid resetScope value 'Everything'/],
      ['a non-string resetScope', { criteria: { resetScope: 3 } }, /resetScope/],
      ['criteria that is not an object', { criteria: 'Full' }, /criteria/],
      ['an unknown property', { criteria: { resetScope: 'Full', hard: true } }, /Property 'hard' does not exist/],
    ])('restart refuses %s with 400', async (_name, body, message) => {
      const res = await entra.graph('POST', `${path}/restart`, { body });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    });
  });

  describe('schema', () => {
    let jobId: string;
    let path: string;
    beforeAll(async () => {
      jobId = await createJob();
      path = `${base}/jobs/${jobId}/schema`;
      expect((await entra.graph('POST', `${base}/jobs/${jobId}/start`)).status).toBe(204);
    });

    it("serves the template's schema with its directories", async () => {
      const res = await entra.graph('GET', path);
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(jobId);
      expect(res.body.synchronizationRules[0]).toMatchObject({
        name: 'USER_OUTBOUND_USER',
        sourceDirectoryName: 'Azure Active Directory',
        targetDirectoryName: 'kintone',
      });
      expect(res.body.directories.map((d: { name: string }) => d.name)).toEqual(['Azure Active Directory', 'kintone']);
    });

    it('PUT replaces it, forces a full re-sync and runs an Active job now; DELETE restores the template', async () => {
      const schema = (await entra.graph('GET', path)).body;
      const users = schema.synchronizationRules[0].objectMappings[0];
      users.attributeMappings[2].source = { type: 'Function', name: null, expression: 'Join(" ", [givenName], [surname])', parameters: [] };
      users.scope = {
        groups: [
          {
            name: 'Sales only',
            clauses: [{ operatorName: 'REGEX MATCH', sourceOperandName: 'department', targetOperand: { values: ['^Sales'] } }],
          },
        ],
      };
      await db.query(`UPDATE entra.sync_jobs SET watermark = 99, next_run_at = '2999-01-01T00:00:00Z' WHERE id = $1`, [jobId]);
      const generation = (await jobRow(jobId)).resetGeneration;

      expect((await entra.graph('PUT', path, { body: schema })).status).toBe(204);
      const got = (await entra.graph('GET', path)).body;
      expect(got.synchronizationRules[0].objectMappings[0].attributeMappings[2].source).toMatchObject({ type: 'Function', name: 'Join' });
      expect(got.synchronizationRules[0].objectMappings[0].scope.groups[0].name).toBe('Sales only');
      let row = await jobRow(jobId);
      expect(row.watermark).toBeNull();
      expect(row.resetGeneration).toBe(generation + 1);
      expect(new Date(row.nextRunAt).toISOString()).toBe(now);
      expect(row.schema.synchronizationRules[0].objectMappings[0].scope.groups[0].name).toBe('Sales only');

      await db.query(`UPDATE entra.sync_jobs SET watermark = 100 WHERE id = $1`, [jobId]);
      expect((await entra.graph('DELETE', path)).status).toBe(204);
      row = await jobRow(jobId);
      expect(row.schema).toBeNull();
      expect(row.watermark).toBeNull();
      expect((await entra.graph('GET', path)).body.synchronizationRules[0].objectMappings[0].scope).toBeNull();
    });

    const broken = async (change: (s: any) => void) => {
      const schema = (await entra.graph('GET', path)).body;
      change(schema);
      return entra.graph('PUT', path, { body: schema });
    };
    const users = (s: any) => s.synchronizationRules[0].objectMappings[0];

    it.each([
      [
        'a bad expression',
        (s: any) =>
          (users(s).attributeMappings[2].source = { type: 'Function', name: null, expression: 'Join(" ", [givenName]', parameters: [] }),
        /attributeMappings\[2\] \('displayName'\)\.source: expected/,
      ],
      [
        'an unknown function',
        (s: any) => (users(s).attributeMappings[2].source = { type: 'Function', name: 'Shout', parameters: [] }),
        /unknown function "Shout"/,
      ],
      [
        'a bad scoping regex',
        (s: any) =>
          (users(s).scope = {
            groups: [
              {
                name: 'g',
                clauses: [{ operatorName: 'REGEX MATCH', sourceOperandName: 'department', targetOperand: { values: ['[unclosed'] } }],
              },
            ],
          }),
        /scope: group 'g' clause 0/,
      ],
      [
        'an unknown operator',
        (s: any) =>
          (users(s).scope = {
            groups: [{ name: 'g', clauses: [{ operatorName: 'LIKE', sourceOperandName: 'department', targetOperand: { values: ['x'] } }] }],
          }),
        /scope: group 'g' clause 0/,
      ],
      [
        'an unknown target attribute',
        (s: any) => (users(s).attributeMappings[2].targetAttributeName = 'title'),
        /target attribute 'title' is not defined/,
      ],
      ['an unknown property', (s: any) => (users(s).attributeMappings[2].weight = 3), /property 'weight' does not exist/],
      ['no rules', (s: any) => delete s.synchronizationRules, /synchronizationRules/],
      ['an unknown top-level property', (s: any) => (s.owner = 'me'), /Property 'owner' does not exist/],
    ])('PUT refuses %s with 400 naming the bad part', async (_name, change, message) => {
      await db.query(`UPDATE entra.sync_jobs SET watermark = 7 WHERE id = $1`, [jobId]);
      const res = await broken(change);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
      expect((await jobRow(jobId)).watermark).toBe('7');
    });

    it('lists filter operators and functions', async () => {
      const ops = await entra.graph('GET', `${path}/filterOperators`);
      expect(ops.status).toBe(200);
      expect(ops.body.value).toContainEqual({
        name: 'EQUALS',
        arity: 'Binary',
        multivaluedComparisonType: 'All',
        supportedAttributeTypes: ['String', 'Integer'],
      });
      expect(ops.body.value.map((o: { name: string }) => o.name)).toEqual(
        expect.arrayContaining(['IS NULL', 'REGEX MATCH', 'Greater_Than']),
      );
      const fns = await entra.graph('GET', `${path}/functions`);
      expect(fns.status).toBe(200);
      expect(fns.body.value.find((f: { name: string }) => f.name === 'Mid')).toEqual({
        name: 'Mid',
        parameters: [
          { name: 'source', type: 'String', required: true, allowMultipleOccurrences: false },
          { name: 'start', type: 'Integer', required: true, allowMultipleOccurrences: false },
          { name: 'length', type: 'Integer', required: true, allowMultipleOccurrences: false },
        ],
      });
    });

    it('parses and evaluates expressions', async () => {
      const res = await entra.graph('POST', `${path}/parseExpression`, {
        body: {
          expression: 'Replace([preferredLanguage], "-", , , "_", , )',
          targetAttributeDefinition: null,
          testInputObject: {
            definition: null,
            properties: [
              { key: 'preferredLanguage', value: 'EN-US' },
              { key: 'appRoleAssignments', 'value@odata.type': '#Collection(String)', value: ['Default Assignment'] },
            ],
          },
        },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ error: null, evaluationSucceeded: true, evaluationResult: ['EN_US'], parsingSucceeded: true });
      expect(res.body.parsedExpression).toMatchObject({ type: 'Function', name: 'Replace' });

      const bad = await entra.graph('POST', `${path}/parseExpression`, { body: { expression: 'Mid([displayName], 1' } });
      expect(bad.status).toBe(200);
      expect(bad.body).toMatchObject({ parsingSucceeded: false, parsedExpression: null, evaluationSucceeded: false });
      expect(bad.body.error.message).toMatch(/expected/);

      expect((await entra.graph('POST', `${path}/parseExpression`, { body: {} })).status).toBe(400);
      expect(
        (await entra.graph('POST', `${path}/parseExpression`, { body: { expression: '[a]', testInputObject: { properties: 'x' } } }))
          .status,
      ).toBe(400);
    });
  });

  describe('object connections (beta) and deleting a job', () => {
    it('reads and deletes one connection; 409 while Active; listing is refused', async () => {
      const { body: user } = await entra.graph('POST', '/users', {
        body: {
          accountEnabled: true,
          displayName: 'Linked User',
          mailNickname: 'linked',
          userPrincipalName: 'linked@contoso.com',
          passwordProfile: { password: 'xWwvJ]6NMw+bWH-d' },
        },
      });
      const jobId = await createJob();
      const path = `${base}/jobs/${jobId}`;
      await db.query(
        `INSERT INTO entra.sync_links (job_id, source_id, object_type, target_id, updated_at) VALUES ($1, $2, 'User', 'scim-77', now())`,
        [jobId, user.id],
      );
      const beta = `${entra.url}/beta${path}/objectConnections('${user.id}')`;
      const got = await httpRequest('GET', beta, { token: entra.identity.adminToken });
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({
        objectId: user.id,
        sourceAnchor: user.id,
        targetAnchor: 'scim-77',
        displayName: 'Linked User',
        objectTypeName: 'User',
      });
      expect((await entra.graph('GET', `${path}/objectConnections('${randomUUID()}')`)).status).toBe(404);
      expect((await entra.graph('GET', `${path}/objectConnections`)).status).toBe(400);

      expect((await entra.graph('POST', `${path}/start`)).status).toBe(204);
      const conflict = await httpRequest('DELETE', beta, { token: entra.identity.adminToken });
      expect(conflict.status).toBe(409);
      expect((await entra.graph('POST', `${path}/pause`)).status).toBe(204);
      expect((await httpRequest('DELETE', beta, { token: entra.identity.adminToken })).status).toBe(204);
      expect((await httpRequest('DELETE', beta, { token: entra.identity.adminToken })).status).toBe(204);
      expect((await httpRequest('GET', beta, { token: entra.identity.adminToken })).status).toBe(404);
    });

    it('DELETE removes the job and all its state', async () => {
      const jobId = await createJob();
      await seedJobState(jobId);
      expect((await entra.graph('DELETE', `${base}/jobs/${jobId}`)).status).toBe(204);
      expect((await entra.graph('GET', `${base}/jobs/${jobId}`)).status).toBe(404);
      expect((await entra.graph('DELETE', `${base}/jobs/${jobId}`)).status).toBe(404);
      for (const table of ['sync_links', 'sync_escrows', 'sync_staged_deletes']) expect(await count(table, jobId)).toBe(0);
      expect((await entra.graph('GET', `${base}/jobs`)).body.value.map((j: { id: string }) => j.id)).not.toContain(jobId);
    });
  });

  it('creates scim jobs on non-gallery apps', async () => {
    const custom = await entra.graph('POST', `/applicationTemplates/${NON_GALLERY}/instantiate`, { body: { displayName: 'Generic' } });
    const spId = custom.body.servicePrincipal.id;
    const jobId = await createJob(spId, 'SCIM');
    expect(jobId).toMatch(/^scim\./);
    const schema = await entra.graph('GET', `/servicePrincipals/${spId}/synchronization/jobs/${jobId}/schema`);
    expect(schema.body.directories.map((d: { name: string }) => d.name)).toEqual(['Azure Active Directory', 'customappsso']);
  });
});
