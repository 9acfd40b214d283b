import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { decodeSkipToken, encodeSkipToken, ODataError, parseOrderBy, parseTop, PropertyMap, queryFingerprint } from '@app/odata';
import { Clock, CLOCK } from '@app/platform';
import { BatchedRetention, LOG_PAGE_SIZE, logPageSql } from '../database/log-table';
import { GraphError } from '../http/graph-error';
import { AuditFilterSql, directoryAuditFilterSql } from './directory-audit.filter';
import { quarantineChangeEvent, type QuarantineChange } from './quarantine-audit';
import {
  ADMIN_INITIATOR,
  targetResource,
  toDirectoryAudit,
  type DirectoryAudit,
  type DirectoryAuditEvent,
  type DirectoryAuditRow,
} from './directory-audit.types';

export const DIRECTORY_AUDITS_TABLE = 'entra.directory_audits';
/** Entra keeps audit logs 30 days with P1/P2, as the provisioning logs. */
export const DIRECTORY_AUDIT_RETENTION_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

const TYPE_NAME = 'microsoft.graph.directoryAudit';
const ORDERBY_PROPERTIES: PropertyMap = { activityDateTime: { sql: 'activity_date_time', type: 'string', sortable: true } };
/** A timestamptz as PostgreSQL prints it (the keyset position comes from the database, not from JavaScript). */
const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2}){0,2}|Z)?$/;
const COLUMNS = `id, activity_date_time, activity_display_name, category, correlation_id, logged_by_service, operation_type,
  result, result_reason, initiated_by, target_resources, additional_details`;

export interface AuditQuery {
  filter?: AuditFilterSql;
  direction: 'asc' | 'desc';
  top: number;
  /** Keyset position after which the page starts: [activity_date_time as text, id]. */
  after?: [string, string];
  fingerprint: string;
}

export interface AuditPage {
  entries: DirectoryAudit[];
  next?: [string, string];
}

const single = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;

/** Parses $filter, $orderby, $top and $skiptoken of GET /auditLogs/directoryAudits. Throws ODataError/GraphError (400). */
export function parseAuditQuery(query: Record<string, unknown>): AuditQuery {
  for (const option of ['$skip', '$search', '$expand', '$select', '$count']) {
    if (query[option] !== undefined) throw GraphError.badRequest(`The query option '${option}' is not supported on directory audits.`);
  }
  const filterText = single(query.$filter);
  const orderText = single(query.$orderby);
  const orderBy = parseOrderBy(orderText, ORDERBY_PROPERTIES, TYPE_NAME);
  const fingerprint = queryFingerprint({ resource: 'auditLogs/directoryAudits', $filter: filterText, $orderby: orderText });
  const token = single(query.$skiptoken);
  let after: [string, string] | undefined;
  if (token !== undefined) {
    const position = decodeSkipToken(token, fingerprint);
    const valid =
      Array.isArray(position) && position.length === 2 && typeof position[1] === 'string' && TIMESTAMP_TEXT.test(String(position[0]));
    if (!valid) throw new ODataError('Request_BadRequest', 'The specified page token value is invalid or does not belong to this query.');
    after = position as [string, string];
  }
  return {
    filter: filterText === undefined || filterText.trim() === '' ? undefined : directoryAuditFilterSql(filterText, 1),
    direction: orderBy[0]?.direction ?? 'desc',
    top: parseTop(single(query.$top), LOG_PAGE_SIZE),
    after,
    fingerprint,
  };
}

/**
 * A UUID version 7 (RFC 9562, the `uuid` package): wall-clock milliseconds, then a counter within the millisecond.
 * Entries of one simulated instant (a manual clock stands still) are ordered by id, so ids that grow with each write
 * keep them newest first.
 */
export const auditId = (): string => uuidv7();

export const encodeAuditSkipToken = (position: [string, string], query: AuditQuery): string => encodeSkipToken(position, query.fingerprint);

/**
 * Directory audit logs: `record` writes one entry in the caller's transaction (so it exists exactly when the change
 * committed), the reads serve the Graph API, and the purge keeps 30 simulated days.
 */
@Injectable()
export class DirectoryAuditService {
  /** Told of every write (a rolled-back one only costs the purge an early check). */
  readonly retention: BatchedRetention;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.retention = new BatchedRetention(db, DIRECTORY_AUDITS_TABLE, clock, DIRECTORY_AUDIT_RETENTION_DAYS * DAY_MS);
  }

  /** One INSERT, no reads: user and group writes call this on a timed path. Answers the entry's id. */
  async record(tx: EntityManager, event: DirectoryAuditEvent): Promise<string> {
    const id = auditId();
    const at = this.clock.now();
    await tx.query(
      `INSERT INTO ${DIRECTORY_AUDITS_TABLE} (${COLUMNS})
       VALUES ($1, $2::timestamptz, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12::jsonb)`,
      [
        id,
        at.toISOString(),
        event.activityDisplayName,
        event.category,
        event.correlationId ?? randomUUID(),
        event.loggedByService,
        event.operationType,
        event.result ?? 'success',
        event.resultReason ?? null,
        JSON.stringify(event.initiatedBy ?? ADMIN_INITIATOR),
        JSON.stringify(event.targetResources.map(targetResource)),
        JSON.stringify(event.additionalDetails ?? []),
      ],
    );
    this.retention.next.wrote(at);
    return id;
  }

  /** The engine's hook: records a quarantine entered, lifted or given another reason by a cycle (nothing otherwise). */
  async recordQuarantineChange(tx: EntityManager, change: QuarantineChange): Promise<void> {
    const event = quarantineChangeEvent(change);
    if (event) await this.record(tx, event);
  }

  async page(query: AuditQuery): Promise<AuditPage> {
    const { where, order, params } = logPageSql(query);
    const rows: (DirectoryAuditRow & { k_time: string })[] = await this.db.query(
      `SELECT ${COLUMNS}, activity_date_time::text AS k_time FROM ${DIRECTORY_AUDITS_TABLE} ${where} ${order}`,
      params,
    );
    const more = rows.length > query.top;
    const pageRows = more ? rows.slice(0, query.top) : rows;
    const last = pageRows[pageRows.length - 1];
    return { entries: pageRows.map(toDirectoryAudit), next: more ? [last.k_time, last.id] : undefined };
  }

  async get(id: string): Promise<DirectoryAudit> {
    const rows: DirectoryAuditRow[] = await this.db.query(`SELECT ${COLUMNS} FROM ${DIRECTORY_AUDITS_TABLE} WHERE id = $1`, [id]);
    if (rows.length === 0) throw GraphError.notFound(id);
    return toDirectoryAudit(rows[0]);
  }
}
