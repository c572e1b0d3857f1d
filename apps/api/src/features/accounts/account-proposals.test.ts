import { describe, expect, it } from '@jest/globals';
import { validateTemporaryPassword, validateWordPassword } from '@schoolloket/core';
import { twoSchools } from '../../test/accounts-support.js';
import { countRows, createStudent, schoolWithAdmin } from '../../test/factories.js';

// Proposals: the usernames, types and passwords an admin would get, before anything is written.

const w = twoSchools();
const { t, agent, base } = w;

const count = (table: 'accounts' | 'usernames' | 'batches' | 'account_events') =>
  countRows(t, table);

describe('POST /api/v1/institutions/:iid/account-proposals', () => {
  it('proposes voornaam.naam usernames and passwords without writing anything', async () => {
    const a = await createStudent(t.ctx, w.iid, { first_name: 'Süheda', last_name: 'Carabin' });
    const b = await createStudent(t.ctx, w.iid, { first_name: 'Süheda', last_name: 'Carabin' });
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
    await createStudent(t.ctx, w.iid, {
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
    const kinds = async (choice: { type?: string; passwordKind: string }) => {
      const res = await admin
        .post(`${base(school)}/account-proposals`)
        .send({ studentIds: ids, ...choice });
      return res.body.items.map((i: { passwordKind: string }) => i.passwordKind);
    };
    expect(await kinds({ type: 'basic', passwordKind: 'picture' })).toEqual([
      'picture',
      'picture',
      'picture',
      'picture',
    ]);
    expect(await kinds({ passwordKind: 'picture' })).toEqual([
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
    const s = await createStudent(t.ctx, w.iid, {});
    const res = await agent
      .post(`${base()}/account-proposals`)
      .send({ studentIds: [s.id], type: 'advanced', passwordKind: 'picture' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
