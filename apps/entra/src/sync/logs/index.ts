/**
 * Provisioning logs: the Graph provisioningObjectSummary, its builder, storage (entra.provisioning_logs), the
 * batched writer, GET /v1.0/auditLogs/provisioning (+ downloads) and the 30-day retention. See docs/provisioning-logs.md.
 */
export * from './provisioning-log.types';
export * from './provisioning-log.builder';
export { LOG_COLUMNS, LOG_FILTER_PROPERTIES, PROVISIONING_LOGS_TABLE, type LogFilterProperty } from './provisioning-log.columns';
export { logFilterToSql, parseLogFilter, provisioningLogFilterSql, type LogFilterNode, type LogFilterSql } from './provisioning-log.filter';
export {
  csvChunks,
  csvHeader,
  csvRecords,
  DOWNLOAD_FILE_NAMES,
  jsonChunks,
  type DownloadFormat,
  type DownloadPart,
} from './provisioning-log.export';
export { LOG_INSERT_CHUNK, ProvisioningLogWriter } from './provisioning-log.writer';
export { parseLogQuery, ProvisioningLogsService, type LogPage, type LogQuery } from './provisioning-logs.service';
export { ProvisioningLogsController } from './provisioning-logs.controller';
export { PROVISIONING_LOG_RETENTION_DAYS, ProvisioningLogRetention } from './provisioning-log-retention.scheduler';
export { EntraProvisioningLogs1764300000100 } from './1764300000100-provisioning-logs.migration';
export {
  bodyView,
  insertScimRequests,
  readScimRequests,
  SCIM_REQUESTS_TABLE,
  scimRequestRows,
  type ScimRequestView,
} from './provisioning-log.scim-requests';
export { EntraProvisioningLogScimRequests1764600000000 } from './1764600000000-provisioning-log-scim-requests.migration';
