import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { isUniqueViolation } from '@app/persistence';
import { GraphError } from '../http/graph-error';
import { USER_COLUMNS, USER_SELECT_SQL, UserRow } from './user.model';

export type UserWrite = Partial<Omit<UserRow, 'id' | 'createdDateTime' | 'deletedDateTime' | 'managerId'>>;

const DUPLICATE_UPN = 'Another object with the same value for property userPrincipalName already exists.';

/** Longest userPrincipalName Graph accepts (64-character local part, @, domain). */
export const MAX_UPN_LENGTH = 113;

/**
 * What `/users/{key}` names: a GUID is an id, a text with an `@` a userPrincipalName (compared case-insensitively, as
 * Entra does). The router has already percent-decoded the path segment, so `adele.vance%40contoso.com` arrives as
 * `adele.vance@contoso.com`. Anything else names no user.
 */
export type UserKey = { by: 'id'; id: string } | { by: 'upn'; upn: string };

export function parseUserKey(key: string): UserKey | undefined {
  if (isGuid(key)) return { by: 'id', id: key.toLowerCase() };
  if (key.includes('@') && key.length <= MAX_UPN_LENGTH) return { by: 'upn', upn: key };
  return undefined;
}

/** SQL of entra.users. Every method takes the transaction (or manager) it runs in. */
@Injectable()
export class UsersRepository {
  /**
   * The user a Graph path names, by id or userPrincipalName (see parseUserKey): the one place that resolves a user
   * key, so every route that takes `/users/{id | userPrincipalName}` accepts both. Writes then go by the row's id.
   */
  async find(db: EntityManager, key: string, opts: { deleted?: boolean } = {}): Promise<UserRow | undefined> {
    const parsed = parseUserKey(key);
    if (!parsed) return undefined;
    const where = parsed.by === 'id' ? 'id = $1' : 'lower(user_principal_name) = lower($1)';
    const rows: UserRow[] = await db.query(
      `SELECT ${USER_SELECT_SQL} FROM entra.users WHERE ${where} AND deleted_date_time IS ${opts.deleted ? 'NOT ' : ''}NULL`,
      [parsed.by === 'id' ? parsed.id : parsed.upn],
    );
    return rows[0];
  }

  async insert(
    db: EntityManager,
    id: string,
    values: UserWrite & { userPrincipalName: string },
    createdAt: Date,
    seq: string,
  ): Promise<void> {
    const entries = Object.entries(values).filter(([k, v]) => v !== undefined && !(k === 'onPremisesExtensionAttributes' && v === null));
    const cols = ['id', 'created_date_time', 'change_seq', ...entries.map(([k]) => USER_COLUMNS[k])];
    const params = [id, createdAt, seq, ...entries.map(([k, v]) => columnValue(k, v))];
    const placeholders = ['$1', '$2', '$3', ...entries.map(([k], i) => `$${i + 4}${JSONB_PROPERTIES.has(k) ? '::jsonb' : ''}`)];
    try {
      await db.query(`INSERT INTO entra.users (${cols.join(', ')}) VALUES (${placeholders.join(', ')})`, params);
    } catch (error) {
      if (isUniqueViolation(error)) throw GraphError.badRequest(DUPLICATE_UPN);
      throw error;
    }
  }

  async update(db: EntityManager, id: string, values: UserWrite, seq: string): Promise<void> {
    const entries = Object.entries(values).filter(([, v]) => v !== undefined);
    const sets = entries.map(([k, v], i) => {
      const col = USER_COLUMNS[k];
      // The extension attributes a PATCH names replace theirs, the others stay; null clears them all.
      if (k === 'onPremisesExtensionAttributes')
        return v === null ? `${col} = '{}'::jsonb || $${i + 3}::jsonb` : `${col} = ${col} || $${i + 3}::jsonb`;
      return `${col} = $${i + 3}${JSONB_PROPERTIES.has(k) ? '::jsonb' : ''}`;
    });
    try {
      await db.query(`UPDATE entra.users SET change_seq = $2${sets.length ? ', ' + sets.join(', ') : ''} WHERE id = $1`, [
        id,
        seq,
        ...entries.map(([k, v]) => (k === 'onPremisesExtensionAttributes' && v === null ? '{}' : columnValue(k, v))),
      ]);
    } catch (error) {
      if (isUniqueViolation(error)) throw GraphError.badRequest(DUPLICATE_UPN);
      throw error;
    }
  }

  async setManager(db: EntityManager, id: string, managerId: string | null, seq: string): Promise<void> {
    await db.query(`UPDATE entra.users SET manager_id = $2, change_seq = $3 WHERE id = $1`, [id, managerId, seq]);
  }

  async setDeleted(db: EntityManager, id: string, deletedAt: Date | null, seq: string): Promise<void> {
    await db.query(`UPDATE entra.users SET deleted_date_time = $2, change_seq = $3 WHERE id = $1`, [id, deletedAt, seq]);
  }

  /** Hard delete: the row, its memberships and assignments go; reports lose their manager. */
  async purge(db: EntityManager, id: string): Promise<string[]> {
    const reports: { id: string }[] = await db.query(`SELECT id FROM entra.users WHERE manager_id = $1`, [id]);
    await db.query(`UPDATE entra.users SET manager_id = NULL WHERE manager_id = $1`, [id]);
    await db.query(`DELETE FROM entra.group_members WHERE member_id = $1`, [id]);
    await db.query(`DELETE FROM entra.app_role_assignments WHERE principal_id = $1`, [id]);
    await db.query(`DELETE FROM entra.users WHERE id = $1`, [id]);
    return reports.map((r) => r.id);
  }
}

/** Properties stored as jsonb: sent as JSON text (SQL NULL for null). */
const JSONB_PROPERTIES = new Set(['employeeOrgData', 'onPremisesExtensionAttributes']);

function columnValue(property: string, value: unknown): unknown {
  if (!JSONB_PROPERTIES.has(property) || value === null) return value;
  return JSON.stringify(value);
}

export function isGuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
