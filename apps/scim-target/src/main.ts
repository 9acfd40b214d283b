import { ConfigError, createLogger, installProcessSafetyNet } from '@app/platform';
import { loadScimTargetConfig, startScimTarget } from './bootstrap';

/** `npm run start:scim-target`: the SCIM target alone. */
async function main(): Promise<void> {
  const config = loadScimTargetConfig();
  const logger = createLogger('scim-target', config.LOG_LEVEL);
  installProcessSafetyNet(logger);
  const target = await startScimTarget(config, logger);
  process.stdout.write(
    [
      '',
      'provsim SCIM target is running',
      `  SCIM base URL (default tenant, ${config.SCIM_TARGET_PROFILE}): ${target.scimBaseUrl}`,
      `  SCIM bearer token: ${target.token}`,
      `  Admin API: ${target.url}/admin/tenants  (bearer ${target.adminToken})`,
      ...(target.tls
        ? [`  HTTPS with a local CA; trust it: NODE_EXTRA_CA_CERTS=${target.tls.caFile} (Node), curl --cacert ${target.tls.caFile}`]
        : []),
      `  Try: curl ${target.tls ? `--cacert ${target.tls.caFile} ` : ''}-H "Authorization: Bearer ${target.token}" ${target.scimBaseUrl}/Users`,
      '',
    ].join('\n') + '\n',
  );
  const stop = () => void target.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`scim-target failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  }
  process.exit(1);
});
