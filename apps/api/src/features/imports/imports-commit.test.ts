import { describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { createStudent, schoolPath, storedStudent } from '../../test/factories.js';
import { appForFile } from '../../test/per-file.js';
import {
  commitImport,
  csv,
  endedCount,
  existingStudent,
  fixture,
  schoolWithAdmin,
  snapshot,
  upload,
} from '../../test/imports-support.js';

// Committing a preview: only when nothing changed, leavers kept or ended, all or nothing.

const t = appForFile();

describe('POST /api/v1/institutions/:iid/imports/:importId/commit', () => {
  it('answers 409 and writes nothing when the students changed after the preview', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    const s = await createStudent(t.ctx, iid, {
      stamnummer: '10231',
      first_name: 'W',
      last_name: 'D',
    });
    const res = await upload(agent, iid, fixture('informat-leerlingen-cp1252.csv'));
    await agent
      .patch(`${schoolPath(iid)}/students/${s.id}`)
      .send({ group: 'Anders' })
      .expect(200);
    const before = await snapshot(t.db, iid);
    const commit = await agent.post(`${schoolPath(iid)}/imports/${res.body.id}/commit`).send({});
    expect(commit.status).toBe(409);
    expect(commit.body.code).toBe('preview_stale');
    expect(await snapshot(t.db, iid)).toBe(before);
  });

  it('refuses an older preview once a newer one exists', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    const first = await upload(agent, iid, fixture('informat-leerlingen-cp1252.csv'));
    const second = await upload(agent, iid, fixture('informat-leerlingen-cp1252.csv'));
    const stale = await agent.post(`${schoolPath(iid)}/imports/${first.body.id}/commit`).send({});
    expect(stale.status).toBe(409);
    expect((await agent.get(`${schoolPath(iid)}/imports/${first.body.id}`)).body.status).toBe(
      'superseded',
    );
    // Without a body: the defaults (leavers: keep).
    expect((await agent.post(`${schoolPath(iid)}/imports/${second.body.id}/commit`)).status).toBe(
      200,
    );
  });

  it('leaves the students missing from a partial file alone by default', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    for (let i = 0; i < 60; i++)
      await createStudent(t.ctx, iid, { stamnummer: String(40000 + i), enrolled_until: null });
    const res = await upload(agent, iid, fixture('informat-leerlingen-cp1252.csv'));
    expect(res.body).toMatchObject({
      counts: { leaving: 60, enrolled: 60 },
      leaversNeedConfirmation: true,
    });
    const before = await snapshot(t.db, iid);
    // Ending 60 of 60 needs the count: without it, or with another one, nothing changes.
    const refused = await agent
      .post(`${schoolPath(iid)}/imports/${res.body.id}/commit`)
      .send({ leavers: 'end' });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'leavers_confirmation_required', leavers: 60 });
    const wrong = await agent
      .post(`${schoolPath(iid)}/imports/${res.body.id}/commit`)
      .send({ leavers: 'end', expectedLeavers: 59 });
    expect(wrong.status).toBe(409);
    expect(wrong.body.code).toBe('leavers_count_changed');
    expect(await snapshot(t.db, iid)).toBe(before);
    expect((await agent.get(`${schoolPath(iid)}/imports/${res.body.id}`)).body.status).toBe(
      'previewed',
    );

    const commit = await agent.post(`${schoolPath(iid)}/imports/${res.body.id}/commit`).send({});
    expect(commit.status).toBe(200);
    expect(commit.body.summary).toMatchObject({ ended: 0, kept: 60, leaversEndDate: null });
    expect(await endedCount(t.db, iid)).toBe(0);
  });

  it('leaves leavers alone with leavers: keep', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    await createStudent(t.ctx, iid, { stamnummer: '55555', enrolled_until: '2099-08-31' });
    const res = await upload(agent, iid, fixture('informat-leerlingen-cp1252.csv'));
    const commit = await agent
      .post(`${schoolPath(iid)}/imports/${res.body.id}/commit`)
      .send({ leavers: 'keep' });
    expect(commit.body.summary).toMatchObject({ ended: 0, kept: 1, leaversEndDate: null });
    const row = await t.db
      .selectFrom('students')
      .select('enrolled_until')
      .where('institution_id', '=', iid)
      .where('stamnummer', '=', '55555')
      .executeTakeFirstOrThrow();
    expect(row.enrolled_until).toBe('2099-08-31');
  });

  it('writes nothing when the commit fails halfway', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    await createStudent(t.ctx, iid, { stamnummer: '10231', first_name: 'W', last_name: 'D' });
    const res = await upload(agent, iid, fixture('informat-leerlingen-cp1252.csv'));
    const before = await snapshot(t.db, iid);
    await sql`create function fail_on_10238() returns trigger language plpgsql as $$
      begin if new.stamnummer = '10238' then raise exception 'simulated failure'; end if; return new; end $$`.execute(
      t.db,
    );
    await sql`create trigger fail_10238 before insert on students for each row execute function fail_on_10238()`.execute(
      t.db,
    );
    try {
      const failed = await agent.post(`${schoolPath(iid)}/imports/${res.body.id}/commit`).send({});
      expect(failed.status).toBe(500);
      expect(await snapshot(t.db, iid)).toBe(before);
    } finally {
      await sql`drop trigger fail_10238 on students`.execute(t.db);
      await sql`drop function fail_on_10238()`.execute(t.db);
    }
    const retried = await agent.post(`${schoolPath(iid)}/imports/${res.body.id}/commit`).send({});
    expect(retried.status).toBe(200);
    expect(retried.body.summary.created).toBe(7);
  });

  it('warns when the e-mail of an activated co-account changes, and keeps the co-account', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    const s = await existingStudent(t, iid, 'daniels', { parent_emails: ['oud@example.be'] });
    await t.db
      .insertInto('co_accounts')
      .values({
        student_id: s.id,
        slot: 1,
        institution_id: iid,
        state: 'active',
        email: 'oud@example.be',
        password_hash: 'x',
        activated_at: new Date(),
      })
      .execute();
    const res = await upload(agent, iid, fixture('informat-leerlingen-cp1252.csv'));
    const items = await agent
      .get(`${schoolPath(iid)}/imports/${res.body.id}/items`)
      .query({ warnings: true });
    expect(items.body.items[0]).toMatchObject({
      stamnummer: '10231',
      warnings: [expect.objectContaining({ code: 'co_account_email_changed' })],
    });
    await commitImport(agent, iid, res.body.id);
    const coAccount = await t.db
      .selectFrom('co_accounts')
      .select('state')
      .where('student_id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(coAccount.state).toBe('active');
    const student = await storedStudent(t, s.id);
    expect(student.parent_emails).toEqual(['mama.daniels@telenet.be']);
  });

  it('handles 5,000 rows in chunks', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    for (let i = 0; i < 2500; i += 500) {
      await t.db
        .insertInto('students')
        .values(
          Array.from({ length: 500 }, (_, j) => ({
            institution_id: iid,
            stamnummer: String(100000 + i + j),
            first_name: 'Emma',
            last_name: `Peeters${i + j}`,
            group_name: '1A',
            search_text: 'x',
          })),
        )
        .execute();
    }
    const lines = ['Stamnummer;Naam;Voornaam;Klas'];
    for (let i = 0; i < 5000; i++)
      lines.push(`${101000 + i};Peeters${1000 + i};Emma;${i % 2 ? '1A' : '1B'}`);
    const res = await upload(agent, iid, csv(lines));
    expect(res.body.counts).toMatchObject({
      create: 3500,
      update: 750,
      unchanged: 750,
      leaving: 1000,
    });
    expect(res.body.leaversNeedConfirmation).toBe(true);
    const commit = await agent
      .post(`${schoolPath(iid)}/imports/${res.body.id}/commit`)
      .send({ leavers: 'end', expectedLeavers: 1000 });
    expect(commit.body.summary).toMatchObject({
      created: 3500,
      updated: 750,
      unchanged: 750,
      ended: 1000,
    });
    const n = await t.db
      .selectFrom('students')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('institution_id', '=', iid)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(6000);
  });
});

describe('import access', () => {
  it('lets a helpdesk user read imports but not upload or commit', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    const res = await upload(agent, iid, fixture('informat-leerlingen-cp1252.csv'));
    const helpdesk = await (async () => {
      const { createAdmin, loginAs } = await import('../../test/factories.js');
      const user = await createAdmin(t.ctx, { institutionId: iid, role: 'helpdesk' });
      return loginAs(t.request(), user.email);
    })();
    expect((await helpdesk.get(`${schoolPath(iid)}/imports`)).status).toBe(200);
    expect((await upload(helpdesk, iid, fixture('informat-leerlingen-cp1252.csv'))).status).toBe(
      403,
    );
    expect(
      (await helpdesk.post(`${schoolPath(iid)}/imports/${res.body.id}/commit`).send({})).status,
    ).toBe(403);
  });

  it("answers 404 for another school's import", async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    const res = await upload(agent, iid, fixture('informat-leerlingen-cp1252.csv'));
    const other = await schoolWithAdmin(t);
    const before = await snapshot(t.db, iid);
    for (const path of [`/imports/${res.body.id}`, `/imports/${res.body.id}/items`]) {
      expect((await other.agent.get(`${schoolPath(other.iid)}${path}`)).status).toBe(404);
      expect((await other.agent.get(`${schoolPath(iid)}${path}`)).status).toBe(404);
    }
    expect(
      (await other.agent.post(`${schoolPath(other.iid)}/imports/${res.body.id}/commit`).send({}))
        .status,
    ).toBe(404);
    expect(
      (await other.agent.post(`${schoolPath(iid)}/imports/${res.body.id}/commit`).send({})).status,
    ).toBe(404);
    expect((await other.agent.get(`${schoolPath(other.iid)}/imports/not-a-uuid`)).status).toBe(404);
    expect(await snapshot(t.db, iid)).toBe(before);
  });
});

describe('a student a list ended today, listed again the same day', () => {
  // Found by an outside test: ended by this morning's import (absent from its file), listed
  // again by the afternoon's, the student still left that night. An end date an admin wrote is
  // theirs: a file without an end-date column leaves it.
  it('is enrolled again; an end date the admin wrote stays', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    const head = 'Stamnummer;Voornaam;Naam;Klas';
    const rows = ['50001;Noor;Aerts;3A', '50002;Milan;Claes;3A', '50003;Lotte;Dierckx;3A'];
    const first = await upload(agent, iid, csv([head, ...rows]));
    await commitImport(agent, iid, first.body.id);
    const ids = Object.fromEntries(
      (await agent.get(`${schoolPath(iid)}/students`)).body.items.map(
        (s: { stamnummer: string; id: string }) => [s.stamnummer, s.id],
      ),
    );
    // The admin writes a leaving date for Lotte; the morning's file misses Milan.
    await agent
      .patch(`${schoolPath(iid)}/students/${ids['50003']}`)
      .send({ enrolledUntil: '2099-06-30' })
      .expect(200);
    const morning = await upload(agent, iid, csv([head, rows[0]!, rows[2]!]));
    await agent
      .post(`${schoolPath(iid)}/imports/${morning.body.id}/commit`)
      .send({ leavers: 'end', expectedLeavers: 1 })
      .expect(200);
    const ended = (await storedStudent(t, ids['50002'])).enrolled_until;
    expect(ended).not.toBeNull();

    const afternoon = await upload(agent, iid, csv([head, ...rows]));
    expect(afternoon.body.counts).toMatchObject({ update: 1, unchanged: 2 });
    await commitImport(agent, iid, afternoon.body.id);
    expect((await storedStudent(t, ids['50002'])).enrolled_until).toBeNull();
    expect((await storedStudent(t, ids['50003'])).enrolled_until).toBe('2099-06-30');

    // A leaving date the admin wrote, moved to today by a list without the student: listed
    // again, the student gets the admin's date back, not none.
    const evening = await upload(agent, iid, csv([head, rows[0]!, rows[1]!]));
    await agent
      .post(`${schoolPath(iid)}/imports/${evening.body.id}/commit`)
      .send({ leavers: 'end', expectedLeavers: 1 })
      .expect(200);
    expect((await storedStudent(t, ids['50003'])).enrolled_until).not.toBe('2099-06-30');
    const corrected = await upload(agent, iid, csv([head, ...rows]));
    await commitImport(agent, iid, corrected.body.id);
    expect((await storedStudent(t, ids['50003'])).enrolled_until).toBe('2099-06-30');
  });
});
