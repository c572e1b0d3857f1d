import { beforeAll, describe, expect, it } from '@jest/globals';
import { activationSchool } from '../../test/activation-support.js';
import type { TestApp } from '../../test/harness.js';
import { activeCoAccount } from '../../test/portal-factories.js';
import { collidesWithFamily, FAMILY_CHECK_POLICY } from './credentials.js';

// A new password is compared with the family's other credentials, and a refusal tells that the
// guess opens one of them. Those comparisons are capped per credential and day, on top of the
// username's lockout, so a parent cannot test the other parent's password hour after hour.

const school = activationSchool();
const { activate, delivered, family, freshLink, linkStatus } = school;
let t: TestApp;
beforeAll(() => {
  t = school.t;
});

const subjectOf = (
  student: { id: string; first_name: string; last_name: string },
  username: string,
) => ({
  student_id: student.id,
  username,
  first_name: student.first_name,
  last_name: student.last_name,
  school_name: 'Testschool',
});

describe('comparisons of a new password with the family', () => {
  it('are capped per credential and day: then 429 with Retry-After, nothing compared or spent, and the next day it works', async () => {
    const { student, username } = await family({ first: 'Lotte', last: 'Wuyts' });
    await activeCoAccount(t.ctx, student, 2, 'Tweede-Ouder-99');
    const subject = subjectOf(student, username);
    const max = FAMILY_CHECK_POLICY.maxFailures;
    const holder = 'Ouder.Een@Example.be';
    for (let i = 0; i < max; i++)
      expect(await collidesWithFamily(t.ctx, subject, 1, `Kastanjeboom-${i}`, holder)).toBe(false);
    // One comparison more for slot 1 today is refused before any hash is checked.
    await expect(
      collidesWithFamily(t.ctx, subject, 1, 'Tweede-Ouder-99', holder),
    ).rejects.toMatchObject({
      code: 'too_many_requests',
    });
    // Another credential of the family has its own count.
    expect(
      await collidesWithFamily(t.ctx, subject, 2, 'Kastanjeboom-40', 'tweede@example.be'),
    ).toBe(false);

    // Through the activation link: 429 in the parent's language, the link stays open, nothing set.
    const token = await freshLink(username);
    const res = await activate(token, 'Kastanjeboom-17');
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({ code: 'too_many_requests', reason: 'family_checks' });
    expect(res.body.detail).toMatch(/^Je hebt vandaag te veel nieuwe wachtwoorden geprobeerd/);
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(FAMILY_CHECK_POLICY.windowMs / 1000);
    expect(await linkStatus(token)).toBe(200);
    const slot1 = await t.db
      .selectFrom('co_accounts')
      .select(['state', 'password_hash'])
      .where('student_id', '=', student.id)
      .where('slot', '=', 1)
      .executeTakeFirst();
    expect(slot1?.password_hash ?? null).toBeNull();

    // A day later the count has started again.
    t.clock.advance(FAMILY_CHECK_POLICY.windowMs + 1_000);
    const next = await freshLink(username);
    expect((await activate(next, 'Kastanjeboom-17')).status).toBe(200);
    expect(await delivered()).toHaveLength(1); // the confirmation
  });

  it('counts per holder: a parent the school replaces does not hand a spent count to the next one', async () => {
    const { student, username } = await family({ first: 'Roos', last: 'Maes' });
    await activeCoAccount(t.ctx, student, 2, 'Tweede-Ouder-99');
    const subject = subjectOf(student, username);
    for (let i = 0; i <= FAMILY_CHECK_POLICY.maxFailures; i++)
      await collidesWithFamily(
        t.ctx,
        subject,
        1,
        `Kastanjeboom-${i}`,
        'ouder.een@example.be',
      ).catch(() => undefined);
    // The same holder, however the address is written, is over the cap …
    await expect(
      collidesWithFamily(t.ctx, subject, 1, 'Kastanjeboom-99', ' Ouder.Een@Example.be'),
    ).rejects.toMatchObject({ code: 'too_many_requests' });
    // … and a new address in that slot activates at once.
    await t.db
      .updateTable('students')
      .set({ parent_emails: ['nieuwe.ouder@example.be', 'tweede@example.be'] })
      .where('id', '=', student.id)
      .execute();
    const token = await freshLink(username, 'nieuwe.ouder@example.be');
    expect((await activate(token, 'Kastanjeboom-17')).status).toBe(200);
  });

  it('a family with no other credential to compare with is not counted', async () => {
    const { student, username } = await family({ first: 'Mats', last: 'Peeters' });
    const subject = subjectOf(student, username);
    // The student has an own password, so a parent's slot compares with it; the student's own
    // credential (slot null) has no active co-account to compare with.
    for (let i = 0; i < FAMILY_CHECK_POLICY.maxFailures + 5; i++)
      expect(await collidesWithFamily(t.ctx, subject, null, `Kastanjeboom-${i}`)).toBe(false);
  });
});
