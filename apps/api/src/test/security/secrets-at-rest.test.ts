import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createStudent, schoolWithAdmin, TEST_PASSWORD } from '../factories.js';
import { createLoggingTestApp, type TestApp } from '../harness.js';

// Every secret handed out in a realistic session must appear neither in the logs (captured at
// trace level with the production logger configuration) nor in any column of any table.

let t: TestApp;
let logs: string[];
const secrets: string[] = [];

beforeAll(async () => {
  ({ t, logs } = await createLoggingTestApp({ logLevel: 'trace' }));
  const { iid, agent } = await schoolWithAdmin(t);
  secrets.push(TEST_PASSWORD);
  const kids = [
    await createStudent(t.ctx, iid),
    await createStudent(t.ctx, iid),
    await createStudent(t.ctx, iid),
  ];
  const created = await agent
    .post(`/api/v1/institutions/${iid}/accounts`)
    .set('Idempotency-Key', 'secrets-test-0001')
    .send({
      items: [
        { studentId: kids[0]!.id, type: 'basic', passwordKind: 'word' },
        { studentId: kids[1]!.id, type: 'advanced' },
        { studentId: kids[2]!.id, type: 'basic', passwordKind: 'picture' },
      ],
    });
  expect(created.status).toBe(201);
  for (const item of created.body.items) if (item.password) secrets.push(item.password);
  secrets.push(created.body.items[2].pictures.join(','));
  const np = await agent
    .post(`/api/v1/institutions/${iid}/students/${kids[1]!.id}/account/password`)
    .send({ password: 'Typed7Secret' });
  expect(np.status).toBe(200);
  secrets.push('Typed7Secret');
  const key = await agent
    .post(`/api/v1/institutions/${iid}/api-keys`)
    .send({ name: 'tool', scope: 'read' });
  secrets.push(key.body.token);
  await t
    .request()
    .get(`/api/v1/institutions/${iid}/students`)
    .set('Authorization', `Bearer ${key.body.token}`)
    .expect(200);
});
afterAll(() => t.close());

describe('secrets at rest and in logs', () => {
  it('logs requests but never a password, token or cookie', () => {
    const text = logs.join('');
    expect(text).toContain('request completed');
    for (const secret of secrets)
      expect({ secret, inLogs: text.includes(secret) }).toEqual({ secret, inLogs: false });
    expect(text).not.toMatch(/sl_admin=[A-Za-z0-9_-]{20}/);
  });

  it('stores no secret in clear in any table', async () => {
    const tables = (await t.db.introspection.getTables()).map((x) => x.name);
    expect(tables).toEqual(
      expect.arrayContaining(['accounts', 'idempotency_keys', 'api_keys', 'sessions']),
    );
    let dump = '';
    for (const table of tables)
      dump += JSON.stringify(
        await t.db
          .selectFrom(table as 'accounts')
          .selectAll()
          .execute(),
      );
    for (const secret of secrets)
      expect({ secret, inDatabase: dump.includes(secret) }).toEqual({ secret, inDatabase: false });
  });
});
