import { randomBytes } from 'node:crypto';

/**
 * Job ids as Entra shows them: `<templateId>.<tenant id, 32 hex digits>.<32 hex digits>`
 * (e.g. `scim.0b7f…e4.9c2d…10`; reference §8.1).
 */
export function newJobId(templateId: string, tenantId: string, random: () => Buffer = () => randomBytes(16)): string {
  const tenant = tenantId.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(tenant)) throw new Error('tenant id must be a GUID');
  if (!/^[A-Za-z0-9_-]+$/.test(templateId)) throw new Error('template id must be a plain identifier');
  const suffix = random().toString('hex');
  if (!/^[0-9a-f]{32}$/.test(suffix)) throw new Error('random suffix must be 16 bytes');
  return `${templateId}.${tenant}.${suffix}`;
}

const JOB_ID = /^([A-Za-z0-9_-]+)\.([0-9a-f]{32})\.([0-9a-f]{32})$/;

/** The parts of a job id, or null when the text is not one. */
export function parseJobId(id: string): { templateId: string; tenant: string; suffix: string } | null {
  const match = JOB_ID.exec(id);
  return match ? { templateId: match[1], tenant: match[2], suffix: match[3] } : null;
}
