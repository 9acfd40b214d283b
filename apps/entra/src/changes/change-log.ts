import { EntityManager } from 'typeorm';

export type ChangeObjectType = 'user' | 'group' | 'membership' | 'assignment';
export type ChangeKind = 'created' | 'updated' | 'softDeleted' | 'restored' | 'purged' | 'added' | 'removed';

/** Serialises writers of the change log: sequence order then equals commit order. */
const CHANGE_LOCK_KEY = 0x70726f76; // "prov"

/**
 * Records changes of the directory with a strictly increasing sequence, in the caller's transaction.
 * Call `next` once per transaction first (it takes the lock), then `record` for each change.
 */
export class ChangeLog {
  constructor(private readonly tx: EntityManager) {}

  private locked = false;

  async record(objectType: ChangeObjectType, objectId: string, kind: ChangeKind, relatedId: string | null, at: Date): Promise<string> {
    if (!this.locked) {
      await this.tx.query(`SELECT pg_advisory_xact_lock($1)`, [CHANGE_LOCK_KEY]);
      this.locked = true;
    }
    const rows: { seq: string }[] = await this.tx.query(
      `INSERT INTO entra.changes (seq, object_type, object_id, kind, related_id, at)
       VALUES (nextval('entra.change_seq'), $1, $2, $3, $4, $5) RETURNING seq`,
      [objectType, objectId, kind, relatedId, at],
    );
    return rows[0].seq;
  }
}

export interface ChangeRecord {
  seq: string;
  objectType: ChangeObjectType;
  objectId: string;
  kind: ChangeKind;
  relatedId: string | null;
  at: Date;
}

/** "What changed after N": one page in sequence order. Safe to page with the last seq seen (see CHANGE_LOCK_KEY). */
export async function readChangesAfter(db: EntityManager, afterSeq: string, limit: number): Promise<ChangeRecord[]> {
  return db.query(
    // ORDER BY the table's bigint column: the text alias `seq` would sort '10' before '2'.
    `SELECT c.seq::text AS seq, c.object_type AS "objectType", c.object_id AS "objectId", c.kind, c.related_id AS "relatedId", c.at
       FROM entra.changes c WHERE c.seq > $1::bigint ORDER BY c.seq LIMIT $2`,
    [afterSeq, limit],
  );
}
