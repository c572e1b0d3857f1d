// For the scripts that work on an installed database (`pnpm job`, `pnpm oidc:rotate-keys`): they
// do not migrate (that is `pnpm db:migrate`, or an instance's start) and refuse a database with
// pending migrations.
import { openDatabase } from '../src/app.js';
import type { Config } from '../src/config.js';
import type { Database } from '../src/db/database.js';
import { pendingMigrations } from '../src/db/migrate.js';

/**
 * Opens the configured database, runs `work` on it and closes it. With migrations pending it
 * says so (`hint` ends the message) and answers 1 without running `work`.
 */
export async function onInstalledDatabase(
  config: Config,
  hint: string,
  work: (db: Database) => Promise<number>,
): Promise<number> {
  const database = await openDatabase(config);
  try {
    const pending = await pendingMigrations(database.db);
    if (pending.length) {
      console.error(
        `The database is not migrated (${pending.length} migration(s) pending): ` +
          `run \`pnpm db:migrate\` first${hint}.`,
      );
      return 1;
    }
    return await work(database.db);
  } finally {
    await database.close();
  }
}
