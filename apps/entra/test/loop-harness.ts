import { httpRequest, TestResponse } from '@app/testing';
import { startTestScimTarget, TestScimTarget } from '../../scim-target/test/harness';
import { DEFAULT_PROFILE, getProfile, type ProfileName } from '@app/scim';
import { applicationTemplateFor } from '../src/applications/templates';
import { newUser, startTestEntra, TestEntra } from './harness';

/** Both apps on random ports, a manual clock, and one provisioning job wired from the tenant to the target. */
export interface TestLoop {
  entra: TestEntra;
  target: TestScimTarget;
  spId: string;
  jobId: string;
  /** The job's Graph path: /servicePrincipals/{sp}/synchronization/jobs/{job} */
  jobPath: string;
  /** Moves simulated time and waits for the cycles that became due. */
  advance(ms: number): Promise<void>;
  /** Runs what is due now (a zero advance). */
  cycle(): Promise<void>;
  /** Requests the target received since the last call, oldest first, without the bodies' noise. */
  takeRequests(): Promise<{ method: string; url: string; status: number; body?: any }[]>;
  createUser(upn: string, extra?: Record<string, unknown>): Promise<string>;
  assign(principalId: string): Promise<string>;
  job(): Promise<any>;
  logs(filter?: string): Promise<any[]>;
  targetUsers(): Promise<any[]>;
  /** GET on the target's SCIM API by the test itself; kept out of takeRequests(). */
  readTarget(path: string): Promise<TestResponse>;
  stop(): Promise<void>;
}

export interface LoopOptions {
  /** SCIM target profile (libs/scim/src/profiles; kintone: users only; generic: users, groups, enterprise extension). */
  profile?: ProfileName;
  entraEnv?: Record<string, string>;
  /** Tenant URL suffix, e.g. '?aadOptscim062020'. */
  urlSuffix?: string;
  start?: boolean;
  /** synchronizationJobSettings given when the job is created (provsim's escrow threshold settings). */
  jobSettings?: { name: string; value: string }[];
  /** Both apps over HTTPS (PROVSIM_HTTPS=true, one local CA): the job's Tenant URL is then an https URL. */
  https?: boolean;
}

export function expectOk(res: TestResponse, status: number): void {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
}

export async function startTestLoop(options: LoopOptions = {}): Promise<TestLoop> {
  const profile = options.profile ?? DEFAULT_PROFILE;
  const { synchronizationTemplateId, appDisplayName } = getProfile(profile).entra;
  const https: Record<string, string> = options.https ? { PROVSIM_HTTPS: 'true' } : {};
  const target = await startTestScimTarget({ SCIM_TARGET_PROFILE: profile, ...https });
  const entra = await startTestEntra({ PROVSIM_CLOCK: 'manual', SYNC_TICK_MS: '0', ...https, ...options.entraEnv });
  const applicationTemplateId = applicationTemplateFor(synchronizationTemplateId)?.id;
  const instantiated = await entra.graph('POST', `/applicationTemplates/${applicationTemplateId}/instantiate`, {
    body: { displayName: appDisplayName },
  });
  expectOk(instantiated, 201);
  const spId: string = instantiated.body.servicePrincipal.id;
  const created = await entra.graph('POST', `/servicePrincipals/${spId}/synchronization/jobs`, {
    body: {
      templateId: synchronizationTemplateId,
      ...(options.jobSettings ? { synchronizationJobSettings: options.jobSettings } : {}),
    },
  });
  expectOk(created, 201);
  const jobId: string = created.body.id;
  const jobPath = `/servicePrincipals/${spId}/synchronization/jobs/${jobId}`;
  expectOk(
    await entra.graph('PUT', `/servicePrincipals/${spId}/synchronization/secrets`, {
      body: {
        value: [
          { key: 'BaseAddress', value: `${target.scimBaseUrl}${options.urlSuffix ?? ''}` },
          { key: 'SecretToken', value: target.token },
        ],
      },
    }),
    204,
  );
  if (options.start !== false) expectOk(await entra.graph('POST', `${jobPath}/start`), 204);
  let seen = 0;
  const loop: TestLoop = {
    entra,
    target,
    spId,
    jobId,
    jobPath,
    advance: async (ms) => expectOk(await httpAdvance(entra, ms), 200),
    cycle: async () => expectOk(await httpAdvance(entra, 0), 200),
    takeRequests: async () => {
      const res = await target.admin('GET', '/admin/tenants/default/requests?limit=10000');
      const all = (res.body.requests as any[]).slice().reverse();
      const fresh = all.slice(seen);
      seen = all.length;
      return fresh.map((r) => ({
        method: r.method,
        url: decodeURIComponent(r.url.replace(/^.*?\/scim\/v2/, '')),
        status: r.status,
        ...(r.body !== undefined ? { body: r.body } : {}),
      }));
    },
    createUser: async (upn, extra = {}) => {
      const res = await entra.graph('POST', '/users', { body: newUser(upn, extra) });
      expectOk(res, 201);
      return res.body.id;
    },
    assign: async (principalId) => {
      const res = await entra.graph('POST', `/servicePrincipals/${spId}/appRoleAssignedTo`, {
        body: { principalId, resourceId: spId, appRoleId: '00000000-0000-0000-0000-000000000000' },
      });
      expectOk(res, 201);
      return res.body.id;
    },
    job: async () => (await entra.graph('GET', jobPath)).body,
    logs: async (filter) => {
      const out: any[] = [];
      let next: string | undefined = `/auditLogs/provisioning?$top=500${filter ? `&$filter=${encodeURIComponent(filter)}` : ''}`;
      while (next) {
        const res: TestResponse = await entra.graph('GET', next.replace(entra.graphUrl, ''));
        expectOk(res, 200);
        out.push(...res.body.value);
        next = res.body['@odata.nextLink'];
      }
      return out;
    },
    targetUsers: async () => (await loop.readTarget('/Users?count=1000')).body.Resources ?? [],
    readTarget: async (path) => {
      // Requests not yet taken are dropped: take them first when they matter.
      await loop.takeRequests();
      const res = await target.scim('GET', path);
      await loop.takeRequests();
      return res;
    },
    stop: async () => {
      await entra.stop();
      await target.stop();
    },
  };
  await loop.takeRequests();
  return loop;
}

function httpAdvance(entra: TestEntra, ms: number): Promise<TestResponse> {
  return httpRequest('POST', `${entra.url}/sim/clock/advance`, {
    token: entra.identity.adminToken,
    contentType: 'application/json',
    body: { ms },
    ca: entra.tls?.ca,
  });
}
