import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
import { LOG_LEVELS, LogLevel } from '@app/platform';

/** Every variable the SCIM target reads, validated once at boot. */
export class ScimTargetConfig {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  SCIM_PORT = 3001;

  /** Interface to listen on. 127.0.0.1 by default; the container image sets 0.0.0.0. */
  @IsString()
  HOST = '127.0.0.1';

  /** PostgreSQL URL; when unset the embedded PGlite database under PROVSIM_DATA_DIR is used. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  /** Where the embedded database keeps its files ('memory' keeps nothing). */
  @IsString()
  PROVSIM_DATA_DIR = './.data';

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

  /** Profile of the default tenant. */
  @IsIn(['kintone', 'generic'])
  SCIM_TARGET_PROFILE: 'kintone' | 'generic' = 'kintone';

  /** Base URL used in meta.location and Location headers; derived from the request's Host header when unset. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  SCIM_PUBLIC_URL?: string;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

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
