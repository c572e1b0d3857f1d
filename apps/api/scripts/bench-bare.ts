// The bare baseline of `pnpm bench list` (issue 21): node:http + pg running the statements the app
// runs for the same URL.
import { createServer } from 'node:http';
import pg from 'pg';
import { cursorSeal } from '../src/features/students/cursor-seal.js';
import { lastObject } from '../src/features/students/list.repository.js';
import type { listStudentsStatements } from '../src/features/students/repository.js';
import { tokenHash } from '../src/platform/security/tokens.js';

/**
 * The baseline: node:http + pg, nothing else. It runs the statements the app runs for the same
 * URL (read once from the app's repositories, as named prepared statements): the API key's check
 * with the school's data version (`keyStatement`, its one value the bearer token's hash), then the
 * page; keeps the total per data version as the app does, and answers the same JSON, byte for
 * byte (its next cursor sealed as the app seals it, for the list `cursorList` names, with
 * `secret`); `&cache=1` serves a body kept per data version, like the app's page cache.
 */
export async function startBare(
  url: string,
  secret: string,
  cursorList: (path: string) => string,
  keyStatement: string,
  statements: Record<string, ReturnType<typeof listStudentsStatements>>,
  ...iids: string[]
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
      page: { name: string; text: string; values: unknown[] };
      count: { name: string; text: string; values: unknown[] };
    }
  >();
  let n = 0;
  for (const [path, st] of Object.entries(statements)) {
    const iid = iids.find((i) => path.includes(i))!;
    byPath.set(path, {
      iid,
      list: cursorList(path),
      page: { name: `bare_page_${n}`, text: st.page.sql, values: st.page.parameters },
      count: { name: `bare_count_${n++}`, text: st.count.sql, values: st.count.parameters },
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
        body =
          `{"items":[${items ?? ''}],"total":${total},"page":1,"pageSize":50,"nextCursor":` +
          JSON.stringify(
            last && n === 50 && total > 50
              ? seal.seal(
                  st.list,
                  JSON.stringify([
                    'lastName',
                    'asc',
                    2,
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
