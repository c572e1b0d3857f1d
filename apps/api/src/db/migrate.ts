import { Migrator, type MigrationResultSet } from 'kysely/migration';
import type { Database } from './database.js';
import { migrations } from './migrations/index.js';

function migrator(db: Database): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
}

export async function migrateToLatest(db: Database): Promise<MigrationResultSet> {
  const result = await migrator(db).migrateToLatest();
  if (result.error) throw result.error;
  return result;
}

/**
 * Names of the migrations this database has not run yet: all of them on an empty database.
 * Only looks (creates no migration table), so a script that works on an installed database can
 * refuse an unmigrated one before its first query fails on a missing table.
 */
export async function pendingMigrations(db: Database): Promise<string[]> {
  const known = await migrator(db).getMigrations();
  return known.filter((m) => !m.executedAt).map((m) => m.name);
}
