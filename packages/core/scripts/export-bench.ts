// Time and memory of one accounts ZIP (xlsx + cards + stickers, and both PDFs per group) for N
// mixed accounts, builders only (no database, no HTTP), written to a file as it is built (as
// the API's export worker does). From packages/core:
//   npx tsx --conditions=schoolloket-source scripts/export-bench.ts [N=1000] [--whole]
// --whole builds the ZIP in one array (buildAccountsZip, what the browser does) instead.
// Prints {"accounts", "seconds", "cpuSeconds", "zipMB", "peakRssMB", "baseRssMB"}: the peak is
// the kernel's (process.resourceUsage().maxRSS), so run one size per process. Exits 1 when
// 1,000 accounts take longer than the 3 s budget.
import { closeSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAccountsZip, writeAccountsZip } from '../src/export/index.js';
import { deflatePdfStream, loadExportAssets } from '../src/node/index.js';
import { manyAccounts } from '../test/export-fixtures.js';

const n = Number(process.argv[2] ?? 1000);
const whole = process.argv.includes('--whole');
const accounts = manyAccounts(n);
const assets = await loadExportAssets();
const baseRss = process.memoryUsage().rss;
const opts = {
  locale: 'nl' as const,
  productName: 'Schoolloket',
  schoolName: 'Bench school',
  assets,
  deflate: deflatePdfStream,
};

const cpu = process.cpuUsage();
const start = performance.now();
let size: number;
if (whole) {
  size = (await buildAccountsZip(accounts, opts)).byteLength;
} else {
  const path = join(tmpdir(), `sl-export-bench-${process.pid}.zip`);
  const fd = openSync(path, 'w', 0o600);
  try {
    writeAccountsZip(accounts, opts, (chunk) => void writeSync(fd, chunk));
  } finally {
    closeSync(fd);
  }
  size = statSync(path).size;
  unlinkSync(path);
}
const seconds = (performance.now() - start) / 1000;
const used = process.cpuUsage(cpu);

console.log(
  JSON.stringify({
    accounts: n,
    seconds: Number(seconds.toFixed(2)),
    cpuSeconds: Number(((used.user + used.system) / 1e6).toFixed(2)),
    zipMB: Number((size / 1e6).toFixed(1)),
    peakRssMB: Math.round((process.resourceUsage().maxRSS * 1024) / 1e6),
    baseRssMB: Math.round(baseRss / 1e6),
  }),
);
if (n <= 1000 && seconds > 3) process.exit(1);
