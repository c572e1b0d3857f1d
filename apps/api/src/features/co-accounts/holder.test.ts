import { describe, expect, it } from '@jest/globals';
import { coAccountsSchool } from '../../test/co-accounts-support.js';
import { activationLinkIn } from '../../test/activation-support.js';
import { mailbox, mailedTo } from '../../test/mail-support.js';
import { activeCoAccount, portalLogin, studentWithAccount } from '../../test/portal-factories.js';

// A co-account belongs to the parent who activated it, not to a position in the school's list of
// addresses (found by an outside review: removing the first parent's address moved the second
// one onto slot 1, whose reset link then replaced the first parent's password).

const { t, smtp, transport, school, admin, helpdesk, base } = coAccountsSchool();
const delivered = mailbox(
  () => t,
  () => smtp,
  () => transport,
);

let families = 0;

/** A child with an account and both parents' co-accounts active, with addresses of their own. */
async function family() {
  const n = ++families;
  const mom = `mama.${n}@example.be`;
  const dad = `papa.${n}@example.be`;
  const { student, username } = await studentWithAccount(
    t.ctx,
    school.id,
    { parent_emails: [mom, dad] },
    { type: 'advanced', kind: 'own', password: 'Zomerzon-2024' },
  );
  await activeCoAccount(t.ctx, student, 1, 'Mama-wachtwoord-1');
  await activeCoAccount(t.ctx, student, 2, 'Papa-wachtwoord-2');
  return { sid: student.id, username, mom, dad };
}

const requestLink = (username: string, email: string) =>
  t.request().post('/api/v1/co-accounts/activation-requests').send({ username, email });

const patchEmails = (sid: string, parentEmails: string[]) =>
  admin.patch(`/api/v1/institutions/${school.id}/students/${sid}`).send({ parentEmails });

const tokensOf = (sid: string) =>
  t.db
    .selectFrom('tokens')
    .select(['slot', 'email'])
    .where('student_id', '=', sid)
    .where('purpose', '=', 'co_account_activation')
    .execute();

describe('the school list moves or removes an active co-account’s address', () => {
  it('keeps the co-account with its parent: no reset link for the address moved onto the slot', async () => {
    const { sid, username, mom, dad } = await family();
    expect((await patchEmails(sid, [dad])).status).toBe(200);

    const slots = (await admin.get(base(sid))).body;
    expect(slots).toEqual([
      expect.objectContaining({ slot: 1, email: dad, holderEmail: mom, state: 'active' }),
      expect.objectContaining({ slot: 2, email: null, holderEmail: dad, state: 'active' }),
    ]);

    // Dad's address is registered on slot 1 now, but slot 1 is Mom's: no link goes out.
    expect((await requestLink(username, dad)).status).toBe(202);
    expect(await tokensOf(sid)).toEqual([]);
    expect(await mailedTo(t, dad)).toEqual([]);
    // The school cannot send one either until it confirms the address.
    const invite = await admin.post(`${base(sid)}/1/invitation`);
    expect(invite.status).toBe(409);
    expect(invite.body.errors).toEqual([
      expect.objectContaining({ code: 'co_account_address_unconfirmed' }),
    ]);
    expect(invite.body.detail).toBe(
      `Co-account 1 is actief voor een ander e-mailadres: bevestig eerst ${dad} voor deze co-account.`,
    );
    expect(await tokensOf(sid)).toEqual([]);

    // Both parents still log in with their own passwords.
    expect((await portalLogin(t.request(), username, 'Mama-wachtwoord-1')).status).toBe(200);
    expect((await portalLogin(t.request(), username, 'Papa-wachtwoord-2')).status).toBe(200);
  });

  it('keeps each parent on their own slot when the list swaps or replaces addresses', async () => {
    const { sid, mom, dad } = await family();
    expect((await patchEmails(sid, [dad, mom])).body.parentEmails).toEqual([mom, dad]);
    const replaced = await patchEmails(sid, [dad, 'nieuw@example.be']);
    expect(replaced.body.parentEmails).toEqual(['nieuw@example.be', dad]);
    expect(replaced.body.coAccounts).toEqual([
      expect.objectContaining({ slot: 1, email: 'nieuw@example.be', holderEmail: mom }),
      expect.objectContaining({ slot: 2, email: dad, holderEmail: dad }),
    ]);
  });

  it('sends links again once an admin confirms the address, and tells the parent who held it', async () => {
    const { sid, username, mom, dad } = await family();
    await patchEmails(sid, [dad]);

    const confirmed = await admin.put(`${base(sid)}/1`).send({ email: dad });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ slot: 1, email: dad, holderEmail: dad });
    expect(await mailedTo(t, mom)).toEqual(['co_account_holder_notice']);
    const events = await admin.get(`/api/v1/institutions/${school.id}/students/${sid}/history`);
    expect(events.body.items[0]).toMatchObject({
      kind: 'co_account_registered',
      detail: { slot: 1, email: dad, previous: mom },
    });

    // Confirming again changes nothing and mails nobody.
    expect((await admin.put(`${base(sid)}/1`).send({ email: dad })).status).toBe(200);
    expect(await mailedTo(t, mom)).toEqual(['co_account_holder_notice']);

    expect((await requestLink(username, dad)).status).toBe(202);
    expect(await tokensOf(sid)).toEqual([{ slot: 1, email: dad }]);
  });

  it('tells the holder when an admin gives an active slot another address', async () => {
    const { sid, username, mom } = await family();
    const res = await admin.put(`${base(sid)}/1`).send({ email: 'nieuw@example.be' });
    expect(res.body).toMatchObject({ email: 'nieuw@example.be', holderEmail: 'nieuw@example.be' });
    expect(await mailedTo(t, mom)).toEqual(['co_account_holder_notice']);
    // The parent keeps logging in with the password until the new address sets another one.
    expect((await portalLogin(t.request(), username, 'Mama-wachtwoord-1')).status).toBe(200);
  });

  it('does not open a reset link whose co-account is no longer that address’s', async () => {
    const { sid, username, mom } = await family();
    await delivered();
    expect((await requestLink(username, mom)).status).toBe(202);
    const [mail] = await delivered();
    const { token } = activationLinkIn(mail!);
    expect((await t.request().get(`/api/v1/co-accounts/activation/${token}`)).status).toBe(200);
    // As if the co-account had passed to another parent while the link was on its way.
    await t.db
      .updateTable('co_accounts')
      .set({ email: 'iemand.anders@example.be' })
      .where('student_id', '=', sid)
      .where('slot', '=', 1)
      .execute();
    expect((await t.request().get(`/api/v1/co-accounts/activation/${token}`)).status).toBe(410);
    const set = await t
      .request()
      .post(`/api/v1/co-accounts/activation/${token}`)
      .send({ acceptAgreement: true, password: 'Nieuw-wachtwoord-9' });
    expect(set.status).toBe(410);
    expect((await portalLogin(t.request(), username, 'Mama-wachtwoord-1')).status).toBe(200);
  });

  it('keeps what the helpdesk may do: it sees the holder but cannot confirm', async () => {
    const { sid, mom, dad } = await family();
    await patchEmails(sid, [dad]);
    expect((await helpdesk.get(base(sid))).body[0]).toMatchObject({ holderEmail: mom });
    expect((await helpdesk.put(`${base(sid)}/1`).send({ email: dad })).status).toBe(403);
  });
});
