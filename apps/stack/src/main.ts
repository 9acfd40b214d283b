import { ConfigError, createLogger, installProcessSafetyNet } from '@app/platform';
import { loadEntraConfig, startEntra } from '@app/entra';
import { loadScimTargetConfig, startScimTarget } from '@app/scim-target';
import { ensureDemoJob } from './demo-job';

/**
 * `npm start` (and `provsim start`): every provsim app in one process, each on its own port, talking to each other
 * only over HTTP. Both use the same database (DATABASE_URL, else the embedded one under PROVSIM_DATA_DIR), each in
 * its own schema. Resolves once both listen and the banner is printed; SIGINT/SIGTERM close them and exit.
 */
export async function startStack(processEnv: Record<string, string | undefined> = process.env): Promise<void> {
  // Under npm start the terminal is the newcomer's: warnings and errors only (LOG_LEVEL=info brings the request
  // lines back), so the banner below stays the last thing on screen.
  const env = { LOG_LEVEL: 'warn', ...processEnv };
  const scimConfig = loadScimTargetConfig(env);
  // The whole loop on an accelerated clock unless told otherwise: a 40-minute cycle interval passes in 20 s.
  const logger = createLogger('provsim', scimConfig.LOG_LEVEL);
  installProcessSafetyNet(logger);
  const target = await startScimTarget(scimConfig, logger.child({ app: 'scim-target' }));
  // The portal may call the target's admin API (its Simulator area), so its CSP names the target's origin.
  const entraConfig = loadEntraConfig({
    PROVSIM_CLOCK: 'accelerated:120',
    PROVSIM_PORTAL_CONNECT_SRC: new URL(target.url).origin,
    ...env,
  });
  const entra = await startEntra(entraConfig, logger.child({ app: 'entra' }));
  const id = entra.identity;
  const demo = entraConfig.ENTRA_DEMO_TENANT ? await ensureDemoJob(entra, target.scimBaseUrl, target.token) : null;
  // Both apps serve certificates of the one local CA under PROVSIM_DATA_DIR (each app's ca.pem is the same file).
  const caFile = target.tls?.caFile ?? entra.tls?.caFile;
  const cacert = caFile ? `--cacert ${caFile} ` : '';
  const demoState = demo?.created
    ? 'created and started now'
    : `as configured before${demo?.tenantUrlUpdated ? `, Tenant URL moved to ${new URL(target.url).protocol}//` : ''}`;
  process.stdout.write(
    [
      '',
      'provsim is running (embedded database unless DATABASE_URL is set)',
      '',
      ...(caFile
        ? [
            `  HTTPS (PROVSIM_HTTPS=true) with certificates of a local CA; trust it:`,
            `    Node:  NODE_EXTRA_CA_CERTS=${caFile}`,
            `    curl:  --cacert ${caFile}`,
            '',
          ]
        : []),
      `  Admin portal`,
      `    Portal:   ${entra.url}/portal/`,
      // The token rides in the fragment, which browsers never send: no request line or server log can hold it.
      // …and so does the SCIM target's admin API (its URL and token), for the portal's Simulator area.
      `    Sign in:  ${entra.url}/portal/#${new URLSearchParams({ token: id.adminToken, target: target.url, targetToken: target.adminToken })}`,
      '',
      `  Entra tenant (Graph-compatible API)`,
      `    Graph base URL:  ${entra.graphUrl}   (Authorization: Bearer ${id.adminToken})`,
      `    Tenant id:       ${id.tenantId}`,
      `    Clock:           ${entraConfig.PROVSIM_CLOCK}  (GET/POST ${entra.url}/sim/clock[/advance])`,
      `    Token endpoint:  ${entra.url}/${id.tenantId}/oauth2/v2.0/token`,
      `                     client_id ${id.clientId}  client_secret ${id.clientSecret}`,
      '',
      ...(demo
        ? [
            `  Provisioning job (demo Kintone app → this SCIM target, ${demoState})`,
            `    Job:      ${entra.graphUrl}/servicePrincipals/${demo.servicePrincipalId}/synchronization/jobs/${demo.jobId}`,
            `    Logs:     ${entra.graphUrl}/auditLogs/provisioning`,
            '',
          ]
        : []),
      `  SCIM target (${scimConfig.SCIM_TARGET_PROFILE} profile, default tenant)`,
      `    Tenant URL:   ${target.scimBaseUrl}`,
      `    Secret Token: ${target.token}`,
      `    Admin API:    ${target.url}/admin/tenants   (Authorization: Bearer ${target.adminToken})`,
      '',
      `  Try: curl ${cacert}-H "Authorization: Bearer ${target.token}" ${target.scimBaseUrl}/Users`,
      `       curl ${cacert}-H "Authorization: Bearer ${id.adminToken}" ${entra.graphUrl}/users`,
      '',
    ].join('\n') + '\n',
  );
  const stop = () => void Promise.all([entra.close(), target.close()]).then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  startStack().catch((error: unknown) => {
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`provsim failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
