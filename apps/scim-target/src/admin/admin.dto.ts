import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { Type } from 'class-transformer';
import { PROFILE_NAMES, type ProfileName } from '@app/scim';

/** PATCH /admin/tenants/{name}: the settings to change; absent ones stay. */
export class UpdateTenantDto {
  /** Two groups may share a displayName (default false: 409 uniqueness, regardless of case). */
  @IsOptional()
  @IsBoolean()
  allowDuplicateGroupNames?: boolean;

  /** `GET {base}/Token` hands the tenant's token to anyone who asks (default false). */
  @IsOptional()
  @IsBoolean()
  tokenEndpoint?: boolean;
}

/** POST /admin/tenants: a name, a profile, an optional token, and the settings PATCH changes too. */
export class CreateTenantDto extends UpdateTenantDto {
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'name must be 1-63 lower-case letters, digits or dashes' })
  name: string;

  /** A name of the profile registry (libs/scim/src/profiles). */
  @IsOptional()
  @IsIn(PROFILE_NAMES)
  profile?: ProfileName;

  /** Optional fixed token (at least 16 printable characters); generated when absent. */
  @IsOptional()
  @IsString()
  @MinLength(16)
  @Matches(/^[\x21-\x7e]+$/, { message: 'token must be printable ASCII without spaces' })
  token?: string;
}

export class RotateTokenDto {
  @IsOptional()
  @IsString()
  @MinLength(16)
  @Matches(/^[\x21-\x7e]+$/, { message: 'token must be printable ASCII without spaces' })
  token?: string;
}

export class RequestLogQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  limit?: number;
}

/** GET /admin/tenants/{name}/stored/{type}: the resource types whose stored rows the admin API pages through. */
export enum STORED_TYPES {
  Users = 'Users',
  Groups = 'Groups',
}

/** SCIM-style paging (1-based startIndex, count up to 200). */
export class StoredPageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  startIndex?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(200)
  count?: number;
}
