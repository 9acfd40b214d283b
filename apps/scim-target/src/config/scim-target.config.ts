import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
import { CommonConfig } from '@app/platform';
import { DEFAULT_PROFILE, PROFILE_NAMES, type ProfileName } from '@app/scim';

/** Every variable the SCIM target reads, validated once at boot. */
export class ScimTargetConfig extends CommonConfig {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  SCIM_PORT = 3001;

  /** Bearer token of the default tenant. Generated once and persisted when unset. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'SCIM_TARGET_TOKEN must be at least 16 characters' })
  @Matches(/^[\x21-\x7e]+$/, { message: 'SCIM_TARGET_TOKEN must be printable ASCII without spaces' })
  SCIM_TARGET_TOKEN?: string;

  /** Bearer token of the admin API. Generated once and persisted when unset. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'SCIM_ADMIN_TOKEN must be at least 16 characters' })
  @Matches(/^[\x21-\x7e]+$/, { message: 'SCIM_ADMIN_TOKEN must be printable ASCII without spaces' })
  SCIM_ADMIN_TOKEN?: string;

  /** Profile of the default tenant: a name of the registry in libs/scim/src/profiles. */
  @IsIn(PROFILE_NAMES)
  SCIM_TARGET_PROFILE: ProfileName = DEFAULT_PROFILE;

  /** Base URL used in meta.location and Location headers; derived from the request's Host header when unset. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  SCIM_PUBLIC_URL?: string;

  /** Largest accepted request body, in bytes (413 beyond). */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(64 * 1024 * 1024)
  SCIM_MAX_BODY_BYTES = 1024 * 1024;

  /** Requests kept per tenant in the request log (oldest dropped first). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  SCIM_REQUEST_LOG_SIZE = 1000;

  /** PostgreSQL pool size. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  SCIM_DB_POOL_SIZE = 16;
}
