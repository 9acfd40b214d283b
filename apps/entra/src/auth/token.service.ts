import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { secretsEqual } from '@app/platform';
import { ENTRA_CONFIG, EntraConfig } from '../config/entra.config';
import { GraphError } from '../http/graph-error';
import { TenantSettingsService } from './tenant-settings.service';

export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';

export interface AccessToken {
  token_type: 'Bearer';
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
}

/** Who called: the static admin token, or an app that got a token through client credentials. */
export type Caller = { kind: 'admin' } | { kind: 'app'; appId: string };

/** OAuth error in the identity platform's shape (not Graph's: the token endpoint is login.microsoftonline.com's). */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope',
    readonly aadsts: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Issues and checks bearer tokens: HS256 JWTs shaped like Entra's app-only Graph tokens (aud, iss, tid, appid,
 * exp), signed with this tenant's persisted key, plus the static admin token.
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly settings: TenantSettingsService,
    @Inject(ENTRA_CONFIG) private readonly config: EntraConfig,
  ) {}

  issuer(): string {
    return `https://sts.windows.net/${this.settings.get().tenantId}/`;
  }

  /** POST /{tenant}/oauth2/v2.0/token with grant_type=client_credentials. */
  issue(tenant: string, form: Record<string, unknown>, nowMs = Date.now()): AccessToken {
    const id = this.settings.get();
    if (tenant.toLowerCase() !== id.tenantId && tenant.toLowerCase() !== 'provsim.onmicrosoft.com') {
      throw new OAuthError(400, 'invalid_request', 90002, `AADSTS90002: Tenant '${tenant}' not found.`);
    }
    const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : undefined);
    if (field('grant_type') !== 'client_credentials') {
      throw new OAuthError(
        400,
        'unsupported_grant_type',
        70003,
        'AADSTS70003: The app requested an unsupported grant type. Only client_credentials is supported.',
      );
    }
    const scope = field('scope');
    if (!scope || !scope.split(' ').includes(`${GRAPH_AUDIENCE}/.default`)) {
      throw new OAuthError(
        400,
        'invalid_scope',
        1002012,
        `AADSTS1002012: The provided value for scope is not valid. Use '${GRAPH_AUDIENCE}/.default'.`,
      );
    }
    const clientId = field('client_id');
    if (!clientId)
      throw new OAuthError(
        400,
        'invalid_request',
        900144,
        "AADSTS900144: The request body must contain the following parameter: 'client_id'.",
      );
    if (clientId !== id.clientId) {
      throw new OAuthError(
        400,
        'invalid_client',
        700016,
        `AADSTS700016: Application with identifier '${clientId}' was not found in the directory.`,
      );
    }
    const secret = field('client_secret');
    if (!secret || !secretsEqual(secret, id.clientSecret)) {
      throw new OAuthError(401, 'invalid_client', 7000215, 'AADSTS7000215: Invalid client secret provided.');
    }
    const lifetime = this.config.ENTRA_TOKEN_LIFETIME_SECONDS;
    const iat = Math.floor(nowMs / 1000);
    const accessToken = jwt.sign(
      {
        aud: GRAPH_AUDIENCE,
        iss: this.issuer(),
        tid: id.tenantId,
        appid: clientId,
        idtyp: 'app',
        roles: ['Directory.ReadWrite.All', 'Synchronization.ReadWrite.All'],
        iat,
        nbf: iat,
        exp: iat + lifetime,
      },
      id.signingKey,
      { algorithm: 'HS256', noTimestamp: true },
    );
    return { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: accessToken };
  }

  /** Checks a bearer token; throws a 401 GraphError with Graph's wording when it is missing, invalid or expired. */
  authenticate(token: string | undefined, nowMs = Date.now()): Caller {
    if (!token) throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    const id = this.settings.get();
    if (secretsEqual(token, id.adminToken)) return { kind: 'admin' };
    let claims: jwt.JwtPayload;
    try {
      claims = jwt.verify(token, id.signingKey, {
        algorithms: ['HS256'],
        audience: GRAPH_AUDIENCE,
        issuer: this.issuer(),
        clockTimestamp: Math.floor(nowMs / 1000),
        complete: false,
      }) as jwt.JwtPayload;
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) {
        throw new GraphError(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
      }
      if (error instanceof jwt.NotBeforeError) {
        throw new GraphError(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is not yet valid (nbf).');
      }
      if (error instanceof jwt.JsonWebTokenError && /audience/.test(error.message)) {
        throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
      }
      if (error instanceof jwt.JsonWebTokenError && /issuer/.test(error.message)) {
        throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid issuer.');
      }
      throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token validation failure.');
    }
    // jsonwebtoken accepts a token without `exp` (it would never expire) and does not know our tenant: refuse both.
    if (typeof claims.exp !== 'number') {
      throw new GraphError(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token has no expiry (exp).');
    }
    if (claims.tid !== id.tenantId) {
      throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid tenant.');
    }
    return { kind: 'app', appId: String(claims.appid) };
  }
}
