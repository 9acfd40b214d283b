export * from './hardening';
export * from './request-input';
export * from './route-access';
export * from './client-errors';
