/**
 * provsim extension: the SCIM requests behind a provisioning-log entry (what the connector sent for the object and
 * what came back), stored in entra.provisioning_log_scim_requests next to the entry, written in the same statement
 * batch and transaction, deleted with it (ON DELETE CASCADE), served by GET /sim/provisioningLogs/{id}/scimRequests.
 */
import type { EntityManager } from 'typeorm';
import type { ScimMethod, ScimRequestRecord } from '../connector';
import type { ProvisioningObjectSummary } from './provisioning-log.types';

export const SCIM_REQUESTS_TABLE = 'entra.provisioning_log_scim_requests';

/** Rows per INSERT; also flushed earlier once the bodies of the pending rows pass SCIM_INSERT_MAX_CHARS. */
export const SCIM_INSERT_CHUNK = 5_000;
export const SCIM_INSERT_MAX_CHARS = 8 * 1024 * 1024;

/** One request as the API serves it. */
export interface ScimRequestView {
  sequence: number;
  method: ScimMethod;
  url: string;
  requestHeaders: Record<string, string>;
  /** The body as JSON when it is JSON, else the text as stored (a cut body ends with the truncation marker). */
  requestBody: unknown;
  status: number | null;
  responseBody: unknown;
  error: string | null;
  durationMs: number;
  startedDateTime: string;
}

const COLUMNS = [
  'log_id',
  'sequence',
  'method',
  'url',
  'request_headers',
  'request_body',
  'status',
  'response_body',
  'error',
  'duration_ms',
  'started_at',
] as const;
const CASTS = ['text', 'integer', 'text', 'text', 'jsonb', 'text', 'integer', 'text', 'text', 'integer', 'timestamptz'];

const INSERT_SQL = `INSERT INTO ${SCIM_REQUESTS_TABLE} (${COLUMNS.join(', ')})
  SELECT ${COLUMNS.map((c, i) => (CASTS[i] === 'text' ? c : `${c}::${CASTS[i]}`)).join(', ')}
    FROM (SELECT ${COLUMNS.map((c, i) => `unnest($${i + 1}::text[]) AS ${c}`).join(', ')}) AS t`;

/** The statement parameters (one text[] per column) of a set of rows. */
class RowBatch {
  readonly columns: (string | null)[][] = COLUMNS.map(() => []);
  chars = 0;

  get size(): number {
    return this.columns[0].length;
  }

  push(row: (string | null)[]): void {
    for (let i = 0; i < row.length; i += 1) {
      this.columns[i].push(row[i]);
      this.chars += row[i]?.length ?? 0;
    }
  }
}

/**
 * The rows of the entries' requests. A request's start is put on the simulated clock: the entry's activityDateTime
 * minus the wall time that passed between the request and `wallNow` (the write), so the requests sit just before
 * their entry whatever the clock mode.
 */
export function scimRequestRows(
  entries: readonly ProvisioningObjectSummary[],
  requests: ReadonlyArray<readonly ScimRequestRecord[] | undefined>,
  wallNow: number,
): (string | null)[][] {
  const rows: (string | null)[][] = [];
  for (let i = 0; i < entries.length; i += 1) {
    const records = requests[i];
    if (!records || records.length === 0) continue;
    const entry = entries[i];
    const at = Date.parse(entry.activityDateTime);
    records.forEach((r, j) => {
      const started = new Date(at - Math.max(0, wallNow - r.startedAt));
      rows.push([
        entry.id,
        String(j + 1),
        r.method,
        r.url,
        JSON.stringify(r.requestHeaders),
        r.requestBody,
        r.status === null ? null : String(r.status),
        r.responseBody,
        r.error,
        String(Math.max(0, Math.min(2_147_483_647, Math.round(r.durationMs)))),
        started.toISOString(),
      ]);
    });
  }
  return rows;
}

/** Inserts the rows (in the caller's transaction when the manager is one), a few statements at most per page. */
export async function insertScimRequests(manager: EntityManager, rows: readonly (string | null)[][]): Promise<void> {
  let batch = new RowBatch();
  for (const row of rows) {
    batch.push(row);
    if (batch.size >= SCIM_INSERT_CHUNK || batch.chars >= SCIM_INSERT_MAX_CHARS) {
      await manager.query(INSERT_SQL, batch.columns);
      batch = new RowBatch();
    }
  }
  if (batch.size > 0) await manager.query(INSERT_SQL, batch.columns);
}

/** A stored body as served: parsed when it is JSON, else the stored text; null stays null. */
export function bodyView(text: string | null): unknown {
  if (text === null) return null;
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

interface ScimRequestRow {
  sequence: number;
  method: ScimMethod;
  url: string;
  request_headers: Record<string, string> | string;
  request_body: string | null;
  status: number | null;
  response_body: string | null;
  error: string | null;
  duration_ms: number;
  started_at: Date | string;
}

/** The requests of one entry, in order; null when the entry does not exist. */
export async function readScimRequests(manager: EntityManager, logId: string): Promise<ScimRequestView[] | null> {
  const rows: (ScimRequestRow & { found: boolean })[] = await manager.query(
    `SELECT true AS found, r.sequence, r.method, r.url, r.request_headers, r.request_body, r.status, r.response_body, r.error, r.duration_ms, r.started_at
       FROM entra.provisioning_logs l
       LEFT JOIN ${SCIM_REQUESTS_TABLE} r ON r.log_id = l.id
      WHERE l.id = $1
      ORDER BY r.sequence`,
    [logId],
  );
  if (rows.length === 0) return null;
  return rows
    .filter((r) => r.sequence !== null)
    .map((r) => ({
      sequence: Number(r.sequence),
      method: r.method,
      url: r.url,
      requestHeaders: typeof r.request_headers === 'string' ? (JSON.parse(r.request_headers) as Record<string, string>) : r.request_headers,
      requestBody: bodyView(r.request_body),
      status: r.status === null ? null : Number(r.status),
      responseBody: bodyView(r.response_body),
      error: r.error,
      durationMs: Number(r.duration_ms),
      startedDateTime: new Date(r.started_at).toISOString(),
    }));
}
