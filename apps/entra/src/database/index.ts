import { EntraDeltaIndexes1764200000000 } from '../delta/1764200000000-delta-indexes.migration';
import { EntraInitialSchema1764100000000 } from './1764100000000-initial-schema.migration';

/** The tenant app works through SQL repositories; TypeORM owns the data source, transactions and migrations. */
export const ENTRA_ENTITIES: Function[] = [];
export const ENTRA_MIGRATIONS = [EntraInitialSchema1764100000000, EntraDeltaIndexes1764200000000];
