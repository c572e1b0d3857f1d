// Runs in a worker thread of the export pool (export-pool.ts), never on the API's event loop:
// building the PDFs of 10,000 accounts takes many seconds of CPU.
import type { Locale } from '@schoolloket/core';
import {
  buildParentLettersPdf,
  writeAccountsXlsx,
  writeAccountsZip,
  writeCardsPdf,
  writeStickersPdf,
  type ByteSink,
  type ExportAccount,
  type LetterOptions,
  type LetterStudent,
  type PrintOptions,
} from '@schoolloket/core/export';
import { deflatePdfStream, loadExportAssets, withExportFontsFor } from '@schoolloket/core/node';
import { performance } from 'node:perf_hooks';
import { threadId } from 'node:worker_threads';
import type { Format } from './schemas.js';
import { SpoolWriter, type SpooledFile, type SpoolTarget } from './spool.js';

interface FileOptions {
  locale: Locale;
  productName: string;
  schoolName: string;
  now: Date;
  print?: PrintOptions;
}

export type ExportTask =
  | { kind: 'accounts'; format: Format; accounts: ExportAccount[]; options: FileOptions }
  | {
      kind: 'letters';
      students: LetterStudent[];
      options: Omit<LetterOptions, 'assets' | 'deflate'>;
    };

/** A task as the pool hands it to the worker: with the file to write it to. */
export type WorkerTask = ExportTask & { out: SpoolTarget };

export interface ExportResult {
  /** the built file, sealed on disk (see spool.ts) */
  file: SpooledFile;
  /** the worker's thread id (the main thread's is 0) */
  threadId: number;
  ms: number;
}

async function buildFile(task: ExportTask, out: ByteSink): Promise<void> {
  // Read once per worker; a new worker (after the idle timeout) reads them again. The fonts are
  // cut to the characters this task can draw (jsPDF would otherwise spend ~0.4 s per PDF on the
  // whole fonts: most of a ZIP with files per class).
  const assets = await withExportFontsFor(await loadExportAssets(), JSON.stringify(task));
  if (task.kind === 'letters') {
    out(
      buildParentLettersPdf(task.students, { ...task.options, assets, deflate: deflatePdfStream }),
    );
    return;
  }
  const opts = { ...task.options, assets, deflate: deflatePdfStream };
  // Written as they are built: a file of 10,000 accounts needs no more memory than one of 1,000.
  switch (task.format) {
    case 'zip':
      return writeAccountsZip(task.accounts, opts, out);
    case 'xlsx':
      return writeAccountsXlsx(task.accounts, task.options, out);
    case 'cards':
      return writeCardsPdf(task.accounts, opts, out);
    case 'stickers':
      return writeStickersPdf(task.accounts, opts, out);
  }
}

export default async function buildExport(task: WorkerTask): Promise<ExportResult> {
  const start = performance.now();
  const spool = new SpoolWriter(task.out);
  try {
    await buildFile(task, spool.write);
  } catch (err) {
    spool.discard();
    throw err;
  }
  return { file: spool.close(), threadId, ms: performance.now() - start };
}
