import { Agent, fetch } from 'undici';
import { secureContextTrusting } from '@app/platform';
import type { RunningEntra } from '@app/entra';

/** The few fields of Graph answers this reads. */
interface GraphBody {
  id: string;
  value?: { id: string; key?: string; value?: string }[];
}

export interface DemoJob {
  servicePrincipalId: string;
  jobId: string;
  created: boolean;
  /** An existing job's Tenant URL was moved to the target's scheme (PROVSIM_HTTPS switched since it was saved). */
  tenantUrlUpdated?: boolean;
}

/** The same address with the other scheme: what a job saved before PROVSIM_HTTPS was switched points to. */
export function onlySchemeDiffers(saved: string, current: string): boolean {
  try {
    const a = new URL(saved);
    const b = new URL(current);
    return (
      a.protocol !== b.protocol &&
      [a, b].every((u) => u.protocol === 'http:' || u.protocol === 'https:') &&
      a.host === b.host &&
      a.pathname === b.pathname &&
      a.search === b.search
    );
  } catch {
    return false;
  }
}

/**
 * Wires the demo tenant's Kintone app to the local SCIM target: a provisioning job with the target's Tenant URL and
 * Secret Token, started. Done through the tenant's own Graph API (the stack is a client like any other, trusting
 * the local CA when PROVSIM_HTTPS is on); a job that already exists is left as the admin last set it, except that a
 * Tenant URL naming this target with the other scheme follows PROVSIM_HTTPS.
 */
export async function ensureDemoJob(entra: RunningEntra, tenantUrl: string, secretToken: string): Promise<DemoJob | null> {
  const dispatcher = entra.tls ? new Agent({ connect: { secureContext: secureContextTrusting([entra.tls.ca]) } }) : undefined;
  const graph = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: GraphBody }> => {
    const res = await fetch(`${entra.graphUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${entra.identity.adminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      dispatcher,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as GraphBody };
  };
  try {
    return await wire(graph, tenantUrl, secretToken);
  } finally {
    await dispatcher?.close();
  }
}

type Graph = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: GraphBody }>;

async function wire(graph: Graph, tenantUrl: string, secretToken: string): Promise<DemoJob | null> {
  const sps = await graph('GET', `/servicePrincipals?$filter=${encodeURIComponent("displayName eq 'Kintone'")}`);
  const sp = sps.body.value?.[0];
  if (!sp) return null;
  const jobs = await graph('GET', `/servicePrincipals/${sp.id}/synchronization/jobs`);
  const existing = jobs.body.value?.[0];
  if (existing) {
    const tenantUrlUpdated = await followScheme(graph, sp.id, tenantUrl);
    return { servicePrincipalId: sp.id, jobId: existing.id, created: false, ...(tenantUrlUpdated ? { tenantUrlUpdated } : {}) };
  }
  const job = await graph('POST', `/servicePrincipals/${sp.id}/synchronization/jobs`, { templateId: 'kintone' });
  if (job.status !== 201) throw new Error(`creating the demo job failed: ${job.status} ${JSON.stringify(job.body)}`);
  const secrets = await graph('PUT', `/servicePrincipals/${sp.id}/synchronization/secrets`, {
    value: [
      { key: 'BaseAddress', value: tenantUrl },
      { key: 'SecretToken', value: secretToken },
    ],
  });
  if (secrets.status !== 204)
    throw new Error(`saving the demo job's credentials failed: ${secrets.status} ${JSON.stringify(secrets.body)}`);
  const started = await graph('POST', `/servicePrincipals/${sp.id}/synchronization/jobs/${job.body.id}/start`);
  if (started.status !== 204) throw new Error(`starting the demo job failed: ${started.status} ${JSON.stringify(started.body)}`);
  return { servicePrincipalId: sp.id, jobId: job.body.id, created: true };
}

/** Saves the secrets back with BaseAddress on the target's scheme when only the scheme differs (masked values are kept). */
async function followScheme(graph: Graph, spId: string, tenantUrl: string): Promise<boolean> {
  const read = await graph('GET', `/servicePrincipals/${spId}/synchronization/secrets`);
  const pairs = read.body.value ?? [];
  const base = pairs.find((p) => p.key === 'BaseAddress');
  if (read.status !== 200 || base?.value === undefined || !onlySchemeDiffers(base.value, tenantUrl)) return false;
  const value = pairs.map((p) => (p === base ? { key: p.key, value: tenantUrl } : { key: p.key, value: p.value }));
  const saved = await graph('PUT', `/servicePrincipals/${spId}/synchronization/secrets`, { value });
  if (saved.status !== 204)
    throw new Error(`moving the demo job's Tenant URL to ${tenantUrl} failed: ${saved.status} ${JSON.stringify(saved.body)}`);
  return true;
}
