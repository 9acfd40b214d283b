/**
 * Secrets never reach a report or the console: bearer tokens in headers are masked, and every value registered with
 * `registerSecret` (the --token of a run, tokens the local target generated) is replaced wherever it appears.
 */
const secrets = new Set<string>();

export const MASK = '***';

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) secrets.add(value);
}

/**
 * Replaces each registered secret in a string, and the credential of any `Bearer …` it carries (8 characters or
 * more, so prose such as "Bearer of" stays). Authorization headers are masked by their key, whatever the scheme.
 */
export function maskString(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(MASK);
  return out.replace(/\bBearer\s+(?!\*\*\*)[A-Za-z0-9._~+/=-]{8,}/g, `Bearer ${MASK}`);
}

/** A deep copy of `value` with every string masked, and the values of secret-looking keys replaced. */
export function maskSecrets<T>(value: T): T {
  return walk(value, undefined) as T;
}

const SECRET_KEY = /^(authorization|token|secret|password|secrettoken|client_secret|x-api-key)$/i;

function walk(value: unknown, key: string | undefined): unknown {
  if (typeof value === 'string') {
    if (key !== undefined && SECRET_KEY.test(key)) return /^(Bearer|Basic)\s/i.test(value) ? value.replace(/\s.*$/, ` ${MASK}`) : MASK;
    return maskString(value);
  }
  if (Array.isArray(value)) return value.map((item) => walk(item, undefined));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, k);
    return out;
  }
  return value;
}
