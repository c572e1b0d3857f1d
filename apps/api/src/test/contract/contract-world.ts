import type supertest from 'supertest';
import { deliverOutbox } from '../../platform/mail/outbox.js';
import { tokenHash } from '../../platform/security/tokens.js';
import { createAdmin, createInstitution, createStudent, loginAs } from '../factories.js';
import type { TestApp } from '../harness.js';
import { activeCoAccount, studentWithAccount } from '../portal-factories.js';

// The state the contract calls share: one school with an admin, an API key, students with and
// without accounts, a platform admin, a signed-in student, and the mails the app sent. Cases
// add what they create (ids, tokens) to `ids` for the cases after them.

export type Answer = supertest.Response;

export interface Case {
  op: string;
  status: number;
  call: (w: World) => PromiseLike<Answer>;
}

export interface World {
  t: TestApp;
  iid: string;
  admin: supertest.Agent;
  platform: supertest.Agent;
  portal: supertest.Agent;
  anon: () => supertest.Agent;
  /** A request authenticated with the school's read-write API key. */
  key: (method: 'get' | 'post' | 'put' | 'patch' | 'delete', url: string) => supertest.Test;
  ids: Record<string, string>;
  /** Delivers the outbox and answers the token of the newest link matching `path`. */
  linkToken: (path: string) => Promise<string>;
}

export const SCHOOL = (w: World) => `/api/v1/institutions/${w.iid}`;
export const UNKNOWN = '00000000-0000-4000-8000-000000000000';
export const BAD_TOKEN = 'x'.repeat(43);

/** A read that answers 200 to `who` (a session, or the school's API key) and 401 without either. */
export function signedInOnly(
  op: string,
  who: 'admin' | 'platform' | 'portal' | 'key',
  path: string | ((w: World) => string),
): Case[] {
  const url = (w: World) => (typeof path === 'string' ? path : path(w));
  return [
    { op, status: 200, call: (w) => (who === 'key' ? w.key('get', url(w)) : w[who].get(url(w))) },
    { op, status: 401, call: (w) => w.anon().get(url(w)) },
  ];
}

/**
 * The same request about the thing `w.ids[name]` and about an id that exists nowhere: the first
 * answers `status`, the second 404.
 */
export function foundOrNot(
  op: string,
  status: number,
  name: string,
  call: (w: World, id: string) => PromiseLike<Answer>,
): Case[] {
  return [
    { op, status, call: (w) => call(w, w.ids[name]!) },
    { op, status: 404, call: (w) => call(w, UNKNOWN) },
  ];
}

/** The same request twice: the first answers `first`, the repeat `again` (a link used, a key spent…). */
export function sentTwice(
  op: string,
  [first, again]: [number, number],
  call: Case['call'],
): Case[] {
  return [
    { op, status: first, call },
    { op, status: again, call },
  ];
}

/**
 * Reading a mailed link under `url`: the link `mailed(w)` answers (kept as `w.ids[name]` for the
 * cases after) is open (200); a token never issued is gone (410).
 */
export function readLink(
  op: string,
  url: string,
  name: string,
  mailed: (w: World) => Promise<string>,
): Case[] {
  return [
    {
      op,
      status: 200,
      call: async (w) => {
        w.ids[name] = await mailed(w);
        return w.anon().get(`${url}/${w.ids[name]}`);
      },
    },
    { op, status: 410, call: (w) => w.anon().get(`${url}/${BAD_TOKEN}`) },
  ];
}

export async function createWorld(t: TestApp): Promise<World> {
  const school = await createInstitution(t.ctx, { name: 'Sint-Jozef', co_account_slots: 2 });
  const iid = school.id;
  const adminUser = await createAdmin(t.ctx, { institutionId: iid });
  const admin = await loginAs(t.request(), adminUser.email);
  const platformUser = await createAdmin(t.ctx, { platform: true });
  const platform = await loginAs(t.request(), platformUser.email);
  const created = await admin
    .post(`/api/v1/institutions/${iid}/api-keys`)
    .send({ name: 'Contract', scope: 'read-write' });
  const apiKey = String(created.body.key ?? created.body.secret ?? created.body.token);

  const plain = await createStudent(t.ctx, iid, { first_name: 'Lotte', group_name: '3A' });
  const withAccount = await studentWithAccount(
    t.ctx,
    iid,
    { first_name: 'Emma', group_name: '3A', parent_emails: ['ouder@example.be'] },
    { type: 'advanced', kind: 'own', password: 'Zomerzon-2024' },
  );
  const coParent = await studentWithAccount(t.ctx, iid, {
    first_name: 'Noah',
    group_name: '3B',
    parent_emails: ['ouder.noah@example.be', 'tweede@example.be'],
  });
  await activeCoAccount(t.ctx, coParent.student, 1, 'Ouder-wachtwoord-1');
  const portal = t.request();
  await portal
    .post('/api/v1/portal/login')
    .send({ username: withAccount.username, password: 'Zomerzon-2024' });

  const mails: string[] = [];
  const transport = { sendMail: async (m: { text: string }) => void mails.push(m.text) };
  const quiet = { info: () => undefined, warn: () => undefined };
  return {
    t,
    iid,
    admin,
    platform,
    portal,
    anon: () => t.request(),
    key: (method, url) => t.request()[method](url).set('authorization', `Bearer ${apiKey}`),
    ids: {
      apiKey,
      adminEmail: adminUser.email,
      plain: plain.id,
      student: withAccount.student.id,
      username: withAccount.username,
      coStudent: coParent.student.id,
      coUsername: coParent.username,
    },
    // The link still open of those mailed for `path`: the outbox delivers mails written at the
    // same (test clock) moment in no fixed order, so the last one delivered may be a link that a
    // newer one has superseded.
    async linkToken(path) {
      await deliverOutbox(t.ctx, transport, quiet);
      const re = new RegExp(`/${path}/([A-Za-z0-9_-]{43})`);
      const tokens = mails.flatMap((text) => re.exec(text)?.[1] ?? []);
      if (!tokens.length) throw new Error(`no ${path} link in ${mails.length} mails`);
      const open = await t.db
        .selectFrom('tokens')
        .select('token_hash')
        .where(
          'token_hash',
          'in',
          tokens.map((token) => tokenHash(token)),
        )
        .where('used_at', 'is', null)
        .where('revoked_at', 'is', null)
        .execute();
      const hashes = new Set(open.map((r) => r.token_hash));
      const token = tokens.reverse().find((candidate) => hashes.has(tokenHash(candidate)));
      if (!token) throw new Error(`no open ${path} link among ${tokens.length} mailed`);
      return token;
    },
  };
}
