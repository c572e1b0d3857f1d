/// <reference types="node" />
// Node-only helpers: read the export assets from disk. Works from src/ (tsx, jest) and from
// dist/ (the build copies the PNGs to dist/pictures/png), because paths are resolved from
// import.meta.url and the font package is resolved like an import.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { pictureById, PICTURES } from '../pictures/catalogue.js';
import type { Deflate, ExportAssets } from '../export/types.js';

const PNG_DIR = fileURLToPath(new URL('../pictures/png/', import.meta.url));

/** Absolute paths of the three DejaVu fonts the PDFs embed (also for serving them to the web app). */
export function exportFontPaths(): { regular: string; bold: string; mono: string } {
  const require = createRequire(import.meta.url);
  const ttf = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return {
    regular: join(ttf, 'DejaVuSans.ttf'),
    bold: join(ttf, 'DejaVuSans-Bold.ttf'),
    mono: join(ttf, 'DejaVuSansMono.ttf'),
  };
}

/**
 * Absolute path of a picture's PNG, or undefined for an id that is not in the catalogue (so a
 * route can pass a request parameter straight in: no path is built from unknown input).
 */
export function picturePngPath(id: string): string | undefined {
  const picture = pictureById(id);
  return picture ? join(PNG_DIR, `${picture.id}.png`) : undefined;
}

export async function readPicturePng(id: string): Promise<Uint8Array | undefined> {
  const path = picturePngPath(id);
  return path ? new Uint8Array(await readFile(path)) : undefined;
}

let cached: Promise<ExportAssets> | undefined;

/**
 * Fonts and every catalogue PNG (about 1.8 MB in all), read once per process and shared by all
 * exports; the builders never modify them.
 */
export function loadExportAssets(): Promise<ExportAssets> {
  cached ??= load().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

async function load(): Promise<ExportAssets> {
  const fonts = exportFontPaths();
  const [regular, bold, mono, ...pngs] = await Promise.all([
    readFile(fonts.regular),
    readFile(fonts.bold),
    readFile(fonts.mono),
    ...PICTURES.map((p) => readFile(join(PNG_DIR, `${p.id}.png`))),
  ]);
  const byId = new Map(PICTURES.map((p, i) => [p.id, new Uint8Array(pngs[i]!)]));
  return {
    fonts: {
      regular: new Uint8Array(regular),
      bold: new Uint8Array(bold),
      mono: new Uint8Array(mono),
    },
    picturePng: (id) => byId.get(id),
  };
}

/**
 * PDF stream compression by Node's native zlib, for `ExportOptions.deflate`: the same format as
 * jsPDF's own, in a fraction of the time and without its per-byte strings.
 */
export const deflatePdfStream: Deflate = (data) => deflateSync(data);

export { exportCharset, subsetExportFont, withExportFontsFor } from './font-subset.js';
