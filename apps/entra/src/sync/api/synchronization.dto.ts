import { ArrayMaxSize, IsArray, IsBoolean, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { GraphError } from '../../http/graph-error';
import { SYNCHRONIZATION_SECRET_KEYS } from './secrets';

/** POST …/synchronization/jobs: `templateId` is the only property (Graph: the only required one). */
export class CreateJobDto {
  @IsString() @IsNotEmpty() @MaxLength(128) templateId: string;

  /** provsim extension: escrow quarantine thresholds per job (see escrow-threshold-settings.ts). */
  @IsOptional()
  @IsArray({ message: "Property 'synchronizationJobSettings' must be an array of {name, value}." })
  @ArrayMaxSize(8)
  synchronizationJobSettings?: { name: unknown; value: unknown }[];
}

/**
 * PUT …/synchronization/secrets. The pairs (`synchronizationSecretKeyStringValuePair`) are checked by
 * validateSecrets, which names unknown keys and properties the way Graph does.
 */
export class PutSecretsDto {
  @IsArray({ message: "Property 'value' must be an array of {key, value}." })
  @ArrayMaxSize(SYNCHRONIZATION_SECRET_KEYS.length)
  value: unknown[];
}

/** POST …/jobs/{jobId}/validateCredentials */
export class ValidateCredentialsDto {
  @IsOptional() @IsBoolean() useSavedCredentials?: boolean;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SYNCHRONIZATION_SECRET_KEYS.length)
  credentials?: unknown[];

  @IsOptional() @IsString() @MaxLength(256) applicationIdentifier?: string;
  @IsOptional() @IsString() @MaxLength(128) templateId?: string;
}

/**
 * POST …/jobs/{jobId}/restart (body optional: no criteria = the portal's "Restart provisioning"). `criteria`
 * (Graph `synchronizationJobRestartCriteria`) is read by restartScopeOf.
 */
export class RestartDto {
  @IsOptional() @IsObject({ message: 'Property \'criteria\' must be an object {"resetScope": "…"}.' }) criteria?: Record<
    string,
    unknown
  > | null;
}

/** `criteria.resetScope`; throws a 400 for other properties or a non-string scope. */
export function restartScopeOf(criteria: Record<string, unknown> | null | undefined): string | null {
  if (criteria === null || criteria === undefined) return null;
  for (const name of Object.keys(criteria)) {
    if (name !== 'resetScope' && !name.includes('@odata.')) {
      throw GraphError.badRequest(
        `Property '${name.slice(0, 64)}' does not exist on type 'microsoft.graph.synchronizationJobRestartCriteria'.`,
      );
    }
  }
  const scope = criteria.resetScope;
  if (scope === undefined || scope === null) return null;
  if (typeof scope !== 'string' || scope.length > 512)
    throw GraphError.badRequest('resetScope must be a comma-separated string of at most 512 characters.');
  return scope;
}

/** PUT …/jobs/{jobId}/schema: top level only; everything inside is checked by validateSynchronizationSchema. */
export class PutSchemaDto {
  @IsOptional() @IsString() '@odata.context'?: string;
  @IsOptional() @IsString() @MaxLength(1024) id?: string;
  @IsOptional() @IsString() @MaxLength(1024) version?: string;
  @IsOptional() @IsArray() directories?: unknown[];
  @IsArray() synchronizationRules: unknown[];
}

/** POST …/schema/parseExpression */
export class ParseExpressionDto {
  @IsString() expression: string;
  @IsOptional() @IsObject() testInputObject?: Record<string, unknown> | null;
  @IsOptional() @IsObject() targetAttributeDefinition?: Record<string, unknown> | null;
}
