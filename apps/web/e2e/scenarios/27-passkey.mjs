// Passkeys (issue 19): Chromium's virtual authenticator (DevTools Protocol WebAuthn domain, a
// CTAP2 platform authenticator with resident keys and user verification) registers a passkey
// on the Beveiliging screen (the password confirmed first: it is the first factor), then the
// demo admin logs in with password + passkey and with the passkey alone. Axe on the screen; the
// passkey is removed again at the end (the demo admin is shared by the other scenarios).
import assert from 'node:assert/strict';
import { expectNoViolations } from '../lib/axe.mjs';
import { expectFocus, tabTo } from '../lib/keyboard.mjs';
import { DEMO_ADMIN, login, rowsLoaded } from '../lib/admin.mjs';

async function logout(page) {
  await page.locator('[data-test=logout]').click();
  await page.waitForURL(/\/login/);
}

export default async function ({ page, context, baseUrl, shot }) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });

  await login(page, baseUrl);
  await page.locator('[data-test=security-link]').click();
  await page.waitForURL(/\/beveiliging$/);
  await page.getByRole('heading', { level: 1, name: 'Beveiliging' }).waitFor();
  await page.locator('[data-test=sessions-table] [data-test=session-current]').waitFor();
  await expectNoViolations(page, '27-security-empty');
  await shot('27-security-empty');

  // Keyboard: Tab reaches "Passkey toevoegen", Enter opens the dialog with the name field.
  await tabTo(page, '[data-test=passkey-add]');
  await page.keyboard.press('Enter');
  const name = page.locator('[data-test=passkey-name]');
  await name.waitFor();
  await expectFocus(page, '[data-test=passkey-name]', 'the name field');
  await name.fill('Laptop e2e');
  await expectNoViolations(page, '27-passkey-name-dialog');
  await page.keyboard.press('Enter');
  // A first factor: the password again first, in a dialog of its own that takes the focus.
  const password = page.locator('[data-test=confirm-password]');
  await password.waitFor();
  await expectFocus(page, '[data-test=confirm-password]', 'the password field');
  await password.fill(DEMO_ADMIN.password);
  await page.keyboard.press('Enter');
  const row = page.locator('[data-test=passkey-row]', { hasText: 'Laptop e2e' });
  await row.waitFor();
  await page.locator('[data-test=security-status]', { hasText: 'Laptop e2e' }).waitFor();
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  assert.equal(credentials.length, 1);
  assert.equal(credentials[0].isResidentCredential, true);
  await shot('27-security-passkey-added');

  try {
    // Password, then the passkey as the second step.
    await logout(page);
    await page.getByLabel('E-mailadres').fill(DEMO_ADMIN.email);
    await page.getByLabel('Wachtwoord').fill(DEMO_ADMIN.password);
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.locator('[data-test=login-passkey]').waitFor();
    await shot('27-login-passkey-step');
    await expectNoViolations(page, '27-login-passkey-step');
    await page.locator('[data-test=login-passkey]').click();
    await page.waitForURL(/\/scholen\/[^/]+\/leerlingen/);
    await rowsLoaded(page);

    // Passwordless: the discoverable passkey alone.
    await logout(page);
    await page.locator('[data-test=login-passwordless]').click();
    await page.waitForURL(/\/scholen\/[^/]+\/leerlingen/);
    await rowsLoaded(page);

    await page.locator('[data-test=security-link]').click();
    await row.waitFor();
    const used = (await row.locator('[data-test=passkey-last-used]').textContent())?.trim();
    assert.notEqual(used, 'Nog niet', 'the passkey shows when it was last used');
    assert.ok((await page.locator('[data-test=session-row]').count()) >= 1);
    await expectNoViolations(page, '27-security-passkey');
    await shot('27-security-passkey');
  } finally {
    // Remove it again (the step-up is fresh from the passkey login).
    await page.goto(`${baseUrl}/beveiliging`);
    const remove = page.locator('[data-test=passkey-row]', { hasText: 'Laptop e2e' });
    await remove.locator('[data-test=passkey-remove]').click();
    await page.locator('[data-test=passkey-remove-confirm]').click();
    await remove.waitFor({ state: 'detached' });
  }
}
