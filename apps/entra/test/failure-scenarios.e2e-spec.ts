import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { httpRequest } from '@app/testing';
import { INTERNAL_FAILURE_QUARANTINE_THRESHOLD } from '../src/sync/engine';
import { expectOk, startTestLoop, TestLoop } from './loop-harness';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/**
 * What happens when things go wrong, on a manual clock with the SCIM target's fault injection: the job's status,
 * the provisioning logs and the target's final state.
 */
describe('failure scenarios', () => {
  jest.setTimeout(120_000);
  let loop: TestLoop;
  afterEach(() => loop?.stop());

  async function provisionUsers(count: number, prefix: string): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = await loop.createUser(`${prefix}${String(i).padStart(2, '0')}@contoso.com`, { department: 'Sales' });
      await loop.assign(id);
      ids.push(id);
    }
    return ids;
  }

  async function fault(rule: Record<string, unknown>): Promise<void> {
    expectOk(await loop.target.admin('POST', '/admin/tenants/default/faults', { body: rule, contentType: 'application/json' }), 201);
  }

  /** The job's notification emails, oldest first (GET /sim/outbox). */
  async function emails(): Promise<any[]> {
    const res = await httpRequest('GET', `${loop.entra.url}/sim/outbox?jobId=${encodeURIComponent(loop.jobId)}`, {
      token: loop.entra.identity.adminToken,
    });
    expectOk(res, 200);
    return (res.body.value as any[]).slice().reverse();
  }

  async function notifyTo(recipients: string, extra: Record<string, unknown> = {}): Promise<void> {
    expectOk(
      await loop.entra.graph('PUT', `/servicePrincipals/${loop.spId}/synchronization/secrets`, {
        body: {
          value: [
            { key: 'BaseAddress', value: loop.target.scimBaseUrl },
            { key: 'SecretToken', value: loop.target.token },
            { key: 'SyncNotificationSettings', value: JSON.stringify({ Enabled: true, Recipients: recipients, ...extra }) },
          ],
        },
      }),
      204,
    );
  }

  async function clearFaults(): Promise<void> {
    expectOk(await loop.target.admin('DELETE', '/admin/tenants/default/faults'), 204);
  }

  async function expectTargetUsers(prefix: string, count: number, token?: string): Promise<any[]> {
    const all = token ? ((await loop.target.scim('GET', '/Users?count=1000', { token })).body.Resources ?? []) : await loop.targetUsers();
    const users = all.filter((u: any) => u.userName.startsWith(prefix));
    expect(users.map((u: any) => u.userName).sort()).toEqual(
      Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(2, '0')}@contoso.com`),
    );
    return users;
  }

  it('1. token rotated on the target → quarantine; secret fixed → the next attempt lifts it and the backlog converges', async () => {
    loop = await startTestLoop();
    await notifyTo('admin@contoso.com');
    await provisionUsers(3, 'rot');
    await loop.cycle();
    await expectTargetUsers('rot', 3);

    const rotated = await loop.target.admin('POST', '/admin/tenants/default/token', { body: {}, contentType: 'application/json' });
    expect(rotated.status).toBeLessThan(300);
    const newToken: string = rotated.body.token;
    await provisionUsers(2, 'late'); // the backlog
    await loop.takeRequests();
    await loop.advance(40 * MINUTE);
    let job = await loop.job();
    expect(job.status.code).toBe('Quarantine');
    expect(job.status.quarantine).toMatchObject({
      reason: 'EncounteredQuarantineException',
      seriesCount: 0,
      error: { code: 'Unauthorized', tenantActionable: true },
    });
    const began = Date.parse(job.status.quarantine.currentBegan);
    expect(Date.parse(job.status.quarantine.nextAttempt) - began).toBe(6 * HOUR);
    expect(job.status.lastExecution).toMatchObject({ state: 'Failed', error: { code: 'Unauthorized' } });
    expect(await emails()).toEqual([
      expect.objectContaining({
        kind: 'quarantineEntered',
        recipients: ['admin@contoso.com'],
        subject: expect.stringContaining('EncounteredQuarantineException'),
      }),
    ]);
    // The cycle stopped at the first answers (those already in flight got 401 too): nothing was written.
    const refused = await loop.takeRequests();
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused.map((r) => `${r.method} ${r.status}`))).toEqual(new Set(['GET 401']));

    // Nothing runs before the next attempt.
    await loop.advance(5 * HOUR);
    expect(await loop.takeRequests()).toEqual([]);

    expectOk(
      await loop.entra.graph('PUT', `/servicePrincipals/${loop.spId}/synchronization/secrets`, {
        body: {
          value: [
            { key: 'BaseAddress', value: loop.target.scimBaseUrl },
            { key: 'SecretToken', value: newToken },
          ],
        },
      }),
      204,
    );
    await loop.advance(1 * HOUR);
    job = await loop.job();
    expect(job.status.code).toBe('Active');
    expect(job.status.quarantine).toBeNull();
    expect(job.status.lastExecution.state).toBe('Succeeded');
    expect(await emails()).toHaveLength(1); // lifting a quarantine sends nothing
    // The directory audit log has the quarantine entered and lifted, by the provisioning service itself.
    const audits = await loop.entra.graph(
      'GET',
      `/auditLogs/directoryAudits?$orderby=activityDateTime asc&$filter=${encodeURIComponent("activityDisplayName eq 'Quarantine'")}`,
    );
    expectOk(audits, 200);
    expect(audits.body.value.map((e: any) => e.additionalDetails.find((d: any) => d.key === 'Reason')?.value)).toEqual([
      'EncounteredQuarantineException',
      'QuarantineReleased',
    ]);
    expect(audits.body.value[0]).toMatchObject({
      loggedByService: 'Account Provisioning',
      category: 'ProvisioningManagement',
      initiatedBy: { user: null, app: { displayName: 'Azure AD Provisioning' } },
      targetResources: [{ id: loop.spId, type: 'ServicePrincipal' }],
    });
    await expectTargetUsers('late', 2, newToken);
    await expectTargetUsers('rot', 3, newToken);
  });

  it('2. 30 % of requests answer 503, then faults are cleared → everything converges, no duplicates, each failure logged with its retry', async () => {
    loop = await startTestLoop();
    await provisionUsers(20, 'flaky');
    await fault({ status: 503, probability: 0.3 });
    await loop.cycle();
    const job = await loop.job();
    expect(job.status.code).toBe('Active');
    expect(job.status.lastExecution.state).toBe('EntryLevelErrors');
    const failures = await loop.logs(`provisioningStatusInfo/status eq 'failure'`);
    expect(failures.length).toBeGreaterThan(0);
    expect(job.status.lastExecution.countEscrowedRaw).toBe(failures.length);
    for (const f of failures) {
      expect(f.provisioningStatusInfo.errorInformation).toMatchObject({ errorCode: 'InternalServerError' });
      expect(f.provisioningStatusInfo.errorInformation.reason).toMatch(/retried/i);
    }

    await clearFaults();
    for (let i = 0; i < 4 && (await loop.job()).status.lastExecution.countEscrowed > 0; i++) await loop.advance(40 * MINUTE * 2 ** i);
    const final = await loop.job();
    expect(final.status.lastExecution.countEscrowed).toBe(0);
    await expectTargetUsers('flaky', 20);
    // every failed user got a later success entry
    for (const f of failures) {
      const entries = await loop.logs(`sourceIdentity/id eq '${f.sourceIdentity.id}'`);
      expect(entries.some((e) => e.provisioningStatusInfo.status === 'success')).toBe(true);
    }
  });

  it('3. a 429 storm with Retry-After → requests wait as told, the cycle completes, nothing is lost', async () => {
    loop = await startTestLoop({ entraEnv: { SYNC_CONCURRENCY: '2' } });
    await provisionUsers(4, 'throttled');
    await fault({ method: 'POST', status: 429, retryAfter: 1, maxHits: 3 });
    await loop.cycle();
    const job = await loop.job();
    expect(job.status.lastExecution.state).toBe('Succeeded');
    await expectTargetUsers('throttled', 4);
    const res = await loop.target.admin('GET', '/admin/tenants/default/requests?limit=1000');
    const posts = (res.body.requests as any[]).filter((r) => r.method === 'POST').reverse();
    expect(posts.filter((r) => r.status === 429)).toHaveLength(3);
    // Both slots were throttled first; nothing was created before Retry-After had passed (the cycle slowed down).
    const firstThrottled = Date.parse(posts.find((r) => r.status === 429).at);
    for (const created of posts.filter((r) => r.status === 201))
      expect(Date.parse(created.at) - firstThrottled).toBeGreaterThanOrEqual(1000);
    expect(await loop.logs(`provisioningStatusInfo/status eq 'failure'`)).toEqual([]);
  });

  it('4. a scoping change that would disable more than the threshold → stagedDelete, TooManyDeletes; ForceDeletes executes exactly the staged operations', async () => {
    loop = await startTestLoop();
    const ids = await provisionUsers(5, 'mass');
    await notifyTo('ops@contoso.com', { DeleteThresholdEnabled: true, DeleteThresholdValue: 3 });
    await loop.cycle();
    await expectTargetUsers('mass', 5);
    await loop.takeRequests();

    const schema = (await loop.entra.graph('GET', `${loop.jobPath}/schema`)).body;
    const users = schema.synchronizationRules[0].objectMappings.find((m: any) => m.sourceObjectName === 'User');
    users.scope = {
      groups: [
        {
          name: 'Engineering only',
          clauses: [{ operatorName: 'EQUALS', sourceOperandName: 'department', targetOperand: { values: ['Engineering'] } }],
        },
      ],
    };
    expectOk(await loop.entra.graph('PUT', `${loop.jobPath}/schema`, { body: schema }), 204);
    await loop.cycle();
    expect((await loop.takeRequests()).filter((r) => r.method !== 'GET')).toEqual([]);
    let job = await loop.job();
    expect(job.status.code).toBe('Quarantine');
    expect(job.status.quarantine).toMatchObject({ reason: 'TooManyDeletes', error: { code: 'TooManyDeletes' } });
    const staged = await loop.logs(`provisioningAction eq 'stagedDelete'`);
    expect(staged.map((l) => l.sourceIdentity.id).sort()).toEqual([...ids].sort());
    for (const u of await expectTargetUsers('mass', 5)) expect(u.active).toBe(true);
    const mails = await emails();
    expect(mails.map((m) => m.kind)).toEqual(['quarantineEntered', 'deleteThresholdExceeded']);
    expect(mails[1].text).toMatch(/\b5\b[\s\S]*\b3\b/);

    expectOk(await loop.entra.graph('POST', `${loop.jobPath}/restart`, { body: { criteria: { resetScope: 'ForceDeletes' } } }), 204);
    await loop.cycle();
    const requests = await loop.takeRequests();
    const patches = requests.filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(5);
    for (const p of patches)
      expect(p.body).toEqual({ schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
    expect(requests.filter((r) => r.method === 'POST' || r.method === 'DELETE')).toEqual([]);
    for (const u of await expectTargetUsers('mass', 5)) expect(u.active).toBe(false);
    job = await loop.job();
    expect(job.status.code).toBe('Active');
    expect(job.status.quarantine).toBeNull();
    expect((await loop.logs(`provisioningAction eq 'disable'`)).map((l) => l.sourceIdentity.id).sort()).toEqual([...ids].sort());
  });

  it('escrow thresholds with per-job overrides: a small job whose creates mostly fail quarantines with EncounteredEscrowProportionThreshold', async () => {
    loop = await startTestLoop({
      jobSettings: [
        { name: 'EscrowThresholdMinFailures', value: '3' },
        { name: 'EscrowThresholdMaxFailurePercent', value: '40' },
      ],
    });
    const job0 = await loop.job();
    expect(job0.synchronizationJobSettings).toEqual(expect.arrayContaining([{ name: 'EscrowThresholdMinFailures', value: '3' }]));
    await loop.cycle(); // the initial cycle (an initial cycle prunes escrows instead, see 9.)
    await provisionUsers(6, 'doomed');
    await fault({ method: 'POST', status: 500, everyNth: 2 }); // every other create fails: 3 of 6 = 50 % > 40 %
    await loop.advance(40 * MINUTE);
    const job = await loop.job();
    expect(job.status.code).toBe('Quarantine');
    expect(job.status.quarantine).toMatchObject({
      reason: 'EncounteredEscrowProportionThreshold',
      error: { code: 'EncounteredEscrowProportionThreshold' },
    });
    expect(job.status.lastExecution).toMatchObject({ state: 'Failed', countEscrowedRaw: 3 });
    // Settings are checked when the job is created.
    const refused = await loop.entra.graph('POST', `/servicePrincipals/${loop.spId}/synchronization/jobs`, {
      body: { templateId: 'kintone', synchronizationJobSettings: [{ name: 'EscrowThresholdMaxFailurePercent', value: '400' }] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/between 0 and 100/);
    // The faults cleared, the next attempt (+6 h) retries the escrows and lifts the quarantine.
    await clearFaults();
    await loop.advance(6 * HOUR);
    const lifted = await loop.job();
    expect(lifted.status.code).toBe('Active');
    await expectTargetUsers('doomed', 6);
  });

  it('5. the target never recovers → attempts at +6 h, +12 h, +24 h, then daily; the job is disabled after 28 days', async () => {
    loop = await startTestLoop();
    await provisionUsers(1, 'gone');
    await loop.target.admin('POST', '/admin/tenants/default/token', { body: {}, contentType: 'application/json' });
    await loop.cycle();
    let job = await loop.job();
    const seriesBegan = Date.parse(job.status.quarantine.seriesBegan);
    const offsets: number[] = [];
    for (let i = 0; i < 40 && job.schedule.state !== 'Disabled'; i++) {
      const next = Date.parse(job.status.quarantine.nextAttempt);
      offsets.push((next - seriesBegan) / HOUR);
      await loop.advance(next - Date.parse(job.status.lastExecution.timeEnded)); // the manual clock stands still during a cycle
      job = await loop.job();
    }
    expect(offsets.slice(0, 5)).toEqual([6, 12, 24, 48, 72]);
    // One notification for the whole series (the reason never changed), suppressed: no recipients configured.
    expect((await emails()).map((m) => `${m.kind}/${m.status}`)).toEqual(['quarantineEntered/suppressed']);
    expect(job.schedule.state).toBe('Disabled');
    expect(job.status.code).toBe('Quarantine');
    expect(Date.parse(job.status.lastExecution.timeEnded) - seriesBegan).toBeGreaterThanOrEqual(28 * DAY);
    expect(Date.parse(job.status.lastExecution.timeEnded) - seriesBegan).toBeLessThan(29 * DAY);
    // disabled: nothing runs any more
    await loop.takeRequests();
    await loop.advance(7 * DAY);
    expect(await loop.takeRequests()).toEqual([]);
  });
  it('6. an internal error (a table the cycle needs is gone) → Failed with InternalError at each interval, one log line each, quarantine after repeated failures; fixed → the next attempt resumes and lifts it', async () => {
    loop = await startTestLoop();
    await notifyTo('ops@contoso.com');
    const [first] = await provisionUsers(2, 'fault');
    await loop.cycle();
    expect((await loop.job()).status.lastExecution.state).toBe('Succeeded');
    const errors = jest.spyOn(Logger.prototype, 'error');
    // The engine logs a record whose fields (jobId, errorCode…) are fields of their own, not text.
    const failureLines = () => errors.mock.calls.filter((c) => (c[0] as { jobId?: unknown } | null)?.jobId === loop.jobId);
    try {
      // A database fault the cycle cannot handle: every incremental cycle reads the staged deletions.
      const db = loop.entra.app.get(DataSource);
      await db.query(`ALTER TABLE entra.sync_staged_deletes RENAME TO sync_staged_deletes_away`);
      expectOk(await loop.entra.graph('PATCH', `/users/${first}`, { body: { displayName: 'renamed' } }), 204);
      await loop.advance(40 * MINUTE);
      let job = await loop.job();
      expect(job.status.code).toBe('Active');
      expect(job.status.quarantine).toBeNull();
      expect(job.status.countSuccessiveCompleteFailures).toBe(1);
      expect(job.status.lastExecution).toMatchObject({
        state: 'Failed',
        error: { code: 'InternalError', message: expect.stringContaining('sync_staged_deletes'), tenantActionable: false },
      });
      const failedAt = Date.parse(job.status.lastExecution.timeEnded);
      expect(failureLines()).toHaveLength(1);
      // The changes page before the fault committed: the rename was exported, once.
      expect((await loop.takeRequests()).filter((r) => r.method === 'PATCH')).toHaveLength(1);

      // Not retried at every tick: only at the job's interval.
      for (let i = 0; i < 5; i++) await loop.advance(MINUTE);
      await loop.cycle();
      job = await loop.job();
      expect(job.status.countSuccessiveCompleteFailures).toBe(1);
      expect(failureLines()).toHaveLength(1);
      await loop.advance(35 * MINUTE);
      job = await loop.job();
      expect(job.status.countSuccessiveCompleteFailures).toBe(2);
      expect(Date.parse(job.status.lastExecution.timeEnded) - failedAt).toBe(40 * MINUTE);
      expect(job.status.code).toBe('Active');

      for (let n = 3; n <= INTERNAL_FAILURE_QUARANTINE_THRESHOLD; n++) await loop.advance(40 * MINUTE);
      job = await loop.job();
      expect(job.status.countSuccessiveCompleteFailures).toBe(INTERNAL_FAILURE_QUARANTINE_THRESHOLD);
      expect(failureLines()).toHaveLength(INTERNAL_FAILURE_QUARANTINE_THRESHOLD);
      expect(job.status.code).toBe('Quarantine');
      expect(job.status.quarantine).toMatchObject({
        reason: 'EncounteredQuarantineException',
        seriesCount: 0,
        error: { code: 'InternalError' },
      });
      expect(Date.parse(job.status.quarantine.nextAttempt) - Date.parse(job.status.quarantine.currentBegan)).toBe(6 * HOUR);
      expect((await emails()).map((m) => m.kind)).toEqual(['quarantineEntered']);

      await db.query(`ALTER TABLE entra.sync_staged_deletes_away RENAME TO sync_staged_deletes`);
      await loop.advance(6 * HOUR);
      job = await loop.job();
      expect(job.status.code).toBe('Active');
      expect(job.status.quarantine).toBeNull();
      expect(job.status.countSuccessiveCompleteFailures).toBe(0);
      expect(job.status.lastExecution).toMatchObject({ state: 'Succeeded', error: null });
      // The attempts resumed the failed cycle where its last page committed: nothing was sent again.
      expect((await loop.takeRequests()).filter((r) => r.method !== 'GET')).toEqual([]);
      expect((await loop.targetUsers()).map((u: any) => u.displayName)).toContain('renamed');
      expect(failureLines()).toHaveLength(INTERNAL_FAILURE_QUARANTINE_THRESHOLD);
    } finally {
      errors.mockRestore();
    }
  });
  it('7. after "Allow deletes" (ForceDeletes) the executed disables are done: later cycles neither count them again, nor trip TooManyDeletes, nor email', async () => {
    loop = await startTestLoop();
    const ids = await provisionUsers(5, 'allow');
    await notifyTo('ops@contoso.com', { DeleteThresholdEnabled: true, DeleteThresholdValue: 3 });
    await loop.cycle();
    await expectTargetUsers('allow', 5);
    const assignments = (await loop.entra.graph('GET', `/servicePrincipals/${loop.spId}/appRoleAssignedTo`)).body.value as any[];
    for (const a of assignments.filter((x) => ids.includes(x.principalId))) {
      expectOk(await loop.entra.graph('DELETE', `/servicePrincipals/${loop.spId}/appRoleAssignedTo/${a.id}`), 204);
    }
    await loop.takeRequests();
    await loop.advance(40 * MINUTE);
    let job = await loop.job();
    expect(job.status.quarantine).toMatchObject({ reason: 'TooManyDeletes' });
    expect((await loop.takeRequests()).filter((r) => r.method !== 'GET')).toEqual([]);
    expect((await emails()).map((m) => m.kind)).toEqual(['quarantineEntered', 'deleteThresholdExceeded']);

    expectOk(await loop.entra.graph('POST', `${loop.jobPath}/restart`, { body: { criteria: { resetScope: 'ForceDeletes' } } }), 204);
    await loop.cycle();
    expect((await loop.takeRequests()).filter((r) => r.method === 'PATCH')).toHaveLength(5);
    for (const u of await expectTargetUsers('allow', 5)) expect(u.active).toBe(false);
    job = await loop.job();
    expect(job.status.code).toBe('Active');

    for (let i = 0; i < 3; i++) {
      await loop.advance(40 * MINUTE);
      job = await loop.job();
      expect({ cycle: i, code: job.status.code, quarantine: job.status.quarantine, state: job.status.lastExecution.state }).toEqual({
        cycle: i,
        code: 'Active',
        quarantine: null,
        state: 'Succeeded',
      });
      expect((await loop.takeRequests()).filter((r) => r.method !== 'GET')).toEqual([]);
    }
    expect((await loop.logs(`provisioningAction eq 'stagedDelete'`)).map((l) => l.sourceIdentity.id).sort()).toEqual([...ids].sort());
    expect((await loop.logs(`provisioningAction eq 'disable'`)).map((l) => l.sourceIdentity.id).sort()).toEqual([...ids].sort());
    expect((await emails()).map((m) => m.kind)).toEqual(['quarantineEntered', 'deleteThresholdExceeded']);
  });
  it('8. disables within the threshold in each cycle never add up across cycles (§6.1: evaluated per cycle)', async () => {
    loop = await startTestLoop();
    const ids = await provisionUsers(6, 'percycle');
    await notifyTo('ops@contoso.com', { DeleteThresholdEnabled: true, DeleteThresholdValue: 3 });
    await loop.cycle();
    const assignments = (await loop.entra.graph('GET', `/servicePrincipals/${loop.spId}/appRoleAssignedTo`)).body.value as any[];
    for (let round = 0; round < 3; round++) {
      for (const id of ids.slice(round * 2, round * 2 + 2)) {
        const a = assignments.find((x) => x.principalId === id);
        expectOk(await loop.entra.graph('DELETE', `/servicePrincipals/${loop.spId}/appRoleAssignedTo/${a.id}`), 204);
      }
      await loop.takeRequests();
      await loop.advance(40 * MINUTE);
      const job = await loop.job();
      expect({ round, code: job.status.code, state: job.status.lastExecution.state }).toEqual({
        round,
        code: 'Active',
        state: 'Succeeded',
      });
      expect((await loop.takeRequests()).filter((r) => r.method === 'PATCH')).toHaveLength(2);
    }
    for (const u of await expectTargetUsers('percycle', 6)) expect(u.active).toBe(false);
    expect(await emails()).toEqual([]);
  });
  it('9. the escrow thresholds tripped by the initial cycle prune the escrows instead of quarantining: escrowsPruned, the job pauses (§5.1)', async () => {
    loop = await startTestLoop({
      jobSettings: [
        { name: 'EscrowThresholdMinFailures', value: '3' },
        { name: 'EscrowThresholdMaxFailurePercent', value: '40' },
      ],
    });
    await provisionUsers(6, 'pruned');
    await fault({ method: 'POST', status: 500, everyNth: 2 });
    await loop.cycle();
    let job = await loop.job();
    expect(job.status.quarantine).toBeNull();
    expect(job.status.escrowsPruned).toBe(true);
    expect(job.status.code).toBe('Paused');
    expect(job.schedule.state).toBe('Paused');
    expect(job.status.lastExecution).toMatchObject({ state: 'EntryLevelErrors', countEscrowedRaw: 3, countEscrowed: 0 });
    expect(job.status.countSuccessiveCompleteFailures).toBe(0);
    expect((await loop.targetUsers()).filter((u: any) => u.userName.startsWith('pruned'))).toHaveLength(3);
    // Paused: nothing runs, the pruned failures are not retried.
    await clearFaults();
    await loop.takeRequests();
    await loop.advance(2 * HOUR);
    expect(await loop.takeRequests()).toEqual([]);

    // The admin cleans up and restarts: the flag is cleared, the next (full) cycle provisions the rest.
    expectOk(await loop.entra.graph('POST', `${loop.jobPath}/restart`, { body: { criteria: { resetScope: 'Full' } } }), 204);
    expectOk(await loop.entra.graph('POST', `${loop.jobPath}/start`), 204);
    await loop.cycle();
    job = await loop.job();
    expect(job.status).toMatchObject({ code: 'Active', escrowsPruned: false, quarantine: null });
    await expectTargetUsers('pruned', 6);
  });
});
