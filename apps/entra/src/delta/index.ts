/** Graph delta queries: GET /v1.0/users/delta and /v1.0/groups/delta. */
export { DeltaController } from './delta.controller';
export { DeltaService, DELTA_RESOURCES } from './delta.service';
export type { DeltaResource, DeltaPage } from './delta.service';
export { EntraDeltaIndexes1764200000000 } from './1764200000000-delta-indexes.migration';
export { encodeDeltaToken, encodePageToken, decodeDeltaToken, decodePageToken } from './delta-token';
export type { DeltaResourceName, RoundPosition } from './delta-token';
