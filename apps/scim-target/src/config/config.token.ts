/** Injection token of the validated ScimTargetConfig. */
export const SCIM_TARGET_CONFIG = Symbol('SCIM_TARGET_CONFIG');
