import { describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { appWithSchool } from '../../test/per-file.js';
import { brusselsDate } from '../../platform/time/index.js';
import type { StudentFilterInput } from './filter.repository.js';
import { listStudentsStatements } from './repository.js';
import { studentSearchText } from './search-text.js';

// The list's page statement is planned once per connection, not on every request (issue 21):
// PostgreSQL keeps re-planning a prepared statement while its generic plan looks dearer than
// the plans for the values at hand, which a parameter LIMIT and OFFSET always make it. With the
// page size and a zero offset in the text it settles on the generic plan after five executions.

const { t, school } = appWithSchool();

/** The statement prepared on one connection, run `times` times: how it was planned. */
async function plansOf(st: { sql: string; parameters: readonly unknown[] }, times: number) {
  const literal = (v: unknown) =>
    typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`;
  const execute = sql.raw(`execute list_plan(${st.parameters.map(literal).join(', ')})`);
  return t.db.connection().execute(async (conn) => {
    await sql`deallocate all`.execute(conn);
    await sql.raw(`prepare list_plan as ${st.sql}`).execute(conn);
    for (let i = 0; i < times; i++) await execute.execute(conn);
    const { rows } = await sql<{ generic: string; custom: string }>`
      select generic_plans as generic, custom_plans as custom
      from pg_prepared_statements where name = 'list_plan'`.execute(conn);
    await sql`deallocate list_plan`.execute(conn);
    return { generic: Number(rows[0]!.generic), custom: Number(rows[0]!.custom) };
  });
}

describe('the page statement', () => {
  it('settles on one plan: a first page, a page by cursor, and a page size the web uses', async () => {
    const iid = school.id;
    // 3,000 in twelve groups, and one group as large as all of them (its statistics make a plan
    // for it look cheaper than the generic one).
    const rows = Array.from({ length: 6000 }, (_, j) => {
      const [first, last] = [`Voornaam${j % 40}`, `Naam${j % 75}`];
      return {
        institution_id: iid,
        stamnummer: String(500000 + j),
        first_name: first,
        last_name: last,
        group_name: j < 3000 ? `${(j % 12) + 1}e groep` : 'Alle',
        enrolled_until: '2099-08-31',
        search_text: studentSearchText(first, last),
      };
    });
    for (let i = 0; i < rows.length; i += 1000)
      await t.db
        .insertInto('students')
        .values(rows.slice(i, i + 1000))
        .execute();
    await sql`analyze students`.execute(t.db);
    const today = brusselsDate(new Date());
    type Opts = {
      filter?: StudentFilterInput;
      limit?: number;
      after?: boolean;
      sort?: 'lastName' | 'firstName';
      desc?: boolean;
    };
    const page = (o: Opts) =>
      listStudentsStatements(t.db, iid, o.filter ?? { group: '3e groep' }, {
        today,
        sort: o.sort ?? 'lastName',
        order: o.desc ? 'desc' : 'asc',
        limit: o.limit ?? 50,
        offset: 0,
        // Near the end of the list: the fewest rows after it, the plan most unlike others.
        ...(o.after
          ? { after: { key: 'Voornaam9', lastName: 'Naam74', firstName: 'Voornaam9', id: iid } }
          : {}),
      }).page;
    const shapes: Opts[] = [
      {},
      { limit: 25 },
      { filter: { group: 'Alle' } },
      { filter: {} },
      { filter: { q: 'naam7' } },
      { filter: { group: '3e groep', type: 'basic', status: 'active' } },
      { after: true },
      { after: true, desc: true },
      { after: true, sort: 'firstName' },
      { after: true, filter: { group: 'Alle' } },
    ];
    for (const o of shapes)
      // Five plans for the values, then the generic one from the sixth execution on.
      expect({ ...o, ...(await plansOf(page(o), 8)) }).toEqual({ ...o, generic: 3, custom: 5 });
  });
});
