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
// Dates in examples are quoted: YAML 1.2 reads a bare 2026-09-01 as a string, but YAML 1.1
// parsers (js-yaml and the tools built on it) read it as a timestamp and change the example.
const quoteDates = (yaml: string) =>
  yaml.replace(/^(\s*(?:- )?(?:[\w-]+: )?)(\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z)?)$/gm, '$1"$2"');
writeFileSync(target, quoteDates(app.swagger({ yaml: true })));
await app.close();
console.log(`wrote ${target}`);
