/**
 * The CA certificates (PEM) the engine's SCIM connectors trust on top of Node's own: provsim's local CA when
 * PROVSIM_HTTPS is on (createEntraApp hands it to EntraModule.forRoot), else none. Injected where connectors are
 * opened — the engine, provision on demand, Test Connection — so only they trust it (not fetch, SMTP or anything
 * else in the process), and verification stays on.
 */
export const SCIM_TRUSTED_CA = Symbol('SCIM_TRUSTED_CA');
export type ScimTrustedCa = readonly string[];
