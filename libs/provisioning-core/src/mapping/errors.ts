/** Typed errors of the mapping layer; codes are the provisioning-log `errorCode`s (reference §7.4). */

export type MappingErrorCode = 'MandatoryFieldsMissing' | 'SchemaPropertyCanOnlyAcceptValue' | 'ExpressionEvaluationFailed';

export class MappingError extends Error {
  constructor(
    readonly code: MappingErrorCode,
    message: string,
    /** Target attribute names concerned. */
    readonly attributes: readonly string[],
  ) {
    super(message);
    this.name = 'MappingError';
  }
}

/** Required target attributes have no value on create (reference §3.1). */
export class MandatoryFieldsMissing extends MappingError {
  constructor(readonly missing: readonly string[]) {
    super('MandatoryFieldsMissing', `Required target attributes have no value: ${missing.join(', ')}`, missing);
    this.name = 'MandatoryFieldsMissing';
  }
}
