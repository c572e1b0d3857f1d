import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from './database.js';
import type { DB } from './types.js';

/**
 * The shared step of every purge job: delete the rows of `table` that `filter` selects, or, in a
 * dry run, count them and change nothing. Returns how many rows it deleted (or would delete).
 */
export async function countOrDelete<T extends keyof DB & string>(
  db: Database,
  table: T,
  filter: (eb: ExpressionBuilder<DB, T>) => Expression<SqlBool>,
  dryRun: boolean,
): Promise<number> {
  if (dryRun) {
    const r = await db
      .selectFrom(table as keyof DB)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where(filter as never)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
  const r = await db
    .deleteFrom(table as keyof DB)
    .where(filter as never)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * The purge of a table whose rows end at `endedAt` but may be held by a running lease or lock
 * (`heldUntil`): rows ended before `cutoff` go, unless they are still held at `now`.
 */
export function purgeUnlessHeld<T extends keyof DB & string>(
  table: T,
  endedAt: keyof DB[T] & string,
  heldUntil: keyof DB[T] & string,
) {
  return (db: Database, cutoff: Date, now: Date, dryRun: boolean): Promise<number> =>
    countOrDelete(
      db,
      table,
      (eb) => {
        const held = sql.ref<Date | null>(heldUntil);
        return eb.and([
          eb(sql.ref<Date | null>(endedAt), '<', cutoff),
          eb.or([eb(held, 'is', null), eb(held, '<=', now)]),
        ]);
      },
      dryRun,
    );
}
