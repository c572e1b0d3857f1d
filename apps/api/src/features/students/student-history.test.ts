import { beforeAll, describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { schoolWithAdmin, storedAccount } from '../../test/factories.js';
import { appForFile } from '../../test/per-file.js';
import { studentWithAccount } from '../../test/portal-factories.js';
import { RETURNING_GAP_DAYS, RETURNING_REASON } from '../accounts/index.js';

// Every change of a student is in its history, whichever way it came: one student at a time
// (add, change, create-or-update by stamnummer) as the sync and the file import already did, and
// the hold of an account whose student is enrolled again (found by an outside test: none of
// these left an entry).

const t = appForFile();
let iid: string;
let agent: supertest.Agent;
const base = () => `/api/v1/institutions/${iid}`;

beforeAll(async () => {
  ({ iid, agent } = await schoolWithAdmin(t));
});

interface Event {
  kind: string;
  actor: { kind: string };
  detail: Record<string, unknown>;
}

/** The student's history, oldest first. */
async function historyOf(sid: string): Promise<Event[]> {
  const res = await agent.get(`${base()}/students/${sid}/history`).query({ pageSize: 100 });
  expect(res.status).toBe(200);
  return [...(res.body.items as Event[])].reverse();
}

describe('the history of a student changed one at a time', () => {
  it('records the creation, each change with its fields, and nothing for a change of nothing', async () => {
    const created = await agent
      .post(`${base()}/students`)
      .send({ stamnummer: 'H1', firstName: 'Piet', lastName: 'Post', group: '1A' });
    expect(created.status).toBe(201);
    const sid = created.body.id as string;
    expect(await historyOf(sid)).toEqual([
      {
        kind: 'enrolment_changed',
        actor: expect.objectContaining({ kind: 'admin' }),
        detail: { source: 'student', change: 'created', stamnummer: 'H1' },
        id: expect.any(String),
        createdAt: expect.any(String),
      },
    ]);

    const patched = await agent
      .patch(`${base()}/students/${sid}`)
      .send({ firstName: 'Pieter', group: '2B', lastName: 'Post' });
    expect(patched.status).toBe(200);
    const afterPatch = await historyOf(sid);
    expect(afterPatch).toHaveLength(2);
    expect(afterPatch[1]!.detail).toEqual({
      source: 'student',
      change: 'updated',
      changes: [
        { field: 'firstName', from: 'Piet', to: 'Pieter' },
        { field: 'group', from: '1A', to: '2B' },
      ],
    });

    // The same values again: no change, no entry.
    await agent.patch(`${base()}/students/${sid}`).send({ firstName: 'Pieter' }).expect(200);
    await agent
      .put(`${base()}/students-by-stamnummer/H1`)
      .send({ firstName: 'Pieter', lastName: 'Post', group: '2B' })
      .expect(200);
    expect(await historyOf(sid)).toHaveLength(2);

    // By stamnummer, and the end of the enrolment.
    await agent
      .put(`${base()}/students-by-stamnummer/H1`)
      .send({ firstName: 'Pieter', lastName: 'Post', group: '2B', enrolledUntil: '2020-06-30' })
      .expect(200);
    const ended = (await historyOf(sid))[2]!;
    expect(ended.detail).toEqual({
      source: 'student',
      change: 'ended',
      changes: [{ field: 'enrolledUntil', from: null, to: '2020-06-30' }],
    });
  });

  it('creates a new stamnummer once when it is upserted several times at once, the others update it', async () => {
    const put = () =>
      agent
        .put(`${base()}/students-by-stamnummer/PAR1`)
        .send({ firstName: 'Same', lastName: 'Body', group: '3C' });
    const answers = await Promise.all([put(), put(), put(), put()]);
    // Found by an outside test: the ones that lost the race answered 409 stamnummer_taken.
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(answers.map((r) => r.body.id)).size).toBe(1);
    const events = await historyOf(answers[0]!.body.id);
    expect(events.map((e) => e.detail.change)).toEqual(['created']);
  });

  it('records the hold of an account whose student is enrolled again, with its reason', async () => {
    const { student } = await studentWithAccount(t.ctx, iid, { enrolled_until: '2020-06-30' });
    const before = (await historyOf(student.id)).length;
    await agent.patch(`${base()}/students/${student.id}`).send({ enrolledUntil: null }).expect(200);
    expect((await storedAccount(t, student.id)).blocked_reason).toBe(RETURNING_REASON);
    const added = (await historyOf(student.id)).slice(before);
    expect(added.map((e) => [e.kind, e.detail.change ?? e.detail.reason])).toEqual([
      ['blocked', RETURNING_REASON],
      ['enrolment_changed', 'reactivated'],
    ]);
  });

  it('does not hold the account of a student whose enrolment ended less than a summer ago', async () => {
    // Found by an outside review: every continuing student whose enrolment ended with the school
    // year, and whose new one came a day later, was blocked on the first school day.
    const day = (daysAgo: number) =>
      new Date(t.clock.now.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const continuing = await studentWithAccount(t.ctx, iid, {
      stamnummer: 'G1',
      enrolled_until: day(1),
    });
    const summer = await studentWithAccount(t.ctx, iid, {
      stamnummer: 'G2',
      enrolled_until: day(RETURNING_GAP_DAYS),
    });
    const gap = await studentWithAccount(t.ctx, iid, {
      stamnummer: 'G3',
      enrolled_until: day(RETURNING_GAP_DAYS + 1),
    });
    for (const { student } of [continuing, summer, gap])
      await agent
        .patch(`${base()}/students/${student.id}`)
        .send({ enrolledUntil: null })
        .expect(200);
    expect((await storedAccount(t, continuing.student.id)).blocked_reason).toBeNull();
    expect((await storedAccount(t, summer.student.id)).blocked_reason).toBeNull();
    expect((await storedAccount(t, gap.student.id)).blocked_reason).toBe(RETURNING_REASON);
    // Still reactivated in the history: the enrolment did start again.
    expect((await historyOf(continuing.student.id)).at(-1)).toMatchObject({
      kind: 'enrolment_changed',
      detail: { change: 'reactivated' },
    });
  });

  it('the sync does not hold a continuing student either', async () => {
    const yesterday = new Date(t.clock.now.getTime() - 86_400_000).toISOString().slice(0, 10);
    const { student } = await studentWithAccount(t.ctx, iid, {
      stamnummer: 'G4',
      first_name: 'Lien',
      last_name: 'Lauwers',
      enrolled_until: yesterday,
    });
    const res = await agent.put(`${base()}/students`).send({
      students: [
        { stamnummer: 'G4', firstName: 'Lien', lastName: 'Lauwers', enrolledUntil: '2031-08-31' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.summary).toMatchObject({ reactivated: 1 });
    expect((await storedAccount(t, student.id)).blocked_reason).toBeNull();
  });

  it('records the hold when the sync enrols a student again, too', async () => {
    const { student } = await studentWithAccount(t.ctx, iid, {
      stamnummer: 'H3',
      first_name: 'Bert',
      last_name: 'Baert',
      enrolled_until: '2020-06-30',
    });
    const before = (await historyOf(student.id)).length;
    const res = await agent.put(`${base()}/students`).send({
      students: [{ stamnummer: 'H3', firstName: 'Bert', lastName: 'Baert', enrolledUntil: null }],
    });
    expect(res.status).toBe(200);
    const added = (await historyOf(student.id)).slice(before);
    expect(added.map((e) => [e.kind, e.detail.change ?? e.detail.reason])).toEqual([
      ['blocked', RETURNING_REASON],
      ['enrolment_changed', 'reactivated'],
    ]);
  });
});
