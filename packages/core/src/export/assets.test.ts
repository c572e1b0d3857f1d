import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadExportAssets } from '../node/index.js';
import { PICTURES } from '../pictures/catalogue.js';
import { buildCardsPdf, fetchExportAssets, type ExportAssets } from './index.js';
import { FIXTURE } from '../../test/export-fixtures.js';
import { pdfText } from '../../test/pdf-tools.js';

let disk: ExportAssets;
beforeAll(async () => {
  disk = await loadExportAssets();
});

/** A fetch that serves the assets the way the API would, and records what was asked. */
function fakeFetch(asked: string[], missing = ''): typeof fetch {
  return (async (input: string | URL | Request) => {
    const url = String(input);
    asked.push(url);
    const font = /^\/fonts\/(regular|bold|mono)\.ttf$/.exec(url)?.[1] as
      'regular' | 'bold' | 'mono' | undefined;
    const picture = /^\/api\/v1\/pictures\/([a-z]+)\.png$/.exec(url)?.[1];
    const body =
      url === missing
        ? undefined
        : font
          ? disk.fonts[font]
          : picture
            ? disk.picturePng(picture)
            : undefined;
    return body ? new Response(body.slice()) : new Response('not found', { status: 404 });
  }) as typeof fetch;
}

const urls = {
  fonts: { regular: '/fonts/regular.ttf', bold: '/fonts/bold.ttf', mono: '/fonts/mono.ttf' },
  pictureUrl: (id: string) => `/api/v1/pictures/${id}.png`,
};

describe('fetchExportAssets (browser)', () => {
  it('loads the fonts and every picture once, and the builders work with them', async () => {
    const asked: string[] = [];
    const assets = await fetchExportAssets(urls, fakeFetch(asked));
    expect(asked).toHaveLength(3 + PICTURES.length);
    expect(assets.fonts.regular).toEqual(disk.fonts.regular);
    expect(assets.picturePng('dog')).toEqual(disk.picturePng('dog'));
    expect(assets.picturePng('unicorn')).toBeUndefined();
    const text = pdfText(
      buildCardsPdf(FIXTURE.slice(0, 1), {
        locale: 'nl',
        productName: 'Schoolloket',
        schoolName: 'S',
        assets,
      }),
    );
    expect(text).toContain('Zoë');
  });

  it('loads only the pictures asked for', async () => {
    const asked: string[] = [];
    const assets = await fetchExportAssets(
      { ...urls, pictureIds: ['dog', 'sun'] },
      fakeFetch(asked),
    );
    expect(asked).toHaveLength(5);
    expect(assets.picturePng('sun')).toBeDefined();
    expect(assets.picturePng('cat')).toBeUndefined();
  });

  it('fails clearly when an asset cannot be loaded', async () => {
    await expect(fetchExportAssets(urls, fakeFetch([], '/fonts/bold.ttf'))).rejects.toThrow(
      'cannot load /fonts/bold.ttf: HTTP 404',
    );
  });
});
