import { describe, expect, it } from '@jest/globals';
import { DEFAULT_GRID } from '@schoolloket/core';
import { twoSchools } from '../../test/accounts-support.js';
import { countRows, createStudent } from '../../test/factories.js';

// Creating accounts in bulk: all or nothing, per school, usernames never reissued, idempotent.
// Proposals: account-proposals.test.ts; an account's life after: account-lifecycle.test.ts.

const w = twoSchools();
const { t, agent, otherAgent, base } = w;

const count = (table: 'accounts' | 'usernames' | 'batches' | 'account_events') =>
  countRows(t, table);

describe('POST /api/v1/institutions/:iid/accounts', () => {
  it('creates a basic picture account and a basic word account and an advanced one, storing no secret in clear', async () => {
    const kids = [
      await createStudent(t.ctx, w.iid, { first_name: 'Borel', last_name: 'Daelemans' }),
      await createStudent(t.ctx, w.iid, { first_name: 'Wilhelmina', last_name: 'Daniëls' }),
      await createStudent(t.ctx, w.iid, { first_name: 'Mac', last_name: 'Daoust' }),
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
    const good = await createStudent(t.ctx, w.iid, { first_name: 'Ivica', last_name: 'Cauberghs' });
    const bad = await createStudent(t.ctx, w.iid, { first_name: 'Keshab', last_name: 'Caubergs' });
    const bad2 = await createStudent(t.ctx, w.iid, {
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
    const foreign = await createStudent(t.ctx, w.otherIid, {
      first_name: 'Secret',
      last_name: 'Kid',
    });
    const res = await agent
      .post(`${base()}/accounts`)
      .send({ items: [{ studentId: foreign.id, type: 'basic' }] });
    expect(res.status).toBe(404);
    const s = await createStudent(t.ctx, w.iid, { first_name: 'Franci', last_name: 'Daeleman' });
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
    const s = await createStudent(t.ctx, w.iid);
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
    const a = await createStudent(t.ctx, w.iid, { first_name: 'Manao', last_name: 'Colignon' });
    await agent.post(`${base()}/accounts`).send({ items: [{ studentId: a.id, type: 'advanced' }] });
    const renamed = await agent
      .patch(`${base()}/students/${a.id}/account`)
      .send({ username: 'manao.c' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.account.username).toBe('manao.c');
    const b = await createStudent(t.ctx, w.otherIid, {
      first_name: 'Manao',
      last_name: 'Colignon',
    });
    const res = await otherAgent
      .post(`${base(w.otherIid)}/accounts`)
      .send({ items: [{ studentId: b.id, type: 'basic' }] });
    expect(res.body.items[0].username).toBe('manao.colignon2');
    const typed = await otherAgent.post(`${base(w.otherIid)}/accounts`).send({
      items: [
        {
          studentId: (await createStudent(t.ctx, w.otherIid)).id,
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
      const school = r % 2 === 0 ? w.iid : w.otherIid;
      const kids = [];
      for (let k = 0; k < 3; k++)
        kids.push(await createStudent(t.ctx, school, { first_name: 'Emma', last_name: 'Peeters' }));
      const who = school === w.iid ? agent : otherAgent;
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
    const s = await createStudent(t.ctx, w.iid, { first_name: 'Zoë', last_name: 'Ångström' });
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
    // With the batch it made, for a page reloaded while its POST ran; never a password.
    expect(progress.body).toEqual({
      state: 'done',
      done: 1,
      total: 1,
      batchId: first.body.batchId,
    });
    // The stored answer is encrypted: it holds the password.
    const stored = await t.db.selectFrom('idempotency_keys').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(first.body.items[0].password);
  });
});
