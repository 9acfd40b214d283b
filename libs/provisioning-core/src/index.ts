export * from './schema/model';
export * from './expressions';
export * from './scoping';
export * from './matching';
export * from './policies';
export * from './templates';
export * from './mapping';
export * from './planner';
