export { blankCluster, runStatement, runsOneTransactionAtATime } from './pglite-driver';
export * from './data-source-options';
export * from './errors';
export * from './test-database';
export * from './rows';
export * from './health.controller';
export * from './growth-analyzer';
