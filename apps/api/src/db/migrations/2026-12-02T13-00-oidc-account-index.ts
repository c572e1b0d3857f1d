import { sql, type Kysely } from 'kysely';

// Frozen. The provider's sessions and grants by the person they belong to: ending a person's
// sign-ins (block, new password, revocation) and finding the grant that holds a person's consent
// for an app read them by `payload->>'accountId'` (issue 15).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('oidc_models_account_idx')
    .on('oidc_models')
    .expression(sql`model, (payload->>'accountId')`)
    .where(sql.ref('model'), 'in', sql`('Grant', 'Session')`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('oidc_models_account_idx').execute();
}
