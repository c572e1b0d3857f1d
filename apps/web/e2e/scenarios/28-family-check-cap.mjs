// A parent who keeps choosing new passwords (each one is compared with the child's and the other
// parent's, and a refusal would tell that a guess opens one of them) is stopped after thirty a
// day, and the portal says so in words, not as a login lock.
import assert from 'node:assert/strict';
import { expectNoSeriousViolations } from '../lib/axe.mjs';
import { json } from '../lib/wait.mjs';
import { DEMO_ADMIN, enrolledStudents } from '../lib/admin.mjs';

const CAP = 30;

export default async function ({ page, context, baseUrl, shot, mail }) {
  const api = context.request;
  const me = await json(
    await api.post(`${baseUrl}/api/v1/auth/login`, { data: DEMO_ADMIN }),
    'admin login',
  );
  const college = me.institutions.find((i) =>
    i.name.startsWith('Sint-Pieterscollege'),
  ).institutionId;
  const child = (
    await enrolledStudents(api, baseUrl, college, {
      group: '1e lj 3e gr Latijn-wiskunde ASO',
      type: 'none',
    })
  ).find((s) => s.parentEmails.length > 0);
  assert.ok(child, 'a student with a parent address and no account');
  const [account] = (
    await json(
      await api.post(`${baseUrl}/api/v1/institutions/${college}/accounts`, {
        data: { items: [{ studentId: child.id, type: 'advanced' }] },
      }),
      'account',
    )
  ).items;
  await api.post(`${baseUrl}/api/v1/auth/logout`);

  // The parent activates the co-account (one comparison) …
  const email = child.parentEmails[0];
  assert.equal(
    (
      await api.post(`${baseUrl}/api/v1/co-accounts/activation-requests`, {
        data: { username: account.username, email },
      })
    ).status(),
    202,
  );
  const sent = await mail.waitFor(
    (m) => m.to.includes(email) && /co-account\/activeren\//.test(m.text),
  );
  const token = /co-account\/activeren\/([A-Za-z0-9_-]{43})/.exec(sent.text)[1];
  const password = (i) => `Zonnige-Tuin-Bank-${String(i).padStart(2, '0')}`;
  await json(
    await api.post(`${baseUrl}/api/v1/co-accounts/activation/${token}`, {
      data: { acceptAgreement: true, password: password(0) },
    }),
    'activation',
  );
  // … and changes it again and again (the rest of the day's comparisons).
  await json(
    await api.post(`${baseUrl}/api/v1/portal/login`, {
      data: { username: account.username, password: password(0) },
    }),
    'parent login',
  );
  for (let i = 1; i < CAP; i++)
    await json(
      await api.post(`${baseUrl}/api/v1/portal/password`, {
        data: { currentPassword: password(i - 1), newPassword: password(i) },
      }),
      `password change ${i}`,
    );
  await api.post(`${baseUrl}/api/v1/portal/logout`);

  // In the browser: logged in with the last one, one more new password is refused for today.
  await page.goto(`${baseUrl}/aanmelden`);
  await page.getByLabel('Gebruikersnaam').fill(account.username);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(password(CAP - 1));
  await page.locator('[data-test=portal-login-submit]').click();
  await page.waitForURL(/\/portaal$/);
  await page.locator('[data-test=to-change-password]').click();
  await page.waitForURL(/\/portaal\/wachtwoord$/);
  await page.getByLabel('Huidig wachtwoord').fill(password(CAP - 1));
  await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('Kastanje-Boom-Laan-88');
  await page.getByLabel('Herhaal het nieuwe wachtwoord').fill('Kastanje-Boom-Laan-88');
  await page.locator('[data-test=password-submit]').click();
  const errors = page.locator('[data-test=password-errors]');
  await errors.getByText('Je hebt vandaag te veel nieuwe wachtwoorden geprobeerd').waitFor();
  assert.doesNotMatch(await errors.textContent(), /mislukte pogingen/);
  await shot('70-portal-family-check-cap');
  await expectNoSeriousViolations(page, 'portal-family-check-cap');
  // Nothing changed: the password of this morning still opens the portal.
  assert.equal(
    (
      await api.post(`${baseUrl}/api/v1/portal/login`, {
        data: { username: account.username, password: password(CAP - 1) },
      })
    ).status(),
    200,
  );
}
