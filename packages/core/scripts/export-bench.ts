// Time and memory of one accounts ZIP (xlsx + cards + stickers) for N mixed accounts, builders
// only (no database, no HTTP). From packages/core:
//   npx tsx --conditions=schoolloket-source scripts/export-bench.ts [N=1000]
// Prints {"accounts", "seconds", "cpuSeconds", "zipMB", "peakRssMB", "baseRssMB"}; exits 1 when 1,000 accounts
// take longer than the 3 s budget.
import { buildAccountsZip } from '../src/export/index.js';
import { loadExportAssets } from '../src/node/index.js';
import { manyAccounts } from '../test/export-fixtures.js';

const n = Number(process.argv[2] ?? 1000);
const accounts = manyAccounts(n);
const assets = await loadExportAssets();
const baseRss = process.memoryUsage().rss;
let peakRss = baseRss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 10);

const cpu = process.cpuUsage();
const start = performance.now();
const zip = await buildAccountsZip(accounts, {
  locale: 'nl',
  productName: 'Schoolloket',
  schoolName: 'Bench school',
  assets,
});
const seconds = (performance.now() - start) / 1000;
const used = process.cpuUsage(cpu);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

console.log(
  JSON.stringify({
    accounts: n,
    seconds: Number(seconds.toFixed(2)),
    cpuSeconds: Number(((used.user + used.system) / 1e6).toFixed(2)),
    zipMB: Number((zip.byteLength / 1e6).toFixed(1)),
    peakRssMB: Math.round(peakRss / 1e6),
    baseRssMB: Math.round(baseRss / 1e6),
  }),
);
if (n <= 1000 && seconds > 3) process.exit(1);
