import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUrl, IsUUID, Matches, Max, Min, MinLength } from 'class-validator';
import { CLOCK_SPEC_PATTERN, CommonConfig } from '@app/platform';

/** Every variable the simulated tenant reads, validated once at boot. */
export class EntraConfig extends CommonConfig {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  ENTRA_PORT = 3000;

  /** Static bearer token for the Graph API. Generated once and persisted when unset. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'ENTRA_ADMIN_TOKEN must be at least 16 characters' })
  @Matches(/^[\x21-\x7e]+$/, { message: 'ENTRA_ADMIN_TOKEN must be printable ASCII without spaces' })
  ENTRA_ADMIN_TOKEN?: string;

  /** Directory (tenant) id. Generated once and persisted when unset. */
  @IsOptional()
  @IsUUID('all', { message: 'ENTRA_TENANT_ID must be a GUID' })
  ENTRA_TENANT_ID?: string;

  /** Client secret of the built-in client-credentials app. Generated once and persisted when unset. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'ENTRA_CLIENT_SECRET must be at least 16 characters' })
  ENTRA_CLIENT_SECRET?: string;

  /** Lifetime of issued access tokens, seconds. */
  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(86_400)
  ENTRA_TOKEN_LIFETIME_SECONDS = 3600;

  /**
   * Origins, space-separated, the portal may call besides its own (its Content-Security-Policy's connect-src): the
   * SCIM target's admin API, which `npm start` adds itself (provsim's Simulator area, not part of Entra).
   */
  @IsOptional()
  @Matches(/^\s*https?:\/\/[^\s/;,']+(\s+https?:\/\/[^\s/;,']+)*\s*$/, {
    message: 'PROVSIM_PORTAL_CONNECT_SRC must be origins (http[s]://host[:port]) separated by spaces',
  })
  PROVSIM_PORTAL_CONNECT_SRC?: string;

  /** Origin used in @odata.context / @odata.nextLink; derived from the Host header when unset. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  ENTRA_PUBLIC_URL?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(64 * 1024 * 1024)
  ENTRA_MAX_BODY_BYTES = 4 * 1024 * 1024;

  /** Simulated time: real, accelerated:<factor> (600 → a 40-minute interval in 4 s) or manual (POST /sim/clock/advance). */
  @Matches(CLOCK_SPEC_PATTERN, { message: 'PROVSIM_CLOCK must be real, manual or accelerated:<factor>' })
  PROVSIM_CLOCK = 'real';

  /** Days a deleted user or group stays restorable before it is purged (Entra: 30). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  ENTRA_RECYCLE_BIN_DAYS = 30;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  ENTRA_DB_POOL_SIZE = 10;

  /** Source objects per engine page (one transaction of links, escrows and logs each). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5_000)
  SYNC_PAGE_SIZE = 500;

  /** SCIM requests in flight per job. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(256)
  SYNC_CONCURRENCY = 16;

  /** SCIM request timeout, milliseconds (Entra: 60 s). */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(600_000)
  SYNC_TIMEOUT_MS = 60_000;

  /** Wall-clock lease of a running cycle; another instance takes the job over when it expires unrenewed. */
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  SYNC_LEASE_MS = 60_000;

  /** How often (wall milliseconds) the scheduler looks for due jobs; 0 = only when the clock is advanced. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  SYNC_TICK_MS = 1_000;

  /** SMTP server for the jobs' notification emails (smtp:// or smtps://, user:password@ if needed); unset = outbox only. */
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s/?#]+([/?][^\s]*)?$/i, { message: 'SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtp://127.0.0.1:2525' })
  SMTP_URL?: string;

  /** Sender of the notification emails: an address, or `Name <address>`. */
  @Matches(/^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, { message: 'SMTP_FROM must be an email address or Name <address>' })
  SMTP_FROM = 'provsim <noreply@provsim.local>';

  /** On an empty directory, create the small demo tenant at boot (about 25 users, 3 groups, a Kintone app). */
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'ENTRA_DEMO_TENANT must be true or false' })
  ENTRA_DEMO_TENANT = true;
}

export const ENTRA_CONFIG = Symbol('ENTRA_CONFIG');
