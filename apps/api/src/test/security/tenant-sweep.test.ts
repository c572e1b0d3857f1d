import { beforeAll, describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { createAdmin, createInstitution, createStudent, loginAs } from '../factories.js';
import { appForFile } from '../per-file.js';

// Every operation under /institutions/{iid} is called by an admin and by an API key of another
// school, with the ids of this school's data: each must answer 404 and change nothing.

const t = appForFile();
let victim: Record<string, string>;
let attackerAgent: supertest.Agent;
let attackerKey: string;
let ownIid: string;
let operations: Array<{ method: string; path: string }>;

const TABLES = [
  'institutions',
  'admin_users',
  'memberships',
  'api_keys',
  'students',
  'usernames',
  'accounts',
  'account_events',
  'batches',
  'tokens',
  'outbox',
] as const;

async function snapshot() {
  const out: Record<string, unknown> = {};
  for (const table of TABLES) out[table] = await t.db.selectFrom(table).selectAll().execute();
  return JSON.stringify(out);
}

beforeAll(async () => {
  const school = await createInstitution(t.ctx, { name: 'Slachtoffer' });
  const attacker = await createInstitution(t.ctx, { name: 'Aanvaller' });
  ownIid = attacker.id;
  const victimAdmin = await loginAs(
    t.request(),
    (await createAdmin(t.ctx, { institutionId: school.id })).email,
  );
  const student = await createStudent(t.ctx, school.id, {
    first_name: 'Geheim',
    last_name: 'Kind',
    parent_emails: ['ouder@example.be'],
  });
  const created = await victimAdmin
    .post(`/api/v1/institutions/${school.id}/accounts`)
    .set('Idempotency-Key', 'victim-key-0001')
    .send({ items: [{ studentId: student.id, type: 'basic' }] });
  // A pending admin of the victim school: the target of an invitation resend.
  const pending = await victimAdmin
    .post(`/api/v1/institutions/${school.id}/admins`)
    .send({ email: 'nieuw@slachtoffer.test', name: 'Nieuwe Beheerder', role: 'admin' });
  const key = await victimAdmin
    .post(`/api/v1/institutions/${school.id}/api-keys`)
    .send({ name: 'victim', scope: 'read' });
  victim = {
    iid: school.id,
    sid: student.id,
    bid: created.body.batchId,
    keyId: key.body.id,
    key: 'victim-key-0001',
    stamnummer: student.stamnummer,
    slot: '1',
    importId: created.body.batchId,
    userId: pending.body.id,
  };
  attackerAgent = await loginAs(
    t.request(),
    (await createAdmin(t.ctx, { institutionId: attacker.id })).email,
  );
  const k = await attackerAgent
    .post(`/api/v1/institutions/${attacker.id}/api-keys`)
    .send({ name: 'attacker', scope: 'read-write' });
  attackerKey = k.body.token;
  const spec = (await t.request().get('/api/openapi.json')).body as {
    paths: Record<string, Record<string, unknown>>;
  };
  operations = Object.entries(spec.paths)
    .filter(([path]) => path.includes('{iid}'))
    .flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method, path })));
});

// Valid bodies, so a request reaches the lookup of the foreign id instead of stopping at validation.
const BODIES: Array<[RegExp, Record<string, unknown>]> = [
  [/^patch .*\/students\/\{sid\}$/, { firstName: 'Hacked' }],
  [/^patch .*\/account$/, { type: 'advanced' }],
  [/^put .*\/co-accounts\/\{slot\}$/, { email: 'aanvaller@example.be' }],
  [/^patch .*\/api-keys\/\{keyId\}$/, { rateLimitPerMinute: 5 }],
  [/^put .*\/students\/\{sid\}\/keep$/, { keepUntil: null }],
  [/^post .*\/students\/\{sid\}\/erase$/, { confirmation: 'Geheim Kind' }],
  [
    /^post .*\/(exports|exports\/preview|letters|account-proposals)$/,
    { studentIds: ['00000000-0000-4000-8000-000000000000'], type: 'basic' },
  ],
];
const bodyFor = (method: string, path: string) =>
  BODIES.find(([re]) => re.test(`${method} ${path}`))?.[1] ?? {};

function fill(path: string, values: Record<string, string>) {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? victim[name] ?? 'x');
}

describe('tenant sweep over every /institutions/{iid} operation in the OpenAPI document', () => {
  it('covers the operations', () => {
    expect(operations.length).toBeGreaterThan(15);
  });

  it('answers 404 to an admin and an API key of another school, and changes nothing', async () => {
    const before = await snapshot();
    const failures: string[] = [];
    for (const op of operations) {
      for (const [who, values] of [
        ['victim ids', {}],
        ['own iid, victim ids', { iid: ownIid }],
      ] as const) {
        const path = fill(op.path, values);
        if (
          who === 'own iid, victim ids' &&
          !/\{(sid|bid|keyId|importId|stamnummer|key|userId)\}/.test(op.path)
        )
          continue;
        const callers = [
          ['admin', () => attackerAgent],
          ['api key', () => t.request().set('Authorization', `Bearer ${attackerKey}`)],
        ] as const;
        for (const [caller, agent] of callers) {
          const res = await (agent() as unknown as Record<string, (p: string) => supertest.Test>)[
            op.method
          ]!(path).send(bodyFor(op.method, op.path));
          // PUT by stamnummer under the attacker's own school creates the attacker's own student: that is not a leak.
          const ownUpsert =
            op.method === 'put' && op.path.includes('by-stamnummer') && who !== 'victim ids';
          // On its own school a key may lack the level for a route (403): that says nothing about the victim.
          // A progress poll under its own school for a key it never used: "pending" in its own
          // namespace of keys (a poll may overtake its POST), nothing of the victim's request.
          const ownPendingPoll =
            op.path.endsWith('/account-requests/{key}') &&
            who !== 'victim ids' &&
            res.status === 200 &&
            JSON.stringify(res.body) === JSON.stringify({ state: 'pending', done: 0, total: 0 });
          const okStatus =
            res.status === 404 ||
            (res.status === 403 && who !== 'victim ids') ||
            ownUpsert ||
            ownPendingPoll;
          if (!okStatus)
            failures.push(`${caller} ${op.method.toUpperCase()} ${path} (${who}) → ${res.status}`);
          if (JSON.stringify(res.body ?? '').includes('Geheim'))
            failures.push(`${caller} ${op.method} ${path} leaked data`);
        }
      }
    }
    expect(failures).toEqual([]);
    const after = await snapshot();
    // Only the attacker's own rows may differ (their own upsert); the victim's data are untouched.
    const victimRows = (s: string) => {
      const tables = JSON.parse(s) as Record<string, Array<Record<string, unknown>>>;
      const ofVictim = (rows: Array<Record<string, unknown>> = []) =>
        rows.filter((x) => x.institution_id === victim.iid);
      return JSON.stringify([
        ofVictim(tables.accounts),
        ofVictim(tables.students),
        ofVictim(tables.account_events),
        ofVictim(tables.api_keys),
        ofVictim(tables.tokens),
        tables.outbox,
      ]);
    };
    expect(victimRows(after)).toBe(victimRows(before));
  });
});
