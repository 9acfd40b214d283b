import { EntityManager } from 'typeorm';
import { runsOneTransactionAtATime } from '@app/persistence';

export type ChangeObjectType = 'user' | 'group' | 'membership' | 'assignment';
export type ChangeKind = 'created' | 'updated' | 'softDeleted' | 'restored' | 'purged' | 'added' | 'removed';

/** Serialises writers of the change log: sequence order then equals commit order. */
export const CHANGE_LOCK_KEY = 0x70726f76; // "prov"

/**
 * Records changes of the directory with a strictly increasing sequence, in the caller's transaction (each method
 * takes the change-log lock first, once per transaction).
 */
/**
 * Takes the transaction-level lock every change-log writer holds: sequence numbers taken under it are in commit order.
 * The embedded database runs one transaction at a time, so there the order holds without it (a statement less per
 * directory write).
 */
export async function lockChangeLog(tx: EntityManager): Promise<void> {
  if (runsOneTransactionAtATime(tx.connection.options)) return;
  await tx.query(`SELECT pg_advisory_xact_lock($1)`, [CHANGE_LOCK_KEY]);
}

export class ChangeLog {
  constructor(private readonly tx: EntityManager) {}

  private locked = false;

  private async lock(): Promise<void> {
    if (this.locked) return;
    await lockChangeLog(this.tx);
    this.locked = true;
  }

  async record(objectType: ChangeObjectType, objectId: string, kind: ChangeKind, relatedId: string | null, at: Date): Promise<string> {
    await this.lock();
    const rows: { seq: string }[] = await this.tx.query(
      `INSERT INTO entra.changes (seq, object_type, object_id, kind, related_id, at)
       VALUES (nextval('entra.change_seq'), $1, $2, $3, $4, $5) RETURNING seq`,
      [objectType, objectId, kind, relatedId, at],
    );
    return rows[0].seq;
  }

  /**
   * A member going to the recycle bin leaves every group it belongs to (as Graph lists members), and comes back
   * on restore: one membership change per live group, so groups delta reports `members@delta` for it.
   */
  async recordMembershipsOf(memberId: string, kind: 'added' | 'removed', at: Date): Promise<number> {
    await this.lock();
    const rows: unknown[] = await this.tx.query(
      `INSERT INTO entra.changes (seq, object_type, object_id, kind, related_id, at)
       SELECT nextval('entra.change_seq'), 'membership', m.group_id, $2, m.member_id, $3
         FROM entra.group_members m JOIN entra.groups g ON g.id = m.group_id AND g.deleted_date_time IS NULL
        WHERE m.member_id = $1
        ORDER BY m.group_id
       RETURNING seq`,
      [memberId, kind, at],
    );
    return rows.length;
  }

  /**
   * A group going to the recycle bin stops granting its members anything (an app assignment through it); restore
   * brings that back: one membership change per direct member, so incremental readers re-evaluate them.
   */
  async recordMembersOf(groupId: string, kind: 'added' | 'removed', at: Date): Promise<number> {
    await this.lock();
    const rows: unknown[] = await this.tx.query(
      `INSERT INTO entra.changes (seq, object_type, object_id, kind, related_id, at)
       SELECT nextval('entra.change_seq'), 'membership', m.group_id, $2, m.member_id, $3
         FROM entra.group_members m WHERE m.group_id = $1
        ORDER BY m.member_id
       RETURNING seq`,
      [groupId, kind, at],
    );
    return rows.length;
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
