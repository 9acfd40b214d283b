/** Query option names that carry the continuation, replaced rather than kept. */
const SKIP_TOKEN_KEYS = new Set(['$skiptoken', 'skiptoken']);

function decodedKey(part: string): string {
  const key = part.split('=', 1)[0];
  try {
    return decodeURIComponent(key.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return key.toLowerCase();
  }
}

/**
 * Builds @odata.nextLink from the request URL (absolute or path-relative): every other query
 * option is kept byte-for-byte and in order, any $skiptoken is dropped, and
 * `$skiptoken=<token>` is appended. A #fragment is dropped.
 */
export function nextLink(requestUrl: string, skipToken: string): string {
  const withoutFragment = requestUrl.split('#', 1)[0];
  const q = withoutFragment.indexOf('?');
  const base = q < 0 ? withoutFragment : withoutFragment.slice(0, q);
  const query = q < 0 ? '' : withoutFragment.slice(q + 1);
  const kept = query.split('&').filter((part) => part !== '' && !SKIP_TOKEN_KEYS.has(decodedKey(part)));
  kept.push(`$skiptoken=${encodeURIComponent(skipToken)}`);
  return `${base}?${kept.join('&')}`;
}
