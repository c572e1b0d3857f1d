// Second factor (issue 19): the demo admin sets up an authenticator app through the API, then
// logs in through the form in two steps — password, then a code computed here (the next time
// step, so the one spent by the confirmation is not replayed). Screenshot of the code step.
// Before that, on the Beveiliging page: the password asked again before a first factor (a wrong
// one said at the field, which keeps focus), and a wrong code in the set-up.
import assert from 'node:assert/strict';
import { generate } from '../../../api/node_modules/otplib/dist/index.js';
import { expectNoViolations } from '../lib/axe.mjs';
import { expectFocus } from '../lib/keyboard.mjs';
import { DEMO_ADMIN, login, rowsLoaded } from '../lib/admin.mjs';

/** The password dialog a first factor asks for: a wrong password first, then the right one. */
async function confirmPassword(page, shot) {
  const field = page.locator('[data-test=confirm-password]');
  await field.waitFor();
  await expectFocus(page, '[data-test=confirm-password]', 'the password field');
  await expectNoViolations(page, '25-confirm-password');
  await field.fill('niet-mijn-wachtwoord');
  await page.keyboard.press('Enter');
  await page.getByText('Dit wachtwoord is niet juist.').waitFor();
  await expectFocus(page, '[data-test=confirm-password]', 'the password field after a wrong one');
  await shot('25-confirm-password-wrong');
  await field.fill(DEMO_ADMIN.password);
  await page.keyboard.press('Enter');
  await field.waitFor({ state: 'detached' });
}

export default async function ({ page, baseUrl, shot }) {
  await login(page, baseUrl);
  // A wrong first code while setting up the app is said on the page and the admin stays logged
  // in (a 401 invalid_code once ended the dashboard session and sent her to the login page).
  await page.goto(`${baseUrl}/beveiliging`);
  await page.locator('[data-test=totp-setup]').click();
  await confirmPassword(page, shot);
  await page.getByLabel('Code van 6 cijfers').fill('000000');
  await page.locator('[data-test=totp-confirm]').click();
  const error = page.locator('[data-test=totp-error]');
  await error.waitFor();
  assert.match(await error.innerText(), /Deze code is niet juist/);
  assert.match(new URL(page.url()).pathname, /\/beveiliging$/);
  await shot('25-totp-setup-wrong-code');
  const setup = await page.evaluate(async () => {
    const res = await fetch('/api/v1/me/security/totp', { method: 'POST' });
    return res.json();
  });
  const epoch = () => Math.floor(Date.now() / 1000);
  const confirm = await page.evaluate(
    async (code) =>
      (
        await fetch('/api/v1/me/security/totp/confirm', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code }),
        })
      ).status,
    await generate({ secret: setup.secret, epoch: epoch() }),
  );
  assert.equal(confirm, 204);
  try {
    await page.evaluate(() => fetch('/api/v1/auth/logout', { method: 'POST' }));
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('E-mailadres').fill(DEMO_ADMIN.email);
    await page.getByLabel('Wachtwoord').fill(DEMO_ADMIN.password);
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.locator('[data-test=login-second-step]').waitFor();
    await page.getByLabel('Code van 6 cijfers').fill('000000');
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    await page.locator('[data-test=login-error]').waitFor();
    await shot('25-totp-code-step');
    await page
      .getByLabel('Code van 6 cijfers')
      .fill(await generate({ secret: setup.secret, epoch: epoch() + 30 }));
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    await page.waitForURL(/\/scholen\/[^/]+\/leerlingen/);
    await rowsLoaded(page);
  } finally {
    // The demo admin is shared by the other scenarios: remove the app again (fresh factor).
    const removed = await page.evaluate(
      async () => (await fetch('/api/v1/me/security/totp', { method: 'DELETE' })).status,
    );
    assert.equal(removed, 204);
  }
}
