// Rotates the OpenID Connect signing keys: the published next key starts signing, the current
// one stays published (verify-only) for a day, a new next key is published. Running instances
// pick the change up within a minute. Usage: pnpm oidc:rotate-keys
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/db/database.js';
import { rotateSigningKeys } from '../src/features/oidc/index.js';
import { SecretBox } from '../src/platform/security/index.js';
import { onInstalledDatabase } from './installed-database.js';

const config = loadConfig();
process.exitCode = await onInstalledDatabase(
  config,
  '; the API creates the first keys when it starts',
  rotate,
);

async function rotate(db: Database): Promise<number> {
  await rotateSigningKeys({
    db,
    secrets: new SecretBox(config.credentialsKey),
    now: () => new Date(),
  });
  const keys = await db.selectFrom('oidc_keys').select(['kid', 'state']).execute();
  for (const k of keys) console.log(`${k.state.padEnd(8)} ${k.kid}`);
  return 0;
}
