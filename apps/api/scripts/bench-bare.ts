// The bare baseline of `pnpm bench list` (issue 21): node:http + pg running the statements the app
// runs for the same URL.
import { createServer } from 'node:http';
import pg from 'pg';
import { cursorSeal } from '../src/features/students/cursor-seal.js';
import { lastObject } from '../src/features/students/list.repository.js';
import type { listStudentsStatements } from '../src/features/students/repository.js';
import { tokenHash } from '../src/platform/security/tokens.js';

/** What the bare server answers for one URL (its path and query). */
export interface BarePage {
  /** The school the URL names: the API key must be one of its keys. */
  iid: string;
  /** The list of the page (cursorList: school and filter), which its cursors are sealed for. */
  list: string;
  /** The page's number: 1, or the number the URL's cursor carries. */
  page: number;
  statements: ReturnType<typeof listStudentsStatements>;
}

/**
 * The baseline: node:http + pg, nothing else. It runs the statements the app runs for the same
 * URL (read once from the app's repositories, as named prepared statements): the API key's check
 * with the school's data version (`keyStatement`, its one value the bearer token's hash), then the
 * page; keeps the total per data version as the app does, and answers the same JSON, byte for
 * byte (its next cursor sealed as the app seals it, with `secret`); `&cache=1` serves a body kept
 * per data version, like the app's page cache. Pages of 50, sorted by last name, ascending.
 */
export async function startBare(
  url: string,
  secret: string,
  keyStatement: string,
  pages: Record<string, BarePage>,
) {
  const DATE_OID = 1082;
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === DATE_OID
          ? (v: string) => v
          : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection that PostgreSQL ends (the bench's database dropped) is no crash.
  pool.on('error', () => undefined);
  const seal = cursorSeal(secret);
  const byPath = new Map<
    string,
    {
      iid: string;
      list: string;
      number: number;
      page: { name: string; text: string; values: unknown[] };
      count: { name: string; text: string; values: unknown[] };
    }
  >();
  let n = 0;
  for (const [path, p] of Object.entries(pages)) {
    byPath.set(path, {
      iid: p.iid,
      list: p.list,
      number: p.page,
      page: {
        name: `bare_page_${n}`,
        text: p.statements.page.sql,
        values: p.statements.page.parameters,
      },
      count: {
        name: `bare_count_${n++}`,
        text: p.statements.count.sql,
        values: p.statements.count.parameters,
      },
    });
  }
  const totals = new Map<string, number>();
  const bodies = new Map<string, string>();
  const server = createServer((req, res) => {
    void (async () => {
      const cache = req.url!.endsWith('&cache=1');
      const path = cache ? req.url!.slice(0, -'&cache=1'.length) : req.url!;
      const st = byPath.get(path);
      if (!st) {
        res.writeHead(404).end();
        return;
      }
      const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const apiKey = token
        ? await pool.query({ name: 'bare_key', text: keyStatement, values: [tokenHash(token)] })
        : undefined;
      if (apiKey?.rows[0]?.institution_id !== st.iid) {
        res.writeHead(401).end();
        return;
      }
      const version = (apiKey.rows[0].data_version as string | null) ?? '0';
      const key = `${version} ${path}`;
      let body = cache ? bodies.get(key) : undefined;
      if (body === undefined) {
        const [page, counted] = await Promise.all([
          pool.query(st.page),
          totals.has(key) ? undefined : pool.query(st.count),
        ]);
        if (counted)
          totals.set(`${counted.rows[0].version ?? '0'} ${path}`, Number(counted.rows[0].total));
        const total = totals.get(key) ?? Number(counted!.rows[0].total);
        // The page statement answers one row: the items as JSON text and their number.
        const { items, n } = page.rows[0] as { items: string | null; n: number };
        const last = items ? (JSON.parse(lastObject(items)) as Record<string, string>) : undefined;
        // A full page has a next one when it is not the last by the total (page 1) or, after a
        // cursor, always (list.ts).
        const more = n === 50 && (st.number > 1 || total > 50);
        body =
          `{"items":[${items ?? ''}],"total":${total},"page":${st.number},"pageSize":50,` +
          '"nextCursor":' +
          JSON.stringify(
            last && more
              ? seal.seal(
                  st.list,
                  JSON.stringify([
                    'lastName',
                    'asc',
                    st.number + 1,
                    last.lastName,
                    last.lastName,
                    last.firstName,
                    last.id,
                  ]),
                )
              : null,
          ) +
          '}';
        if (cache) bodies.set(key, body);
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
}
