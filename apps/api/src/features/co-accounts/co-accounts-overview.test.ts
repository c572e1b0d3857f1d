import { describe, expect, it } from '@jest/globals';
import { coAccountsSchool } from '../../test/co-accounts-support.js';
import { createStudent } from '../../test/factories.js';
import { activeCoAccount, studentWithAccount } from '../../test/portal-factories.js';

// A school's co-accounts: the overview per group and mailing the invitations of a group. One
// student's slots: co-accounts.test.ts.

const { t, school, admin, helpdesk, foreignAdmin } = coAccountsSchool();

describe('GET /api/v1/institutions/:iid/co-accounts/overview', () => {
  it('counts states per group and lists the students whose parents have not activated', async () => {
    const group = 'Overzicht 3A';
    const done = await studentWithAccount(t.ctx, school.id, {
      group_name: group,
      last_name: 'Aerts',
      parent_emails: ['a@example.be', 'b@example.be'],
    });
    await activeCoAccount(t.ctx, done.student, 1, 'Ouder-wachtwoord-1');
    const waiting = await studentWithAccount(t.ctx, school.id, {
      group_name: group,
      last_name: 'Bosmans',
      parent_emails: ['c@example.be'],
    });
    await createStudent(t.ctx, school.id, { group_name: group, parent_emails: ['d@example.be'] }); // no account: not counted
    const res = await admin
      .get(`/api/v1/institutions/${school.id}/co-accounts/overview`)
      .query({ group });
    expect(res.status).toBe(200);
    expect(res.body.groups.find((g: { group: string }) => g.group === group)).toEqual({
      group,
      students: 2,
      withActiveCoAccount: 1,
      slots: { notRegistered: 1, registered: 2, invited: 0, active: 1, revoked: 0 },
      awaitingInvitation: 2,
    });
    expect(res.body.total).toBe(1);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        studentId: waiting.student.id,
        username: waiting.username,
        group,
        coAccounts: [
          expect.objectContaining({ state: 'registered' }),
          expect.objectContaining({ state: 'not_registered' }),
        ],
      }),
    ]);
  });
});

describe('POST /api/v1/institutions/:iid/co-accounts/invitations', () => {
  const url = `/api/v1/institutions/${'$IID'}/co-accounts/invitations`;
  const path = () => url.replace('$IID', school.id);
  const awaiting = async (group: string) =>
    (
      (await admin.get(`/api/v1/institutions/${school.id}/co-accounts/overview`).query({ group }))
        .body as { groups: Array<{ group: string; awaitingInvitation: number }> }
    ).groups.find((g) => g.group === group)?.awaitingInvitation;
  const mailsTo = async (address: string) =>
    t.db.selectFrom('outbox').select('id').where('recipient', '=', address).execute();

  it('mails every slot of the group that waits, skips open links, and needs the expected count', async () => {
    const group = 'Uitnodigen 4B';
    const a = await studentWithAccount(t.ctx, school.id, {
      group_name: group,
      parent_emails: ['inv-a1@example.be', 'inv-a2@example.be'],
    });
    await activeCoAccount(t.ctx, a.student, 1, 'Ouder-wachtwoord-1');
    await studentWithAccount(t.ctx, school.id, {
      group_name: group,
      parent_emails: ['inv-b1@example.be'],
    });
    await studentWithAccount(t.ctx, school.id, { group_name: group, parent_emails: [] });
    await createStudent(t.ctx, school.id, {
      group_name: group,
      parent_emails: ['inv-c1@example.be'],
    }); // no account
    await studentWithAccount(t.ctx, school.id, {
      group_name: 'Andere klas',
      parent_emails: ['inv-other@example.be'],
    });
    expect(await awaiting(group)).toBe(2);

    // A count that no longer matches sends nothing.
    const stale = await admin.post(path()).send({ group, expectedCount: 3 });
    expect(stale.status).toBe(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.body.errors[0]).toMatchObject({
      path: 'body.expectedCount',
      code: 'count_changed',
    });
    expect(await mailsTo('inv-a2@example.be')).toHaveLength(0);

    const res = await admin.post(path()).send({ group, expectedCount: 2 });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ sent: 2 });
    expect(await mailsTo('inv-a2@example.be')).toHaveLength(1);
    expect(await mailsTo('inv-b1@example.be')).toHaveLength(1);
    expect(await mailsTo('inv-a1@example.be')).toHaveLength(0); // active already
    expect(await mailsTo('inv-c1@example.be')).toHaveLength(0); // no account
    expect(await mailsTo('inv-other@example.be')).toHaveLength(0); // other group
    const events = await t.db
      .selectFrom('account_events')
      .select(['kind', 'detail'])
      .where('student_id', '=', a.student.id)
      .where('kind', '=', 'co_account_invited')
      .execute();
    expect(events).toHaveLength(1);

    // A double submit finds nothing waiting: the open links are not mailed again.
    expect(await awaiting(group)).toBe(0);
    const again = await admin.post(path()).send({ group, expectedCount: 2 });
    expect(again.status).toBe(409);
    expect((await admin.post(path()).send({ group, expectedCount: 0 })).body).toEqual({ sent: 0 });
    expect(await mailsTo('inv-b1@example.be')).toHaveLength(1);

    // Once the links have expired the slots wait again.
    await t.db
      .updateTable('co_accounts')
      .set({ invited_at: new Date(t.clock.now.getTime() - 24 * 3_600_000) })
      .where('email', 'in', ['inv-a2@example.be', 'inv-b1@example.be'])
      .execute();
    expect(await awaiting(group)).toBe(2);
  });

  it('is for admins of this school only and rejects malformed bodies without sending', async () => {
    const group = 'Uitnodigen 5C';
    await studentWithAccount(t.ctx, school.id, {
      group_name: group,
      parent_emails: ['inv-d1@example.be'],
    });
    expect((await helpdesk.post(path()).send({ group, expectedCount: 1 })).status).toBe(403);
    expect(
      (await foreignAdmin.post(url.replace('$IID', school.id)).send({ group, expectedCount: 1 }))
        .status,
    ).toBe(404);
    for (const body of [
      {},
      { group, expectedCount: -1 },
      { group, expectedCount: '1' },
      { group, expectedCount: 1, extra: true },
      { group: '', expectedCount: 1 },
    ]) {
      const res = await admin.post(path()).send(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await mailsTo('inv-d1@example.be')).toHaveLength(0);
  });
});
