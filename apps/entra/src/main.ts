import { ConfigError, createLogger, installProcessSafetyNet } from '@app/platform';
import { loadEntraConfig, startEntra } from './bootstrap';

/** `npm run start:entra`: the simulated Entra tenant alone. */
async function main(): Promise<void> {
  const config = loadEntraConfig();
  const logger = createLogger('entra', config.LOG_LEVEL);
  installProcessSafetyNet(logger);
  const entra = await startEntra(config, logger);
  const id = entra.identity;
  process.stdout.write(
    [
      '',
      'provsim Entra tenant is running',
      `  Graph API:     ${entra.graphUrl}   (Authorization: Bearer ${id.adminToken})`,
      `  Tenant id:     ${id.tenantId}`,
      `  Token endpoint: ${entra.url}/${id.tenantId}/oauth2/v2.0/token  (client_id ${id.clientId}, client_secret ${id.clientSecret})`,
      ...(entra.tls
        ? [`  HTTPS with a local CA; trust it: NODE_EXTRA_CA_CERTS=${entra.tls.caFile} (Node), curl --cacert ${entra.tls.caFile}`]
        : []),
      '',
    ].join('\n') + '\n',
  );
  const stop = () => void entra.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`entra failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
