import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { GrowthAnalyzer, isUniqueViolation, returnedRows } from '@app/persistence';
import { ScimError } from '@app/scim';

/** A resource row as the service needs it. */
export interface StoredResource {
  id: string;
  seq: string;
  data: Record<string, unknown>;
  version: number;
  created: Date;
  lastModified: Date;
}

/** The copies of attributes kept in indexed columns. */
export interface IndexedValues {
  userName: string | null;
  displayName: string | null;
  externalId: string | null;
}

/** An equality the database can answer from an index (the filter is still evaluated in full afterwards). */
/**
 * An indexed attribute equal to a value, or to any of several (a filter that is an `or` of equalities on one indexed
 * attribute: `userName eq "a" or userName eq "b"`, how a client looks up many users in one request).
 */
export type IndexedEquality =
  | { column: 'id' | 'userName' | 'displayName' | 'externalId'; value: string }
  | { column: 'id' | 'userName' | 'displayName' | 'externalId'; anyOf: string[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COLUMNS = 'id, seq, data, version, created, last_modified AS "lastModified"';
const GROUP = 'Group';

/**
 * A new Group is flagged `display_name_unique` (so the unique index on lower(display_name) covers it) unless its
 * tenant allows duplicate names. The tenant row is read FOR SHARE: a change of that setting (which updates the row,
 * then flags or unflags the tenant's groups in the same transaction) waits for inserts under way, and inserts wait
 * for it, so no group is ever flagged from a setting that is being changed.
 */
const INSERT_GROUP = `WITH t AS (
    SELECT NOT allow_duplicate_group_names AS unique_name FROM scim_target.tenants WHERE name = $1 FOR SHARE)
  INSERT INTO scim_target.resources
    (tenant, id, resource_type, user_name, display_name, external_id, data, version, created, last_modified, display_name_unique)
  SELECT $1, $2::uuid, $3, $4, $5, $6, $7::jsonb, 1, $8::timestamptz, $8::timestamptz, t.unique_name FROM t
  RETURNING ${COLUMNS}`;

/** The 409 of RFC 7644 §3.3 for the attribute that must be unique in this resource type. */
function taken(resourceType: string, indexed: IndexedValues): ScimError {
  return resourceType === GROUP
    ? new ScimError(409, 'uniqueness', `A group named "${indexed.displayName}" (in any case) already exists`)
    : new ScimError(409, 'uniqueness', `userName "${indexed.userName}" is already taken`);
}

/**
 * Queries of `scim_target.resources`. Hot paths use single parameterised statements (no explicit transactions):
 * each write is atomic on its own, and updates are optimistic (`WHERE version = $expected`).
 */
@Injectable()
export class ResourceRepository implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ResourceRepository.name);
  /** node-postgres pool behind TypeORM, when on PostgreSQL (absent on PGlite). */
  private pool?: Pool;
  /** Re-analyzes the table as it grows, so lookups keep their index (see GrowthAnalyzer). */
  private readonly statistics = new GrowthAnalyzer(
    (text, values) => this.sql<Record<string, unknown>>('', text, values ?? []),
    'scim_target.resources',
    { onError: (error) => this.logger.warn(`ANALYZE scim_target.resources failed: ${(error as Error).message}`) },
  );

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async onModuleDestroy(): Promise<void> {
    await this.statistics.idle();
  }

  onModuleInit(): void {
    const driver = this.db.driver;
    const master = driver instanceof PostgresDriver ? (driver.master as unknown) : undefined;
    if (!this.db.options.driver && master && typeof (master as Pool).totalCount === 'number') this.pool = master as Pool;
  }

  /**
   * Runs one statement. On PostgreSQL the hot statements are named prepared statements (parsed and planned once per
   * connection, which halves the database's CPU per request); on PGlite they go through TypeORM.
   */
  private async sql<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
    if (this.pool) return (await this.pool.query(name ? { name, text, values } : { text, values })).rows as T[];
    return returnedRows<T>(await this.db.query(text, values));
  }

  async insert(
    tenant: string,
    resourceType: string,
    id: string,
    data: Record<string, unknown>,
    indexed: IndexedValues,
    now: Date,
  ): Promise<StoredResource> {
    const values = [tenant, id, resourceType, indexed.userName, indexed.displayName, indexed.externalId, data, now];
    try {
      const rows =
        resourceType === GROUP
          ? await this.sql<StoredResource>('scim_insert_group', INSERT_GROUP, values)
          : await this.sql<StoredResource>(
              'scim_insert',
              `INSERT INTO scim_target.resources
                 (tenant, id, resource_type, user_name, display_name, external_id, data, version, created, last_modified)
               VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8)
               RETURNING ${COLUMNS}`,
              values,
            );
      // No row: the tenant was deleted meanwhile (the group statement reads it; a user's insert would fail its key).
      if (!rows[0]) throw new ScimError(404, undefined, `Tenant "${tenant}" not found`);
      this.statistics.noteInserted();
      return rows[0];
    } catch (error) {
      if (isUniqueViolation(error)) throw taken(resourceType, indexed);
      throw error;
    }
  }

  async findById(tenant: string, resourceType: string, id: string): Promise<StoredResource | undefined> {
    if (!UUID.test(id)) return undefined;
    const rows = await this.sql<StoredResource>(
      'scim_find_by_id',
      `SELECT ${COLUMNS} FROM scim_target.resources WHERE tenant = $1 AND id = $2 AND resource_type = $3`,
      [tenant, id, resourceType],
    );
    return rows[0];
  }

  /** Writes a new version if nobody else did in between; undefined when the row is gone or changed meanwhile. */
  async update(
    tenant: string,
    resourceType: string,
    id: string,
    expectedVersion: number,
    data: Record<string, unknown>,
    indexed: IndexedValues,
    now: Date,
  ): Promise<StoredResource | undefined> {
    try {
      const rows = await this.sql<StoredResource>(
        'scim_update',
        `UPDATE scim_target.resources
            SET data = $5, user_name = $6, display_name = $7, external_id = $8, version = version + 1, last_modified = $9
          WHERE tenant = $1 AND id = $2 AND resource_type = $3 AND version = $4
          RETURNING ${COLUMNS}`,
        [tenant, id, resourceType, expectedVersion, data, indexed.userName, indexed.displayName, indexed.externalId, now],
      );
      return rows[0];
    } catch (error) {
      if (isUniqueViolation(error)) throw taken(resourceType, indexed);
      throw error;
    }
  }

  /**
   * Deletes the row; with `versions` (If-Match) only while its version is one of them, checked in the same statement,
   * so a write that lands meanwhile is never deleted unseen. false when nothing was deleted (gone, or changed).
   */
  async delete(tenant: string, resourceType: string, id: string, versions?: readonly number[]): Promise<boolean> {
    if (!UUID.test(id)) return false;
    if (versions === undefined) {
      const rows = await this.sql(
        'scim_delete',
        `DELETE FROM scim_target.resources WHERE tenant = $1 AND id = $2 AND resource_type = $3 RETURNING id`,
        [tenant, id, resourceType],
      );
      return rows.length > 0;
    }
    if (versions.length === 0) return false;
    const rows = await this.sql(
      'scim_delete_if_version',
      `DELETE FROM scim_target.resources
        WHERE tenant = $1 AND id = $2 AND resource_type = $3 AND version = ANY($4::integer[])
        RETURNING id`,
      [tenant, id, resourceType, versions],
    );
    return rows.length > 0;
  }

  async deleteAll(tenant: string): Promise<void> {
    await this.sql('scim_delete_all', `DELETE FROM scim_target.resources WHERE tenant = $1`, [tenant]);
  }

  async count(tenant: string, resourceType: string): Promise<number> {
    const rows = await this.sql<{ n: string }>(
      'scim_count',
      `SELECT count(*) AS n FROM scim_target.resources WHERE tenant = $1 AND resource_type = $2`,
      [tenant, resourceType],
    );
    return Number(rows[0].n);
  }

  /** One page of rows in stable (insertion) order, without any filter. */
  async page(tenant: string, resourceType: string, offset: number, limit: number): Promise<StoredResource[]> {
    if (limit <= 0) return [];
    return this.sql<StoredResource>(
      'scim_page',
      `SELECT ${COLUMNS} FROM scim_target.resources
        WHERE tenant = $1 AND resource_type = $2 ORDER BY seq OFFSET $3 LIMIT $4`,
      [tenant, resourceType, offset, limit],
    );
  }

  /**
   * Rows that may match, in stable order, read by keyset pages so a large store never sits in memory.
   * With indexed equalities only the candidates they select are read.
   */
  async *scan(tenant: string, resourceType: string, equalities: IndexedEquality[], batchSize = 1000): AsyncGenerator<StoredResource> {
    const params: unknown[] = [tenant, resourceType];
    const where = ['tenant = $1', 'resource_type = $2'];
    for (const eq of equalities) {
      const any = 'anyOf' in eq;
      const values = any ? eq.anyOf.filter((v) => eq.column !== 'id' || UUID.test(v)) : [eq.value];
      if (eq.column === 'id' && values.length === 0) return;
      if (!any && eq.column === 'id' && !UUID.test(eq.value)) return;
      params.push(any ? values : eq.value);
      const p = `$${params.length}`;
      // One value: `= lower($n)`; several: `= ANY` of the lowered array (an index scan per value, like the single one).
      const lowered = any ? `ANY(ARRAY(SELECT lower(v) FROM unnest(${p}::text[]) AS v))` : `lower(${p})`;
      switch (eq.column) {
        case 'id':
          where.push(any ? `id = ANY(${p}::uuid[])` : `id = ${p}::uuid`);
          break;
        case 'userName':
          // `user_name IS NOT NULL` lets the partial unique index on lower(user_name) answer.
          where.push(`user_name IS NOT NULL AND lower(user_name) = ${lowered}`);
          break;
        case 'displayName':
          where.push(`lower(display_name) = ${lowered}`);
          break;
        case 'externalId':
          where.push(any ? `external_id = ANY(${p}::text[])` : `external_id = ${p}`);
          break;
      }
    }
    params.push('0', batchSize);
    const seqParam = `$${params.length - 1}`;
    const limitParam = `$${params.length}`;
    // With equalities, select the (few) candidates first: a MATERIALIZED CTE keeps a cached generic plan from
    // walking the seq index of the whole tenant and filtering (O(store) per lookup once the store has grown).
    const sql = equalities.length
      ? `WITH candidates AS MATERIALIZED (SELECT ${COLUMNS} FROM scim_target.resources WHERE ${where.join(' AND ')})
         SELECT * FROM candidates WHERE seq > ${seqParam}::bigint ORDER BY seq LIMIT ${limitParam}`
      : `SELECT ${COLUMNS} FROM scim_target.resources
          WHERE ${where.join(' AND ')} AND seq > ${seqParam}::bigint ORDER BY seq LIMIT ${limitParam}`;
    const name = `scim_scan_${equalities.map((e) => ('anyOf' in e ? `${e.column}_any` : e.column)).join('_')}`;
    for (;;) {
      const rows = await this.sql<StoredResource>(name, sql, params);
      for (const row of rows) yield row;
      if (rows.length < batchSize) return;
      params[params.length - 2] = rows[rows.length - 1].seq;
    }
  }
}
