// Runs in a worker thread of the parse pool (parse-pool.ts), never on the API's event loop:
// reading a 20,000-row workbook is seconds of CPU (unzip, XML, exceljs).
import { performance } from 'node:perf_hooks';
import { threadId } from 'node:worker_threads';
import { AppError, type FieldError } from '../../platform/errors/index.js';
import type { Localized } from '../../platform/errors/index.js';
import { parseCsv } from './parse/csv.js';
import { sniff } from './parse/sniff.js';
import type { TableRow } from './parse/table.js';

/** The uploaded file as a table of rows, with what was detected on the way. */
export interface ReadTable {
  rows: TableRow[];
  format: 'xlsx' | 'csv';
  encoding: string | null;
  delimiter: string | null;
  sheet: string | null;
}

/** Turns the uploaded bytes into rows: sniffing, decoding, unzipping, XML, CSV. */
export async function readTable(data: Buffer): Promise<ReadTable> {
  const sniffed = sniff(data);
  if (sniffed.kind === 'xlsx') {
    // exceljs takes ~0.7 s to load: a worker that reads only CSV files never loads it.
    const { readXlsx } = await import('./parse/xlsx.js');
    const { rows, sheet } = await readXlsx(data);
    return { rows, format: 'xlsx', encoding: null, delimiter: null, sheet };
  }
  const { rows, delimiter } = parseCsv(sniffed.text);
  return { rows, format: 'csv', encoding: sniffed.encoding, delimiter, sheet: null };
}

/** An AppError as plain data: errors thrown in a worker arrive without their own fields. */
export interface SentAppError {
  code: AppError['code'];
  detail?: string | Localized;
  errors?: FieldError[];
  extra?: Record<string, unknown>;
}

export type ParseResult =
  { ok: true; table: ReadTable; ms: number; threadId: number } | { ok: false; error: SentAppError };

/** The same AppError again, on the thread that answers the request. */
export const revive = (e: SentAppError) => new AppError(e.code, e.detail, e.errors, e.extra);

export default async function parseUpload(task: { data: Uint8Array }): Promise<ParseResult> {
  const start = performance.now();
  const data = Buffer.from(task.data.buffer, task.data.byteOffset, task.data.byteLength);
  try {
    return { ok: true, table: await readTable(data), ms: performance.now() - start, threadId };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return {
      ok: false,
      error: {
        code: err.code,
        detail: err.localized ?? err.englishDetail,
        errors: err.errors,
        extra: err.extra,
      },
    };
  }
}
