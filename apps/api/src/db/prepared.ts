import { createHash } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import { directQuery, type Database } from './database.js';

/**
 * SQL texts that the `pg` driver runs as named prepared statements: PostgreSQL parses (and, once
 * its plan cache settles, plans) such a statement once per connection instead of on every call.
 * Only texts built once per query shape belong here (the student list's statements); a text
 * built from request data would grow the registry and every connection's statement cache.
 * The name is derived from the text, so two app instances in one process agree on it.
 * PGlite has no named statements; there the text simply runs as it is.
 */
const names = new Map<string, string>();

export function prepareStatement(text: string): void {
  if (!names.has(text))
    names.set(text, `sl_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`);
}

export function preparedName(text: string): string | undefined {
  return names.get(text);
}

const PARAM = '\u0000param:';

/** A query's builder for preparedQuery: `param(i)` stands for the i-th value of a call. */
type QueryBuild<R> = (
  db: Database,
  param: (i: number) => string,
) => { compile(): CompiledQuery<R> };

/**
 * A query of one fixed shape that runs on every request (the API-key check, the data version):
 * built and compiled by Kysely on its first call only, then run from its SQL text with the call's
 * values bound, as a named prepared statement on pg. `build` receives `param(i)` for the i-th
 * value of the call; every other value it uses is a constant of the statement.
 */
export function preparedQuery<R, A extends unknown[]>(
  build: QueryBuild<R>,
): (db: Database, ...values: A) => Promise<R[]> {
  const bind = binder(build);
  // Not async (nor the functions below): the driver's promise is handed on with one `then`, with
  // no promise and microtask of their own around it, on every request.
  return (db, ...values) => {
    const [text, params] = bind(db, values);
    return runCompiled<R>(db, text, params);
  };
}

/**
 * The SQL text of a preparedQuery's build and a call's values for it (compiled by Kysely on the
 * first call only).
 */
function binder<R>(build: QueryBuild<R>) {
  let statement: { sql: string; params: Array<number | { value: unknown }> } | undefined;
  return (db: Database, values: unknown[]): [string, unknown[]] => {
    if (!statement) {
      const compiled = build(db, (i) => `${PARAM}${i}`).compile();
      statement = {
        sql: compiled.sql,
        params: compiled.parameters.map((p) =>
          typeof p === 'string' && p.startsWith(PARAM)
            ? Number(p.slice(PARAM.length))
            : { value: p },
        ),
      };
      prepareStatement(statement.sql);
    }
    const params = statement.params.map((p) => (typeof p === 'number' ? values[p] : p.value));
    return [statement.sql, params];
  };
}

/** A prepared query (see preparedQuery) that finds one row: that row, or undefined. */
export function preparedRow<R, A extends unknown[]>(
  build: QueryBuild<R>,
): (db: Database, ...values: A) => Promise<R | undefined> {
  const bind = binder(build);
  // One `then` on the driver's promise (the API-key check of every request runs here).
  return (db, ...values) => {
    const [text, params] = bind(db, values);
    return runResult<R>(db, text, params).then((result) => result.rows[0]);
  };
}

/** A compiled text with its values: straight on the pool when there is one (see directQuery). */
export function runCompiled<R>(db: Database, text: string, values: unknown[]): Promise<R[]> {
  return runResult<R>(db, text, values).then((result) => result.rows);
}

function runResult<R>(db: Database, text: string, values: unknown[]): Promise<{ rows: R[] }> {
  const run = directQuery(db);
  if (run) return run(text, values) as Promise<{ rows: R[] }>;
  return db.executeQuery<R>(CompiledQuery.raw(text, values)) as Promise<{ rows: R[] }>;
}
