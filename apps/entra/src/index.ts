export * from './bootstrap';
export { EntraConfig } from './config/entra.config';
