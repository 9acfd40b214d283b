import { createTestDatabase, TestDatabase } from '@app/persistence';
import { createLogger } from '@app/platform';
import { httpRequest, TestRequestOptions, TestResponse } from '@app/testing';
import { loadEntraConfig, RunningEntra, startEntra } from '../src/bootstrap';

export interface TestEntra extends RunningEntra {
  db: TestDatabase;
  /** Request relative to the Graph base (`/users`…), with the admin token unless one is given. */
  graph<T = any>(method: string, path: string, options?: TestRequestOptions): Promise<TestResponse<T>>;
  stop(): Promise<void>;
}

export async function startTestEntra(env: Record<string, string> = {}): Promise<TestEntra> {
  const db = await createTestDatabase();
  const config = loadEntraConfig({
    ENTRA_PORT: '0',
    PROVSIM_DATA_DIR: db.dataDir,
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    LOG_LEVEL: 'silent',
    ENTRA_DEMO_TENANT: 'false',
    ...env,
  });
  const entra = await startEntra(config, createLogger('entra-test', config.LOG_LEVEL));
  return {
    ...entra,
    db,
    graph: (method, path, options = {}) =>
      httpRequest(method, `${entra.graphUrl}${path}`, {
        token: entra.identity.adminToken,
        contentType: 'application/json',
        ca: entra.tls?.ca,
        ...options,
      }),
    stop: async () => {
      await entra.close();
      await db.drop();
    },
  };
}

export function newUser(upn: string, extra: Record<string, unknown> = {}) {
  return {
    accountEnabled: true,
    displayName: upn.split('@')[0],
    mailNickname: upn.split('@')[0].replace(/[^A-Za-z0-9]/g, ''),
    userPrincipalName: upn,
    passwordProfile: { forceChangePasswordNextSignIn: true, password: 'xWwvJ]6NMw+bWH-d' },
    ...extra,
  };
}
