import { Migrator, type MigrationResultSet } from 'kysely/migration';
import type { Database } from './database.js';
import { migrations } from './migrations/index.js';

export async function migrateToLatest(db: Database): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}
