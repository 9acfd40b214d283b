import { createTestDatabase, TestDatabase } from '@app/persistence';
import { createLogger } from '@app/platform';
import { httpRequest, TestRequestOptions, TestResponse } from '@app/testing';
import { loadScimTargetConfig, RunningScimTarget, startScimTarget } from '../src/bootstrap';

export interface TestScimTarget extends RunningScimTarget {
  db: TestDatabase;
  /** Request relative to the default tenant's SCIM base (`/Users`…), with its token unless one is given. */
  scim<T = any>(method: string, path: string, options?: TestRequestOptions): Promise<TestResponse<T>>;
  /** Request relative to the app root (`/admin/tenants`…), with the admin token unless one is given. */
  admin<T = any>(method: string, path: string, options?: TestRequestOptions): Promise<TestResponse<T>>;
  stop(): Promise<void>;
}

/** Boots the SCIM target on a random port against a fresh database (PostgreSQL when DATABASE_URL is set, else PGlite in memory). */
export async function startTestScimTarget(env: Record<string, string> = {}): Promise<TestScimTarget> {
  const db = await createTestDatabase();
  const config = loadScimTargetConfig({
    SCIM_PORT: '0',
    PROVSIM_DATA_DIR: db.dataDir,
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    LOG_LEVEL: 'silent',
    ...env,
  });
  let target: RunningScimTarget;
  try {
    target = await startScimTarget(config, createLogger('scim-target-test', config.LOG_LEVEL));
  } catch (error) {
    await db.drop();
    throw error;
  }
  return {
    ...target,
    db,
    scim: (method, path, options = {}) =>
      httpRequest(method, `${target.scimBaseUrl}${path}`, { token: target.token, ca: target.tls?.ca, ...options }),
    admin: (method, path, options = {}) =>
      httpRequest(method, `${target.url}${path}`, { token: target.adminToken, ca: target.tls?.ca, ...options }),
    stop: async () => {
      await target.close();
      await db.drop();
    },
  };
}
