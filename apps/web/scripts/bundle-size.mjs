// Prints the gzip size of the JavaScript the browser loads first (index.html's module and its
// static imports) and fails above the budget; jsPDF, xlsx, jszip and zxcvbn (its dictionaries
// are 1.3 MB gzip) must stay in lazy chunks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const BUDGET = 150 * 1024;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const entry = [...html.matchAll(/<script type="module"[^>]*src="\/([^"]+)"/g)].map((m) => m[1]);
const preloads = [...html.matchAll(/<link rel="modulepreload"[^>]*href="\/([^"]+)"/g)].map(
  (m) => m[1],
);
const initial = [...new Set([...entry, ...preloads])];
let total = 0;
for (const file of initial) {
  const code = readFileSync(join(dist, file));
  const gz = gzipSync(code).length;
  total += gz;
  for (const heavy of ['jsPDF', 'SheetJS', 'JSZip', 'zxcvbn']) {
    if (code.includes(heavy)) {
      console.error(`${file} contains ${heavy}: it must be loaded on demand`);
      process.exit(1);
    }
  }
  console.log(`${(gz / 1024).toFixed(1).padStart(7)} KB gzip  ${file}`);
}
console.log(
  `${(total / 1024).toFixed(1).padStart(7)} KB gzip  initial JavaScript (budget ${BUDGET / 1024} KB)`,
);
if (total > BUDGET) process.exit(1);
