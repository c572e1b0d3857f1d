// Reading generated files back for tests: poppler-utils (pdftotext, pdfinfo, pdfimages,
// pdftoppm) on temporary files, and zlib for the content streams.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

function withFile<T>(pdf: Uint8Array, fn: (path: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'core-pdf-'));
  try {
    const path = join(dir, 'file.pdf');
    writeFileSync(path, pdf);
    return fn(path, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const run = (cmd: string, args: string[]): string =>
  execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

export function pdfText(pdf: Uint8Array, ...args: string[]): string {
  return withFile(pdf, (path) => run('pdftotext', [...args, path, '-']));
}

/** pdftotext joins a word hyphenated at a line end: compare without spaces and hyphens. */
export const squash = (s: string): string => s.replace(/[\s-]+/g, '');

/** Text of each page, in page order. */
export function pdfPages(pdf: Uint8Array): string[] {
  return pdfText(pdf).split('\f').slice(0, -1);
}

export interface PageInfo {
  page: number;
  width: number;
  height: number;
}

export function pdfPageSizes(pdf: Uint8Array): PageInfo[] {
  return withFile(pdf, (path) => {
    const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [path]))?.[1]);
    const out = run('pdfinfo', ['-f', '1', '-l', String(pages), path]);
    return [...out.matchAll(/Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => ({
      page: Number(m[1]),
      width: Number(m[2]),
      height: Number(m[3]),
    }));
  });
}

export interface ImageRow {
  page: number;
  type: string;
  width: number;
  height: number;
  objectId: number;
  /** resolution at the drawn size: 64 px at 12 mm is 135.5 ppi, so a lower ppi is a larger image */
  xPpi: number;
  yPpi: number;
}

/** `pdfimages -list`: one row per image drawn (soft masks have type 'smask'). */
export function pdfImages(pdf: Uint8Array): ImageRow[] {
  return withFile(pdf, (path) =>
    run('pdfimages', ['-list', path])
      .split('\n')
      .slice(2)
      .filter((l) => l.trim() !== '')
      .map((l) => {
        const c = l.trim().split(/\s+/);
        return {
          page: Number(c[0]),
          type: c[2]!,
          width: Number(c[3]),
          height: Number(c[4]),
          objectId: Number(c[10]),
          xPpi: Number(c[12]),
          yPpi: Number(c[13]),
        };
      }),
  );
}

export interface Word {
  text: string;
  /** mm from the top-left corner of the page */
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

const PT_TO_MM = 25.4 / 72;

/** Every word with its bounding box (pdftotext -bbox), per page, in mm. */
export function pdfWords(pdf: Uint8Array): Word[][] {
  const html = pdfText(pdf, '-bbox');
  return html
    .split('<page ')
    .slice(1)
    .map((page) =>
      [
        ...page.matchAll(
          /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
        ),
      ].map((m) => ({
        text: m[5]!,
        xMin: Number(m[1]) * PT_TO_MM,
        yMin: Number(m[2]) * PT_TO_MM,
        xMax: Number(m[3]) * PT_TO_MM,
        yMax: Number(m[4]) * PT_TO_MM,
      })),
    );
}

export interface GrayImage {
  width: number;
  height: number;
  /** 0 = black … 255 = white */
  pixels: Uint8Array;
  dpi: number;
}

/** One page rendered in grey levels (pdftoppm -gray, binary PGM). */
export function renderPage(pdf: Uint8Array, page: number, dpi: number): GrayImage {
  return withFile(pdf, (path, dir) => {
    const prefix = join(dir, 'page');
    execFileSync('pdftoppm', [
      '-gray',
      '-r',
      String(dpi),
      '-f',
      String(page),
      '-l',
      String(page),
      '-singlefile',
      path,
      prefix,
    ]);
    const pgm = readFileSync(`${prefix}.pgm`);
    // Header: "P5\n<w> <h>\n<max>\n" then one byte per pixel.
    const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 40).toString('latin1'));
    if (!header) throw new Error('not a binary PGM');
    const width = Number(header[1]);
    const height = Number(header[2]);
    return { width, height, dpi, pixels: new Uint8Array(pgm.subarray(header[0].length)) };
  });
}

/** The raw PDF as latin1 text plus every Flate stream inflated: what a scan for names sees. */
export function pdfSource(pdf: Uint8Array): string {
  const raw = Buffer.from(pdf).toString('latin1');
  const parts = [raw];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    try {
      parts.push(inflateSync(Buffer.from(raw.slice(start, end), 'latin1')).toString('latin1'));
    } catch {
      // not a Flate stream (or an image): the raw text above covers it
    }
  }
  return parts.join('\n');
}
