// Writes ../../openapi.yaml from the route schemas without listening or touching a database.
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.js';
import type { DB } from '../src/db/types.js';
import { testConfig } from '../src/test/harness.js';

const db = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});
const app = await buildApp(testConfig(), {
  database: { db, kind: 'postgres', close: () => db.destroy() },
  logger: false,
  serveWeb: false,
});
await app.ready();
const target = fileURLToPath(new URL('../../../openapi.yaml', import.meta.url));
writeFileSync(target, app.swagger({ yaml: true }));
await app.close();
console.log(`wrote ${target}`);
