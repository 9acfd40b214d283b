import { EntityManager } from 'typeorm';
import { isUniqueViolation } from '@app/persistence';
import { lockChangeLog } from '../changes/change-log';
import { TenantPlan } from './tenant-plan';

/** Rows per statement. Arrays are bound as one parameter per column (unnest), so the 65,535-parameter limit never applies. */
const USER_BATCH = 5_000;
const GROUP_BATCH = 5_000;
const MEMBERSHIP_BATCH = 20_000;
const ASSIGNMENT_BATCH = 10_000;

export class SeedConflictError extends Error {}

export interface WrittenCounts {
  users: number;
  groups: number;
  memberships: number;
  assignments: number;
  /** Change-log rows written (one per object, membership and assignment). */
  changes: number;
  firstSeq: string | null;
  lastSeq: string | null;
}

/** Takes `count` consecutive change seqs at once (the caller holds the change-log lock); answers the first. */
async function reserveSeqs(tx: EntityManager, count: number): Promise<bigint> {
  const rows: { last: string }[] = await tx.query(
    `SELECT setval('entra.change_seq', nextval('entra.change_seq') + $1::bigint - 1)::text AS last`,
    [count],
  );
  return BigInt(rows[0].last) - BigInt(count) + 1n;
}

const iso = (d: Date) => d.toISOString();
const text = (v: boolean) => (v ? 'true' : 'false');

async function inBatches<T>(
  items: readonly T[],
  size: number,
  write: (batch: readonly T[], offset: number) => Promise<void>,
): Promise<void> {
  for (let offset = 0; offset < items.length; offset += size) await write(items.slice(offset, offset + size), offset);
}

/**
 * Writes a planned tenant inside the caller's transaction: users (managers included), groups, memberships and
 * app role assignments, each with its change-log row ("created"/"added") so that delta and incremental sync see
 * every seeded object. One advisory lock, one reserved range of sequence numbers, multi-row INSERT … SELECT
 * FROM unnest(…) statements of thousands of rows.
 */
export async function writePlan(tx: EntityManager, plan: TenantPlan, now: Date, servicePrincipalId?: string): Promise<WrittenCounts> {
  const total = plan.users.length + plan.groups.length + plan.memberships.length + plan.assignments.length;
  const counts: WrittenCounts = {
    users: plan.users.length,
    groups: plan.groups.length,
    memberships: plan.memberships.length,
    assignments: plan.assignments.length,
    changes: total,
    firstSeq: null,
    lastSeq: null,
  };
  if (total === 0) return counts;
  if (plan.assignments.length && !servicePrincipalId) throw new Error('assignments need a service principal');
  // The same lock as every other change-log writer, so the seed's sequence numbers are in commit order too.
  await lockChangeLog(tx);
  const base = await reserveSeqs(tx, total);
  counts.firstSeq = base.toString();
  counts.lastSeq = (base + BigInt(total) - 1n).toString();
  let next = base;
  const at = iso(now);
  try {
    await inBatches(plan.users, USER_BATCH, async (batch) => {
      const col = <K extends keyof (typeof batch)[number]>(k: K) => batch.map((u) => u[k]);
      await tx.query(
        `WITH r AS (
           SELECT * FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                                $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[],
                                $19::text[], $20::text[], $21::text[], $22::text[], $23::uuid[], $24::text[])
             WITH ORDINALITY AS t(id, upn, display_name, given_name, surname, mail, nickname, enabled, job_title, department,
                                  employee_id, phone, mobile, office, street, city, state, postal_code, country, lang, manager, created, ord)
         ), u AS (
           INSERT INTO entra.users (id, user_principal_name, display_name, given_name, surname, mail, mail_nickname, account_enabled,
                                    job_title, department, employee_id, business_phones, mobile_phone, office_location, street_address,
                                    city, state, postal_code, country, preferred_language, user_type, manager_id, created_date_time, change_seq)
           SELECT id, upn, display_name, given_name, surname, mail, nickname, enabled::boolean, job_title, department, employee_id,
                  CASE WHEN phone IS NULL THEN '{}'::text[] ELSE ARRAY[phone] END, mobile, office, street, city, state, postal_code,
                  country, lang, 'Member', manager, created::timestamptz, $1::bigint + ord - 1
             FROM r
         )
         INSERT INTO entra.changes (seq, object_type, object_id, kind, related_id, at)
         SELECT $1::bigint + ord - 1, 'user', id, 'created', NULL, $2::timestamptz FROM r`,
        [
          next.toString(),
          at,
          col('id'),
          col('userPrincipalName'),
          col('displayName'),
          col('givenName'),
          col('surname'),
          col('mail'),
          col('mailNickname'),
          batch.map((u) => text(u.accountEnabled)),
          col('jobTitle'),
          col('department'),
          col('employeeId'),
          col('businessPhone'),
          col('mobilePhone'),
          col('officeLocation'),
          col('streetAddress'),
          col('city'),
          col('state'),
          col('postalCode'),
          col('country'),
          col('preferredLanguage'),
          col('managerId'),
          batch.map((u) => iso(u.createdDateTime)),
        ],
      );
      next += BigInt(batch.length);
    });
    await inBatches(plan.groups, GROUP_BATCH, async (batch) => {
      await tx.query(
        `WITH r AS (
           SELECT * FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
             WITH ORDINALITY AS t(id, display_name, nickname, description, security, mail, created, ord)
         ), g AS (
           INSERT INTO entra.groups (id, display_name, mail_nickname, description, security_enabled, mail_enabled, created_date_time, change_seq)
           SELECT id, display_name, nickname, description, security::boolean, mail::boolean, created::timestamptz, $1::bigint + ord - 1 FROM r
         )
         INSERT INTO entra.changes (seq, object_type, object_id, kind, related_id, at)
         SELECT $1::bigint + ord - 1, 'group', id, 'created', NULL, $2::timestamptz FROM r`,
        [
          next.toString(),
          at,
          batch.map((g) => g.id),
          batch.map((g) => g.displayName),
          batch.map((g) => g.mailNickname),
          batch.map((g) => g.description),
          batch.map((g) => text(g.securityEnabled)),
          batch.map((g) => text(g.mailEnabled)),
          batch.map((g) => iso(g.createdDateTime)),
        ],
      );
      next += BigInt(batch.length);
    });
    await inBatches(plan.memberships, MEMBERSHIP_BATCH, async (batch) => {
      await tx.query(
        `WITH r AS (
           SELECT * FROM unnest($3::uuid[], $4::uuid[], $5::text[]) WITH ORDINALITY AS t(group_id, member_id, member_type, ord)
         ), m AS (
           INSERT INTO entra.group_members (group_id, member_id, member_type) SELECT group_id, member_id, member_type FROM r
         )
         INSERT INTO entra.changes (seq, object_type, object_id, kind, related_id, at)
         SELECT $1::bigint + ord - 1, 'membership', group_id, 'added', member_id, $2::timestamptz FROM r`,
        [next.toString(), at, batch.map((m) => m.groupId), batch.map((m) => m.memberId), batch.map((m) => m.memberType)],
      );
      next += BigInt(batch.length);
    });
    await inBatches(plan.assignments, ASSIGNMENT_BATCH, async (batch) => {
      await tx.query(
        `WITH r AS (
           SELECT * FROM unnest($4::text[], $5::uuid[], $6::uuid[], $7::text[]) WITH ORDINALITY AS t(id, principal_id, app_role_id, principal_type, ord)
         ), a AS (
           INSERT INTO entra.app_role_assignments (id, app_role_id, principal_id, principal_type, resource_id, created_date_time)
           SELECT id, app_role_id, principal_id, principal_type, $3::uuid, $2::timestamptz FROM r
         )
         INSERT INTO entra.changes (seq, object_type, object_id, kind, related_id, at)
         SELECT $1::bigint + ord - 1, 'assignment', principal_id, 'added', $3::uuid, $2::timestamptz FROM r`,
        [
          next.toString(),
          at,
          servicePrincipalId,
          batch.map((a) => a.id),
          batch.map((a) => a.principalId),
          batch.map((a) => a.appRoleId),
          batch.map((a) => a.principalType),
        ],
      );
      next += BigInt(batch.length);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new SeedConflictError(
        'The directory already holds objects this seed would create (the same seed and domain seeded before?). ' +
          'Use another seed or domain, or an empty database.',
      );
    }
    throw error;
  }
  return counts;
}
