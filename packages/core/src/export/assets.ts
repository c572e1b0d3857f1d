import { PICTURES } from '../pictures/catalogue.js';
import type { ExportAssets } from './types.js';

export interface ExportAssetUrls {
  fonts: { regular: string; bold: string; mono: string };
  /** URL of a picture's PNG, e.g. (id) => `/api/v1/pictures/${id}.png` */
  pictureUrl: (id: string) => string;
  /** only these pictures (default: the whole catalogue) */
  pictureIds?: readonly string[];
}

/**
 * Browser side of the injected assets: fetches the fonts and picture PNGs once, in parallel, so
 * the synchronous builders can run (Node uses `loadExportAssets` from `@schoolloket/core/node`).
 */
export async function fetchExportAssets(
  urls: ExportAssetUrls,
  fetchFn: typeof fetch = globalThis.fetch,
): Promise<ExportAssets> {
  const get = async (url: string): Promise<Uint8Array> => {
    const res = await fetchFn(url);
    if (!res.ok) throw new Error(`cannot load ${url}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
  const ids = urls.pictureIds ?? PICTURES.map((p) => p.id);
  const [regular, bold, mono, ...pngs] = await Promise.all([
    get(urls.fonts.regular),
    get(urls.fonts.bold),
    get(urls.fonts.mono),
    ...ids.map((id) => get(urls.pictureUrl(id))),
  ]);
  const byId = new Map(ids.map((id, i) => [id, pngs[i] as Uint8Array]));
  return {
    fonts: { regular: regular!, bold: bold!, mono: mono! },
    picturePng: (id) => byId.get(id),
  };
}
