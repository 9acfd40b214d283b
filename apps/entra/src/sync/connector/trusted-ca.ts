/**
 * CA certificates the engine's SCIM client trusts on top of Node's own: provsim's local CA when PROVSIM_HTTPS is
 * on, added by createEntraApp, so a job reaches a SCIM target served with that CA's certificate. Only the
 * connectors read it (not fetch, SMTP or anything else in the process), verification stays on, and a connector
 * given `extraCa` in its options uses that instead.
 */
const trusted = new Set<string>();

/** Trusts a CA certificate (PEM) for every SCIM connector opened afterwards. */
export function trustScimServerCa(pem: string): void {
  trusted.add(pem.trim());
}

/** The CA certificates added with trustScimServerCa. */
export function trustedScimServerCas(): string[] {
  return [...trusted];
}
