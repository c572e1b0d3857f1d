// pnpm seed:demo: migrates, then loads the demo schools into the configured database when it has
// no school yet (the same step SEED_DEMO=true runs at start), under the instances' start-up lock.
// Exits non-zero on failure; on a database that already has schools it changes nothing.
import { createContext, openDatabase } from '../src/app.js';
import { demoDataStep, migrationsStep, runStartup } from '../src/bootstrap/startup.js';
import { ConfigError, loadConfig } from '../src/config.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    const ctx = createContext(config, database.db);
    let printed = false;
    await runStartup(database, ctx, [migrationsStep, demoDataStep], (line) => {
      printed = true;
      console.log(line);
    });
    if (!printed) console.log('The database already has schools: no demo data added.');
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
