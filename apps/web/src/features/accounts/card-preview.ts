import type { ExportAccount } from '@schoolloket/core/export';
import type { Locale } from '../../i18n';
import { exportAssetUrls } from '../printing/preview-fonts';

// jsPDF and the fonts load only when an admin asks for a preview: not in the initial bundle.
let assets: Promise<import('@schoolloket/core/export').ExportAssets> | undefined;

export async function previewCard(
  account: ExportAccount,
  schoolName: string,
  locale: Locale,
): Promise<string> {
  const core = await import('@schoolloket/core/export');
  assets ??= core.fetchExportAssets(
    exportAssetUrls(account.pictures ? [...new Set(account.pictures)] : []),
  );
  const pdf = core.buildCardsPdf([account], {
    locale,
    productName: 'Schoolloket',
    schoolName,
    assets: await assets,
  });
  return URL.createObjectURL(new Blob([pdf as BlobPart], { type: 'application/pdf' }));
}
