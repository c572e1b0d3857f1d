// Isomorphic file builders (xlsx, PDF, ZIP): heavy, so the web app imports this entry on demand.
export type {
  Deflate,
  ExportAccount,
  ExportAssets,
  ExportOptions,
  LetterOptions,
  LetterStudent,
  PrintOffset,
  PrintOptions,
} from './types.js';
export {
  buildAccountsXlsx,
  buildTableXlsx,
  writeAccountsXlsx,
  writeTableXlsx,
  type XlsxTable,
} from './xlsx.js';
export { buildCardsPdf, buildStickersPdf, writeCardsPdf, writeStickersPdf } from './cards.js';
export { buildParentLettersPdf } from './letters.js';
export { buildRecordPdf, type RecordDocument, type RecordSection } from './record.js';
export { buildCalibrationPdf, type CalibrationOptions } from './calibration.js';
export {
  previewFirstPage,
  unprintableNames,
  type PreviewItem,
  type PreviewPage,
  type UnprintableName,
} from './preview.js';
export {
  buildAccountsZip,
  groupFileNames,
  GROUPS_FOLDER,
  writeAccountsZip,
  ZIP_ENTRIES,
} from './zip.js';
export type { ByteSink } from './bytes.js';
export { fetchExportAssets, type ExportAssetUrls } from './assets.js';
export {
  CARD_SHEET,
  STICKER_SHEET,
  CARD_METRICS,
  STICKER_METRICS,
  SAFE_MARGIN,
  MAX_PRINT_OFFSET,
  type SheetGeometry,
} from './pdf/sheets.js';
export { describePicturePassword } from '../pictures/describe.js';
