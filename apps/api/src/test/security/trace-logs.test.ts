import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { deliverOutbox, type MailTransport } from '../../platform/mail/outbox.js';
import {
  createAdmin,
  createInstitution,
  createStudent,
  loginAs,
  TEST_PASSWORD,
} from '../factories.js';
import { createLoggingTestApp, type TestApp } from '../harness.js';
import { quiet } from '../mail-support.js';
import { studentWithAccount } from '../portal-factories.js';

// Every route family is exercised with the production logger at LOG_LEVEL=trace (libraries log
// whole header objects there); no credential handed out or sent may appear in the captured log.

let t: TestApp;
let logs: string[];
const secrets = new Map<string, string>();
const mails: string[] = [];
const transport: MailTransport = {
  sendMail: async (m) => {
    mails.push(m.text);
  },
};

function keep(what: string, value: string | undefined) {
  if (!value) throw new Error(`no ${what}`);
  secrets.set(what, value);
}
function cookieValue(res: supertest.Response, name: string) {
  const raw = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return raw
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0]!
    .slice(name.length + 1);
}
/**
 * What a link scanner, a prefetcher or a preflight may send to a mailed link: methods its route
 * does not take (answered by the 404 handler, which logs like any other request), on the API's
 * path and on the page the mail points to.
 */
async function oddRequests(apiPath: string, pagePath: string) {
  for (const path of [apiPath, pagePath])
    for (const method of ['options', 'put', 'delete', 'patch'] as const)
      await t.request()[method](path).expect(404);
  await t.request().post(pagePath).expect(404);
}

async function lastLink(pattern: RegExp) {
  await deliverOutbox(t.ctx, transport, quiet);
  for (const text of [...mails].reverse()) {
    const m = pattern.exec(text);
    if (m) return m[1];
  }
  return undefined;
}

beforeAll(async () => {
  ({ t, logs } = await createLoggingTestApp({ logLevel: 'trace', smtpUrl: 'smtp://unused.test' }));
  const iid = (await createInstitution(t.ctx)).id;
  const admin = await createAdmin(t.ctx, { institutionId: iid });
  const platform = await createAdmin(t.ctx, { platform: true });
  keep('admin password', TEST_PASSWORD);

  // auth
  const agent = t.request();
  const login = await agent
    .post('/api/v1/auth/login')
    .send({ email: admin.email, password: TEST_PASSWORD });
  expect(login.status).toBe(200);
  keep('admin session cookie', cookieValue(login, 'sl_admin'));
  await agent.get('/api/v1/auth/me').expect(200);
  const platformAgent = await loginAs(t.request(), platform.email);

  // institutions and admins
  await agent.get('/api/v1/institutions').expect(200);
  await agent.get(`/api/v1/institutions/${iid}`).expect(200);
  await agent
    .patch(`/api/v1/institutions/${iid}`)
    .send({ helpdeskPhone: '02 123 45 67' })
    .expect(200);
  await platformAgent.post('/api/v1/institutions').send({ name: 'Tweede school' }).expect(201);
  keep('new admin password', 'Nieuw-Beheerder-Wachtwoord-1');
  await agent.post(`/api/v1/institutions/${iid}/admins`).send({
    email: 'nieuw@school.test',
    name: 'Nieuwe',
    role: 'helpdesk',
    password: 'Nieuw-Beheerder-Wachtwoord-1',
  });
  await agent.get(`/api/v1/institutions/${iid}/admins`).expect(200);

  // admin password reset link
  await t.request().post('/api/v1/auth/password-resets').send({ email: admin.email }).expect(202);
  keep('admin reset token', await lastLink(/\/beheer\/wachtwoord\/([A-Za-z0-9_-]{43})/));
  const resetToken = secrets.get('admin reset token')!;
  await oddRequests(
    `/api/v1/auth/password-links/${resetToken}`,
    `/beheer/wachtwoord/${resetToken}`,
  );
  await t.request().get(`/api/v1/auth/password-links/${resetToken}`).expect(200);
  keep('admin reset password', 'Ander-Sterk-Wachtwoord-9');
  await t
    .request()
    .post(`/api/v1/auth/password-links/${resetToken}`)
    .send({ password: 'Ander-Sterk-Wachtwoord-9' })
    .expect(204);
  const admin2 = t.request();
  const login2 = await admin2
    .post('/api/v1/auth/login')
    .send({ email: admin.email, password: 'Ander-Sterk-Wachtwoord-9' });
  keep('second admin session cookie', cookieValue(login2, 'sl_admin'));

  // api keys
  const key = await admin2
    .post(`/api/v1/institutions/${iid}/api-keys`)
    .send({ name: 'tool', scope: 'read-write' });
  keep('api key', key.body.token);
  const byKey = () => t.request().set('authorization', `Bearer ${key.body.token}`);

  // students, imports (multipart, by cookie and by key), sync
  const csv = 'stamnummer;voornaam;naam;klas\r\n20001;Lotte;Maes;1A\r\n20002;Noah;Wouters;1A\r\n';
  const up = await admin2
    .post(`/api/v1/institutions/${iid}/imports`)
    .attach('file', Buffer.from(csv), 'leerlingen.csv');
  expect(up.status).toBe(201);
  await admin2
    .post(`/api/v1/institutions/${iid}/imports/${up.body.importId}/commit`)
    .send({})
    .expect(200);
  const up2 = await byKey()
    .post(`/api/v1/institutions/${iid}/imports`)
    .attach('file', Buffer.from(csv), 'leerlingen.csv');
  expect(up2.status).toBe(201);
  await byKey().get(`/api/v1/institutions/${iid}/imports`).expect(200);
  await byKey().get(`/api/v1/institutions/${iid}/students?q=lotte`).expect(200);
  await byKey().get(`/api/v1/institutions/${iid}/groups`).expect(200);
  const kids = [await createStudent(t.ctx, iid), await createStudent(t.ctx, iid)];
  await admin2.get(`/api/v1/institutions/${iid}/students/${kids[0]!.id}`).expect(200);

  // accounts: proposals, creation, new password, history, exports, letters
  const proposal = await byKey()
    .post(`/api/v1/institutions/${iid}/account-proposals`)
    .send({ studentIds: [kids[0]!.id], type: 'basic', passwordKind: 'word' });
  keep('proposed password', proposal.body.items[0].password);
  const created = await admin2
    .post(`/api/v1/institutions/${iid}/accounts`)
    .set('idempotency-key', 'trace-logs-0001')
    .send({ items: kids.map((k) => ({ studentId: k.id, type: 'advanced' })) });
  expect(created.status).toBe(201);
  keep('temporary password', created.body.items[0].password);
  await admin2.get(`/api/v1/institutions/${iid}/batches/${created.body.batchId}`).expect(200);
  await admin2
    .get(`/api/v1/institutions/${iid}/batches/${created.body.batchId}/export?format=xlsx`)
    .expect(200);
  keep('typed password', 'Getypt7Geheim');
  await admin2
    .post(`/api/v1/institutions/${iid}/students/${kids[1]!.id}/account/password`)
    .send({ password: 'Getypt7Geheim' })
    .expect(200);
  await admin2.get(`/api/v1/institutions/${iid}/students/${kids[1]!.id}/history`).expect(200);
  await admin2
    .post(`/api/v1/institutions/${iid}/exports`)
    .send({ studentIds: [kids[0]!.id], format: 'xlsx' })
    .expect(200);

  // portal: student login, password change, e-mail
  const { username } = await studentWithAccount(
    t.ctx,
    iid,
    { parent_emails: ['ouder@example.be'] },
    {
      type: 'advanced',
      kind: 'temporary',
      password: 'Tijd7Wacht',
    },
  );
  keep('student password', 'Tijd7Wacht');
  const portal = t.request();
  const pl = await portal.post('/api/v1/portal/login').send({ username, password: 'Tijd7Wacht' });
  expect(pl.status).toBe(200);
  keep('portal session cookie', cookieValue(pl, 'sl_portal'));
  keep('student own password', 'Mijn-Eigen-Wachtwoord-4');
  await portal
    .post('/api/v1/portal/password')
    .send({ currentPassword: 'Tijd7Wacht', newPassword: 'Mijn-Eigen-Wachtwoord-4' });
  await portal.get('/api/v1/portal/me');
  await portal.put('/api/v1/portal/email').send({ email: 'leerling@example.be' });
  await portal.post('/api/v1/portal/logout');
  await t.request().get('/api/v1/pictures').expect(200);

  // co-accounts: activation link, activation, parent login
  await t
    .request()
    .post('/api/v1/co-accounts/activation-requests')
    .send({ username, email: 'ouder@example.be' })
    .expect(202);
  keep('activation token', await lastLink(/\/co-account\/activeren\/([A-Za-z0-9_-]{43})/));
  const token = secrets.get('activation token')!;
  await oddRequests(`/api/v1/co-accounts/activation/${token}`, `/co-account/activeren/${token}`);
  await t.request().get(`/api/v1/co-accounts/activation/${token}`).expect(200);
  keep('parent password', 'Ouder-Wachtwoord-Sterk-31');
  await t
    .request()
    .post(`/api/v1/co-accounts/activation/${token}`)
    .send({ acceptAgreement: true, password: 'Ouder-Wachtwoord-Sterk-31' });
  const parent = await t
    .request()
    .post('/api/v1/portal/login')
    .send({ username, password: 'Ouder-Wachtwoord-Sterk-31' });
  keep('parent session cookie', cookieValue(parent, 'sl_portal'));
  await admin2.get(`/api/v1/institutions/${iid}/co-accounts/overview`).expect(200);

  await admin2.post('/api/v1/auth/logout').expect(204);
}, 180_000);
afterAll(() => t.close());

describe('logs at LOG_LEVEL=trace', () => {
  it('captured trace lines, including the multipart headers', () => {
    const text = logs.join('');
    expect(text).toContain('Providing options to busboy');
    expect(text).toContain('[redacted]');
  });

  it('contain no credential of any route family', () => {
    const text = logs.join('');
    const leaked = [...secrets].filter(([, value]) => text.includes(value)).map(([what]) => what);
    expect(leaked).toEqual([]);
    expect(text).not.toMatch(/sl_(admin|portal)=[A-Za-z0-9_%.-]{16}/);
    expect(text).not.toMatch(/Bearer\s+slk_/i);
  });
});
