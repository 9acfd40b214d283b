/**
 * Directory audit logs: Graph's directoryAudit, its storage (entra.directory_audits), the recorder the services call
 * inside their transactions, GET /v1.0/auditLogs/directoryAudits and the 30-day retention. See docs/graph-api.md.
 */
export * from './directory-audit.types';
export { auditFilterToSql, directoryAuditFilterSql, parseAuditFilter, type AuditFilterNode } from './directory-audit.filter';
export {
  DIRECTORY_AUDIT_RETENTION_DAYS,
  DIRECTORY_AUDITS_TABLE,
  DirectoryAuditService,
  parseAuditQuery,
  type AuditPage,
  type AuditQuery,
} from './directory-audit.service';
export { DirectoryAuditsController } from './directory-audits.controller';
export { DirectoryAuditRetention } from './directory-audit-retention.scheduler';
export { EntraDirectoryAudits1764800000000 } from './1764800000000-directory-audits.migration';
