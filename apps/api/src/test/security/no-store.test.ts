import { beforeAll, describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { secretOperations } from '../../plugins/secret-responses.js';
import {
  createAdmin,
  createInstitution,
  createStudent,
  loginAs,
  schoolWithAdmin,
  signedIn,
} from '../factories.js';
import { appForFile } from '../per-file.js';
import { confirmPassword, confirmTotp, passwordStep } from '../second-factor-support.js';

// Every operation of the OpenAPI document whose success answer carries a password, picture
// sequence, token or a file that prints them is called and must answer Cache-Control: no-store.

const t = appForFile();
let agent: supertest.Agent;
let pending: supertest.Agent;
let withTotp: supertest.Agent;
let iid: string;
let sids: string[];
let bid: string;
let platform: supertest.Agent;
let appId: string;
let platformAppId: string;

const appBody = {
  name: 'Leerplatform',
  redirectUris: ['https://app.example/cb'],
  audience: 'students',
  clientType: 'confidential',
};

beforeAll(async () => {
  ({ iid, agent } = await schoolWithAdmin(t));
  sids = [];
  for (let i = 0; i < 3; i++) sids.push((await createStudent(t.ctx, iid)).id);
  const created = await agent
    .post(`/api/v1/institutions/${iid}/accounts`)
    .set('idempotency-key', 'no-store-test-0001')
    .send({ items: sids.slice(0, 2).map((studentId) => ({ studentId, type: 'basic' })) });
  expect(created.status).toBe(201);
  bid = created.body.batchId;
  platform = await loginAs(t.request(), (await createAdmin(t.ctx, { platform: true })).email);
  appId = (await agent.post(`/api/v1/institutions/${iid}/apps`).send(appBody)).body.id;
  platformAppId = (await platform.post('/api/v1/platform/apps').send(appBody)).body.id;
  // A login held until a second factor is set up (the school requires one).
  const strict = await createInstitution(t.ctx);
  await t.db
    .updateTable('institutions')
    .set({ require_second_factor: true })
    .where('id', '=', strict.id)
    .execute();
  const held = await createAdmin(t.ctx, { institutionId: strict.id });
  pending = t.request();
  expect((await passwordStep(pending, held.email)).status).toBe(202);
  // An admin with an authenticator app, who may make recovery codes.
  withTotp = await signedIn(t, iid);
  await confirmTotp(t, withTotp);
  // The school's admin may start setting up a first app (the password confirmed).
  await confirmPassword(agent);
});

/** One real call per operation, keyed as in the OpenAPI document. */
const calls: Record<string, () => supertest.Test> = {
  'post /api/v1/institutions/{iid}/account-proposals': () =>
    agent
      .post(`/api/v1/institutions/${iid}/account-proposals`)
      .send({ studentIds: [sids[2]], type: 'basic' }),
  'post /api/v1/institutions/{iid}/accounts': () =>
    agent
      .post(`/api/v1/institutions/${iid}/accounts`)
      .send({ items: [{ studentId: sids[2], type: 'advanced' }] }),
  'get /api/v1/institutions/{iid}/batches/{bid}': () =>
    agent.get(`/api/v1/institutions/${iid}/batches/${bid}`),
  'get /api/v1/institutions/{iid}/batches/{bid}/credentials': () =>
    agent.get(`/api/v1/institutions/${iid}/batches/${bid}/credentials`),
  'get /api/v1/institutions/{iid}/batches/{bid}/export': () =>
    agent.get(`/api/v1/institutions/${iid}/batches/${bid}/export?format=xlsx`),
  // Not a secret, but an Excel file of the school: files are no-store like every export.
  'get /api/v1/institutions/{iid}/lifecycle/preview/xlsx': () =>
    agent.get(`/api/v1/institutions/${iid}/lifecycle/preview/xlsx`),
  // Everything held on one student (the access right), as a PDF; the JSON download carries no
  // secret field, so it is not found here: lifecycle/access.test.ts checks its no-store.
  'get /api/v1/institutions/{iid}/students/{sid}/personal-data/pdf': () =>
    agent.get(`/api/v1/institutions/${iid}/students/${sids[0]}/personal-data/pdf`),
  'patch /api/v1/institutions/{iid}/students/{sid}/account': () =>
    agent
      .patch(`/api/v1/institutions/${iid}/students/${sids[0]}/account`)
      .send({ passwordKind: 'picture' }),
  'post /api/v1/institutions/{iid}/students/{sid}/account/password': () =>
    agent.post(`/api/v1/institutions/${iid}/students/${sids[1]}/account/password`).send({}),
  'post /api/v1/institutions/{iid}/exports': () =>
    agent.post(`/api/v1/institutions/${iid}/exports`).send({ studentIds: sids, format: 'xlsx' }),
  'post /api/v1/institutions/{iid}/letters': () =>
    agent.post(`/api/v1/institutions/${iid}/letters`).send({ studentIds: [sids[0]] }),
  'post /api/v1/institutions/{iid}/api-keys': () =>
    agent.post(`/api/v1/institutions/${iid}/api-keys`).send({ name: 'tool', scope: 'read' }),
  'post /api/v1/institutions/{iid}/apps': () =>
    agent.post(`/api/v1/institutions/${iid}/apps`).send(appBody),
  'post /api/v1/institutions/{iid}/apps/{appId}/secret': () =>
    agent.post(`/api/v1/institutions/${iid}/apps/${appId}/secret`),
  'post /api/v1/platform/apps': () => platform.post('/api/v1/platform/apps').send(appBody),
  'post /api/v1/platform/apps/{appId}/secret': () =>
    platform.post(`/api/v1/platform/apps/${platformAppId}/secret`),
  'post /api/v1/me/security/totp': () => agent.post('/api/v1/me/security/totp'),
  'post /api/v1/auth/login/totp/setup': () => pending.post('/api/v1/auth/login/totp/setup'),
  'post /api/v1/me/security/recovery-codes': () =>
    withTotp.post('/api/v1/me/security/recovery-codes'),
};

describe('Cache-Control of answers that carry a secret', () => {
  it('finds the secret-bearing operations in the OpenAPI document, each with a call here', async () => {
    const doc = (await t.request().get('/api/openapi.json')).body;
    const found = [...secretOperations(doc)].sort();
    expect(found).toEqual(expect.arrayContaining(['post /api/v1/institutions/{iid}/api-keys']));
    expect(found).toEqual(Object.keys(calls).sort());
  });

  it.each(Object.keys(calls))('%s answers no-store', async (key) => {
    const res = await calls[key]!();
    expect(res.status).toBeLessThan(300);
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
