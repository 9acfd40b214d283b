import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@app/platform';
import type { ProfileName } from '@app/scim';
import { loadScimTargetConfig, startScimTarget } from '@app/scim-target';
import { registerSecret } from '../report/mask';

export interface LocalTarget {
  scimBaseUrl: string;
  token: string;
  close(): Promise<void>;
}

/**
 * A provsim SCIM target in this process, on a random port of 127.0.0.1 and an embedded database in a fresh temp
 * directory (removed on close): what `provsim validate` checks when no --target is given.
 */
export async function startLocalTarget(profile: ProfileName): Promise<LocalTarget> {
  const dir = await mkdtemp(join(tmpdir(), 'provsim-validate-'));
  const config = loadScimTargetConfig({
    PROVSIM_DATA_DIR: dir,
    SCIM_PORT: '0',
    HOST: '127.0.0.1',
    SCIM_TARGET_PROFILE: profile,
    LOG_LEVEL: 'silent',
  });
  const target = await startScimTarget(config, createLogger('scim-target', 'silent'));
  registerSecret(target.token);
  registerSecret(target.adminToken);
  return {
    scimBaseUrl: target.scimBaseUrl,
    token: target.token,
    close: async () => {
      await target.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
