// Apps ("Leerplatformen"). The demo admin registers a confidential app with a logo (a bad
// redirect URI refused first), sees its secret once and copies it, edits it, switches it off and
// on and reads its history; a new secret is shown once too. The platform admin registers a
// platform app; the school sees it switched off and switches it on. A helpdesk user sees no tab.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectNoSeriousViolations } from '../lib/axe.mjs';
import { PLATFORM_ADMIN, PRIMARY, login, openFromMenu, switchSchool } from '../lib/admin.mjs';
import { copyShownSecret } from '../lib/secret.mjs';

const LOGO = fileURLToPath(
  new URL('../../../../packages/core/src/pictures/png/airplane.png', import.meta.url),
);

export default async function ({ page, context, baseUrl, shot, artifacts }) {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  await login(page, baseUrl);
  await switchSchool(page, PRIMARY);
  const iid = /\/scholen\/([^/]+)\//.exec(page.url())[1];

  await openFromMenu(page, 'Apps');
  await page.locator('.table-wrap[aria-busy=false]').waitFor();

  // 1. Register: the form refuses http outside localhost, then accepts.
  await page.locator('[data-test=add-app]').click();
  const add = page.getByRole('dialog', { name: 'App registreren' });
  await add.getByLabel('Naam').fill('Rekenwonder');
  await add.locator('[data-test=app-logo]').setInputFiles(LOGO);
  await add.locator('[data-test=app-logo-preview]').waitFor();
  await add.locator('[data-test=app-redirects]').fill('http://rekenwonder.example/callback');
  await add.locator('[data-test=app-launch]').fill('https://rekenwonder.example/start');
  await add.getByLabel('Wie mag de app gebruiken?').selectOption({ label: 'Leerlingen' });
  await add.locator('[data-test=app-save]').click();
  await add.getByText('Regel 1 is geen geldig adres').waitFor();
  await shot('220-apps-add-invalid');
  await expectNoSeriousViolations(page, 'apps-add-invalid');
  await add.locator('[data-test=app-redirects]').fill('https://rekenwonder.example/callback');
  await add.locator('[data-test=app-save]').click();

  const secret = page.getByRole('dialog', { name: 'Geheim van Rekenwonder' });
  await secret.getByText('het wordt nooit meer getoond').waitFor();
  const value = await copyShownSecret(page, secret, {
    valueTest: 'app-secret',
    copyLabel: 'Kopiëren',
  });
  assert.ok(value.length >= 43, 'a 256-bit secret');
  await shot('221-apps-secret-once');
  await expectNoSeriousViolations(page, 'apps-secret');
  await secret.locator('[data-test=app-secret-done]').click();

  const row = page.locator('[data-test=app-row][data-app=Rekenwonder]');
  await row.waitFor();
  assert.equal((await row.locator('[data-test=app-status]').textContent()).trim(), 'Aan');
  assert.ok(!(await page.content()).includes(value), 'the secret is gone from the page');
  const list = await (
    await context.request.get(`${baseUrl}/api/v1/institutions/${iid}/apps`)
  ).json();
  const app = list.find((a) => a.name === 'Rekenwonder');
  assert.ok(app.logoUrl.startsWith('data:image/png;base64,'));
  assert.deepEqual(app.redirectUris, ['https://rekenwonder.example/callback']);

  // 2. Edit: only for some classes, with consent.
  await row.getByRole('button', { name: 'Rekenwonder bewerken' }).click();
  const edit = page.getByRole('dialog', { name: 'Rekenwonder bewerken' });
  await edit.getByLabel('Alleen deze klassen (optioneel)').fill('1A, 1B');
  await edit.getByLabel('Vraag toestemming bij de eerste aanmelding').check();
  // Asking consent from now on signs everyone out of the app: the dialog says so before saving.
  await edit
    .locator('[data-test=app-consent-ends]')
    .getByText('Bij het bewaren wordt iedereen bij deze app afgemeld')
    .waitFor();
  await shot('22-app-consent-ends');
  await edit.locator('[data-test=app-save]').click();
  await page.locator('[data-test=apps-status]').getByText('Rekenwonder is bewaard.').waitFor();
  await row.getByText('alleen 1A, 1B').waitFor();

  // 3. Switch off and on, a new secret, the history.
  await row.getByRole('button', { name: 'Rekenwonder uitzetten' }).click();
  await page.locator('[data-test=apps-status]').getByText('Rekenwonder staat uit.').waitFor();
  await row.getByRole('button', { name: 'Rekenwonder aanzetten' }).click();
  await page.locator('[data-test=apps-status]').getByText('Rekenwonder staat aan.').waitFor();
  await row.getByRole('button', { name: 'Nieuw geheim voor Rekenwonder' }).click();
  await page.locator('[data-test=app-rotate-confirm]').click();
  const again = page.getByRole('dialog', { name: 'Geheim van Rekenwonder' });
  const second = await again.locator('[data-test=app-secret]').inputValue();
  assert.notEqual(second, value);
  await again.locator('[data-test=app-secret-done]').click();
  await row.getByRole('button', { name: 'Geschiedenis van Rekenwonder' }).click();
  const history = page.getByRole('dialog', { name: 'Geschiedenis van Rekenwonder' });
  await history.getByText('Nieuw geheim').waitFor();
  await history.getByText('Gewijzigd: groups, requiresConsent').waitFor();
  await shot('222-apps-history');
  await page.keyboard.press('Escape');
  await history.waitFor({ state: 'detached' });

  // 4. A platform app: registered by the platform admin, switched on by the school.
  const platform = await context.browser().newContext();
  const pp = await platform.newPage();
  await login(pp, baseUrl, PLATFORM_ADMIN);
  await pp.goto(`${baseUrl}/platform/apps`);
  await pp.getByRole('heading', { level: 1, name: 'Platform-apps' }).waitFor();
  await pp.locator('[data-test=add-app]').click();
  const padd = pp.getByRole('dialog', { name: 'App registreren' });
  await padd.getByLabel('Naam').fill('Nationaal Leesplatform');
  await padd.locator('[data-test=app-redirects]').fill('https://lezen.example/cb');
  await padd
    .getByLabel('Wie mag de app gebruiken?')
    .selectOption({ label: 'Leerlingen en ouders' });
  await padd.locator('[data-test=app-type-public]').check();
  await padd.locator('[data-test=app-save]').click();
  await pp.locator('[data-test=app-row][data-app="Nationaal Leesplatform"]').waitFor();
  await pp.screenshot({ path: join(artifacts, '223-apps-platform.png'), fullPage: true });
  await platform.close();

  await page.reload();
  await page.locator('.table-wrap[aria-busy=false]').waitFor();
  const prow = page.locator('[data-test=app-row][data-app="Nationaal Leesplatform"]');
  assert.equal((await prow.locator('[data-test=app-status]').textContent()).trim(), 'Uit');
  assert.equal(await prow.getByRole('button', { name: /bewerken/ }).count(), 0);
  await prow.getByRole('button', { name: 'Nationaal Leesplatform aanzetten' }).click();
  await page
    .locator('[data-test=apps-status]')
    .getByText('Nationaal Leesplatform staat aan.')
    .waitFor();
  await shot('224-apps-list');
  await expectNoSeriousViolations(page, 'apps-list');

  // 5. French and English.
  await page.locator('[data-test=locale]').selectOption('fr');
  await page.getByRole('heading', { level: 1, name: 'Applications' }).waitFor();
  await prow.getByRole('button', { name: 'Désactiver Nationaal Leesplatform' }).waitFor();
  await shot('225-apps-list-fr');
  await page.locator('[data-test=locale]').selectOption('en');
  await page.getByRole('heading', { level: 1, name: 'Apps' }).waitFor();
  await page.getByRole('columnheader', { name: 'Users (30 days)' }).waitFor();
  await page.locator('[data-test=locale]').selectOption('nl');
}
