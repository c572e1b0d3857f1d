import { beforeAll, describe, expect, it } from '@jest/globals';
import { newToken, tokenHash } from '../../platform/security/tokens.js';
import * as en from '@zxcvbn-ts/language-en';
import * as fr from '@zxcvbn-ts/language-fr';
import * as nlBe from '@zxcvbn-ts/language-nl-be';
import {
  feedbackIn,
  MIN_PASSWORD_SCORE,
  passwordStrength,
  weakPasswordError,
} from '../../platform/security/password-strength.js';
import { appForFile } from '../per-file.js';
import { studentWithAccount } from '../portal-factories.js';

// Issue 13, item 3: parents' and advanced students' own passwords need zxcvbn score 3 with the
// school's name, the child's names and the username as the first guesses. These passed before.
const WEAK = ['aaaaaaaa', 'abcdefgh', '12341234', 'zomer2024', 'regenboog1'];
const GOOD = ['Vlinder-Rivier-Toren-82', 'paard batterij nietje correct', 'fiets olifant regen 42'];
const SCHOOL = 'Regenboog';

const t = appForFile();
let iid: string;

beforeAll(async () => {
  iid = (
    await t.db
      .insertInto('institutions')
      .values({ name: SCHOOL })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
});

describe('passwordStrength (zxcvbn with nl-be, fr, en and common dictionaries)', () => {
  it.each(WEAK)('scores %j below 3', (password) => {
    expect(passwordStrength(password, [SCHOOL, 'Emma', 'Claes']).score).toBeLessThan(
      MIN_PASSWORD_SCORE,
    );
  });

  it.each(GOOD)('scores the passphrase %j at least 3', (password) => {
    expect(passwordStrength(password, [SCHOOL, 'Emma', 'Claes']).score).toBeGreaterThanOrEqual(
      MIN_PASSWORD_SCORE,
    );
  });

  it("counts the family's own words as guessed first (user inputs)", () => {
    const inputs = ['Basisschool Zonnebloemveld', 'Wannes', 'Verhulstmans', 'wannes.verhulstmans'];
    const password = 'zonnebloemveld-verhulstmans';
    expect(passwordStrength(password, inputs).score).toBeLessThan(
      passwordStrength(password, []).score,
    );
  });

  it("explains a refusal in the user's language with zxcvbn's feedback", () => {
    const nl = weakPasswordError('aaaaaaaa', [], 'nl', 'body.password')!;
    const fr = weakPasswordError('aaaaaaaa', [], 'fr', 'body.password')!;
    const en = weakPasswordError('aaaaaaaa', [], 'en', 'body.password')!;
    expect(nl.errors).toEqual([
      { path: 'body.password', message: nl.message, code: 'password_too_weak' },
    ]);
    expect(nl.message).toMatch(/^Dit wachtwoord is te makkelijk te raden\. .*["']aaa["']/);
    expect(fr.message).toMatch(/^Ce mot de passe est trop facile à deviner\. .*["']aaa["']/);
    expect(en.message).toMatch(/^This password is too easy to guess\. .*["']aaa["']/);
    expect(weakPasswordError(GOOD[0]!, [], 'nl', 'body.password')).toBeUndefined();
  });

  it('checks with one set of dictionaries for every language: the feedback comes as keys', () => {
    const result = passwordStrength('aaaaaaaa', []);
    expect(result.feedback.warning).toBe('simpleRepeat');
    expect(result.feedback.suggestions).toEqual(['anotherWord', 'repeated']);
    expect(feedbackIn(result, 'nl')).toEqual([
      nlBe.translations.warnings.simpleRepeat,
      nlBe.translations.suggestions.anotherWord,
      nlBe.translations.suggestions.repeated,
    ]);
    expect(feedbackIn(result, 'fr')[0]).toBe(fr.translations.warnings.simpleRepeat);
  });

  it('has every warning and suggestion of zxcvbn in Dutch and French (none falls back)', () => {
    for (const pack of [nlBe.translations, fr.translations]) {
      expect(Object.keys(pack.warnings)).toEqual(
        expect.arrayContaining(Object.keys(en.translations.warnings)),
      );
      expect(Object.keys(pack.suggestions)).toEqual(
        expect.arrayContaining(Object.keys(en.translations.suggestions)),
      );
    }
  });
});

/** An open activation link for slot 1 of a fresh child, inserted as the mail flow would. */
async function activationLink() {
  const { student } = await studentWithAccount(
    t.ctx,
    iid,
    { first_name: 'Emma', last_name: 'Claes', parent_emails: ['ouder@example.be'] },
    { type: 'advanced', kind: 'own', password: 'Kastanje-Molen-Wolk-5' },
  );
  const token = newToken();
  await t.db
    .insertInto('tokens')
    .values({
      token_hash: tokenHash(token),
      purpose: 'co_account_activation',
      institution_id: iid,
      student_id: student.id,
      slot: 1,
      email: 'ouder@example.be',
      created_at: t.clock.now,
      expires_at: new Date(t.clock.now.getTime() + 3_600_000),
    })
    .execute();
  return { student, token };
}

describe('POST /api/v1/co-accounts/activation/:token', () => {
  it.each(WEAK)(
    'refuses the parent password %j with 422 password_too_weak and activates nothing',
    async (password) => {
      const { student, token } = await activationLink();
      const res = await t
        .request()
        .post(`/api/v1/co-accounts/activation/${token}`)
        .send({ acceptAgreement: true, password });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ path: 'body.password', code: 'password_too_weak' }),
      ]);
      const row = await t.db
        .selectFrom('co_accounts')
        .select(['state', 'password_hash'])
        .where('student_id', '=', student.id)
        .executeTakeFirst();
      expect(row?.password_hash ?? null).toBeNull();
    },
  );

  it('answers in the language asked for, and accepts a passphrase', async () => {
    const { token } = await activationLink();
    const fr = await t
      .request()
      .post(`/api/v1/co-accounts/activation/${token}?locale=fr`)
      .send({ acceptAgreement: true, password: 'zomer2024' });
    expect(fr.status).toBe(422);
    expect(fr.body.errors[0].message).toMatch(/^Ce mot de passe est trop facile à deviner\./);
    const ok = await t
      .request()
      .post(`/api/v1/co-accounts/activation/${token}`)
      .send({ acceptAgreement: true, password: 'paard batterij nietje correct' });
    expect(ok.status).toBe(200);
  });
});

describe('POST /api/v1/portal/password', () => {
  it("refuses weak own passwords of an advanced student and of a parent's change, keeps the old one", async () => {
    const { username } = await studentWithAccount(
      t.ctx,
      iid,
      { first_name: 'Lotte', last_name: 'Wouters' },
      { type: 'advanced', kind: 'temporary', password: 'Tq7mNx4p' },
    );
    const agent = t.request();
    expect(
      (await agent.post('/api/v1/portal/login').send({ username, password: 'Tq7mNx4p' })).status,
    ).toBe(200);
    for (const newPassword of WEAK) {
      const res = await agent
        .post('/api/v1/portal/password')
        .set('accept-language', 'en')
        .send({ currentPassword: 'Tq7mNx4p', newPassword });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ path: 'body.newPassword', code: 'password_too_weak' }),
      ]);
    }
    const ok = await agent
      .post('/api/v1/portal/password')
      .send({ currentPassword: 'Tq7mNx4p', newPassword: 'fiets olifant regen 42' });
    expect(ok.status).toBe(200);
  });
});
