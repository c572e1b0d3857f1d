import { beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DEFAULT_GRID } from '@schoolloket/core';
import type { Response } from 'supertest';
import { REQUEST_FLOOR_MS } from '../../platform/one-time-links/index.js';
import { createAdmin, createInstitution, TEST_PASSWORD } from '../factories.js';
import { appForFile } from '../per-file.js';
import { activeCoAccount, studentWithAccount } from '../portal-factories.js';

// Enumeration and timing of the endpoints that take a name from anyone: the admin login, the
// portal login and the co-account activation request. Every refusal must look the same (status,
// body, headers) and cost the same work. Work is counted in password verifications (argon2id
// dominates the time of a login; `pnpm bench login` measures the times themselves), so these
// tests do not depend on the speed of the machine.

const t = appForFile();
let verifications = 0;

beforeAll(async () => {
  // verifyDummy goes through verify too, so this counts every argon2 verification once.
  const hasher = t.ctx.hasher;
  const verify = hasher.verify.bind(hasher);
  jest.spyOn(hasher, 'verify').mockImplementation((hash, password) => {
    verifications++;
    return verify(hash, password);
  });
});

/** Sends a request and counts the password verifications it cost. */
async function costOf(send: () => Promise<Response>) {
  verifications = 0;
  const res = await send();
  return { res, verifications };
}

/** What a client can see of an answer, minus what differs on every request anyway. */
function visible(res: Response) {
  const headers = { ...res.headers };
  for (const h of ['date', 'x-request-id', 'connection', 'keep-alive']) delete headers[h];
  return { status: res.status, headers, body: res.body as unknown };
}

describe('admin login', () => {
  it('answers an unknown address, a wrong password and a not yet activated admin alike, at one verification each', async () => {
    const iid = (await createInstitution(t.ctx)).id;
    const admin = await createAdmin(t.ctx, { institutionId: iid });
    const pending = await createAdmin(t.ctx, { institutionId: iid });
    await t.db
      .updateTable('admin_users')
      .set({ password_hash: null })
      .where('id', '=', pending.id)
      .execute();
    const login = (email: string, password: string) => () =>
      t.request().post('/api/v1/auth/login').send({ email, password });

    const refusals = [
      await costOf(login('nobody@school.test', 'wrong-password-1')),
      await costOf(login(admin.email, 'wrong-password-1')),
      await costOf(login(admin.email.toUpperCase(), 'wrong-password-1')),
      await costOf(login(pending.email, 'wrong-password-1')),
    ];
    for (const r of refusals) {
      expect(r.res.status).toBe(401);
      expect(visible(r.res)).toEqual(visible(refusals[0]!.res));
      expect(r.verifications).toBe(1);
    }
    const success = await costOf(login(admin.email, TEST_PASSWORD));
    expect(success.res.status).toBe(200);
    expect(success.verifications).toBe(1);
  });
});

describe('portal login', () => {
  it('verifies 1 + the largest slot count of the installation for every username, known or not', async () => {
    const oneSlot = (await createInstitution(t.ctx, { co_account_slots: 1 })).id;
    const fourSlots = (await createInstitution(t.ctx, { co_account_slots: 4 })).id;
    const defaultSlots = (await createInstitution(t.ctx)).id;
    const small = await studentWithAccount(t.ctx, oneSlot, {}, { password: 'kip358' });
    const big = await studentWithAccount(
      t.ctx,
      fourSlots,
      { parent_emails: ['a@example.be', 'b@example.be'] },
      { password: 'kip358' },
    );
    await activeCoAccount(t.ctx, big.student, 1, 'Ouder-wachtwoord-1');
    await activeCoAccount(t.ctx, big.student, 2, 'Ouder-wachtwoord-2');
    const plain = await studentWithAccount(t.ctx, defaultSlots, {}, { password: 'kip358' });
    const blocked = await studentWithAccount(
      t.ctx,
      defaultSlots,
      {},
      { password: 'kip358', blocked: true },
    );
    const login = (body: Record<string, unknown>) => () =>
      t.request().post('/api/v1/portal/login').send(body);

    const attempts = [
      await costOf(login({ username: 'nobody.at.all', password: 'kip358' })),
      await costOf(login({ username: small.username, password: 'kip359' })),
      await costOf(login({ username: big.username, password: 'kip359' })),
      await costOf(login({ username: plain.username, password: 'kip359' })),
      await costOf(login({ username: blocked.username, password: 'kip358' })),
      await costOf(login({ username: plain.username, pictures: DEFAULT_GRID.slice(0, 4) })),
    ];
    for (const a of attempts) {
      expect(a.res.status).toBe(401);
      expect(visible(a.res)).toEqual(visible(attempts[0]!.res));
      expect(a.verifications).toBe(5);
    }
    // Success costs the same: a parent in slot 2 and a student of a one-slot school.
    const parent = await costOf(login({ username: big.username, password: 'Ouder-wachtwoord-2' }));
    expect(parent.res.status).toBe(200);
    expect(parent.res.body.role).toBe('parent');
    expect(parent.verifications).toBe(5);
    const student = await costOf(login({ username: small.username, password: 'kip358' }));
    expect(student.res.status).toBe(200);
    expect(student.verifications).toBe(5);
  });
});

describe('co-account activation request', () => {
  it('answers a match, a wrong address, an unknown username and a blocked child alike, never sooner than the floor', async () => {
    const iid = (await createInstitution(t.ctx)).id;
    const child = await studentWithAccount(
      t.ctx,
      iid,
      { parent_emails: ['ouder@example.be'] },
      { password: 'kip358' },
    );
    const blocked = await studentWithAccount(
      t.ctx,
      iid,
      { parent_emails: ['ouder@example.be'] },
      { password: 'kip358', blocked: true },
    );
    const request = (username: string, email: string) =>
      t.request().post('/api/v1/co-accounts/activation-requests').send({ username, email });
    const outbox = async () =>
      Number(
        (
          await t.db
            .selectFrom('outbox')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    const before = await outbox();
    const answers = [];
    for (const [username, email] of [
      [child.username, 'ouder@example.be'],
      [child.username, 'iemand@example.be'],
      ['nobody.at.all', 'ouder@example.be'],
      [blocked.username, 'ouder@example.be'],
    ] as const) {
      const started = performance.now();
      const res = await request(username, email);
      // A lower bound that the server guarantees (a deliberate wait), not a speed target.
      expect(performance.now() - started).toBeGreaterThanOrEqual(REQUEST_FLOOR_MS - 1);
      answers.push(res);
    }
    for (const res of answers) {
      expect(res.status).toBe(202);
      expect(visible(res)).toEqual(visible(answers[0]!));
    }
    // Only the match queued a mail.
    expect((await outbox()) - before).toBe(1);
  });
});
