import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { DEFAULT_GRID, validateTemporaryPassword, validateWordPassword } from '@schoolloket/core';
import { countRows, createStudent, schoolWithAdmin } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { activeCoAccount, appSignIn, portalSession } from '../../test/portal-factories.js';

let t: TestApp;
let iid: string;
let otherIid: string;
let agent: supertest.Agent;
let otherAgent: supertest.Agent;
const base = (school = iid) => `/api/v1/institutions/${school}`;

const count = (table: 'accounts' | 'usernames' | 'batches' | 'account_events') =>
  countRows(t, table);

beforeAll(async () => {
  t = await createTestApp();
  ({ iid, agent } = await schoolWithAdmin(t, 'admin', 'Basisschool'));
  ({ iid: otherIid, agent: otherAgent } = await schoolWithAdmin(t, 'admin', 'Andere school'));
});
afterAll(() => t.close());

describe('POST /api/v1/institutions/:iid/account-proposals', () => {
  it('proposes voornaam.naam usernames and passwords without writing anything', async () => {
    const a = await createStudent(t.ctx, iid, { first_name: 'Süheda', last_name: 'Carabin' });
    const b = await createStudent(t.ctx, iid, { first_name: 'Süheda', last_name: 'Carabin' });
    const before = await count('usernames');
    const res = await agent
      .post(`${base()}/account-proposals`)
      .send({ studentIds: [a.id, b.id], type: 'basic', passwordKind: 'word' });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { username: string }) => i.username)).toEqual([
      'suheda.carabin',
      'suheda.carabin2',
    ]);
    expect(res.body.items[1].warnings).toEqual([
      expect.objectContaining({ code: 'counter_added' }),
    ]);
    for (const item of res.body.items) expect(validateWordPassword(item.password)).toEqual([]);
    expect(await count('usernames')).toBe(before);
  });

  it('proposes for a filter and flags names that need review', async () => {
    await createStudent(t.ctx, iid, {
      first_name: 'Мария',
      last_name: 'Иванова',
      group_name: 'Filtergroep',
    });
    const res = await agent
      .post(`${base()}/account-proposals`)
      .send({ filter: { group: 'Filtergroep' }, type: 'advanced' });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({ type: 'advanced', passwordKind: 'temporary' });
    expect(res.body.items[0].warnings.map((w: { code: string }) => w.code)).toContain(
      'needs_review',
    );
    expect(validateTemporaryPassword(res.body.items[0].password)).toEqual([]);
  });
});

describe('POST /api/v1/institutions/:iid/account-proposals without a type', () => {
  const bornIn = (age: number) => `${t.clock.now.getUTCFullYear() - age}-06-15`;

  it("proposes the type per student by the school's age rule and the school's basic kind", async () => {
    const { iid: school, agent: admin } = await schoolWithAdmin(t, 'admin', 'Leeftijdschool');
    const young = await createStudent(t.ctx, school, { birth_date: bornIn(8) });
    const ten = await createStudent(t.ctx, school, { birth_date: bornIn(10) });
    const older = await createStudent(t.ctx, school, { birth_date: bornIn(17) });
    const unknown = await createStudent(t.ctx, school, { birth_date: null });
    const ids = [young.id, ten.id, older.id, unknown.id];
    const types = async () => {
      const res = await admin.post(`${base(school)}/account-proposals`).send({ studentIds: ids });
      expect(res.status).toBe(200);
      return res.body.items.map((i: { type: string; passwordKind: string }) => [
        i.type,
        i.passwordKind,
      ]);
    };
    expect(await types()).toEqual([
      ['basic', 'picture'],
      ['advanced', 'temporary'],
      ['advanced', 'temporary'],
      ['basic', 'picture'],
    ]);
    const patched = await admin
      .patch(`/api/v1/institutions/${school}`)
      .send({ advancedFromAge: 12, basicPasswordKind: 'word' });
    expect(patched.status).toBe(200);
    expect(await types()).toEqual([
      ['basic', 'word'],
      ['basic', 'word'],
      ['advanced', 'temporary'],
      ['basic', 'word'],
    ]);
    // A type given for the selection still applies to everyone; a kind only to basic rows.
    const forced = await admin
      .post(`${base(school)}/account-proposals`)
      .send({ studentIds: ids, type: 'basic', passwordKind: 'picture' });
    expect(forced.body.items.map((i: { passwordKind: string }) => i.passwordKind)).toEqual([
      'picture',
      'picture',
      'picture',
      'picture',
    ]);
    const mixed = await admin
      .post(`${base(school)}/account-proposals`)
      .send({ studentIds: ids, passwordKind: 'picture' });
    expect(mixed.body.items.map((i: { passwordKind: string }) => i.passwordKind)).toEqual([
      'picture',
      'picture',
      'temporary',
      'picture',
    ]);
    // A basic account created without a kind gets the school's default.
    const created = await admin
      .post(`${base(school)}/accounts`)
      .set('Idempotency-Key', `age-${school}`)
      .send({ items: [{ studentId: young.id, type: 'basic' }] });
    expect(created.status).toBe(201);
    expect(created.body.items[0].passwordKind).toBe('word');
  });

  it('still refuses a picture kind for an advanced selection', async () => {
    const s = await createStudent(t.ctx, iid, {});
    const res = await agent
      .post(`${base()}/account-proposals`)
      .send({ studentIds: [s.id], type: 'advanced', passwordKind: 'picture' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe('POST /api/v1/institutions/:iid/accounts', () => {
  it('creates a basic picture account and a basic word account and an advanced one, storing no secret in clear', async () => {
    const kids = [
      await createStudent(t.ctx, iid, { first_name: 'Borel', last_name: 'Daelemans' }),
      await createStudent(t.ctx, iid, { first_name: 'Wilhelmina', last_name: 'Daniëls' }),
      await createStudent(t.ctx, iid, { first_name: 'Mac', last_name: 'Daoust' }),
    ];
    const res = await agent.post(`${base()}/accounts`).send({
      items: [
        { studentId: kids[0]!.id, type: 'basic', passwordKind: 'picture' },
        { studentId: kids[1]!.id, type: 'basic', passwordKind: 'word' },
        { studentId: kids[2]!.id, type: 'advanced' },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.counts).toEqual({ basic: 2, advanced: 1 });
    const [pic, word, adv] = res.body.items;
    expect(pic).toMatchObject({ username: 'borel.daelemans', passwordKind: 'picture' });
    expect(pic.pictures).toHaveLength(5);
    for (const p of pic.pictures) expect(DEFAULT_GRID).toContain(p);
    expect(word).toMatchObject({ username: 'wilhelmina.daniels', passwordKind: 'word' });
    expect(adv).toMatchObject({
      username: 'mac.daoust',
      type: 'advanced',
      passwordKind: 'temporary',
    });
    const rows = await t.db
      .selectFrom('accounts')
      .selectAll()
      .where(
        'student_id',
        'in',
        kids.map((k) => k.id),
      )
      .execute();
    for (const row of rows) {
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      for (const secret of [word.password, adv.password]) {
        expect(JSON.stringify(row)).not.toContain(secret);
      }
    }
    expect(rows.find((r) => r.username === 'mac.daoust')!.must_change).toBe(true);
    const detail = await agent.get(`${base()}/students/${kids[2]!.id}`);
    expect(detail.body).toMatchObject({
      status: 'active',
      accountType: 'advanced',
      username: 'mac.daoust',
    });
    expect(detail.body.account).toMatchObject({
      mustChangePassword: true,
      reprintable: true,
      lastLoginAt: null,
    });
    const hist = await agent.get(`${base()}/students/${kids[0]!.id}/history`);
    expect(hist.body.items[0]).toMatchObject({ kind: 'created', actor: { kind: 'admin' } });
    expect(JSON.stringify(hist.body)).not.toMatch(/pictures":\[/);
  });

  it('writes nothing and lists every bad row when one row is invalid (all or nothing)', async () => {
    const good = await createStudent(t.ctx, iid, { first_name: 'Ivica', last_name: 'Cauberghs' });
    const bad = await createStudent(t.ctx, iid, { first_name: 'Keshab', last_name: 'Caubergs' });
    const bad2 = await createStudent(t.ctx, iid, {
      first_name: 'Eben-Ezer',
      last_name: 'Charneux',
    });
    const before = await Promise.all([
      count('accounts'),
      count('usernames'),
      count('batches'),
      count('account_events'),
    ]);
    const res = await agent.post(`${base()}/accounts`).send({
      items: [
        { studentId: good.id, type: 'advanced' },
        { studentId: bad.id, type: 'basic', passwordKind: 'word', username: 'a@b' },
        { studentId: bad2.id, type: 'advanced', password: 'short' },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['body.items.1.username', 'body.items.2.password']),
    );
    expect(
      await Promise.all([
        count('accounts'),
        count('usernames'),
        count('batches'),
        count('account_events'),
      ]),
    ).toEqual(before);
  });

  it('refuses students of another school with 404, and students who already have an account per row', async () => {
    const foreign = await createStudent(t.ctx, otherIid, {
      first_name: 'Secret',
      last_name: 'Kid',
    });
    const res = await agent
      .post(`${base()}/accounts`)
      .send({ items: [{ studentId: foreign.id, type: 'basic' }] });
    expect(res.status).toBe(404);
    const s = await createStudent(t.ctx, iid, { first_name: 'Franci', last_name: 'Daeleman' });
    expect(
      (await agent.post(`${base()}/accounts`).send({ items: [{ studentId: s.id, type: 'basic' }] }))
        .status,
    ).toBe(201);
    const again = await agent
      .post(`${base()}/accounts`)
      .send({ items: [{ studentId: s.id, type: 'basic' }] });
    expect(again.status).toBe(422);
    expect(again.body.errors[0]).toMatchObject({
      path: 'body.items.0.studentId',
      code: 'has_account',
    });
  });

  it('rejects duplicate students, bad pictures and too many items', async () => {
    const s = await createStudent(t.ctx, iid);
    const dup = await agent.post(`${base()}/accounts`).send({
      items: [
        { studentId: s.id, type: 'basic' },
        { studentId: s.id, type: 'basic' },
      ],
    });
    expect(dup.status).toBe(422);
    expect(dup.body.errors[0].code).toBe('duplicate_student');
    const pics = await agent.post(`${base()}/accounts`).send({
      items: [{ studentId: s.id, type: 'basic', pictures: ['dragon', 'dog', 'dog', 'dog'] }],
    });
    expect(pics.status).toBe(422);
    expect(pics.body.errors[0].path).toBe('body.items.0.pictures');
    const many = await agent
      .post(`${base()}/accounts`)
      .send({ items: Array.from({ length: 5001 }, () => ({ studentId: s.id, type: 'basic' })) });
    expect(many.status).toBe(413);
    expect(
      await t.db
        .selectFrom('accounts')
        .select('student_id')
        .where('student_id', '=', s.id)
        .execute(),
    ).toHaveLength(0);
  });

  it('never reissues a username, not even one that was renamed away', async () => {
    const a = await createStudent(t.ctx, iid, { first_name: 'Manao', last_name: 'Colignon' });
    await agent.post(`${base()}/accounts`).send({ items: [{ studentId: a.id, type: 'advanced' }] });
    const renamed = await agent
      .patch(`${base()}/students/${a.id}/account`)
      .send({ username: 'manao.c' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.account.username).toBe('manao.c');
    const b = await createStudent(t.ctx, otherIid, { first_name: 'Manao', last_name: 'Colignon' });
    const res = await otherAgent
      .post(`${base(otherIid)}/accounts`)
      .send({ items: [{ studentId: b.id, type: 'basic' }] });
    expect(res.body.items[0].username).toBe('manao.colignon2');
    const typed = await otherAgent.post(`${base(otherIid)}/accounts`).send({
      items: [
        {
          studentId: (await createStudent(t.ctx, otherIid)).id,
          type: 'basic',
          username: 'MANAO.COLIGNON',
        },
      ],
    });
    expect(typed.status).toBe(422);
    expect(typed.body.errors[0].code).toBe('username_taken');
    const hist = await agent.get(`${base()}/students/${a.id}/history`);
    expect(hist.body.items[0]).toMatchObject({
      kind: 'username_changed',
      detail: { from: 'manao.colignon', to: 'manao.c' },
    });
  });

  it('gives 20 concurrent bulk requests over two schools with clashing names distinct usernames and no 5xx', async () => {
    const requests = [];
    for (let r = 0; r < 20; r++) {
      const school = r % 2 === 0 ? iid : otherIid;
      const kids = [];
      for (let k = 0; k < 3; k++)
        kids.push(await createStudent(t.ctx, school, { first_name: 'Emma', last_name: 'Peeters' }));
      const who = school === iid ? agent : otherAgent;
      requests.push(
        who.post(`${base(school)}/accounts`).send({
          items: kids.map((k) => ({ studentId: k.id, type: 'basic', passwordKind: 'word' })),
        }),
      );
    }
    const results = await Promise.all(requests);
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const names = results.flatMap((r) => r.body.items.map((i: { username: string }) => i.username));
    expect(new Set(names).size).toBe(60);
    expect(names).toContain('emma.peeters');
    expect(names).toContain('emma.peeters60');
  });

  it('answers a replay with the same Idempotency-Key with the first answer and creates once', async () => {
    const s = await createStudent(t.ctx, iid, { first_name: 'Zoë', last_name: 'Ångström' });
    const body = { items: [{ studentId: s.id, type: 'advanced' }] };
    const first = await agent
      .post(`${base()}/accounts`)
      .set('Idempotency-Key', 'bulk-2026-11-23-001')
      .send(body);
    const second = await agent
      .post(`${base()}/accounts`)
      .set('Idempotency-Key', 'bulk-2026-11-23-001')
      .send(body);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(
      await t.db.selectFrom('batches').select('id').where('id', '=', first.body.batchId).execute(),
    ).toHaveLength(1);
    const other = await agent
      .post(`${base()}/accounts`)
      .set('Idempotency-Key', 'bulk-2026-11-23-001')
      .send({ items: [{ studentId: s.id, type: 'basic' }] });
    expect(other.status).toBe(422);
    const progress = await agent.get(`${base()}/account-requests/bulk-2026-11-23-001`);
    expect(progress.body).toEqual({ state: 'done', done: 1, total: 1 });
    // The stored answer is encrypted: it holds the password.
    const stored = await t.db.selectFrom('idempotency_keys').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(first.body.items[0].password);
  });
});

describe('account lifecycle', () => {
  it('sets a new password once, blocks and unblocks, and goes inactive after the enrolment', async () => {
    const s = await createStudent(t.ctx, iid, {
      first_name: 'Abdulghani',
      last_name: 'Bogdan',
      enrolled_until: '2099-06-30',
    });
    await agent
      .post(`${base()}/accounts`)
      .send({ items: [{ studentId: s.id, type: 'basic', passwordKind: 'picture' }] });
    const oldHash = (
      await t.db
        .selectFrom('accounts')
        .select('password_hash')
        .where('student_id', '=', s.id)
        .executeTakeFirstOrThrow()
    ).password_hash;
    const np = await agent
      .post(`${base()}/students/${s.id}/account/password`)
      .send({ passwordKind: 'word' });
    expect(np.status).toBe(200);
    expect(validateWordPassword(np.body.password)).toEqual([]);
    expect(np.body.account.passwordKind).toBe('word');
    const newHash = (
      await t.db
        .selectFrom('accounts')
        .select('password_hash')
        .where('student_id', '=', s.id)
        .executeTakeFirstOrThrow()
    ).password_hash;
    expect(newHash).not.toBe(oldHash);

    const blocked = await agent
      .post(`${base()}/students/${s.id}/account/block`)
      .send({ reason: 'verloren kaart' });
    expect(blocked.body.status).toBe('blocked');
    const list = await agent.get(`${base()}/students`).query({ status: 'blocked' });
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([s.id]);
    const unblocked = await agent.post(`${base()}/students/${s.id}/account/unblock`).send({});
    expect(unblocked.body.status).toBe('active');

    await agent.patch(`${base()}/students/${s.id}`).send({ enrolledUntil: '2020-08-31' });
    expect((await agent.get(`${base()}/students/${s.id}/account`)).body.status).toBe('inactive');

    const hist = await agent.get(`${base()}/students/${s.id}/history`);
    expect(hist.body.items.map((e: { kind: string }) => e.kind)).toEqual([
      'unblocked',
      'blocked',
      'password_regenerated',
      'created',
    ]);
  });

  it('changes type basic → advanced with a new temporary password', async () => {
    const s = await createStudent(t.ctx, iid);
    await agent.post(`${base()}/accounts`).send({ items: [{ studentId: s.id, type: 'basic' }] });
    const res = await agent.patch(`${base()}/students/${s.id}/account`).send({ type: 'advanced' });
    expect(res.status).toBe(200);
    expect(res.body.account).toMatchObject({
      type: 'advanced',
      passwordKind: 'temporary',
      mustChangePassword: true,
    });
    expect(validateTemporaryPassword(res.body.password)).toEqual([]);
  });

  it('signs the student out of the portal and apps when a type change issues a new password', async () => {
    const s = await createStudent(t.ctx, iid);
    const other = await createStudent(t.ctx, iid);
    await agent.post(`${base()}/accounts`).send({ items: [{ studentId: s.id, type: 'basic' }] });
    const session = await portalSession(t.ctx, s.id, null);
    const app = await appSignIn(t.ctx, `s.${s.id}`);
    const othersApp = await appSignIn(t.ctx, `s.${other.id}`);
    const res = await agent.patch(`${base()}/students/${s.id}/account`).send({ type: 'advanced' });
    expect(res.status).toBe(200);
    expect(await session()).toBe(false);
    expect(await app()).toBe(0);
    expect(await othersApp()).toBe(3);
  });

  it('ends the portal sessions of the student and the parents on a block, so an unblock revives none', async () => {
    const s = await createStudent(t.ctx, iid, { parent_emails: ['ouder@example.be'] });
    const other = await createStudent(t.ctx, iid);
    await agent.post(`${base()}/accounts`).send({ items: [{ studentId: s.id, type: 'basic' }] });
    await activeCoAccount(t.ctx, s, 1, 'Ouder-wachtwoord-1');
    const student = await portalSession(t.ctx, s.id, null);
    const parent = await portalSession(t.ctx, s.id, 1);
    const othersSession = await portalSession(t.ctx, other.id, null);
    const parentsApp = await appSignIn(t.ctx, `p.${s.id}.1`);
    expect((await agent.post(`${base()}/students/${s.id}/account/block`).send({})).status).toBe(
      200,
    );
    expect((await agent.post(`${base()}/students/${s.id}/account/unblock`).send({})).status).toBe(
      200,
    );
    expect([await student(), await parent(), await othersSession()]).toEqual([false, false, true]);
    expect(await parentsApp()).toBe(0);
  });

  it('answers 404 for an account of another school', async () => {
    const s = await createStudent(t.ctx, otherIid);
    await otherAgent
      .post(`${base(otherIid)}/accounts`)
      .send({ items: [{ studentId: s.id, type: 'basic' }] });
    for (const [method, path] of [
      ['get', `${base()}/students/${s.id}/account`],
      ['post', `${base()}/students/${s.id}/account/block`],
      ['post', `${base()}/students/${s.id}/account/password`],
      ['get', `${base()}/students/${s.id}/history`],
    ] as const) {
      expect((await agent[method](path).send({})).status).toBe(404);
    }
    expect(
      (
        await t.db
          .selectFrom('accounts')
          .select('blocked_at')
          .where('student_id', '=', s.id)
          .executeTakeFirstOrThrow()
      ).blocked_at,
    ).toBeNull();
  });
});

describe('API keys', () => {
  it('lets a third-party tool list students and create accounts, recorded under the key name', async () => {
    const created = await agent
      .post(`${base()}/api-keys`)
      .send({ name: 'Smartschool sync', scope: 'read-write' });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    const stored = await t.db.selectFrom('api_keys').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(token);
    const s = await createStudent(t.ctx, iid, { first_name: 'Aurelian', last_name: 'Appels' });
    const tool = () => t.request().set('Authorization', `Bearer ${token}`);
    expect(
      (await tool().get(`${base()}/students`).query({ q: 'appels' })).body.total,
    ).toBeGreaterThan(0);
    const res = await tool()
      .post(`${base()}/accounts`)
      .send({ items: [{ studentId: s.id, type: 'advanced' }] });
    expect(res.status).toBe(201);
    const hist = await tool().get(`${base()}/students/${s.id}/history`);
    expect(hist.body.items[0].actor).toEqual({
      kind: 'api_key',
      name: 'API-sleutel: Smartschool sync',
    });
    expect((await tool().get(`${base(otherIid)}/students`)).status).toBe(404);
    expect((await tool().get(`${base()}/api-keys`)).status).toBe(403);
    await agent.delete(`${base()}/api-keys/${created.body.id}`);
    expect((await tool().get(`${base()}/students`)).status).toBe(401);
  });

  it('keeps a read-only key from creating accounts', async () => {
    const { body } = await agent
      .post(`${base()}/api-keys`)
      .send({ name: 'Rapport', scope: 'read' });
    const s = await createStudent(t.ctx, iid);
    const res = await t
      .request()
      .post(`${base()}/accounts`)
      .set('Authorization', `Bearer ${body.token}`)
      .send({ items: [{ studentId: s.id, type: 'basic' }] });
    expect(res.status).toBe(403);
  });
});

describe('POST /api/v1/institutions/:iid/students/:sid/account/block without a body', () => {
  it('blocks with no reason', async () => {
    const s = await createStudent(t.ctx, iid);
    await agent.post(`${base()}/accounts`).send({ items: [{ studentId: s.id, type: 'basic' }] });
    const res = await agent.post(`${base()}/students/${s.id}/account/block`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('blocked');
  });
});
