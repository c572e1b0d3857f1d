// Browser tests: starts the API (serving the built SPA) on a free port with a fresh embedded
// database and demo data, then runs every scenario in e2e/scenarios/ in Debian Chromium through
// playwright-core. Screenshots go to e2e/artifacts/. Never downloads a browser.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const artifacts = join(here, 'artifacts');
mkdirSync(artifacts, { recursive: true });
const only = process.argv[2];

if (!existsSync(join(here, '..', 'dist', 'index.html'))) {
  console.error('apps/web/dist is missing: run `pnpm build` first');
  process.exit(1);
}

const freePort = () =>
  new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

const port = await freePort();
const dataDir = mkdtempSync(join(tmpdir(), 'sl-e2e-'));
const baseUrl = `http://127.0.0.1:${port}`;
const env = {
  ...process.env,
  PORT: String(port),
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  PUBLIC_BASE_URL: baseUrl,
  SEED_DEMO: 'true',
  LOG_LEVEL: 'warn',
  NODE_ENV: 'development',
};
delete env.DATABASE_URL;
if (process.env.E2E_DATABASE_URL) env.DATABASE_URL = process.env.E2E_DATABASE_URL;

const api = spawn(
  process.execPath,
  ['--import', 'tsx', '--conditions=schoolloket-source', join(root, 'apps/api/src/server.ts')],
  {
    cwd: join(root, 'apps/api'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
let apiLog = '';
api.stdout.on('data', (d) => (apiLog += d));
api.stderr.on('data', (d) => (apiLog += d));
const stop = () => {
  if (!api.killed) api.kill('SIGTERM');
};
process.on('exit', stop);

async function waitForHealth() {
  for (let i = 0; i < 120; i++) {
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`API did not start:\n${apiLog}`);
}

let passed = 0;
let failed = 0;
let context;
try {
  await waitForHealth();
  const profile = mkdtempSync(join(tmpdir(), 'sl-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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
    acceptDownloads: true,
  });
  const scenarios = readdirSync(join(here, 'scenarios'))
    .filter((f) => f.endsWith('.mjs'))
    .filter((f) => !only || f.includes(only))
    .sort();
  for (const file of scenarios) {
    const { default: scenario } = await import(join(here, 'scenarios', file));
    const page = await context.newPage();
    const started = Date.now();
    try {
      await scenario({
        page,
        context,
        baseUrl,
        artifacts,
        shot: (name) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true }),
      });
      passed++;
      console.log(`ok   ${file} (${Date.now() - started} ms)`);
    } catch (err) {
      failed++;
      console.log(`FAIL ${file}: ${err?.stack ?? err}`);
      await page
        .screenshot({ path: join(artifacts, `FAILED-${file}.png`), fullPage: true })
        .catch(() => undefined);
    } finally {
      await page.close();
    }
  }
} catch (err) {
  failed++;
  console.log(`FAIL setup: ${err?.stack ?? err}`);
} finally {
  await context?.close();
  stop();
  rmSync(dataDir, { recursive: true, force: true });
}
if (failed) console.log(`--- API log ---\n${apiLog.slice(-4000)}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
