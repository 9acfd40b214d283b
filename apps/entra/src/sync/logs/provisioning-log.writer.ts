import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { GrowthAnalyzer } from '@app/persistence';
import { LOG_COLUMNS, PROVISIONING_LOGS_TABLE } from './provisioning-log.columns';
import type { ScimRequestRecord } from '../connector';
import { insertScimRequests, scimRequestRows } from './provisioning-log.scim-requests';
import type { ProvisioningObjectSummary } from './provisioning-log.types';

/**
 * Rows per INSERT. Every column is ONE parameter, so the statement has 23 parameters whatever the row count (no
 * 65,535-parameter limit); the cap only bounds one statement, and lets a large call prepare the next statement while
 * the database executes the current one.
 */
export const LOG_INSERT_CHUNK = 5_000;

/** Separates the summaries in their one text parameter: JSON.stringify escapes every character below U+0020. */
export const SUMMARY_SEPARATOR = '\u0001';

const columnList = LOG_COLUMNS.map((c) => c.name).join(', ');
/**
 * The short columns are bound as text[] (node-postgres and PGlite serialise those the same way) and the summaries as
 * ONE text of JSON documents joined by U+0001: node-postgres would otherwise escape every quote of every document
 * into an array literal, and PostgreSQL would parse them twice. The set-returning functions sit in the select list
 * so that they advance in lockstep without materialising their rows.
 */
const INSERT_SQL = `INSERT INTO ${PROVISIONING_LOGS_TABLE} (${columnList})
  SELECT ${LOG_COLUMNS.map((c) => (c.cast === 'text' ? c.name : `${c.name}::${c.cast}`)).join(', ')}
    FROM (SELECT ${LOG_COLUMNS.map((c, i) => `${c.cast === 'jsonb' ? `unnest(string_to_array($${i + 1}::text, chr(1)))` : `unnest($${i + 1}::text[])`} AS ${c.name}`).join(',\n                 ')}) AS t`;

function parameters(entries: readonly ProvisioningObjectSummary[]): unknown[] {
  return LOG_COLUMNS.map((column) => {
    const values = entries.map((entry) => column.value(entry));
    return column.cast === 'jsonb' ? values.join(SUMMARY_SEPARATOR) : values;
  });
}

/**
 * Writes provisioning-log entries: one multi-row INSERT per batch (per LOG_INSERT_CHUNK entries). With a manager
 * the rows are part of the caller's transaction, so the engine commits a page's logs together with its watermark;
 * without one the call is atomic on its own.
 */
@Injectable()
export class ProvisioningLogWriter {
  /** Told the oldest activityDateTime of each batch written (the retention purge's schedule, see NextDue). */
  onWritten?: (oldest: Date) => void;

  /**
   * Cycles add entries by the hundred thousand; until its statistics catch up (autovacuum's next pass, never on the
   * embedded database) the planner takes the table for small and serves `sourceIdentity/id eq '…'` by walking the
   * time index: 230 ms for the first page after a 100,000-user initial cycle instead of a few ms.
   */
  private readonly statistics: GrowthAnalyzer;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.statistics = new GrowthAnalyzer((text, values) => db.query(text, values), PROVISIONING_LOGS_TABLE, { minRows: 1_000 });
  }

  /**
   * `scimRequests[i]`: the SCIM exchanges behind `entries[i]` (provsim extension), written after the entries in the
   * same transaction.
   */
  async writeBatch(
    entries: readonly ProvisioningObjectSummary[],
    manager?: EntityManager,
    scimRequests?: ReadonlyArray<readonly ScimRequestRecord[] | undefined>,
  ): Promise<void> {
    if (entries.length === 0) return;
    const requests = scimRequests ? scimRequestRows(entries, scimRequests, Date.now()) : [];
    if (manager) await this.insertAll(manager, entries, requests);
    else if (entries.length <= LOG_INSERT_CHUNK && requests.length === 0) await this.insert(this.db.manager, entries);
    else await this.db.transaction((tx) => this.insertAll(tx, entries, requests));
    this.onWritten?.(new Date(entries.reduce((oldest, e) => Math.min(oldest, Date.parse(e.activityDateTime)), Infinity)));
    this.statistics.noteInserted(entries.length);
  }

  private async insertAll(
    manager: EntityManager,
    entries: readonly ProvisioningObjectSummary[],
    requests: readonly (string | null)[][],
  ): Promise<void> {
    await this.insert(manager, entries);
    if (requests.length > 0) await insertScimRequests(manager, requests);
  }

  private async insert(manager: EntityManager, entries: readonly ProvisioningObjectSummary[]): Promise<void> {
    let params = parameters(entries.slice(0, LOG_INSERT_CHUNK));
    for (let offset = LOG_INSERT_CHUNK; ; offset += LOG_INSERT_CHUNK) {
      const running = manager.query(INSERT_SQL, params);
      if (offset >= entries.length) {
        await running;
        return;
      }
      // Build the next statement's parameters while the database works on this one (after letting the driver send it).
      try {
        await new Promise((resolve) => setImmediate(resolve));
        params = parameters(entries.slice(offset, offset + LOG_INSERT_CHUNK));
      } finally {
        await running;
      }
    }
  }
}
