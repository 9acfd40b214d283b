export * from './local-tls';
export * from './trust';
