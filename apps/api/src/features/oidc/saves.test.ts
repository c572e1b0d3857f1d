import { describe, expect, it } from '@jest/globals';
import { storedAccount } from '../../test/factories.js';
import { appWithSchool } from '../../test/per-file.js';
import { activeCoAccount, studentWithAccount } from '../../test/portal-factories.js';
import { adapterFor, saveTogether } from './adapter.js';
import { recordSignIn } from './sign-ins.service.js';

// Writes that a sign-in makes in fewer statements: models saved together (the grant and the
// interaction's result), and the app sign-in's last login with its history event.

const { t, school } = appWithSchool();

const stored = (model: string, id: string) =>
  t.db
    .selectFrom('oidc_models')
    .select(['payload', 'grant_id', 'uid'])
    .where('model', '=', model)
    .where('id', '=', id)
    .executeTakeFirst();

describe('saveTogether', () => {
  it('writes the models saved at the same moment, each save answered once its row is stored', async () => {
    const Adapter = adapterFor(t.ctx);
    const grants = new Adapter('Grant');
    const interactions = new Adapter('Interaction');
    await saveTogether(() =>
      Promise.all([
        grants.upsert('g-together-1', { accountId: 's.x', clientId: 'c' }, 60),
        interactions.upsert('i-together-1', { uid: 'u-together-1', grantId: 'g-together-1' }, 60),
      ]),
    );
    expect(await stored('Grant', 'g-together-1')).toEqual({
      payload: { accountId: 's.x', clientId: 'c' },
      grant_id: null,
      uid: null,
    });
    expect(await stored('Interaction', 'i-together-1')).toEqual({
      payload: { uid: 'u-together-1', grantId: 'g-together-1' },
      grant_id: 'g-together-1',
      uid: 'u-together-1',
    });
    // Saved again (an update), and read back through the adapter.
    await saveTogether(() =>
      Promise.all([
        grants.upsert('g-together-1', { accountId: 's.x', clientId: 'c2' }, 60),
        interactions.upsert('i-together-1', { uid: 'u-together-1' }, 60),
      ]),
    );
    expect(await grants.find('g-together-1')).toEqual({ accountId: 's.x', clientId: 'c2' });
    expect((await stored('Interaction', 'i-together-1'))?.grant_id).toBeNull();
  });

  it('two saves of one model and id in one batch: the later one is what stays', async () => {
    const grants = new (adapterFor(t.ctx))('Grant');
    await saveTogether(() =>
      Promise.all([
        grants.upsert('g-twice', { clientId: 'first' }, 60),
        grants.upsert('g-twice', { clientId: 'second' }, 60),
      ]),
    );
    expect((await stored('Grant', 'g-twice'))?.payload).toEqual({ clientId: 'second' });
  });

  it('all or none: a row the database refuses fails every save of the batch, and none is stored', async () => {
    const Adapter = adapterFor(t.ctx);
    const grants = new Adapter('Grant');
    const interactions = new Adapter('Interaction');
    const saves = saveTogether(() =>
      Promise.allSettled([
        grants.upsert('g-refused', { clientId: 'fine' }, 60),
        // A lone surrogate: JSON.stringify writes it as \ud800, which jsonb refuses.
        interactions.upsert('i-refused', { uid: 'u-refused', params: { state: '\ud800' } }, 60),
      ]),
    );
    const results = await saves;
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await stored('Grant', 'g-refused')).toBeUndefined();
    expect(await stored('Interaction', 'i-refused')).toBeUndefined();
  });

  it('outside saveTogether every save is its own statement, as before', async () => {
    const grants = new (adapterFor(t.ctx))('Grant');
    await grants.upsert('g-alone', { clientId: 'alone' }, 60);
    expect((await stored('Grant', 'g-alone'))?.payload).toEqual({ clientId: 'alone' });
  });
});

describe('recordSignIn', () => {
  const app = async (name: string) => {
    const clientId = `saves_${name}`;
    await t.db
      .insertInto('apps')
      .values({
        client_id: clientId,
        institution_id: school.id,
        name,
        redirect_uris: JSON.stringify(['https://app.example/cb']),
        post_logout_redirect_uris: JSON.stringify([]),
        for_students: true,
        for_parents: true,
        confidential: false,
        subject_type: 'pairwise',
        disabled: false,
      })
      .execute();
    return clientId;
  };

  const events = (sid: string) =>
    t.db
      .selectFrom('account_events')
      .select(['kind', 'actor_kind', 'actor_id', 'actor_name', 'detail', 'created_at'])
      .where('student_id', '=', sid)
      .where('kind', '=', 'app_login')
      .execute();

  it("a student's: the account's last login and one app_login event, at the same instant", async () => {
    const clientId = await app('Bingel');
    const { student, username } = await studentWithAccount(t.ctx, school.id);
    await recordSignIn(t.ctx, `s.${student.id}`, clientId);
    expect((await storedAccount(t, student.id)).last_login_at).toEqual(t.clock.now);
    expect(await events(student.id)).toEqual([
      {
        kind: 'app_login',
        actor_kind: 'student',
        actor_id: student.id,
        actor_name: username,
        detail: expect.objectContaining({ app: 'Bingel', clientId, role: 'student' }),
        created_at: t.clock.now,
      },
    ]);
  });

  it("a parent's: that co-account's last login (not the student's) and the event with its slot", async () => {
    const clientId = await app('Smartschool');
    const { student } = await studentWithAccount(t.ctx, school.id, {
      parent_emails: ['ouder@example.be'],
    });
    await activeCoAccount(t.ctx, student, 1, 'ouder-wachtwoord-lang');
    await recordSignIn(t.ctx, `p.${student.id}.1`, clientId);
    const co = await t.db
      .selectFrom('co_accounts')
      .select('last_login_at')
      .where('student_id', '=', student.id)
      .where('slot', '=', 1)
      .executeTakeFirstOrThrow();
    expect(co.last_login_at).toEqual(t.clock.now);
    expect((await storedAccount(t, student.id)).last_login_at).toBeNull();
    const [event] = await events(student.id);
    expect(event).toMatchObject({
      actor_kind: 'parent',
      detail: expect.objectContaining({ app: 'Smartschool', role: 'parent', slot: 1 }),
      created_at: t.clock.now,
    });
  });
});
