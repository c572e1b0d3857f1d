import { beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type supertest from 'supertest';
import { createAdmin, createInstitution, createStudent, loginAs } from '../factories.js';
import { appForFile } from '../per-file.js';

// Random requests against every operation of the OpenAPI document, as a logged-in admin:
// whatever is sent, the answer is never a 5xx and every error is problem+json.

const t = appForFile();
let agent: supertest.Agent;
let operations: Array<{ method: 'get' | 'post' | 'put' | 'patch' | 'delete'; path: string }>;
let ids: Record<string, string>;

const TOTAL_REQUESTS = 10_000;
// Logging out would end the fuzzing session; nothing else is excluded.
const EXCLUDED = new Set(['post /api/v1/auth/logout', 'post /api/v1/portal/logout']);

beforeAll(async () => {
  const iid = (await createInstitution(t.ctx)).id;
  const admin = await createAdmin(t.ctx, { institutionId: iid });
  agent = await loginAs(t.request(), admin.email);
  const student = await createStudent(t.ctx, iid, { parent_emails: ['ouder@example.be'] });
  ids = { iid, sid: student.id, stamnummer: student.stamnummer, slot: '1' };
  const spec = (await t.request().get('/api/openapi.json')).body as {
    paths: Record<string, Record<string, unknown>>;
  };
  operations = Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((m) => !EXCLUDED.has(`${m} ${path}`))
      .map((method) => ({ method: method as 'get', path })),
  );
}, 120_000);

const scalar = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '../../etc/passwd',
    '%',
    "'; drop table students; --",
    '=HYPERLINK("x")',
    '00000000-0000-4000-8000-000000000000',
    'x'.repeat(5000),
  ),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 12 }), tie('value'), { maxKeys: 5 }),
  ),
})).value;
const knownKeys = fc.constantFrom(
  'items',
  'studentIds',
  'filter',
  'type',
  'passwordKind',
  'username',
  'password',
  'pictures',
  'email',
  'name',
  'firstName',
  'lastName',
  'stamnummer',
  'format',
  'q',
  'group',
  'status',
  'page',
  'pageSize',
  'sort',
  'order',
  'acceptAgreement',
  'scope',
  'role',
  'locale',
);
const body = fc.oneof(json, fc.dictionary(knownKeys, json, { maxKeys: 6 }));
const query = fc.dictionary(
  knownKeys,
  fc.oneof(fc.string({ maxLength: 20 }), fc.integer().map(String)),
  { maxKeys: 4 },
);
const param = fc.oneof(fc.constant('valid'), fc.string({ minLength: 1, maxLength: 40 }), fc.uuid());

describe('schema fuzz over every operation', () => {
  it(`answers ${TOTAL_REQUESTS} random requests without a 5xx, errors as problem+json`, async () => {
    let sent = 0;
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.nat(), param, query, body, async (pick, p, q, b) => {
        const op = operations[pick % operations.length]!;
        const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
          p === 'valid' ? (ids[name] ?? 'x') : encodeURIComponent(p),
        );
        let req = agent[op.method](path).query(q);
        if (op.method !== 'get' && op.method !== 'delete')
          req = req.set('content-type', 'application/json').send(JSON.stringify(b) ?? 'null');
        const res = await req;
        sent++;
        if (res.status >= 500)
          failures.push(
            `${op.method} ${path} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
          );
        else if (
          res.status >= 400 &&
          !String(res.headers['content-type']).includes('application/problem+json')
        ) {
          failures.push(`${op.method} ${path} → ${res.status} as ${res.headers['content-type']}`);
        }
        return failures.length === 0;
      }),
      { numRuns: TOTAL_REQUESTS, seed: Number(process.env.FUZZ_SEED ?? 20261123) },
    );
    expect(failures).toEqual([]);
    expect(sent).toBe(TOTAL_REQUESTS);
  }, 600_000);
});
