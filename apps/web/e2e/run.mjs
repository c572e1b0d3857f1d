// Browser tests: starts the API (serving the built SPA) on a free port with a fresh embedded
// database and demo data, then runs every scenario in e2e/scenarios/*.mjs (sorted by name) in
// Debian Chromium through playwright-core. Never downloads a browser, never builds the web.
//
//   node e2e/run.mjs [filter]     only the scenarios whose file name contains `filter`
//
// Environment: E2E_DATABASE_URL (run on that PostgreSQL database instead of PGlite; it must be
// empty so the demo data gets seeded), WEB_DIST (serve another build than apps/web/dist),
// CHROMIUM_PATH (default /usr/bin/chromium).
//
// A scenario is `export default async function ({ page, context, baseUrl, artifacts, shot, mail })`
// (`mail`: the mails the API sent, see lib/mail-catcher.mjs).
// Each one gets its own browser profile (no cookies or localStorage from the one before); the
// API and its database are shared, so a scenario uses its own school or students where it
// writes. Screenshots go to e2e/artifacts/ (gitignored). The last line is `N passed, M failed`.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { startMailCatcher } from './lib/mail-catcher.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const artifacts = join(here, 'artifacts');
mkdirSync(artifacts, { recursive: true });
const only = process.argv[2];
const webDist = resolve(process.env.WEB_DIST ?? join(here, '..', 'dist'));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCENARIO_TIMEOUT_MS = 120_000;

if (!existsSync(join(webDist, 'index.html'))) {
  console.error(
    `${webDist}/index.html is missing: run \`pnpm --filter @schoolloket/web build\` first`,
  );
  console.log('0 passed, 1 failed');
  process.exit(1);
}
if (!existsSync(chromiumPath)) {
  console.error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const freePort = () =>
  new Promise((done, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => done(port));
    });
  });

const port = await freePort();
const dataDir = mkdtempSync(join(tmpdir(), 'sl-e2e-'));
const profiles = [];
// localhost, not 127.0.0.1: WebAuthn refuses an IP address as relying party id (e2e 27, passkeys).
const baseUrl = `http://localhost:${port}`;
const env = {
  ...process.env,
  PORT: String(port),
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  PUBLIC_BASE_URL: baseUrl,
  WEB_DIST: webDist,
  SEED_DEMO: 'true',
  LOG_LEVEL: 'warn',
  NODE_ENV: 'development',
  // The platform admin (creates schools) with a known password; see lib/admin.mjs.
  ADMIN_EMAIL: 'platform@schoolloket.local',
  ADMIN_PASSWORD: 'platform-schoolloket-e2e',
};
delete env.DATABASE_URL;
if (process.env.E2E_DATABASE_URL) {
  env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  // On PostgreSQL the API generates no secrets (every instance must share them): test-only ones.
  env.PASSWORD_PEPPER ??= 'e2e-pepper-e2e-pepper-e2e-pepper-e2e-pepper';
  env.SESSION_SECRET ??= 'e2e-session-secret-e2e-session-secret-e2e-01';
  env.CREDENTIALS_KEY ??= Buffer.alloc(32, 1).toString('base64url');
}
// Mails the app sends (co-account activation) land in a real SMTP server scenarios can read.
const mail = await startMailCatcher();
env.SMTP_URL = mail.url;

const api = spawn(
  process.execPath,
  ['--import', 'tsx', '--conditions=schoolloket-source', join(root, 'apps/api/src/server.ts')],
  { cwd: join(root, 'apps/api'), env, stdio: ['ignore', 'pipe', 'pipe'] },
);
let apiLog = '';
let apiExit = null;
api.stdout.on('data', (d) => (apiLog += d));
api.stderr.on('data', (d) => (apiLog += d));
api.on('exit', (code, signal) => (apiExit = signal ?? code));

function cleanUp() {
  if (apiExit === null && !api.killed) api.kill('SIGTERM');
  for (const dir of [dataDir, ...profiles]) rmSync(dir, { recursive: true, force: true });
}
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.log(`interrupted (${signal})`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

// E2E_START_TIMEOUT_S: a machine shared by several builds can take longer to start and seed.
const START_TIMEOUT_S = Number(process.env.E2E_START_TIMEOUT_S ?? 60);

async function waitForHealth() {
  for (let i = 0; i < START_TIMEOUT_S * 4; i++) {
    if (apiExit !== null) throw new Error(`API exited (${apiExit}) before it was healthy`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`API did not become healthy within ${START_TIMEOUT_S} s`);
}

async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'sl-chromium-'));
  profiles.push(profile);
  return chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 800 },
    locale: 'nl-BE',
    timezoneId: 'Europe/Brussels',
    acceptDownloads: true,
  });
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, fail) => {
      timer = setTimeout(() => fail(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

let passed = 0;
let failed = 0;
try {
  await waitForHealth();
  const scenarios = readdirSync(join(here, 'scenarios'))
    .filter((f) => f.endsWith('.mjs'))
    .filter((f) => !only || f.includes(only))
    .sort();
  if (scenarios.length === 0) throw new Error(`no scenario matches "${only ?? ''}"`);

  for (const file of scenarios) {
    const started = Date.now();
    let context;
    let page;
    // Uncaught exceptions in the app fail the scenario even when the screen looks right.
    const pageErrors = [];
    try {
      const mod = await import(pathToFileURL(join(here, 'scenarios', file)).href);
      const scenario = mod.default;
      // A scenario may tolerate known console errors: `export const allowedConsoleErrors = [/…/]`.
      const allowed = mod.allowedConsoleErrors ?? [];
      context = await launch();
      page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(15_000);
      context.on('page', (p) => p.on('pageerror', (e) => pageErrors.push(e)));
      page.on('pageerror', (e) => pageErrors.push(e));
      // …and so do errors the app logs (vue-i18n reports a broken message this way). A failed
      // request is not one: the 401 of /auth/me before login is expected.
      page.on('console', (m) => {
        const text = m.text();
        if (m.type() !== 'error' || text.startsWith('Failed to load resource')) return;
        if (allowed.some((re) => re.test(text))) return;
        pageErrors.push(new Error(`console.error: ${text}`));
      });
      const shot = (name, options = {}) =>
        page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true, ...options });
      await withTimeout(
        scenario({ page, context, baseUrl, artifacts, shot, mail }),
        SCENARIO_TIMEOUT_MS,
        file,
      );
      if (pageErrors.length) throw new Error(`uncaught error in the page: ${pageErrors[0].stack}`);
      passed++;
      console.log(`ok   ${file} (${Date.now() - started} ms)`);
    } catch (err) {
      failed++;
      console.log(`FAIL ${file}: ${err?.stack ?? err}`);
      for (const e of pageErrors) console.log(`  uncaught in page: ${e.stack ?? e}`);
      await page
        ?.screenshot({ path: join(artifacts, `FAILED-${file}.png`), fullPage: true })
        .catch(() => undefined);
    } finally {
      await context?.close().catch(() => undefined);
    }
  }
} catch (err) {
  failed++;
  console.log(`FAIL setup: ${err?.stack ?? err}`);
}
// Stop the API and let it close its database before the data directory is removed.
if (apiExit === null) {
  api.kill('SIGTERM');
  await withTimeout(new Promise((done) => api.once('exit', done)), 10_000, 'API shutdown').catch(
    () => api.kill('SIGKILL'),
  );
}
if (failed) console.log(`--- API log (last 4000 characters) ---\n${apiLog.slice(-4000)}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
