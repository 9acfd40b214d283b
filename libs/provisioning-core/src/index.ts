export * from './schema/model';
export * from './expressions';
export * from './scoping';
export * from './matching';
export * from './policies';
