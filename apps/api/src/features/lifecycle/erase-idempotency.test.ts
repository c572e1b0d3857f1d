import { describe, expect, it } from '@jest/globals';
import { createAdmin, createInstitution, createStudent, loginAs } from '../../test/factories.js';
import { appForFile } from '../../test/per-file.js';

// Found by an outside test: a replay of an Idempotency-Key within its 24 hours answered the
// stored account creation of a student erased meanwhile (name, stamnummer, group, password).
// Both erasures ("Nu wissen" and the daily job) delete the stored answers that name the student,
// in the erasure's transaction; the replay then runs again like an unknown key and finds no one.

const t = appForFile();

async function school() {
  t.clock.now = new Date('2027-06-20T10:00:00Z');
  const iid = (await createInstitution(t.ctx, { name: 'De Wilg' })).id;
  const email = (await createAdmin(t.ctx, { institutionId: iid, role: 'admin' })).email;
  const login = () => loginAs(t.request(), email);
  return { iid, login, accounts: `/api/v1/institutions/${iid}/accounts` };
}

const storedKeys = (iid: string) =>
  t.db
    .selectFrom('idempotency_keys')
    .select('key')
    .where('institution_id', '=', iid)
    .orderBy('key')
    .execute()
    .then((rows) => rows.map((r) => r.key));

describe('erasure and stored Idempotency-Key answers', () => {
  it('"Nu wissen": a replay after the erasure is 404 and never shows the erased data', async () => {
    const s = await school();
    const agent = await s.login();
    const zoe = await createStudent(t.ctx, s.iid, {
      first_name: 'Zoë',
      last_name: 'Wissels',
      stamnummer: '90001',
      group_name: '4B',
    });
    const kept = await createStudent(t.ctx, s.iid, { first_name: 'Kobe', last_name: 'Blijft' });
    const body = { items: [{ studentId: zoe.id, type: 'basic' }] };
    const keptBody = { items: [{ studentId: kept.id, type: 'basic' }] };
    const first = await agent.post(s.accounts).set('Idempotency-Key', 'erase-now-0001').send(body);
    expect(first.status).toBe(201);
    expect(first.body.items[0].pictures).toBeDefined();
    const other = await agent
      .post(s.accounts)
      .set('Idempotency-Key', 'erase-now-0002')
      .send(keptBody);
    expect(other.status).toBe(201);

    const erased = await agent
      .post(`/api/v1/institutions/${s.iid}/students/${zoe.id}/erase`)
      .send({ confirmation: '90001' });
    expect(erased.status).toBe(200);
    expect(await storedKeys(s.iid)).toEqual(['erase-now-0002']);

    const replay = await agent.post(s.accounts).set('Idempotency-Key', 'erase-now-0001').send(body);
    expect(replay.status).toBe(404);
    const text = JSON.stringify(replay.body);
    for (const gone of ['Zoë', 'Wissels', '90001', '4B', first.body.items[0].username]) {
      expect(text).not.toContain(gone);
    }
    // Another student's answer is untouched: its replay is the first answer.
    const otherReplay = await agent
      .post(s.accounts)
      .set('Idempotency-Key', 'erase-now-0002')
      .send(keptBody);
    expect(otherReplay.status).toBe(201);
    expect(otherReplay.body).toEqual(other.body);
  });

  it('the daily job: a replay after the erasure is 404 and never shows the erased data', async () => {
    const s = await school();
    // Left a year ago: with the default 365 days of grace the job erases her on 1 July 2027.
    const lien = await createStudent(t.ctx, s.iid, {
      first_name: 'Lien',
      last_name: 'Vergeten',
      stamnummer: '90002',
      group_name: '6A',
      enrolled_until: '2026-06-30',
    });
    const body = { items: [{ studentId: lien.id, type: 'advanced' }] };
    t.clock.now = new Date('2027-06-30T22:30:00Z');
    const agent = await s.login();
    const first = await agent.post(s.accounts).set('Idempotency-Key', 'erase-job-0001').send(body);
    expect(first.status).toBe(201);
    expect(first.body.items[0].password).toBeTruthy();

    t.clock.now = new Date('2027-07-01T03:00:00Z');
    const job = await t.app.scheduler
      .job('erase-after-grace')!
      .run(t.ctx, { now: t.ctx.now(), dryRun: false, print: () => undefined });
    expect(job).toMatchObject({ erased: expect.any(Number) });
    expect(await storedKeys(s.iid)).toEqual([]);

    // Still within the key's 24 hours.
    const again = await s.login();
    const replay = await again.post(s.accounts).set('Idempotency-Key', 'erase-job-0001').send(body);
    expect(replay.status).toBe(404);
    const text = JSON.stringify(replay.body);
    for (const gone of ['Lien', 'Vergeten', '90002', '6A', first.body.items[0].password]) {
      expect(text).not.toContain(gone);
    }
  });
});
