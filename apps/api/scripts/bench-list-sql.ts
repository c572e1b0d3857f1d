// The SQL floor of `pnpm bench list`: PostgreSQL's own EXPLAIN ANALYZE of the statements the app
// runs, so the rates can be read against what the database alone needs.
import { sql } from 'kysely';
import type { DatabaseHandle } from '../src/db/database.js';
import type { listStudentsStatements } from '../src/features/students/repository.js';
import type { Row } from './bench-row.js';

type Case = { iid: string; filter: { group: string } };
type Statements = ReturnType<typeof listStudentsStatements>;
type StatementsOf = (
  c: Case,
  after?: Parameters<typeof listStudentsStatements>[3]['after'],
  offset?: number,
) => Statements;

/** Median EXPLAIN ANALYZE times of page 1, the count, page 80 by offset and by cursor. */
export async function sqlTimes(
  db: DatabaseHandle['db'],
  iid: string,
  statementsOf: StatementsOf,
  group: Case,
  whole: Case,
): Promise<Row[]> {
  const rows: Row[] = [];
  const explain = async (st: { sql: string; parameters: unknown[] }) => {
    const times = [];
    for (let i = 0; i < 15; i++) {
      const text = st.sql.replace(/\$(\d+)/g, (_, n: string) =>
        pgLiteral(st.parameters[Number(n) - 1]),
      );
      const plan = await sql<{
        'QUERY PLAN': Array<{ 'Execution Time': number }>;
      }>`explain (analyze, format json) ${sql.raw(text)}`.execute(db);
      times.push(plan.rows[0]!['QUERY PLAN'][0]!['Execution Time']);
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  };
  const q = statementsOf(group);
  const deepRow = await db
    .selectFrom('students')
    .select(['last_name', 'first_name', 'id'])
    .where('institution_id', '=', iid)
    .where('group_name', '=', '3e groep')
    .orderBy('last_name')
    .orderBy('first_name')
    .orderBy('id')
    .offset(79 * 50 - 1)
    .limit(1)
    .executeTakeFirstOrThrow();
  const sqlRows: Array<[string, number]> = [
    ['page 1 of a group of 4,167', await explain(q.page)],
    ['count of a group of 4,167 (kept, runs once per data version)', await explain(q.count)],
    ['page 80 by OFFSET', await explain(statementsOf(group, undefined, 79 * 50).page)],
    [
      'page 80 by cursor (keyset)',
      await explain(
        statementsOf(group, {
          key: deepRow.last_name,
          lastName: deepRow.last_name,
          firstName: deepRow.first_name,
          id: deepRow.id,
        }).page,
      ),
    ],
    ['page 1 of one group of 50,000', await explain(statementsOf(whole).page)],
    ['count of one group of 50,000 (kept)', await explain(statementsOf(whole).count)],
  ];
  for (const [what, ms] of sqlRows)
    rows.push({
      scenario: 'list',
      metric: `SQL time (EXPLAIN ANALYZE, median): ${what}`,
      value: ms,
      unit: 'ms',
    });
  return rows;
}

function pgLiteral(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return String(v);
  return `'${String(v).replace(/'/g, "''")}'`;
}
