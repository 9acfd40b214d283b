/** Public value and context types of the expression evaluator. */
import { SourceObject } from '../schema/model';

/** One entry of the `[appRoleAssignments]` source attribute. */
export interface AppRoleAssignmentValue {
  id: string;
  appRoleId: string;
  value: string | null;
  displayName: string | null;
  principalType?: string;
}

/** Everything non-deterministic comes in through here, so evaluation stays pure. */
export interface EvaluationContext {
  /** attribute name → value; `[appRoleAssignments]` is AppRoleAssignmentValue[] */
  source: SourceObject;
  /** for Now(), DateDiff/DateAdd defaults etc. */
  now: Date;
  /** [0,1), for RandomString */
  random: () => number;
  /** for Guid() */
  newGuid: () => string;
  /** SelectUniqueValue: is this value still free in the target? Default: every value is unique. */
  isUnique?: (value: string) => boolean;
}

/** Values: strings (booleans are "True"/"False" strings as in Entra), string[] for multi-valued, objects for complex role values, null = no value. */
export type ExpressionValue = string | number | boolean | null | ExpressionValue[] | { [key: string]: ExpressionValue };

export interface EvaluationResult {
  value: ExpressionValue;
  /** IgnoreFlowIfNullOrEmpty fired: drop the attribute */
  ignoreFlow: boolean;
  /** Redact() used: show "[Redact]" in logs */
  redact: boolean;
}

/** Graph's attributeMappingParameterSchema. */
export interface AttributeMappingParameterSchema {
  name: string;
  type: string;
  required: boolean;
  allowMultipleOccurrences: boolean;
}

/** Graph's attributeMappingFunctionSchema. */
export interface AttributeMappingFunctionSchema {
  name: string;
  parameters: AttributeMappingParameterSchema[];
}
