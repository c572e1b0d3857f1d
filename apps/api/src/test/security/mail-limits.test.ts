import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createAdmin, createInstitution } from '../factories.js';
import type { TestApp } from '../harness.js';
import { twoInstances } from '../instances-support.js';
import { studentWithAccount } from '../portal-factories.js';
import {
  ACTIVATION_IP_POLICY,
  ADMIN_RESET_IP_POLICY,
} from '../../platform/throttles/repository.js';

// The limits on "mail me a link" hold under parallel requests spread over two instances of the
// API on one database: per slot and per admin (links counted under a row lock) and per client
// address (admitted by one atomic statement). Every burst is a Promise.all of real requests; the
// answer stays the uniform one, and what goes past a per-person limit is simply not mailed.

const instances = twoInstances();
let a: TestApp;
let b: TestApp;
let iid: string;
beforeAll(async () => {
  ({ a, b } = instances);
  iid = (await createInstitution(a.ctx)).id;
});
// Each test starts a fresh window for the one client address all requests come from.
beforeEach(() =>
  a.clock.advance(Math.max(ACTIVATION_IP_POLICY.windowMs, ADMIN_RESET_IP_POLICY.windowMs) + 1),
);

/** `n` requests at once, alternating between the two instances. */
const burst = (
  n: number,
  send: (app: TestApp, i: number) => Promise<{ status: number; body: unknown }>,
) => Promise.all(Array.from({ length: n }, (_, i) => send(i % 2 ? b : a, i)));

const requestLink = (app: TestApp, username: string, email: string) =>
  app.request().post('/api/v1/co-accounts/activation-requests').send({ username, email });
const requestReset = (app: TestApp, email: string) =>
  app.request().post('/api/v1/auth/password-resets').send({ email });

/** Mails of `template` queued for `to` (the outbox is not delivered in these tests). */
async function queued(template: string, to: string) {
  const rows = await a.db
    .selectFrom('outbox')
    .select('recipient')
    .where('template', '=', template)
    .execute();
  return rows.filter((r) => r.recipient.toLowerCase() === to.toLowerCase()).length;
}

const statuses = (results: Array<{ status: number }>) => {
  const counts: Record<number, number> = {};
  for (const { status } of results) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
};

describe('mail limits under parallel requests', () => {
  it('mails one parent slot at most five links an hour for 25 parallel requests, answering all the same', async () => {
    const { username } = await studentWithAccount(a.ctx, iid, {
      parent_emails: ['R.Mama29@example.be'],
    });
    const results = await burst(25, (app) => requestLink(app, username, 'r.mama29@example.be'));
    expect(statuses(results)).toEqual({ 202: 25 });
    expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await queued('co_account_activation', 'R.Mama29@example.be')).toBe(5);
  });

  it('mails one admin at most five reset links an hour for 19 parallel requests, answering all the same', async () => {
    const admin = await createAdmin(a.ctx, { institutionId: iid });
    const results = await burst(19, (app) => requestReset(app, admin.email));
    expect(statuses(results)).toEqual({ 202: 19 });
    expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await queued('admin_password_reset', admin.email)).toBe(5);
  });

  it('admits exactly the per-address limit of a parallel burst of activation requests', async () => {
    const { maxFailures } = ACTIVATION_IP_POLICY;
    const results = await burst(80, (app, i) =>
      requestLink(app, `niemand.${i}`, `ouder${i}@example.be`),
    );
    expect(statuses(results)).toEqual({ 202: maxFailures, 429: 80 - maxFailures });
    a.clock.advance(ACTIVATION_IP_POLICY.windowMs + 1);
    expect((await requestLink(b, 'niemand.later', 'ouder@example.be')).status).toBe(202);
  });

  it('admits exactly the per-address limit of a parallel burst of admin reset requests', async () => {
    const { maxFailures } = ADMIN_RESET_IP_POLICY;
    const results = await burst(50, (app, i) => requestReset(app, `spray${i}@school.test`));
    expect(statuses(results)).toEqual({ 202: maxFailures, 429: 50 - maxFailures });
    a.clock.advance(ADMIN_RESET_IP_POLICY.windowMs + 1);
    expect((await requestReset(b, 'spray.later@school.test')).status).toBe(202);
  });
});
