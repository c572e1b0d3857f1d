// pnpm db:migrate: brings the database of DATABASE_URL (or the PGlite in DATA_DIR) to the latest
// migration, under the same start-up lock the instances take, and exits non-zero on failure.
// Needs no secrets.
import { openDatabase } from '../src/app.js';
import { ConfigError, loadDatabaseConfig } from '../src/config.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { withStartupLock } from '../src/db/startup-lock.js';

async function main(): Promise<void> {
  const config = loadDatabaseConfig();
  const database = await openDatabase(config);
  try {
    const result = await withStartupLock(database, (db) => migrateToLatest(db));
    const applied = (result.results ?? []).filter((r) => r.status === 'Success');
    for (const r of applied) console.log(`applied ${r.migrationName}`);
    console.log(
      `${config.databaseUrl ? 'PostgreSQL' : `PGlite in ${config.dataDir}`}: ` +
        (applied.length ? `${applied.length} migration(s) applied` : 'already up to date'),
    );
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
