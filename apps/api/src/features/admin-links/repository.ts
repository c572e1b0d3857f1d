import type { DB } from '../../db/types.js';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Role } from '../../db/types.js';
import {
  insertToken,
  openTokenId,
  revokeOpenTokens,
  tokensSince,
} from '../../platform/one-time-links/index.js';

export const INVITE_PURPOSE = 'admin_invite';
export const RESET_PURPOSE = 'admin_reset';
/** An existing user is asked to join another school; not a password link. */
export const JOIN_PURPOSE = 'admin_join';
export type AdminLinkPurpose = typeof INVITE_PURPOSE | typeof RESET_PURPOSE | typeof JOIN_PURPOSE;
const PURPOSES: AdminLinkPurpose[] = [INVITE_PURPOSE, RESET_PURPOSE];

/**
 * An admin by e-mail address. Only ASCII letters are folded (as for parents' addresses), so a
 * Unicode look-alike typed in a request never finds someone else's account.
 */
export function findAdminByEmail(db: Database, email: string) {
  const folded = email.trim().replace(/[A-Z]/g, (c) => c.toLowerCase());
  return db
    .selectFrom('admin_users')
    .select(['id', 'email', 'name', 'password_hash'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', folded))
    .executeTakeFirst();
}

/** Serialises link issuing and password setting for one admin inside a transaction. */
export function lockAdmin(trx: Transaction<DB>, id: string) {
  return trx
    .selectFrom('admin_users')
    .select(['id', 'email', 'name', 'password_hash'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** The language of the admin's first school (by name), for mails nobody asked in a language. */
export async function firstSchoolLocale(db: Database, adminUserId: string) {
  const row = await db
    .selectFrom('memberships as m')
    .innerJoin('institutions as i', 'i.id', 'm.institution_id')
    .select('i.locale')
    .where('m.admin_user_id', '=', adminUserId)
    .orderBy('i.name')
    .limit(1)
    .executeTakeFirst();
  return row?.locale;
}

export function insertLink(
  db: Database,
  row: {
    token_hash: string;
    purpose: AdminLinkPurpose;
    admin_user_id: string;
    institution_id: string | null;
    email: string;
    now: Date;
    expires_at: Date;
  },
) {
  return insertToken(db, row);
}

/**
 * Supersedes every open invitation or reset link of one admin: at most one password link works.
 * Join links (another school's invitation to an existing user) are left alone.
 */
export function revokeLinks(db: Database, adminUserId: string, now: Date) {
  return revokeOpenTokens(db, { purposes: PURPOSES, adminUserId }, now);
}

/** An open link with the admin it is for and, for an invitation, the school that sent it. */
export function findOpenLink(db: Database, hash: string, now: Date) {
  return db
    .selectFrom('tokens as t')
    .innerJoin('admin_users as u', 'u.id', 't.admin_user_id')
    .leftJoin('institutions as i', 'i.id', 't.institution_id')
    .select([
      't.id',
      't.purpose',
      't.email as link_email',
      't.expires_at',
      'u.id as admin_user_id',
      'u.email',
      'u.name',
      'i.name as school_name',
    ])
    .where('t.id', '=', openTokenId(db, hash, PURPOSES, now))
    .executeTakeFirst();
}

/** Reset links mailed to the admin since `since` (what the reset limit counts). */
export function recentResetLinks(db: Database, adminUserId: string, since: Date) {
  return tokensSince(db, { purposes: [RESET_PURPOSE], adminUserId }, since);
}

/**
 * Invitation and join links one school mailed to the admin since `since`: a school's invitations
 * never hold up the admin's own resets, nor another school's invitations.
 */
export function recentInvitationLinks(
  db: Database,
  adminUserId: string,
  institutionId: string,
  since: Date,
) {
  return tokensSince(
    db,
    { purposes: [INVITE_PURPOSE, JOIN_PURPOSE], adminUserId, institutionId },
    since,
  );
}

export function setPasswordHash(db: Database, adminUserId: string, hash: string) {
  return db
    .updateTable('admin_users')
    .set({ password_hash: hash })
    .where('id', '=', adminUserId)
    .execute();
}

// Join invitations: a school asks an existing user to join it.

export function upsertJoinInvitation(
  db: Database,
  row: {
    institution_id: string;
    admin_user_id: string;
    email: string;
    name: string;
    role: Role;
    now: Date;
  },
) {
  const { now, ...values } = row;
  return db
    .insertInto('admin_join_invitations')
    .values({ ...values, created_at: now, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['institution_id', 'admin_user_id']).doUpdateSet({
        email: values.email,
        name: values.name,
        role: values.role,
        updated_at: now,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Open join invitations of a school, as the school typed them. */
export function listJoinInvitations(db: Database, institutionId: string) {
  return db
    .selectFrom('admin_join_invitations')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .orderBy('name')
    .execute();
}

export function lockJoinInvitation(trx: Transaction<DB>, institutionId: string, id: string) {
  return trx
    .selectFrom('admin_join_invitations')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export function deleteJoinInvitation(db: Database, institutionId: string, adminUserId: string) {
  return db
    .deleteFrom('admin_join_invitations')
    .where('institution_id', '=', institutionId)
    .where('admin_user_id', '=', adminUserId)
    .execute();
}

/** Supersedes the open join links of one user for one school. */
export function revokeJoinLinks(
  db: Database,
  adminUserId: string,
  institutionId: string,
  now: Date,
) {
  return revokeOpenTokens(db, { purposes: [JOIN_PURPOSE], adminUserId, institutionId }, now);
}

/** An open join link with its invitation, the school and the user's current address. */
export function findOpenJoinLink(db: Database, hash: string, now: Date) {
  return db
    .selectFrom('tokens as t')
    .innerJoin('admin_users as u', 'u.id', 't.admin_user_id')
    .innerJoin('institutions as i', 'i.id', 't.institution_id')
    .innerJoin('admin_join_invitations as j', (join) =>
      join
        .onRef('j.admin_user_id', '=', 't.admin_user_id')
        .onRef('j.institution_id', '=', 't.institution_id'),
    )
    .select([
      't.id',
      't.email as link_email',
      't.expires_at',
      'u.id as admin_user_id',
      'u.email',
      'i.id as institution_id',
      'i.name as school_name',
      'j.role',
    ])
    .where('t.id', '=', openTokenId(db, hash, [JOIN_PURPOSE], now))
    .executeTakeFirst();
}
