import type { ExportAssetUrls } from '@schoolloket/core/export';

/** Where the API serves a font file. */
const fontUrl = (file: string) => `/api/v1/fonts/${file}.ttf`;

/** What core's PDF builders draw with, as the API serves it: the fonts and these pictures. */
export function exportAssetUrls(pictureIds: readonly string[]): ExportAssetUrls {
  return {
    fonts: { regular: fontUrl('regular'), bold: fontUrl('bold'), mono: fontUrl('mono') },
    pictureUrl: (id) => `/api/v1/pictures/${id}.png`,
    pictureIds,
  };
}

/**
 * The fonts the print preview draws with: the same DejaVu files the PDFs embed, served by the
 * API. Registered through the FontFace API rather than CSS @font-face, so the build does not try
 * (and fail, noisily) to resolve the API's URLs at build time.
 */
export const PREVIEW_FONTS = {
  regular: { family: 'SL DejaVu Sans', weight: 400, file: 'regular' },
  bold: { family: 'SL DejaVu Sans', weight: 700, file: 'bold' },
  mono: { family: 'SL DejaVu Sans Mono', weight: 400, file: 'mono' },
} as const;

let registered = false;

/** Adds the fonts to the document once; they load in the background (the preview redraws itself). */
export function registerPreviewFonts(): void {
  if (registered || typeof FontFace === 'undefined' || typeof document === 'undefined') return;
  registered = true;
  for (const font of Object.values(PREVIEW_FONTS)) {
    const face = new FontFace(font.family, `url('${fontUrl(font.file)}') format('truetype')`, {
      weight: String(font.weight),
    });
    document.fonts.add(face);
    // A missing font only means the preview falls back to the system font.
    face.load().catch(() => undefined);
  }
}
