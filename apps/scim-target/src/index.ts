export * from './bootstrap';
export { ScimTargetConfig } from './config/scim-target.config';
