import jwt from 'jsonwebtoken';
import { EntraConfig } from '../config/entra.config';
import { GraphError } from '../http/graph-error';
import { TenantIdentity, TenantSettingsService } from './tenant-settings.service';
import { GRAPH_AUDIENCE, TokenService } from './token.service';

const identity: TenantIdentity = {
  tenantId: '11111111-2222-4333-8444-555555555555',
  adminToken: 'admin-token-for-unit-tests-0000000000000000',
  clientId: '99999999-8888-4777-8666-555555555555',
  clientSecret: 'client-secret-for-unit-tests',
  signingKey: 'signing-key-for-unit-tests-0123456789abcdef',
};
const settings = { get: () => identity } as unknown as TenantSettingsService;
const service = new TokenService(settings, { ENTRA_TOKEN_LIFETIME_SECONDS: 3600 } as EntraConfig);
const now = Date.parse('2026-12-04T12:00:00Z');
const nowS = Math.floor(now / 1000);
const issuer = `https://sts.windows.net/${identity.tenantId}/`;

const good = { aud: GRAPH_AUDIENCE, iss: issuer, tid: identity.tenantId, appid: identity.clientId, iat: nowS, nbf: nowS, exp: nowS + 600 };
const sign = (claims: Record<string, unknown>, key = identity.signingKey, algorithm: jwt.Algorithm = 'HS256') =>
  jwt.sign(claims, key, { algorithm, noTimestamp: true });
const without = (name: keyof typeof good) => Object.fromEntries(Object.entries(good).filter(([k]) => k !== name));

function refusal(token: string | undefined): string | undefined {
  try {
    service.authenticate(token, now);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).status).toBe(401);
    return (error as GraphError).message;
  }
}

describe('TokenService.authenticate', () => {
  it('accepts the admin token and a well-formed client-credentials token', () => {
    expect(service.authenticate(identity.adminToken, now)).toEqual({ kind: 'admin' });
    expect(service.authenticate(sign(good), now)).toEqual({ kind: 'app', appId: identity.clientId });
    // A token issued by the endpoint itself is accepted.
    const issued = service.issue(
      identity.tenantId,
      {
        grant_type: 'client_credentials',
        scope: `${GRAPH_AUDIENCE}/.default`,
        client_id: identity.clientId,
        client_secret: identity.clientSecret,
      },
      now,
    );
    expect(service.authenticate(issued.access_token, now)).toEqual({ kind: 'app', appId: identity.clientId });
  });

  it.each<[string, string | undefined, RegExp]>([
    ['no token', undefined, /empty/],
    ['an empty token', '', /empty/],
    ['a near miss of the admin token', identity.adminToken.slice(0, -1) + 'x', /validation failure/],
    ['no exp', sign(without('exp')), /no expiry/],
    ['exp in the past', sign({ ...good, exp: nowS - 1 }), /expired/],
    ['nbf in the future', sign({ ...good, nbf: nowS + 120 }), /not yet valid/],
    ['another audience', sign({ ...good, aud: 'https://management.azure.com' }), /audience/],
    ['no audience', sign(without('aud')), /audience/],
    ['another issuer', sign({ ...good, iss: 'https://sts.windows.net/00000000-0000-0000-0000-000000000000/' }), /issuer/],
    ['no issuer', sign(without('iss')), /issuer/],
    ['another tenant', sign({ ...good, tid: '00000000-0000-0000-0000-000000000000' }), /tenant/],
    ['another signing key', sign(good, 'some-other-key-0123456789abcdef0123456789'), /validation failure/],
    ['HS512 instead of HS256', sign(good, identity.signingKey, 'HS512'), /validation failure/],
    [
      'alg none',
      `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(good)).toString('base64url')}.`,
      /validation failure/,
    ],
    ['garbage', 'not.a.jwt', /validation failure/],
  ])('refuses %s', (_name, token, message) => {
    expect(refusal(token)).toMatch(message);
  });
});
