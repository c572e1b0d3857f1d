import type { Locale } from '@schoolloket/core';
import { personalUrl } from '@schoolloket/core';
import type { ExportAccount } from '@schoolloket/core/export';
import type { AppContext } from '../../context.js';
import { brusselsDate } from '../../platform/time/index.js';
import * as institutionsRepo from '../institutions/index.js';
import type { ExportPool } from './export-pool.js';
import type { ExportTask } from './export-worker.js';
import { removeSpooled, type SpooledFile } from './spool.js';
import type { Format, PrintQuery } from './schemas.js';

export const PRODUCT = 'Schoolloket';

export interface ExportFile {
  filename: string;
  contentType: string;
  /** sealed on disk until the answer streams it (readSpooled), which deletes it */
  file: SpooledFile;
  /** where and how long the file was built (for the log) */
  built: { threadId: number; ms: number };
}

const CONTENT_TYPES: Record<Format, string> = {
  zip: 'application/zip',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  cards: 'application/pdf',
  stickers: 'application/pdf',
};
const SUFFIX: Record<Format, string> = {
  zip: 'accounts.zip',
  xlsx: 'accounts.xlsx',
  cards: 'cards-a4.pdf',
  stickers: 'stickers-105x48.pdf',
};

export function slug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'school'
  );
}

/** Builds the file in the export pool's worker thread, off the event loop. */
export async function buildInWorker(
  pool: ExportPool,
  task: ExportTask,
  filename: string,
  contentType: string,
): Promise<ExportFile> {
  const { file, threadId, ms } = await pool.run(task);
  return { filename, contentType, file, built: { threadId, ms } };
}

/** An offset as the school's setting keeps it: to 0.1 mm. */
const tenthMm = (mm: number) => Math.round(mm * 10) / 10;

/** Records the export; the built file is deleted when that fails (nothing is answered then). */
export async function thenRecord(
  file: ExportFile,
  record: () => Promise<unknown>,
): Promise<ExportFile> {
  try {
    await record();
  } catch (err) {
    removeSpooled(file.file);
    throw err;
  }
  return file;
}

export async function build(
  ctx: AppContext,
  pool: ExportPool,
  iid: string,
  accounts: ExportAccount[],
  format: Format,
  print: PrintQuery,
): Promise<ExportFile> {
  const institution = await institutionsRepo.getById(ctx.db, iid);
  const now = ctx.now();
  const base = institution.personal_url_base;
  return buildInWorker(
    pool,
    {
      kind: 'accounts',
      format,
      // The school may print its own address for the personal page (it must lead to /u/).
      accounts: base
        ? accounts.map((a) => ({ ...a, url: personalUrl(base, a.username, a) }))
        : accounts,
      options: {
        locale: institution.locale as Locale,
        productName: PRODUCT,
        schoolName: institution.name,
        now,
        print: {
          offset: {
            x: tenthMm(print.offsetXMm ?? Number(institution.print_offset_x_mm)),
            y: tenthMm(print.offsetYMm ?? Number(institution.print_offset_y_mm)),
          },
          ...(print.firstSticker !== undefined ? { firstSticker: print.firstSticker } : {}),
          ...(print.groupPages !== undefined ? { groupPages: print.groupPages } : {}),
        },
      },
    },
    `${slug(institution.name)}-${brusselsDate(now)}-${SUFFIX[format]}`,
    CONTENT_TYPES[format],
  );
}
