// Signing in to a learning app. A small relying party (lib/relying-party.mjs, openid-client)
// is registered by the school; a young student opens it, signs in with pictures on the portal's
// login ("Aanmelden bij Rekenwonder") and is back in the app, greeted by name; the portal home
// shows the app as a tile that opens it without asking again. An advanced student goes through
// the forced password change on the way; a parent signs in with the child's username and sees
// the child's account on the launchpad. On a shared computer the next child opens the app after
// the previous one signed out of the portal. An app that asks consent: the student clicks "Nee,
// weigeren" (the app hears access_denied), then "Ja, toestaan" (signed in); an app for parents
// only shows the student the refused page, whose "Terug naar …" button goes back to the app.
// These are real form posts in Chromium (Origin, Referrer-Policy, CSP form-action, urlencoded).
// Last, the app signs the student out (RP-initiated logout), with and without a session.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { expectNoSeriousViolations } from '../lib/axe.mjs';
import { DEMO_ADMIN as DEMO, createAccounts, enrolledStudents } from '../lib/admin.mjs';
import { startRelyingParty } from '../lib/relying-party.mjs';
import { json } from '../lib/wait.mjs';

export default async function ({ page, context, baseUrl, shot, mail, artifacts }) {
  const rp = await startRelyingParty();
  try {
    await run({ page, context, baseUrl, shot, mail, rp, artifacts });
  } finally {
    await rp.close();
  }
}

async function run({ page, context, baseUrl, shot, mail, rp, artifacts }) {
  await page.setViewportSize({ width: 820, height: 1180 }); // a tablet in portrait
  const browser = context.browser();

  // Setup through the API as the demo admin: the app and three accounts with known secrets.
  const admin = await browser.newContext();
  const api = admin.request;
  const me = await json(await api.post(`${baseUrl}/api/v1/auth/login`, { data: DEMO }), 'login');
  const iid = me.institutions.find((i) =>
    i.name.startsWith('Basisschool De Regenboog'),
  ).institutionId;
  const registered = await json(
    await api.post(`${baseUrl}/api/v1/institutions/${iid}/apps`, {
      data: {
        name: 'Rekenwonder',
        redirectUris: [rp.redirectUri],
        postLogoutRedirectUris: [rp.postLogoutRedirectUri],
        launchUrl: rp.launchUrl,
        audience: 'both',
        clientType: 'confidential',
      },
    }),
    'register app',
  );
  await rp.configure(baseUrl, registered.clientId, registered.clientSecret);

  const [kid, teen, child] = (
    await enrolledStudents(api, baseUrl, iid, { group: '4de leerjaar', type: 'none' })
  ).filter((s) => s.parentEmails.length > 0);
  assert.ok(child, 'three students without an account in 4de leerjaar');
  const grid = (await json(await api.get(`${baseUrl}/api/v1/pictures`), 'pictures')).map(
    (p) => p.id,
  );
  const pictures = [grid[1], grid[4], grid[1], grid[7], grid[12]];
  const [kidAccount, teenAccount, childAccount] = await createAccounts(api, baseUrl, iid, [
    { studentId: kid.id, type: 'basic', passwordKind: 'picture', pictures },
    { studentId: teen.id, type: 'advanced' },
    { studentId: child.id, type: 'basic', passwordKind: 'word' },
  ]);
  await admin.close();

  // 1. A young student opens the app, signs in with pictures, and is back in the app.
  await page.goto(`${rp.base}/start`);
  await page.waitForURL(/\/aanmelden\?app=/);
  await page.getByRole('heading', { name: 'Aanmelden bij Rekenwonder' }).waitFor();
  await page.getByLabel('Gebruikersnaam').fill(kidAccount.username);
  await page.locator('[data-test=mode-pictures]').click();
  await page.waitForFunction(() => {
    const imgs = [...document.querySelectorAll('[data-test=picture-grid] img')];
    return imgs.length === 16 && imgs.every((i) => i.complete && i.naturalWidth > 0);
  });
  for (const id of pictures)
    await page.locator(`[data-test=picture-grid] button[data-picture="${id}"]`).click();
  await shot('230-app-sign-in-pictures');
  await expectNoSeriousViolations(page, 'app-sign-in');
  await page.locator('[data-test=portal-login-submit]').click();
  await page.waitForURL((url) => url.href.startsWith(`${rp.base}/callback`));
  assert.equal(
    (await page.locator('[data-test=rp-user]').textContent()).trim(),
    `${kid.firstName} ${kid.lastName}`,
  );
  assert.equal(await page.locator('[data-test=rp-role]').textContent(), 'student');
  const sub = await page.locator('[data-test=rp-sub]').textContent();
  assert.ok(!sub.includes(kid.id), 'a pairwise subject, not the student id');
  await shot('231-app-back-in-the-app');

  // 2. The portal home is the launchpad: the tile opens the app without a second login.
  await page.goto(`${baseUrl}/portaal`);
  const tile = page.getByRole('link', { name: 'Rekenwonder', exact: true });
  await tile.waitFor();
  await shot('232-portal-launchpad');
  await expectNoSeriousViolations(page, 'portal-launchpad');
  await tile.click();
  await page.waitForURL((url) => url.href.startsWith(`${rp.base}/callback`));
  assert.equal(await page.locator('[data-test=rp-sub]').textContent(), sub, 'same person');

  // The sign-in counts as a login in the student's history ("Aangemeld bij Rekenwonder").
  const check = await browser.newContext();
  await check.request.post(`${baseUrl}/api/v1/auth/login`, { data: DEMO });
  const history = await json(
    await check.request.get(`${baseUrl}/api/v1/institutions/${iid}/students/${kid.id}/history`),
    'history',
  );
  assert.ok(history.items.some((e) => e.kind === 'app_login' && e.detail.app === 'Rekenwonder'));
  const apps = await json(
    await check.request.get(`${baseUrl}/api/v1/institutions/${iid}/apps`),
    'apps',
  );
  assert.equal(apps.find((a) => a.id === registered.id).usage.users30d, 1);

  // 3. An advanced student: the temporary password, the forced change, then the app.
  const teenContext = await browser.newContext();
  const teenPage = await teenContext.newPage();
  await teenPage.goto(`${rp.base}/start`);
  await teenPage.getByLabel('Gebruikersnaam').fill(teenAccount.username);
  await teenPage.getByLabel('Wachtwoord', { exact: true }).fill(teenAccount.password);
  await teenPage.locator('[data-test=portal-login-submit]').click();
  await teenPage.getByText('Kies je eigen wachtwoord').waitFor();
  await teenPage.getByLabel('Tijdelijk wachtwoord (van je kaart)').fill(teenAccount.password);
  await teenPage.getByLabel('Nieuw wachtwoord', { exact: true }).fill('Mijn kat heet Minou 7');
  await teenPage.getByLabel('Herhaal het nieuwe wachtwoord').fill('Mijn kat heet Minou 7');
  await teenPage.locator('[data-test=password-submit]').click();
  await teenPage.waitForURL((url) => url.href.startsWith(`${rp.base}/callback`));
  assert.equal(
    (await teenPage.locator('[data-test=rp-user]').textContent()).trim(),
    `${teen.firstName} ${teen.lastName}`,
  );
  await teenContext.close();

  // 3b. A shared classroom computer: the teen signs in to the app and signs out of the portal;
  // the next child signs in to the portal in the same browser and opens the app from its tile.
  // The provider still holds the teen's session there: it ends that one first (a page that
  // posts itself), then the child lands in the app as themselves, still signed in to the portal.
  const sharedContext = await browser.newContext();
  const shared = await sharedContext.newPage();
  await shared.goto(`${rp.base}/start`);
  await shared.getByLabel('Gebruikersnaam').fill(teenAccount.username);
  await shared.getByLabel('Wachtwoord', { exact: true }).fill('Mijn kat heet Minou 7');
  await shared.locator('[data-test=portal-login-submit]').click();
  await shared.waitForURL((url) => url.href.startsWith(`${rp.base}/callback`));
  await shared.goto(`${baseUrl}/portaal`);
  await shared.locator('[data-test=portal-logout]').click();
  await shared.waitForURL(/\/aanmelden/);
  await shared.getByLabel('Gebruikersnaam').fill(childAccount.username);
  await shared.getByLabel('Wachtwoord', { exact: true }).fill(childAccount.password);
  await shared.locator('[data-test=portal-login-submit]').click();
  await shared.getByRole('link', { name: 'Rekenwonder', exact: true }).click();
  await shared.waitForURL((url) => url.href.startsWith(`${rp.base}/callback`));
  assert.equal(
    (await shared.locator('[data-test=rp-user]').textContent()).trim(),
    `${child.firstName} ${child.lastName}`,
  );
  const sharedMe = await shared.request.get(`${baseUrl}/api/v1/portal/me`);
  assert.equal(sharedMe.status(), 200, 'the child is still signed in to the portal');
  await sharedContext.close();

  // 4. A parent: activates the co-account (mailed link), signs in with the child's username.
  const parentEmail = child.parentEmails[0];
  await check.request.post(`${baseUrl}/api/v1/co-accounts/activation-requests`, {
    data: { username: childAccount.username, email: parentEmail },
  });
  const activation = await mail.waitFor(
    (m) => m.to.includes(parentEmail) && /co-account\/activeren\//.test(m.text),
  );
  const token = /co-account\/activeren\/([A-Za-z0-9_-]{43})/.exec(activation.text)[1];
  const parentPassword = 'Zonnebloem en koffie 2026';
  await json(
    await check.request.post(`${baseUrl}/api/v1/co-accounts/activation/${token}`, {
      data: { acceptAgreement: true, password: parentPassword },
    }),
    'activation',
  );
  await check.close();
  const parentContext = await browser.newContext();
  const parentPage = await parentContext.newPage();
  await parentPage.goto(`${rp.base}/start`);
  await parentPage.getByLabel('Gebruikersnaam').fill(childAccount.username);
  await parentPage.getByLabel('Wachtwoord', { exact: true }).fill(parentPassword);
  await parentPage.locator('[data-test=portal-login-submit]').click();
  await parentPage.waitForURL((url) => url.href.startsWith(`${rp.base}/callback`));
  assert.equal(
    (await parentPage.locator('[data-test=rp-user]').textContent()).trim(),
    `Ouder van ${child.firstName}`,
  );
  assert.equal(await parentPage.locator('[data-test=rp-role]').textContent(), 'parent');
  await parentPage.goto(`${baseUrl}/portaal`);
  await parentPage.getByRole('link', { name: 'Rekenwonder', exact: true }).waitFor();
  await parentPage.getByRole('heading', { name: 'Apps voor ouders' }).waitFor();
  assert.equal(
    (await parentPage.locator('[data-test=child-status]').textContent()).trim(),
    'Actief',
  );
  await parentPage.getByRole('link', { name: 'Wachtwoord wijzigen' }).waitFor();
  await parentPage.screenshot({
    path: join(artifacts, '233-portal-parent-launchpad.png'),
    fullPage: true,
  });
  await expectNoSeriousViolations(parentPage, 'portal-parent-launchpad');
  await parentContext.close();

  // 5. Apps on another origin whose pages carry HTML forms: consent, and refused.
  const consentRp = await startRelyingParty();
  const parentsRp = await startRelyingParty();
  try {
    await formPages({ page, browser, baseUrl, shot, consentRp, parentsRp, iid, kid });
  } finally {
    await consentRp.close();
    await parentsRp.close();
  }

  // 6. RP-initiated logout: the app's "Afmelden" asks once, ends the portal session too, and
  // goes back to the app with its state. Again without a session: no question, the provider's
  // page posts itself (its inline script allowed by its hash) and goes back to the app.
  for (const withSession of [true, false]) {
    await page.goto(`${rp.base}/logout`);
    if (withSession) {
      await page.getByRole('heading', { name: 'Afmelden' }).waitFor();
      await shot('236-app-sign-out');
      await page.getByRole('button', { name: 'Ja, afmelden' }).click();
    }
    await page.waitForURL((url) => url.href.startsWith(`${rp.base}/logged-out`));
    assert.equal(await page.locator('[data-test=rp-logged-out]').textContent(), 'bye-123');
  }
  const portalMe = await page.request.get(`${baseUrl}/api/v1/portal/me`);
  assert.equal(portalMe.status(), 401, 'signed out of the portal too');
}

async function formPages({ page, browser, baseUrl, shot, consentRp, parentsRp, iid, kid }) {
  const admin = await browser.newContext();
  await admin.request.post(`${baseUrl}/api/v1/auth/login`, { data: DEMO });
  const register = async (rp, data) => {
    const made = await json(
      await admin.request.post(`${baseUrl}/api/v1/institutions/${iid}/apps`, {
        data: { redirectUris: [rp.redirectUri], launchUrl: rp.launchUrl, ...data },
      }),
      `register ${data.name}`,
    );
    await rp.configure(baseUrl, made.clientId, made.clientSecret);
  };
  await register(consentRp, {
    name: 'Taaltuin',
    audience: 'both',
    clientType: 'confidential',
    requiresConsent: true,
  });
  await register(parentsRp, {
    name: 'Oudercontact',
    audience: 'parents',
    clientType: 'confidential',
  });
  await admin.close();

  // The student is still signed in to the portal: the consent question comes at once.
  const toConsent = async () => {
    await page.goto(`${consentRp.base}/start`);
    await page.waitForURL(/\/oidc\/interaction\/[^/]+$/);
    await page.getByRole('heading', { name: 'Aanmelden bij Taaltuin' }).waitFor();
  };
  await toConsent();
  assert.match(await page.locator('[data-test=consent-claims]').textContent(), /Je naam: /);
  await shot('234-app-consent');
  await expectNoSeriousViolations(page, 'app-consent');
  await page.getByRole('button', { name: 'Nee, weigeren' }).click();
  await page.waitForURL((url) => url.href.startsWith(`${consentRp.base}/callback`));
  assert.equal(await page.locator('[data-test=rp-denied]').textContent(), 'access_denied');

  await toConsent();
  await page.getByRole('button', { name: 'Ja, toestaan' }).click();
  await page.waitForURL((url) => url.href.startsWith(`${consentRp.base}/callback`));
  assert.equal(
    (await page.locator('[data-test=rp-user]').textContent()).trim(),
    `${kid.firstName} ${kid.lastName}`,
  );
  // Remembered: the next sign-in asks nothing.
  await page.goto(`${consentRp.base}/start`);
  await page.waitForURL((url) => url.href.startsWith(`${consentRp.base}/callback`));
  await page.locator('[data-test=rp-user]').waitFor();

  // An app for parents only: the student sees why, and goes back to the app.
  await page.goto(`${parentsRp.base}/start`);
  await page.getByRole('heading', { name: 'Je kan Oudercontact niet gebruiken' }).waitFor();
  await shot('235-app-refused');
  await page.getByRole('button', { name: 'Terug naar Oudercontact' }).click();
  await page.waitForURL((url) => url.href.startsWith(`${parentsRp.base}/callback`));
  assert.equal(await page.locator('[data-test=rp-denied]').textContent(), 'access_denied');
}
