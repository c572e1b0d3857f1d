// Rotates the OpenID Connect signing keys: the published next key starts signing, the current
// one stays published (verify-only) for a day, a new next key is published. Running instances
// pick the change up within a minute. Usage: pnpm oidc:rotate-keys
import { openDatabase } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { pendingMigrations } from '../src/db/migrate.js';
import { rotateSigningKeys } from '../src/features/oidc/index.js';
import { SecretBox } from '../src/platform/security/index.js';

const config = loadConfig();
const database = await openDatabase(config);
try {
  const pending = await pendingMigrations(database.db);
  if (pending.length) {
    console.error(
      `The database is not migrated (${pending.length} migration(s) pending): ` +
        'run `pnpm db:migrate` first; the API creates the first keys when it starts.',
    );
    process.exitCode = 1;
  } else await rotate();
} finally {
  await database.close();
}

async function rotate() {
  await rotateSigningKeys({
    db: database.db,
    secrets: new SecretBox(config.credentialsKey),
    now: () => new Date(),
  });
  const keys = await database.db.selectFrom('oidc_keys').select(['kid', 'state']).execute();
  for (const k of keys) console.log(`${k.state.padEnd(8)} ${k.kid}`);
}
