import type { RunningEntra } from '@app/entra';

/** The few fields of Graph answers this reads. */
interface GraphBody {
  id: string;
  value?: { id: string }[];
}

export interface DemoJob {
  servicePrincipalId: string;
  jobId: string;
  created: boolean;
}

/**
 * Wires the demo tenant's Kintone app to the local SCIM target: a provisioning job with the target's Tenant URL and
 * Secret Token, started. Done through the tenant's own Graph API (the stack is a client like any other); a job that
 * already exists is left as the admin last set it.
 */
export async function ensureDemoJob(entra: RunningEntra, tenantUrl: string, secretToken: string): Promise<DemoJob | null> {
  const graph = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: GraphBody }> => {
    const res = await fetch(`${entra.graphUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${entra.identity.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as GraphBody };
  };
  const sps = await graph('GET', `/servicePrincipals?$filter=${encodeURIComponent("displayName eq 'Kintone'")}`);
  const sp = sps.body.value?.[0];
  if (!sp) return null;
  const jobs = await graph('GET', `/servicePrincipals/${sp.id}/synchronization/jobs`);
  const existing = jobs.body.value?.[0];
  if (existing) return { servicePrincipalId: sp.id, jobId: existing.id, created: false };
  const job = await graph('POST', `/servicePrincipals/${sp.id}/synchronization/jobs`, { templateId: 'kintone' });
  if (job.status !== 201) throw new Error(`creating the demo job failed: ${job.status} ${JSON.stringify(job.body)}`);
  const secrets = await graph('PUT', `/servicePrincipals/${sp.id}/synchronization/secrets`, {
    value: [
      { key: 'BaseAddress', value: tenantUrl },
      { key: 'SecretToken', value: secretToken },
    ],
  });
  if (secrets.status !== 204) throw new Error(`saving the demo job's credentials failed: ${secrets.status} ${JSON.stringify(secrets.body)}`);
  const started = await graph('POST', `/servicePrincipals/${sp.id}/synchronization/jobs/${job.body.id}/start`);
  if (started.status !== 204) throw new Error(`starting the demo job failed: ${started.status} ${JSON.stringify(started.body)}`);
  return { servicePrincipalId: sp.id, jobId: job.body.id, created: true };
}
