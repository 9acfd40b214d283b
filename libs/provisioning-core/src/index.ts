export * from './schema/model';
export * from './scoping';
export * from './matching';
export * from './policies';
