import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
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
