// Runs in a worker thread of the export pool (export-pool.ts), never on the API's event loop:
// building the PDFs of 10,000 accounts takes many seconds of CPU.
import {
  buildAccountsXlsx,
  buildAccountsZip,
  buildCardsPdf,
  buildParentLettersPdf,
  buildStickersPdf,
  type ExportAccount,
  type ExportLocale,
  type LetterOptions,
  type LetterStudent,
  type PrintOptions,
} from '@schoolloket/core/export';
import { deflatePdfStream, loadExportAssets } from '@schoolloket/core/node';
import { performance } from 'node:perf_hooks';
import { threadId } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import type { Format } from './schemas.js';

interface FileOptions {
  locale: ExportLocale;
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

export interface ExportResult {
  data: Uint8Array;
  /** the worker's thread id (the main thread's is 0) */
  threadId: number;
  ms: number;
}

async function buildFile(task: ExportTask): Promise<Uint8Array> {
  // Read once per worker; a new worker (after the idle timeout) reads them again.
  const assets = await loadExportAssets();
  if (task.kind === 'letters')
    return buildParentLettersPdf(task.students, {
      ...task.options,
      assets,
      deflate: deflatePdfStream,
    });
  const opts = { ...task.options, assets, deflate: deflatePdfStream };
  switch (task.format) {
    case 'zip':
      return buildAccountsZip(task.accounts, opts);
    case 'xlsx':
      return buildAccountsXlsx(task.accounts, task.options);
    case 'cards':
      return buildCardsPdf(task.accounts, opts);
    case 'stickers':
      return buildStickersPdf(task.accounts, opts);
  }
}

export default async function buildExport(task: ExportTask): Promise<ReturnType<typeof move>> {
  const start = performance.now();
  let data = await buildFile(task);
  // Only a buffer of its own can be moved to the main thread.
  if (data.byteOffset !== 0 || data.byteLength !== data.buffer.byteLength) data = data.slice();
  const result: ExportResult = { data, threadId, ms: performance.now() - start };
  // Moved, not copied: the main thread gets the bytes without a second copy.
  return move({ [transferableSymbol]: [data.buffer], [valueSymbol]: result });
}
