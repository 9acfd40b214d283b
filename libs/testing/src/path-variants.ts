const hex = (c: string, lower: boolean) => {
  const code = Buffer.from(c, 'utf8')
    .toString('hex')
    .match(/../g)!
    .map((h) => `%${lower ? h : h.toUpperCase()}`)
    .join('');
  return code;
};

export interface PathVariant {
  path: string;
  /**
   * True when only unreserved characters (RFC 3986 §2.3: letters, digits, `-._~`) were encoded: such a spelling
   * is the same path (§6.2.2.2) and must reach the same route. Encoding a reserved character (`$`, `(`, `'`…) may
   * make it another path, which a router may answer with 404.
   */
  equivalent: boolean;
}

const UNRESERVED = /^[A-Za-z0-9._~-]$/;

/**
 * Spellings of one path that a raw-URL check would miss: each character encoded on its own, in upper- and
 * lower-case hex, and every character encoded at once. Slashes stay as they are (`%2F` is a character of a
 * segment, not a separator).
 */
export function percentEncodedVariants(path: string): PathVariant[] {
  const variants = new Map<string, boolean>();
  const chars = [...path];
  chars.forEach((c, i) => {
    if (c === '/' || c === '%') return;
    for (const lower of [false, true])
      variants.set([...chars.slice(0, i), hex(c, lower), ...chars.slice(i + 1)].join(''), UNRESERVED.test(c));
  });
  variants.set(
    chars.map((c) => (c === '/' ? c : hex(c, false))).join(''),
    chars.every((c) => c === '/' || UNRESERVED.test(c)),
  );
  variants.delete(path);
  return [...variants].map(([p, equivalent]) => ({ path: p, equivalent }));
}

/** A concrete path for a router template: each `:param` replaced by the value given, else by `fallback`. */
export function concretePath(template: string, values: Record<string, string>, fallback = 'x'): string {
  return template.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => values[name] ?? fallback);
}
