export * from './http';
export * from './path-variants';
export * from './raw-http';
