import { beforeAll, describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { countRows, createStudent, schoolWithAdmin, signedIn } from '../../test/factories.js';
import { appForFile } from '../../test/per-file.js';

const t = appForFile();
let iid: string;
let otherIid: string;
let agent: supertest.Agent;
let otherAgent: supertest.Agent;
let helpdesk: supertest.Agent;
const base = (school = iid) => `/api/v1/institutions/${school}`;

const count = (table: 'usernames' | 'account_events') => countRows(t, table);

beforeAll(async () => {
  ({ iid, agent } = await schoolWithAdmin(t, 'admin', 'Basisschool'));
  ({ iid: otherIid, agent: otherAgent } = await schoolWithAdmin(t, 'admin', 'Andere school'));
  helpdesk = await signedIn(t, iid, 'helpdesk');
});

describe('POST /api/v1/institutions/:iid/username-checks', () => {
  it('flags invalid names, names used twice in the list and names ever issued, and writes nothing', async () => {
    // Issued in another school: usernames are unique in the whole installation.
    const elsewhere = await createStudent(t.ctx, otherIid, {
      first_name: 'Jan',
      last_name: 'Peeters',
    });
    expect(
      (
        await otherAgent
          .post(`${base(otherIid)}/accounts`)
          .send({ items: [{ studentId: elsewhere.id, type: 'advanced' }] })
      ).status,
    ).toBe(201);
    const before = [await count('usernames'), await count('account_events')];
    const res = await agent.post(`${base()}/username-checks`).send({
      usernames: ['  JAN.Peeters ', 'lotte.maes', 'an na', 'lotte.maes', 'x', 'emma.claes'],
    });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ username: 'jan.peeters', status: 'taken' }),
      expect.objectContaining({ username: 'lotte.maes', status: 'duplicate', row: 4 }),
      expect.objectContaining({ status: 'invalid', code: expect.any(String) }),
      expect.objectContaining({ username: 'lotte.maes', status: 'duplicate', row: 2 }),
      expect.objectContaining({ username: 'x', status: 'invalid' }),
      { username: 'emma.claes', status: 'free' },
    ]);
    expect(res.body.items[1].message).toBe('Deze gebruikersnaam staat ook in rij 4.');
    expect([await count('usernames'), await count('account_events')]).toEqual(before);
  });

  it('refuses control characters, an empty list, a read-only helpdesk user and another school', async () => {
    const control = await agent
      .post(`${base()}/username-checks`)
      .send({ usernames: ['jan\u0000.peeters'] });
    expect(control.status).toBe(400);
    expect(control.headers['content-type']).toContain('application/problem+json');
    expect((await agent.post(`${base()}/username-checks`).send({ usernames: [] })).status).toBe(
      400,
    );
    expect(
      (await agent.post(`${base()}/username-checks`).send({ usernames: ['a'.repeat(61)] })).status,
    ).toBe(400);
    expect(
      (await helpdesk.post(`${base()}/username-checks`).send({ usernames: ['jan.peeters'] }))
        .status,
    ).toBe(403);
    expect(
      [403, 404].includes(
        (await otherAgent.post(`${base()}/username-checks`).send({ usernames: ['jan.peeters'] }))
          .status,
      ),
    ).toBe(true);
  });
});

describe('GET /api/v1/institutions/:iid/batches/:bid/credentials', () => {
  it('gives the result screen again: printable passwords only, in the batch order, recorded', async () => {
    const kid = await createStudent(t.ctx, iid, { first_name: 'Zoë', last_name: 'Aerts' });
    const teen = await createStudent(t.ctx, iid, { first_name: 'Bram', last_name: 'Aerts' });
    const changed = await createStudent(t.ctx, iid, { first_name: 'Chloé', last_name: 'Aerts' });
    const created = await agent.post(`${base()}/accounts`).send({
      items: [
        { studentId: kid.id, type: 'basic', passwordKind: 'picture' },
        { studentId: teen.id, type: 'advanced' },
        { studentId: changed.id, type: 'advanced' },
      ],
    });
    expect(created.status).toBe(201);
    const bid = created.body.batchId as string;
    // The third student chose an own password: it is no longer printable.
    await t.db
      .updateTable('accounts')
      .set({ password_kind: 'own', secret_enc: null, must_change: false })
      .where('student_id', '=', changed.id)
      .execute();

    const events = await count('account_events');
    const res = await agent.get(`${base()}/batches/${bid}/credentials`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.batchId).toBe(bid);
    expect(res.body.counts).toEqual({ basic: 1, advanced: 2 });
    const [a, b, c] = res.body.items;
    expect(a).toMatchObject({ studentId: kid.id, pictures: created.body.items[0].pictures });
    expect(b).toMatchObject({ studentId: teen.id, password: created.body.items[1].password });
    expect(c.studentId).toBe(changed.id);
    expect(c.password).toBeUndefined();
    expect(c.pictures).toBeUndefined();
    expect(await count('account_events')).toBe(events + 2);

    // The plain batch still never carries a password.
    const plain = await agent.get(`${base()}/batches/${bid}`);
    expect(JSON.stringify(plain.body)).not.toContain(created.body.items[1].password);

    // A new password for one row: the screen shows the new one.
    const renewed = await agent
      .post(`${base()}/students/${teen.id}/account/password`)
      .send({ passwordKind: 'temporary' });
    expect(renewed.status).toBe(200);
    const again = await agent.get(`${base()}/batches/${bid}/credentials`);
    expect(again.body.items[1].password).toBe(renewed.body.password);

    // The helpdesk may reprint, so it may see this; another school's admin may not.
    expect((await helpdesk.get(`${base()}/batches/${bid}/credentials`)).status).toBe(200);
    const foreign = await otherAgent.get(`${base()}/batches/${bid}/credentials`);
    expect([403, 404]).toContain(foreign.status);
    expect(JSON.stringify(foreign.body)).not.toContain(renewed.body.password);
    expect((await otherAgent.get(`${base(otherIid)}/batches/${bid}/credentials`)).status).toBe(404);
    expect((await agent.get(`${base()}/batches/not-a-uuid/credentials`)).status).toBe(404);
  });
});
