import { personalUrl } from '@schoolloket/core';
import type {
  ExportAccount,
  PreviewPage,
  PrintOptions,
  UnprintableName,
} from '@schoolloket/core/export';
import type { sample } from './print-api';
import type { Locale } from '../../i18n';
import { exportAssetUrls } from './preview-fonts';

type Masked = Awaited<ReturnType<typeof sample>>[number];

// jsPDF and the fonts load only when a preview is shown: not in the initial bundle.
let core: Promise<typeof import('@schoolloket/core/export')> | undefined;
let assets: Promise<import('@schoolloket/core/export').ExportAssets> | undefined;

/** A masked account as the builders take it: bullets for the password, blank pictures. */
function unmaskedShape(m: Masked, i: number): ExportAccount {
  return {
    studentId: String(i),
    stamnummer: '',
    firstName: m.firstName,
    lastName: m.lastName,
    group: m.group,
    username: m.username,
    type: m.type,
    passwordKind: m.passwordKind,
    ...(m.passwordLength !== undefined ? { password: '*'.repeat(m.passwordLength) } : {}),
    ...(m.pictureCount !== undefined
      ? { pictures: Array.from({ length: m.pictureCount }, () => '') }
      : {}),
    url: personalUrl(`${location.origin}/u`, m.username, {
      passwordKind: m.passwordKind,
      ...(m.pictureCount !== undefined
        ? { pictures: Array.from({ length: m.pictureCount }, () => '') }
        : {}),
    }),
  };
}

/** Core's export code and the fonts it draws with, loaded once on first use. */
async function exportKit() {
  core ??= import('@schoolloket/core/export');
  const c = await core;
  assets ??= c.fetchExportAssets(exportAssetUrls([]));
  return { c, assets: await assets };
}

export async function previewPages(
  accounts: Masked[],
  locale: Locale,
  print: PrintOptions,
): Promise<{ cards: PreviewPage; stickers: PreviewPage }> {
  const { c, assets } = await exportKit();
  const opts = { locale, productName: 'Schoolloket', assets, print };
  const list = accounts.map(unmaskedShape);
  return {
    cards: c.previewFirstPage(list, 'cards', opts),
    stickers: c.previewFirstPage(list, 'stickers', opts),
  };
}

// Latin up to Extended-B and general punctuation: DejaVu has every character of them.
const COVERED = /^[\u0020-\u024f\u2000-\u206f]*$/;

/**
 * The students whose name or group has characters the cards' fonts cannot print. Names in the
 * scripts the fonts cover never load the fonts to check.
 */
export async function unprintable(
  names: readonly { firstName?: string; lastName?: string; group?: string }[],
): Promise<UnprintableName[]> {
  const suspects = names
    .map((n) => ({
      firstName: n.firstName ?? '',
      lastName: n.lastName ?? '',
      group: n.group ?? '',
    }))
    .filter((n) => !COVERED.test(`${n.firstName} ${n.lastName} ${n.group}`));
  if (!suspects.length) return [];
  const { c, assets } = await exportKit();
  return c.unprintableNames(suspects, assets);
}

export async function calibrationSheet(
  locale: Locale,
  offset: { x: number; y: number },
): Promise<void> {
  const { c, assets } = await exportKit();
  const pdf = c.buildCalibrationPdf({ locale, assets, offset });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([pdf as BlobPart], { type: 'application/pdf' }));
  a.download = 'calibration.pdf';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
