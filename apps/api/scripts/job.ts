// Runs one periodic job now, on the configured database: pnpm job <name> [--dry-run]
// `pnpm job --list` lists them. A real run counts as the period's run (the scheduler skips the
// job until its next period); a job another instance is running right now is not started twice.
// A dry run counts what would change and changes nothing. Exits non-zero when the job fails.
// Like `pnpm oidc:rotate-keys` it works on an installed database: it does not migrate (that is
// `pnpm db:migrate`, or an instance's start), it refuses a database with pending migrations.
import '../src/runtime-notices.js';
import { createContext } from '../src/app.js';
import { ConfigError, loadConfig, type Config } from '../src/config.js';
import { periodicJobs } from '../src/jobs.js';
import { Scheduler, type Job } from '../src/platform/jobs/index.js';
import { onInstalledDatabase } from './installed-database.js';

const log = {
  info: () => undefined,
  error: (obj: object) => console.error(obj),
  print: (line: string) => console.log(line),
};

async function main(): Promise<number> {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  const dryRun = args.includes('--dry-run');
  const name = args.find((a) => !a.startsWith('--'));
  const config = loadConfig();
  const jobs = periodicJobs(config);

  if (!name || args.includes('--list')) {
    for (const j of jobs) console.log(`${j.name.padEnd(20)} ${j.description}`);
    if (!name) {
      console.log('\nUsage: pnpm job <name> [--dry-run]');
      return args.includes('--list') ? 0 : 1;
    }
  }
  if (!jobs.some((j) => j.name === name)) {
    console.error(`Unknown job "${name}". Known: ${jobs.map((j) => j.name).join(', ')}`);
    return 1;
  }
  return runJob(config, jobs, name, dryRun);
}

function runJob(config: Config, jobs: Job[], name: string, dryRun: boolean) {
  return onInstalledDatabase(config, '', async (db) => {
    const ctx = createContext(config, db);
    const result = await new Scheduler(ctx, jobs, log).runByHand(name, dryRun);
    if (!result.ran) {
      console.error(`${name}: another instance is running it right now; nothing done.`);
      return 1;
    }
    if ('error' in result) {
      console.error(`${name} failed after ${result.durationMs} ms: ${result.error}`);
      return 1;
    }
    const verb = dryRun ? 'would change' : 'changed';
    const counts = Object.entries(result.counts)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    console.log(
      `${name}${dryRun ? ' (dry run)' : ''} ${verb} ${counts} in ${result.durationMs} ms`,
    );
    return 0;
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  },
);
