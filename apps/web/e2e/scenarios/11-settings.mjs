// School settings, API keys and schools. The demo admin changes the helpdesk contact of the
// primary school (refused field by field first), creates an API key (shown once, copied, then
// used against the API), revokes it after a confirmation. The platform admin creates a school
// with its first admin (invited by mail). A helpdesk user sees none of these tabs.
import assert from 'node:assert/strict';
import { expectNoSeriousViolations } from '../lib/axe.mjs';
import { PLATFORM_ADMIN, PRIMARY, login, menu, openFromMenu, switchSchool } from '../lib/admin.mjs';
import { copyShownSecret } from '../lib/secret.mjs';

/** Saves the school settings and waits for the line that says they were saved. */
async function saveSettings(page) {
  await page.locator('[data-test=settings-save]').click();
  await page
    .locator('[data-test=settings-status]')
    .getByText('De instellingen zijn bewaard.')
    .waitFor();
}

export default async function ({ page, context, baseUrl, shot, mail }) {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  await login(page, baseUrl);
  await switchSchool(page, PRIMARY);
  const iid = /\/scholen\/([^/]+)\//.exec(page.url())[1];
  assert.equal(
    await menu(page).getByRole('link', { name: 'Scholen' }).count(),
    0,
    'no Scholen for a school admin',
  );

  // 1. Settings: a bad e-mail and an out-of-range number are refused; a good change is saved.
  await openFromMenu(page, 'Instellingen', 'Instellingen van de school');
  const email = page.getByLabel('E-mailadres helpdesk');
  assert.equal(await email.inputValue(), 'secretariaat@regenboog.example.be');
  await shot('110-settings');
  await expectNoSeriousViolations(page, 'settings');
  await email.fill('secretariaat@regenboog');
  await page.getByLabel('Aantal prentjes in een afbeeldingswachtwoord').fill('9');
  await page.locator('[data-test=settings-save]').click();
  await page.getByText('Vul een geldig e-mailadres in, bv. helpdesk@school.be.').waitFor();
  await page.getByText('Een geheel getal van 4 tot 8.').waitFor();
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute('data-test')),
    'setting-helpdeskEmail',
  );
  await shot('111-settings-invalid');
  await expectNoSeriousViolations(page, 'settings-invalid');
  await email.fill('helpdesk@regenboog.example.be');
  await page.getByLabel('Aantal prentjes in een afbeeldingswachtwoord').fill('6');
  await page.getByLabel('Telefoonnummer helpdesk').fill('09 123 45 67');
  await saveSettings(page);
  const school = await (await context.request.get(`${baseUrl}/api/v1/institutions/${iid}`)).json();
  assert.equal(school.helpdeskEmail, 'helpdesk@regenboog.example.be');
  assert.equal(school.helpdeskPhone, '09 123 45 67');
  assert.equal(school.picturePasswordLength, 6);
  // The public helpdesk of the activation page follows.
  const helpdesk = await (
    await context.request.get(`${baseUrl}/api/v1/co-accounts/helpdesk`, { params: { school: iid } })
  ).json();
  assert.equal(helpdesk.phone, '09 123 45 67');
  await page.getByLabel('Aantal prentjes in een afbeeldingswachtwoord').fill('5');
  await saveSettings(page);
  await shot('112-settings-saved');

  // 2. API keys: create one, the key is shown once and copied, it works, then revoke it.
  await openFromMenu(page, 'API-sleutels');
  await page.locator('[data-test=add-api-key]').click();
  const add = page.getByRole('dialog', { name: 'Nieuwe API-sleutel' });
  await add.locator('[data-test=api-key-create]').click();
  await add.getByText('Vul een naam in.').waitFor();
  await add.getByLabel('Naam').fill('Leerlingadministratie');
  await add.getByLabel('Rechten').selectOption({ label: 'Alleen lezen' });
  await add.locator('[data-test=api-key-create]').click();
  const shown = page.getByRole('dialog', { name: 'API-sleutel aangemaakt' });
  await shown.getByText('hij wordt maar één keer getoond').waitFor();
  const token = await copyShownSecret(page, shown, {
    valueTest: 'api-key-token',
    copyLabel: 'Kopieer',
  });
  assert.ok(token.length >= 32, 'a key');
  await shot('113-api-key-created');
  await expectNoSeriousViolations(page, 'api-key-created');
  await shown.locator('[data-test=api-key-done]').click();
  await shown.waitFor({ state: 'detached' });
  assert.equal(await page.getByText(token).count(), 0, 'the key is not shown again');
  const row = page.locator('[data-test=api-key-row]', { hasText: 'Leerlingadministratie' });
  assert.match(await row.innerText(), /Alleen lezen[\s\S]*Nog nooit/);
  const anon = await context.request.get(`${baseUrl}/api/v1/institutions/${iid}/groups`, {
    headers: { authorization: `Bearer ${token}`, cookie: '' },
  });
  assert.equal(anon.status(), 200, 'the key works');
  await page.reload();
  await row.waitFor();
  assert.doesNotMatch(await row.innerText(), /Nog nooit/, 'last use shown');
  await shot('114-api-keys');
  await expectNoSeriousViolations(page, 'api-keys');
  await row.getByRole('button', { name: 'Sleutel Leerlingadministratie intrekken' }).click();
  const confirm = page.getByRole('dialog', {
    name: 'API-sleutel Leerlingadministratie intrekken?',
  });
  await confirm.waitFor();
  await shot('115-api-key-revoke');
  await expectNoSeriousViolations(page, 'api-key-revoke');
  await confirm.locator('[data-test=revoke-api-key-confirm]').click();
  await page
    .locator('[data-test=api-keys-status]')
    .getByText('De API-sleutel Leerlingadministratie is ingetrokken.')
    .waitFor();
  // The status line shows once the list has reloaded: the revoked key's row is already gone.
  assert.equal(await row.count(), 0);
  const after = await context.request.get(`${baseUrl}/api/v1/institutions/${iid}/groups`, {
    headers: { authorization: `Bearer ${token}`, cookie: '' },
  });
  assert.equal(after.status(), 401, 'a revoked key no longer works');

  // 3. French and English.
  for (const [locale, heading] of [
    ['fr', 'Clés API'],
    ['en', 'API keys'],
  ]) {
    await page.locator('[data-test=locale]').selectOption(locale);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await shot(`116-api-keys-${locale}`);
  }
  await page.locator('[data-test=locale]').selectOption('nl');
  await page.locator('[data-test=logout]').click();
  await page.waitForURL(/\/login/);

  // 4. The platform admin creates a school with its first admin.
  await login(page, baseUrl, PLATFORM_ADMIN);
  await openFromMenu(page, 'Scholen');
  await page.locator('[data-test=add-school]').click();
  const dialog = page.getByRole('dialog', { name: 'Nieuwe school' });
  await dialog.locator('[data-test=school-create]').click();
  await dialog.getByText('Vul dit veld in.').first().waitFor();
  await shot('117-school-invalid');
  await expectNoSeriousViolations(page, 'school-invalid');
  await dialog.getByLabel('Naam van de school').fill('GO! Atheneum Zottegem');
  await dialog.getByLabel('Naam', { exact: true }).fill('An Verhaeghe');
  await dialog.getByLabel('E-mailadres').fill('an.verhaeghe@atheneum.example.be');
  await dialog.locator('[data-test=school-create]').click();
  await page
    .locator('[data-test=schools-status]')
    .getByText(
      'De school GO! Atheneum Zottegem is aangemaakt. Er is een uitnodiging verstuurd naar an.verhaeghe@atheneum.example.be.',
    )
    .waitFor();
  await page.locator('[data-test=school-row]', { hasText: 'GO! Atheneum Zottegem' }).waitFor();
  await mail.waitFor(
    (m) =>
      m.to.includes('an.verhaeghe@atheneum.example.be') && /beheer\/uitnodiging\//.test(m.text),
  );
  await page
    .locator('[data-test=school-switcher] option', { hasText: 'GO! Atheneum Zottegem' })
    .waitFor({ state: 'attached' });
  await shot('118-schools');
  await expectNoSeriousViolations(page, 'schools');
}
