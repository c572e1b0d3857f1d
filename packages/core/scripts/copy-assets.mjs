// tsc compiles TypeScript only: copy the picture PNGs (and their licence note) next to the
// compiled code, so that dist/node/index.js finds them at ../pictures/png like src/ does.
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'src', 'pictures', 'png');
const to = join(root, 'dist', 'pictures', 'png');

try {
  await mkdir(to, { recursive: true });
  const pngs = (await readdir(from)).filter((f) => f.endsWith('.png'));
  if (pngs.length === 0) throw new Error(`no PNG in ${from}`);
  await Promise.all(pngs.map((f) => copyFile(join(from, f), join(to, f))));
  await copyFile(join(root, 'ATTRIBUTION.md'), join(to, 'ATTRIBUTION.md'));
  console.log(`copied ${pngs.length} picture PNGs to ${to}`);
} catch (err) {
  console.error(err);
  process.exit(1);
}
