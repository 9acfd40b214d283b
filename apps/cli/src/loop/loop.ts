import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger } from '@app/platform';
import { loadEntraConfig, startEntra, type RunningEntra } from '@app/entra';
import { applicationTemplateFor } from '@app/entra/applications/templates';
import { builtInTemplate } from '@app/provisioning-core';
import { DEFAULT_PROFILE, getProfile, type ProfileName } from '@app/scim';
import { loadScimTargetConfig, startScimTarget, type RunningScimTarget } from '@app/scim-target';

/** Entra's interval between incremental cycles (reference §1.1). */
export const CYCLE_INTERVAL_MS = 40 * 60_000;

/** A SCIM target profile (libs/scim/src/profiles): the app, and the Entra app it is provisioned from. */
export type LoopProfile = ProfileName;

export interface LoopOptions {
  /** SCIM base URL of the app; absent: a local in-process SCIM target is started. */
  targetUrl?: string;
  /** Bearer token of that app (required with targetUrl). */
  token?: string;
  /** The app's profile, which names the Entra app the job is created on (default kintone: the Kintone gallery app). */
  profile?: LoopProfile;
  /**
   * PostgreSQL URL for the tenant (and the local target, each in its own schema); absent: one embedded PGlite
   * database shared by both apps as under `npm start`, in memory with the local target, else in a temp dir removed by
   * close().
   */
  database?: string;
  /** Appended to the Tenant URL, e.g. '?aadOptscim062020'. */
  urlSuffix?: string;
  /** Extra engine settings (SYNC_CONCURRENCY, SYNC_PAGE_SIZE…). */
  entraEnv?: Record<string, string>;
  /** synchronizationJobSettings given when the job is created. */
  jobSettings?: { name: string; value: string }[];
  /** Start the job at once (default true); its initial cycle runs at the first runCycle(). */
  start?: boolean;
  /** Called with a live object before the job is created (seed the tenant in-process, e.g. SeedService). */
  beforeJob?: (loop: Pick<Loop, 'tenant' | 'spId' | 'graph'>) => Promise<void>;
}

/** A parsed JSON answer, read by property as the wire defines it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON off the wire
export type Json = any;

export interface GraphAnswer<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

/** The local SCIM target (only when no target URL was given): its admin API, for faults and token rotation. */
export interface LocalTarget {
  running: RunningScimTarget;
  /** Request to the target's admin API (`/admin/tenants/default/faults`…), with the admin token. */
  admin<T = Json>(method: string, path: string, body?: unknown): Promise<GraphAnswer<T>>;
  /**
   * Like Loop.scim(), answered in process (Fastify inject: the same gateway, faults included, without the socket).
   * Not while a fault may drop connections: a dropped request has no socket to close and never answers.
   */
  scimInProcess<T = Json>(method: string, path: string, body?: unknown): Promise<GraphAnswer<T>>;
}

export interface Loop {
  tenant: {
    /** e.g. http://127.0.0.1:41234 */
    url: string;
    /** Graph base, e.g. http://127.0.0.1:41234/v1.0 */
    graphUrl: string;
    adminToken: string;
    app: NestFastifyApplication;
    running: RunningEntra;
  };
  target: {
    /** SCIM base URL the job points at. */
    url: string;
    /** Current bearer token of the target (changes when the local target's token is rotated). */
    token: string;
    local: LocalTarget | null;
  };
  profile: LoopProfile;
  spId: string;
  jobId: string;
  /** /servicePrincipals/{sp}/synchronization/jobs/{job} */
  jobPath: string;
  /** Graph request relative to the Graph base, with the admin token. Never throws on an HTTP status. */
  graph<T = Json>(method: string, path: string, body?: unknown): Promise<GraphAnswer<T>>;
  /** Like graph(), but throws unless the answer has one of the expected statuses. */
  graphOk<T = Json>(method: string, path: string, body?: unknown, expected?: number[]): Promise<T>;
  /** SCIM request to the target (relative to its base URL) with its current token. */
  scim<T = Json>(method: string, path: string, body?: unknown): Promise<GraphAnswer<T>>;
  /** Moves simulated time and waits for what became due (purges, cycles). Returns the new simulated time. */
  advance(ms: number): Promise<Date>;
  /**
   * One cycle slot: the first call runs what is due now (the initial cycle of a started job), later calls move the
   * clock one interval (40 simulated minutes) and run the incremental cycle that became due.
   */
  runCycle(): Promise<Date>;
  now(): Promise<Date>;
  /** The job as Graph shows it (status, schedule…). */
  job(): Promise<Json>;
  /** provisionOnDemand for one user or group (with up to five members). */
  provisionOnDemand(objectId: string, objectTypeName?: 'User' | 'Group', members?: string[]): Promise<GraphAnswer>;
  /** Saves the Tenant URL and token as an admin does on the Provisioning page (the secret of the service principal). */
  setCredentials(url: string, token: string): Promise<void>;
  /** Local target only: a new token for the target's default tenant (the job's saved token is then wrong). */
  rotateTargetToken(): Promise<string>;
  close(): Promise<void>;
}

/** What the loop creates on the Entra side for a profile: the application template, the job's template and its rule. */
function entraAppOf(profile: LoopProfile): {
  applicationTemplateId: string;
  synchronizationTemplateId: string;
  displayName: string;
  ruleId: string;
} {
  const { synchronizationTemplateId, appDisplayName } = getProfile(profile).entra;
  const application = applicationTemplateFor(synchronizationTemplateId);
  const ruleId = builtInTemplate(synchronizationTemplateId)?.synchronizationRules[0]?.id;
  if (!application || !ruleId)
    throw new Error(`profile ${profile}: no Entra app offers synchronization template '${synchronizationTemplateId}'`);
  return { applicationTemplateId: application.id, synchronizationTemplateId, displayName: appDisplayName, ruleId };
}

async function call(url: string, method: string, token: string, body: unknown, contentType = 'application/json'): Promise<GraphAnswer> {
  const res = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': contentType }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON: keep the text */
    }
  } else parsed = null;
  return { status: res.status, body: parsed, headers: res.headers };
}

/**
 * A request answered by an app of this process through Fastify's inject: the same routing, hooks, guards, validation
 * and handlers as over the socket, without the socket (about a millisecond less per request, which a soak of
 * thousands of Graph requests adds up). Only for apps the loop started itself.
 */
async function inject(
  app: NestFastifyApplication,
  path: string,
  method: string,
  token: string,
  body: unknown,
  contentType = 'application/json',
): Promise<GraphAnswer> {
  const res = await app
    .getHttpAdapter()
    .getInstance()
    .inject({
      method: method as 'GET',
      url: path,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': contentType }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, String(v));
  }
  let parsed: unknown = null;
  if (res.body) {
    try {
      parsed = JSON.parse(res.body);
    } catch {
      parsed = res.body;
    }
  }
  return { status: res.statusCode, body: parsed, headers };
}

/**
 * The provisioning loop in this process: the simulated tenant and engine (manual clock, cycles only when the clock
 * is advanced), a provisioning job on the Entra app its profile pairs with (libs/scim/src/profiles), pointed at a SCIM
 * target (the local one in this process unless a URL is given).
 */
export async function startLoop(options: LoopOptions = {}): Promise<Loop> {
  const profile = options.profile ?? DEFAULT_PROFILE;
  if (options.targetUrl && !options.token) throw new Error('a target URL needs its token');
  const entraApp = entraAppOf(profile);
  const logger = createLogger('provsim', 'silent');
  // With the local target, every app on the embedded database is the loop's own: it lives in memory (started from the
  // blank-cluster tarball, no files written), which runs a soak's queries about a third faster than a data directory.
  // With a given target the loop keeps a directory of its own: the process may hold another in-memory database (a
  // test's target), which the loop's tenant would otherwise share.
  const inMemory = !options.database && !options.targetUrl;
  const dataDir = options.database || inMemory ? null : await mkdtemp(join(tmpdir(), 'provsim-loop-'));
  const databaseEnv: Record<string, string> = options.database
    ? { DATABASE_URL: options.database }
    : { PROVSIM_DATA_DIR: inMemory ? 'memory' : dataDir! };
  const cleanup: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
  try {
    let local: LocalTarget | null = null;
    let targetUrl = options.targetUrl;
    let targetToken = options.token ?? '';
    if (!targetUrl) {
      const running = await startScimTarget(
        loadScimTargetConfig({ SCIM_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SCIM_TARGET_PROFILE: profile, ...databaseEnv }),
        logger,
      );
      cleanup.push(() => running.close());
      const scimPath = new URL(running.scimBaseUrl).pathname.replace(/\/$/, '');
      local = {
        running,
        admin: (method, path, body) => call(`${running.url}${path}`, method, running.adminToken, body),
        scimInProcess: (method, path, body) =>
          inject(running.app, `${scimPath}${path}`, method, target.token, body, 'application/scim+json'),
      };
      targetUrl = running.scimBaseUrl;
      targetToken = running.token;
    }
    const entra = await startEntra(
      loadEntraConfig({
        ENTRA_PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        ENTRA_DEMO_TENANT: 'false',
        PROVSIM_CLOCK: 'manual',
        SYNC_TICK_MS: '0',
        ...databaseEnv,
        ...options.entraEnv,
      }),
      logger,
    );
    cleanup.push(() => entra.close());
    const adminToken = entra.identity.adminToken;
    const graphPath = new URL(entra.graphUrl).pathname;
    const graph = (method: string, path: string, body?: unknown) => inject(entra.app, `${graphPath}${path}`, method, adminToken, body);
    const graphOk = async (method: string, path: string, body?: unknown, expected = [200, 201, 204]) => {
      const res = await graph(method, path, body);
      if (!expected.includes(res.status)) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const instantiated = await graphOk('POST', `/applicationTemplates/${entraApp.applicationTemplateId}/instantiate`, {
      displayName: entraApp.displayName,
    });
    const spId: string = instantiated.servicePrincipal.id;
    const tenant = { url: entra.url, graphUrl: entra.graphUrl, adminToken, app: entra.app, running: entra };
    await options.beforeJob?.({ tenant, spId, graph });
    const created = await graphOk('POST', `/servicePrincipals/${spId}/synchronization/jobs`, {
      templateId: entraApp.synchronizationTemplateId,
      ...(options.jobSettings ? { synchronizationJobSettings: options.jobSettings } : {}),
    });
    const jobId: string = created.id;
    const jobPath = `/servicePrincipals/${spId}/synchronization/jobs/${jobId}`;
    const target: Loop['target'] = { url: targetUrl, token: targetToken, local };
    const setCredentials = async (url: string, token: string) => {
      await graphOk('PUT', `/servicePrincipals/${spId}/synchronization/secrets`, {
        value: [
          { key: 'BaseAddress', value: `${url}${options.urlSuffix ?? ''}` },
          { key: 'SecretToken', value: token },
        ],
      });
    };
    await setCredentials(targetUrl, targetToken);
    if (options.start !== false) await graphOk('POST', `${jobPath}/start`);

    let cycles = 0;
    const advance = async (ms: number) => {
      const res = await inject(entra.app, '/sim/clock/advance', 'POST', adminToken, { ms });
      if (res.status !== 200) throw new Error(`advancing the clock answered ${res.status}: ${JSON.stringify(res.body)}`);
      return new Date(res.body.now);
    };
    const loop: Loop = {
      tenant,
      target,
      profile,
      spId,
      jobId,
      jobPath,
      graph,
      graphOk,
      scim: (method, path, body) => call(`${target.url}${path}`, method, target.token, body, 'application/scim+json'),
      advance,
      runCycle: () => advance(cycles++ === 0 ? 0 : CYCLE_INTERVAL_MS),
      now: async () => {
        const res = await inject(entra.app, '/sim/clock', 'GET', adminToken, undefined);
        return new Date(res.body.now);
      },
      job: () => graphOk('GET', jobPath),
      provisionOnDemand: (objectId, objectTypeName = 'User', members = []) =>
        graph('POST', `${jobPath}/provisionOnDemand`, {
          parameters: [
            {
              ruleId: entraApp.ruleId,
              subjects: [
                {
                  objectId,
                  objectTypeName,
                  ...(members.length ? { links: { members: members.map((m) => ({ objectId: m, objectTypeName: 'User' })) } } : {}),
                },
              ],
            },
          ],
        }),
      setCredentials,
      rotateTargetToken: async () => {
        if (!local) throw new Error('only the local target can rotate its token');
        const res = await local.admin('POST', '/admin/tenants/default/token', {});
        if (res.status !== 201) throw new Error(`rotating the target token answered ${res.status}`);
        target.token = res.body.token;
        return target.token;
      },
      close: closeAll,
    };
    return loop;
  } catch (error) {
    await closeAll();
    throw error;
  }
}
