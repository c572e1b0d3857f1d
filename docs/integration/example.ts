// A school's integration, written as a third-party developer writes it: a client generated from
// openapi.yaml (`pnpm types`: openapi-typescript, then openapi-fetch) and an API key of the school.
// It syncs the student list, reads it page by page, creates accounts with an Idempotency-Key
// while polling their progress, downloads the Excel export and reads a student's history.
// CI runs it against the built app (.ci/run); run it yourself with
//   SL_BASE_URL=https://<your schoolloket> SL_API_KEY=slk_… SL_INSTITUTION_ID=<uuid> pnpm example
import { randomUUID } from 'node:crypto';
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

type Problem = components['schemas']['Problem'];

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`Set ${name}`);
  return value;
};
const iid = env('SL_INSTITUTION_ID');
const api = createClient<paths>({
  baseUrl: env('SL_BASE_URL'),
  headers: { authorization: `Bearer ${env('SL_API_KEY')}`, 'accept-language': 'en' },
});

/** Every error is application/problem+json with a stable `code`: fail loudly with it. */
function ok<T>(result: { data?: T; error?: unknown; response: Response }, what: string): T {
  if (result.data !== undefined && result.response.ok) return result.data;
  const p = result.error as Problem | undefined;
  throw new Error(`${what}: ${result.response.status} ${p?.code} — ${p?.detail}`);
}
const log = (...parts: unknown[]) => console.log('•', ...parts);

// 1. Sync the whole student list (students missing from it are kept unless `leavers: 'end'`).
const students = [
  { stamnummer: '20001', firstName: 'Noor', lastName: 'Janssens', group: '3A' },
  { stamnummer: '20002', firstName: 'Milan', lastName: 'Peeters', group: '3A' },
  { stamnummer: '20003', firstName: 'Elif', lastName: 'Yilmaz', group: '3B' },
];
const sync = ok(
  await api.PUT('/api/v1/institutions/{iid}/students', {
    params: { path: { iid } },
    body: { students },
  }),
  'sync',
);
log('sync', sync.summary, `${sync.changes.length} change(s)`);

// 2. Read the list page by page with the cursor (stable order, no student twice).
const ids: string[] = [];
let cursor: string | undefined;
do {
  const page = ok(
    await api.GET('/api/v1/institutions/{iid}/students', {
      params: {
        path: { iid },
        query: { pageSize: 2, sort: 'stamnummer', ...(cursor ? { cursor } : {}) },
      },
    }),
    'list students',
  );
  ids.push(...page.items.filter((s) => s.accountType === null).map((s) => s.id));
  cursor = page.nextCursor ?? undefined;
} while (cursor);
log('students without an account', ids.length);

// 3. Create their accounts, all or nothing, with an Idempotency-Key; poll progress meanwhile.
const key = `example-${randomUUID()}`;
const body = { items: ids.map((studentId) => ({ studentId, type: 'basic' as const })) };
const create = () =>
  api.POST('/api/v1/institutions/{iid}/accounts', {
    params: { path: { iid }, header: { 'idempotency-key': key } },
    body,
  });
const progress = async () =>
  ok(
    await api.GET('/api/v1/institutions/{iid}/account-requests/{key}', {
      params: { path: { iid, key } },
    }),
    'progress',
  );
const running = create();
log('progress while it runs', await progress()); // `pending` if the POST has not registered yet
const created = ok(await running, 'create accounts');
log('created', created.counts, 'batch', created.batchId, 'progress now', await progress());

// A retry with the same key and body (after a timeout, say) gets the same answer, no new accounts.
const replay = ok(await create(), 'retry');
if (replay.batchId !== created.batchId) throw new Error('the retry created accounts again');
log('retry answered the same batch');

// 4. Download the Excel export of the batch (Cache-Control: no-store; it holds the passwords).
const xlsx = await api.GET('/api/v1/institutions/{iid}/batches/{bid}/export', {
  params: { path: { iid, bid: created.batchId }, query: { format: 'xlsx' } },
  parseAs: 'arrayBuffer',
});
const file = ok(xlsx, 'export');
log('export', xlsx.response.headers.get('content-type'), `${file.byteLength} bytes`);

// 5. Read a student's history.
const history = ok(
  await api.GET('/api/v1/institutions/{iid}/students/{sid}/history', {
    params: { path: { iid, sid: created.items[0]!.studentId } },
  }),
  'history',
);
log(
  'history of',
  created.items[0]!.username,
  history.items.map((e) => e.kind),
);

// 6. The change feed: everything above, in commit order; keep `nextCursor` for the next run.
const feed = ok(
  await api.GET('/api/v1/institutions/{iid}/events', {
    params: { path: { iid }, query: { limit: 100 } },
  }),
  'change feed',
);
log(
  'change feed',
  feed.items.map((e) => `${e.entity} ${e.change}`),
  'more:',
  feed.hasMore,
);

// 7. Errors carry a code to act on; rate limits come with every answer.
const missing = await api.GET('/api/v1/institutions/{iid}/students/{sid}', {
  params: { path: { iid, sid: randomUUID() } },
});
if (missing.error?.code !== 'not_found') throw new Error('expected not_found');
log('unknown student →', missing.response.status, missing.error.code);
log(
  'rate limit',
  missing.response.headers.get('ratelimit-policy'),
  missing.response.headers.get('ratelimit'),
);
log('done');
