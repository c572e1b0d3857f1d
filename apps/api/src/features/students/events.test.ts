import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { schoolWithAdmin } from '../../test/imports-support.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const base = (iid: string) => `/api/v1/institutions/${iid}`;

async function school() {
  const { iid, agent } = await schoolWithAdmin(t);
  const key = await agent
    .post(`${base(iid)}/api-keys`)
    .send({ name: 'Kopie', scope: 'read-write' });
  const api = () => t.request().set('Authorization', `Bearer ${key.body.token}`);
  return { iid, agent, api };
}

const LIST = [
  { stamnummer: '1', firstName: 'Noor', lastName: 'Janssens', group: '3A' },
  { stamnummer: '2', firstName: 'Milan', lastName: 'Peeters', group: '3A' },
];

describe('GET /api/v1/institutions/:iid/events', () => {
  it('feeds creations, changes and deactivations once, in commit order, behind a cursor', async () => {
    const { iid, agent, api } = await school();
    await api()
      .put(`${base(iid)}/students`)
      .send({ students: LIST });
    const first = await api().get(`${base(iid)}/events`);
    expect(first.status).toBe(200);
    expect(first.body.hasMore).toBe(false);
    expect(
      first.body.items
        .map((e: { change: string; student: { stamnummer: string } }) => [
          e.change,
          e.student.stamnummer,
        ])
        .sort(),
    ).toEqual([
      ['created', '1'],
      ['created', '2'],
    ]);
    const noor = first.body.items.find(
      (e: { student: { stamnummer: string } }) => e.student.stamnummer === '1',
    );

    // Nothing new: an empty page that keeps the place; the same list again changes nothing.
    await api()
      .put(`${base(iid)}/students`)
      .send({ students: LIST });
    const idle = await api()
      .get(`${base(iid)}/events`)
      .query({ after: first.body.nextCursor });
    expect(idle.body).toEqual({ items: [], nextCursor: first.body.nextCursor, hasMore: false });

    await api()
      .post(`${base(iid)}/accounts`)
      .set('Idempotency-Key', 'events-test-0001')
      .send({ items: [{ studentId: noor.studentId, type: 'basic' }] });
    await agent.post(`${base(iid)}/students/${noor.studentId}/account/block`).send({});
    await api()
      .put(`${base(iid)}/students`)
      .send({ students: [LIST[0], { ...LIST[1], group: '4A' }] });
    const next = await api()
      .get(`${base(iid)}/events`)
      .query({ after: first.body.nextCursor, limit: 1 });
    expect(next.body.items).toHaveLength(1);
    expect(next.body.hasMore).toBe(true);
    const rest = await api()
      .get(`${base(iid)}/events`)
      .query({ after: next.body.nextCursor });
    const changes = [...next.body.items, ...rest.body.items].map(
      (e: {
        entity: string;
        change: string;
        account?: { blocked: boolean };
        student?: { group: string };
      }) => [e.entity, e.change, e.account?.blocked ?? e.student?.group],
    );
    expect(changes).toEqual([
      ['account', 'deactivated', true],
      ['student', 'changed', '4A'],
    ]);
  });

  it('an erased student comes once as `erased`, with no data, and its earlier entries are gone', async () => {
    const { iid, agent, api } = await school();
    await api()
      .put(`${base(iid)}/students`)
      .send({ students: LIST });
    const first = await api().get(`${base(iid)}/events`);
    const milan = first.body.items.find(
      (e: { student: { stamnummer: string } }) => e.student.stamnummer === '2',
    );
    const erase = await agent
      .post(`${base(iid)}/students/${milan.studentId}/erase`)
      .send({ confirmation: 'Milan Peeters' });
    expect(erase.status).toBe(200);
    const after = await api()
      .get(`${base(iid)}/events`)
      .query({ after: first.body.nextCursor });
    expect(after.body.items).toEqual([
      { entity: 'student', change: 'erased', studentId: milan.studentId },
    ]);
    // From the start: Noor as created, Milan only as erased (no name of an erased child).
    const all = await api().get(`${base(iid)}/events`);
    expect(all.body.items.map((e: { change: string }) => e.change).sort()).toEqual([
      'created',
      'erased',
    ]);
    expect(JSON.stringify(all.body)).not.toContain('Peeters');
    // Another school's feed never shows it.
    const other = await school();
    const foreign = await other.api().get(`${base(other.iid)}/events`);
    expect(foreign.body.items).toEqual([]);
  });

  it('refuses bad cursors and limits with problem+json, and keys of another school with 404', async () => {
    const { iid, api } = await school();
    const other = await school();
    const bad = [
      { after: 'bm90LWEtY3Vyc29y' },
      { after: Buffer.from('e1:1.0.zzz').toString('base64url') },
      { after: 'a\u0000b' },
      { after: 'line\nbreak' },
      { after: 'x'.repeat(201) },
      { limit: '100000' },
      { limit: '0' },
      { limit: 'many' },
    ];
    for (const query of bad) {
      const res = await api()
        .get(`${base(iid)}/events`)
        .query(query);
      expect({ query, status: res.status, code: res.body.code }).toEqual({
        query,
        status: 400,
        code: 'validation_failed',
      });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const foreign = await other.api().get(`${base(iid)}/events`);
    expect(foreign.status).toBe(404);
  });
});
