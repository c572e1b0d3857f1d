import type { Database } from '../../db/database.js';

// Passkeys and the WebAuthn challenges they answer.

export function deletePasskeys(db: Database, adminUserId: string) {
  return db.deleteFrom('admin_passkeys').where('admin_user_id', '=', adminUserId).execute();
}

export async function hasAnyPasskey(db: Database, adminUserId: string): Promise<boolean> {
  return !!(await db
    .selectFrom('admin_passkeys')
    .select('id')
    .where('admin_user_id', '=', adminUserId)
    .executeTakeFirst());
}

export function listPasskeys(db: Database, adminUserId: string) {
  return db
    .selectFrom('admin_passkeys')
    .selectAll()
    .where('admin_user_id', '=', adminUserId)
    .orderBy('created_at')
    .execute();
}

export function findPasskeyByCredentialId(db: Database, credentialId: string) {
  return db
    .selectFrom('admin_passkeys')
    .selectAll()
    .where('credential_id', '=', credentialId)
    .executeTakeFirst();
}

export async function insertPasskey(
  db: Database,
  row: {
    admin_user_id: string;
    credential_id: string;
    public_key: string;
    counter: number;
    transports: string[];
    device_type: string;
    backed_up: boolean;
    name: string;
    created_at: Date;
  },
): Promise<string> {
  const { id } = await db
    .insertInto('admin_passkeys')
    .values({ ...row, transports: JSON.stringify(row.transports) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function renamePasskey(db: Database, adminUserId: string, id: string, name: string) {
  const res = await db
    .updateTable('admin_passkeys')
    .set({ name })
    .where('id', '=', id)
    .where('admin_user_id', '=', adminUserId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export function deletePasskey(db: Database, adminUserId: string, id: string) {
  return db
    .deleteFrom('admin_passkeys')
    .where('id', '=', id)
    .where('admin_user_id', '=', adminUserId)
    .returning('name')
    .executeTakeFirst();
}

/**
 * Records a use: the new signature counter (only if the stored one is still the one checked, so
 * two racing assertions cannot both move it), the backup state the authenticator reported now.
 */
export async function usePasskey(
  db: Database,
  id: string,
  use: { seenCounter: string; counter: number; backedUp: boolean; deviceType: string; now: Date },
): Promise<boolean> {
  const res = await db
    .updateTable('admin_passkeys')
    .set({
      counter: use.counter,
      backed_up: use.backedUp,
      device_type: use.deviceType,
      last_used_at: use.now,
    })
    .where('id', '=', id)
    .where('counter', '=', use.seenCounter)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function insertChallenge(
  db: Database,
  row: {
    challenge: string;
    purpose: string;
    binding: string;
    admin_user_id: string | null;
    expires_at: Date;
  },
  now: Date,
): Promise<void> {
  await db.deleteFrom('webauthn_challenges').where('expires_at', '<=', now).execute();
  await db.insertInto('webauthn_challenges').values(row).execute();
}

/**
 * Spends a challenge: only the one asked for this purpose by this binding (session or login),
 * and only before it expires. Of racing requests with the same one exactly one gets the row.
 */
export function takeChallenge(
  db: Database,
  key: { challenge: string; purpose: string; binding: string },
  now: Date,
) {
  return db
    .deleteFrom('webauthn_challenges')
    .where('challenge', '=', key.challenge)
    .where('purpose', '=', key.purpose)
    .where('binding', '=', key.binding)
    .where('expires_at', '>', now)
    .returning('admin_user_id')
    .executeTakeFirst();
}
