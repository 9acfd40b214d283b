import { IsBoolean, IsIn, IsInt, IsISO8601, IsNumber, IsObject, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const FAULT_METHODS = ['*', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * A fault rule as posted to the admin API. Matching: method and a path glob (`*` = any characters) relative to
 * the tenant's SCIM base, e.g. `/Users*`. Trigger: every Nth match, else with a probability, else always; only
 * inside the optional time window and until `maxHits` answers were faulted. Effect: wait `latencyMs`, then drop
 * the connection, or answer `status` (with `Retry-After` and a body if given), or — latency only — go on normally.
 */
export class FaultRuleDto {
  @IsOptional()
  @IsIn(FAULT_METHODS)
  method?: (typeof FAULT_METHODS)[number];

  @IsOptional()
  @IsString()
  @MaxLength(256)
  path?: string;

  @IsOptional()
  @IsInt()
  @Min(200)
  @Max(599)
  status?: number;

  /** Seconds, sent as the Retry-After header (usual with 429 and 503). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86400)
  retryAfter?: number;

  /** Body of the faulted answer; a SCIM error envelope for the status when absent. */
  @IsOptional()
  @IsObject()
  body?: Record<string, unknown>;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(300_000)
  latencyMs?: number;

  /** Destroy the TCP connection without answering. */
  @IsOptional()
  @IsBoolean()
  drop?: boolean;

  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  probability?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  everyNth?: number;

  @IsOptional()
  @IsISO8601()
  activeFrom?: string;

  @IsOptional()
  @IsISO8601()
  activeUntil?: string;

  /** Shorthand for activeUntil = now + durationMs. */
  @IsOptional()
  @IsInt()
  @Min(1)
  durationMs?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  maxHits?: number;
}
