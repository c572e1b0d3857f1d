// Runs one periodic job now, on the configured database: pnpm job <name> [--dry-run]
// `pnpm job --list` lists them. A real run counts as the period's run (the scheduler skips the
// job until its next period); a job another instance is running right now is not started twice.
// A dry run counts what would change and changes nothing. Exits non-zero when the job fails.
import '../src/runtime-notices.js';
import { createContext, openDatabase } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { periodicJobs } from '../src/jobs.js';
import { Scheduler } from '../src/platform/jobs/index.js';

const args = process.argv.slice(2).filter((a) => a !== '--');
const dryRun = args.includes('--dry-run');
const name = args.find((a) => !a.startsWith('--'));
const config = loadConfig();
const jobs = periodicJobs(config);

if (!name || args.includes('--list')) {
  for (const j of jobs) console.log(`${j.name.padEnd(20)} ${j.description}`);
  if (!name) {
    console.log('\nUsage: pnpm job <name> [--dry-run]');
    process.exit(args.includes('--list') ? 0 : 1);
  }
}
if (!jobs.some((j) => j.name === name)) {
  console.error(`Unknown job "${name}". Known: ${jobs.map((j) => j.name).join(', ')}`);
  process.exit(1);
}

const database = await openDatabase(config);
let code = 0;
try {
  const ctx = createContext(config, database.db);
  const log = {
    info: () => undefined,
    error: (obj: object) => console.error(obj),
    print: (line: string) => console.log(line),
  };
  const result = await new Scheduler(ctx, jobs, log).runByHand(name!, dryRun);
  if (!result.ran) {
    console.error(`${name}: another instance is running it right now; nothing done.`);
    code = 1;
  } else if ('error' in result) {
    console.error(`${name} failed after ${result.durationMs} ms: ${result.error}`);
    code = 1;
  } else {
    const verb = dryRun ? 'would change' : 'changed';
    const counts = Object.entries(result.counts)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    console.log(
      `${name}${dryRun ? ' (dry run)' : ''} ${verb} ${counts} in ${result.durationMs} ms`,
    );
  }
} finally {
  await database.close();
}
process.exit(code);
