import { decodeSkipToken, encodeSkipToken, queryFingerprint } from '@app/odata';
import { GraphError } from '../http/graph-error';

export type DeltaResourceName = 'users' | 'groups';

/**
 * Where a round of delta paging stands. `h` is the change-log watermark read when the round started
 * (the next round's lower bound); `a` the keyset position inside the round.
 *  - initial round (`m: 'i'`): every current object, keyset by id; `a` = last id sent (null before the first page).
 *  - change round (`m: 'd'`): objects with a change in (`w`, `h`], keyset by each object's latest change seq
 *    in that range; `a` = last seq sent (starts at `w`).
 */
export type RoundPosition = { m: 'i'; h: string; a: string | null; n: number } | { m: 'd'; w: string; h: string; a: string; n: number };

/** `$skiptoken` (t: 'p') = a round in progress; `$deltatoken` (t: 'd') = "changes after w". `s` = the round's $select. */
type TokenPosition = ({ t: 'p' } & RoundPosition & { s: string | null }) | { t: 'd'; w: string; s: string | null };

const SEQ = /^\d{1,19}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_PAGE = 999;

/** Tokens are bound to the resource and the $select of the round: a token of /users is no good for /groups. */
function fingerprint(resource: DeltaResourceName, select: string | null): string {
  return queryFingerprint({ api: 'delta', resource, select: select ?? '' });
}

const invalidToken = (kind: string) => GraphError.badRequest(`The specified ${kind} value is invalid or does not belong to this query.`);

export function encodeDeltaToken(resource: DeltaResourceName, w: string, select: string | null): string {
  const position: TokenPosition = { t: 'd', w, s: select };
  return encodeSkipToken(position, fingerprint(resource, select));
}

export function encodePageToken(resource: DeltaResourceName, round: RoundPosition, select: string | null): string {
  const position: TokenPosition = { t: 'p', ...round, s: select };
  return encodeSkipToken(position, fingerprint(resource, select));
}

/** The $select a token claims (unverified): needed to compute the fingerprint the checksum is verified against. */
function claimedSelect(token: string): string | null | undefined {
  try {
    const body: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    const s = (body as { p?: { s?: unknown } })?.p?.s;
    return s === null || typeof s === 'string' ? s : undefined;
  } catch {
    return undefined;
  }
}

function verified(resource: DeltaResourceName, token: string, kind: string): TokenPosition {
  const select = claimedSelect(token);
  if (select === undefined) throw invalidToken(kind);
  let position: unknown;
  try {
    position = decodeSkipToken(token, fingerprint(resource, select));
  } catch {
    throw invalidToken(kind);
  }
  return position as TokenPosition;
}

/** `$deltatoken` → lower bound and $select of the next round; 400 Request_BadRequest for anything else. */
export function decodeDeltaToken(resource: DeltaResourceName, token: string): { w: string; select: string | null } {
  const p = verified(resource, token, 'delta token');
  if (p.t !== 'd' || !SEQ.test(p.w)) throw invalidToken('delta token');
  return { w: p.w, select: p.s };
}

/** `$skiptoken` → the round in progress and its $select; 400 Request_BadRequest for anything else. */
export function decodePageToken(resource: DeltaResourceName, token: string): { round: RoundPosition; select: string | null } {
  const p = verified(resource, token, 'skip token');
  if (p.t !== 'p' || !SEQ.test(p.h) || !Number.isInteger(p.n) || p.n < 1 || p.n > MAX_PAGE) throw invalidToken('skip token');
  if (p.m === 'i' && (p.a === null || (typeof p.a === 'string' && GUID.test(p.a)))) {
    return { round: { m: 'i', h: p.h, a: p.a, n: p.n }, select: p.s };
  }
  if (p.m === 'd' && SEQ.test(p.w) && typeof p.a === 'string' && SEQ.test(p.a)) {
    return { round: { m: 'd', w: p.w, h: p.h, a: p.a, n: p.n }, select: p.s };
  }
  throw invalidToken('skip token');
}
