export * from './config';
export * from './logger';
export * from './secrets';
export * from './clock';
export * from './common-config';
export * from './keyed-mutex';
export * from './http';
export * from './process-safety';
