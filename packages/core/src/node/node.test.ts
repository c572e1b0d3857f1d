import { describe, expect, it } from '@jest/globals';
import { jsPDF } from 'jspdf';
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { FIXTURE } from '../../test/export-fixtures.js';
import { pdfText } from '../../test/pdf-tools.js';
import { buildCardsPdf, buildParentLettersPdf } from '../export/index.js';
import { PICTURES } from '../pictures/catalogue.js';
import {
  deflatePdfStream,
  exportFontPaths,
  loadExportAssets,
  picturePngPath,
  readPicturePng,
} from './index.js';

const TTF_MAGIC = [0x00, 0x01, 0x00, 0x00];
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];

describe('loadExportAssets', () => {
  it('reads the three DejaVu fonts', async () => {
    const { fonts } = await loadExportAssets();
    for (const font of [fonts.regular, fonts.bold, fonts.mono]) {
      expect(font).toBeInstanceOf(Uint8Array);
      expect(Array.from(font.subarray(0, 4))).toEqual(TTF_MAGIC);
      expect(font.byteLength).toBeGreaterThan(100_000);
    }
    expect(fonts.regular).not.toEqual(fonts.bold);
  });

  it('has the PNG of every catalogue picture and nothing else', async () => {
    const assets = await loadExportAssets();
    for (const p of PICTURES) {
      const png = assets.picturePng(p.id);
      expect(png && Array.from(png.subarray(0, 4))).toEqual(PNG_MAGIC);
    }
    expect(assets.picturePng('unicorn')).toBeUndefined();
    expect(assets.picturePng('../../package')).toBeUndefined();
  });

  it('reads the disk once per process', async () => {
    expect(await loadExportAssets()).toBe(await loadExportAssets());
  });
});

describe('picture files for the API', () => {
  it('serves catalogue ids and refuses anything else', async () => {
    expect(picturePngPath('dog')).toMatch(/pictures[\\/]png[\\/]dog\.png$/);
    for (const id of ['../index', '../../package.json', 'dog.png', '', '/etc/passwd', 'DOG']) {
      expect(picturePngPath(id)).toBeUndefined();
      expect(await readPicturePng(id)).toBeUndefined();
    }
    expect(await readPicturePng('dog')).toEqual(
      new Uint8Array(readFileSync(picturePngPath('dog')!)),
    );
  });

  it('names the font files so the API can serve them to the browser', () => {
    const paths = exportFontPaths();
    expect(paths.regular).toMatch(/DejaVuSans\.ttf$/);
    expect(paths.bold).toMatch(/DejaVuSans-Bold\.ttf$/);
    expect(paths.mono).toMatch(/DejaVuSansMono\.ttf$/);
  });
});

/** Every Flate stream of a PDF, inflated, in file order. */
function inflatedStreams(pdf: Uint8Array): string[] {
  const raw = Buffer.from(pdf).toString('latin1');
  const streams: string[] = [];
  for (const m of raw.matchAll(/\/Filter \/FlateDecode[^]*?stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const data = Buffer.from(raw.slice(start, raw.indexOf('endstream', start)), 'latin1');
    streams.push(inflateSync(data).toString('latin1'));
  }
  return streams;
}

describe('deflatePdfStream', () => {
  it("writes the same PDF streams as jsPDF's own compression, and restores jsPDF after", async () => {
    const assets = await loadExportAssets();
    const base = { locale: 'nl' as const, productName: 'Schoolloket', schoolName: 'X', assets };
    const hook = (jsPDF.API as unknown as { processDataByFilters: unknown }).processDataByFilters;
    const builds = [
      (deflate?: typeof deflatePdfStream) =>
        buildCardsPdf(FIXTURE, { ...base, ...(deflate ? { deflate } : {}) }),
      (deflate?: typeof deflatePdfStream) =>
        buildParentLettersPdf(FIXTURE.slice(0, 2), {
          ...base,
          portalUrl: 'https://x.example/co-account/activeren',
          ...(deflate ? { deflate } : {}),
        }),
    ];
    for (const build of builds) {
      const own = build();
      const native = build(deflatePdfStream);
      const streams = inflatedStreams(native);
      expect(streams.length).toBeGreaterThan(3);
      expect(streams).toEqual(inflatedStreams(own));
      expect(pdfText(native)).toBe(pdfText(own));
    }
    expect((jsPDF.API as unknown as { processDataByFilters: unknown }).processDataByFilters).toBe(
      hook,
    );
  });
});
