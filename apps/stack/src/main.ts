import { ConfigError, createLogger } from '@app/platform';
import { loadScimTargetConfig, startScimTarget } from '@app/scim-target';

/**
 * `npm start`: every provsim app in one process, each on its own port, talking to each other only over HTTP.
 * (The simulated Entra tenant and provisioning service join here as they land.)
 */
async function main(): Promise<void> {
  const scimConfig = loadScimTargetConfig();
  const logger = createLogger('provsim', scimConfig.LOG_LEVEL);
  const target = await startScimTarget(scimConfig, logger.child({ app: 'scim-target' }));
  process.stdout.write(
    [
      '',
      'provsim is running (embedded database unless DATABASE_URL is set)',
      '',
      `  SCIM target (${scimConfig.SCIM_TARGET_PROFILE} profile, default tenant)`,
      `    Tenant URL:   ${target.scimBaseUrl}`,
      `    Secret Token: ${target.token}`,
      `    Admin API:    ${target.url}/admin/tenants   (Authorization: Bearer ${target.adminToken})`,
      '',
      `  Try: curl -H "Authorization: Bearer ${target.token}" ${target.scimBaseUrl}/Users`,
      '',
    ].join('\n') + '\n',
  );
  const stop = () => void target.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`provsim failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
