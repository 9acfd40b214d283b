import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';

/**
 * Node's default trust: its bundled roots plus NODE_EXTRA_CA_CERTS (and the system store under --use-system-ca
 * where Node offers tls.getCACertificates). Needed because a `ca` option replaces the defaults instead of adding
 * to them.
 */
export function defaultCaCertificates(): string[] {
  const getCACertificates = (tls as { getCACertificates?: (type?: 'default') => string[] }).getCACertificates;
  if (typeof getCACertificates === 'function') return getCACertificates('default');
  const extraFile = process.env.NODE_EXTRA_CA_CERTS;
  let extra: string[] = [];
  if (extraFile) {
    try {
      extra = [readFileSync(extraFile, 'utf8')];
    } catch {
      // Node itself only warns about an unreadable NODE_EXTRA_CA_CERTS file.
    }
  }
  return [...tls.rootCertificates, ...extra];
}

const contexts = new Map<string, tls.SecureContext>();

/**
 * A TLS client context that trusts Node's defaults and the given CA certificates (PEM), built once per set and
 * shared: pass it as `secureContext` to tls.connect, an undici Pool's or Agent's `connect` options. Verification
 * stays on; only the trusted roots grow.
 */
export function secureContextTrusting(extraCa: readonly string[]): tls.SecureContext {
  const key = [...new Set(extraCa.map((pem) => pem.trim()))].sort().join('\n');
  let context = contexts.get(key);
  if (context === undefined) {
    context = tls.createSecureContext({ ca: [...defaultCaCertificates(), ...extraCa] });
    contexts.set(key, context);
  }
  return context;
}
