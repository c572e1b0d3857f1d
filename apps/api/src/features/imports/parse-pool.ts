import { AppError } from '../../platform/errors/index.js';
import { TaskPool } from '../../platform/workers/index.js';
import { listEntries, XLSX_ZIP_LIMITS } from './parse/zip-guard.js';
import { revive, type ParseResult, type ReadTable } from './parse-worker.js';

export interface ParsePoolOptions {
  /**
   * Files read at the same time. One: reading is pure CPU, and the server's other cores belong
   * to the event loop, password hashing and the export pool. PREVIEW_POLICY queues in front.
   */
  threads?: number;
  /** A worker idle this long exits, and the memory of its last file with it. */
  idleTimeoutMs?: number;
  /**
   * Cap on a worker's V8 heap: a file that would grow past it fails alone (503) instead of
   * taking the server's memory. The zip limits keep an accepted workbook well below it.
   */
  maxHeapMb?: number;
  /** A file not read this long after it was handed over (waiting included) is given up. */
  timeoutMs?: number;
  /** Errors of a worker outside any file (they would otherwise be thrown as 'error' events). */
  onError?: (err: unknown) => void;
}

/** What the app's pool is built with; mutable for tests (read when the imports routes start). */
export const PARSE_POOL_OPTIONS: ParsePoolOptions = {};

const RETRY_AFTER_SECONDS = 30;
/** PK\x03\x04: what sniff.ts reads as a workbook */
const ZIP_SIGNATURE = 0x04034b50;

function failed(detail: { nl: string; fr: string; en: string }): AppError {
  return new AppError('unavailable', detail, undefined, {
    reason: 'preview_failed',
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });
}

const PREVIEW_FAILED = {
  timeout: {
    en: 'The file could not be read in time. Try again in a minute; nothing was stored.',
    nl: 'Het bestand kon niet op tijd ingelezen worden. Probeer het over een minuut opnieuw; er is niets bewaard.',
    fr: 'Le fichier n’a pas pu être lu à temps. Réessayez dans une minute ; rien n’a été enregistré.',
  },
  memory: {
    en: 'Reading the file needed more memory than it may use. Try again with only the sheet of the students; nothing was stored.',
    nl: 'Het bestand inlezen vroeg meer geheugen dan toegestaan. Probeer het opnieuw met alleen het blad met de leerlingen; er is niets bewaard.',
    fr: 'La lecture du fichier demandait plus de mémoire que permis. Réessayez avec seulement la feuille des élèves ; rien n’a été enregistré.',
  },
  interrupted: {
    en: 'Reading the file was interrupted. Try again in a minute; nothing was stored.',
    nl: 'Het inlezen van het bestand werd onderbroken. Probeer het over een minuut opnieuw; er is niets bewaard.',
    fr: 'La lecture du fichier a été interrompue. Réessayez dans une minute ; rien n’a été enregistré.',
  },
};

/**
 * Reads uploaded student lists (sniffing, CSV decoding, unzipping, XML) in a worker thread, so
 * that a school uploading 20,000 rows does not stop the server from answering everyone else.
 * Piscina replaces a worker that died and ends idle ones; a worker is started on the first file.
 * The files a user gets wrong answer exactly as before: the worker sends their AppError back as
 * data (parse-worker.ts).
 */
export class ParsePool {
  /** a pool failure (time-out, out of memory) answers 503: nothing stored */
  private readonly workers: TaskPool<{ data: Uint8Array }, ParseResult>;

  constructor(options: ParsePoolOptions = {}) {
    const settings = { threads: 1, idleTimeoutMs: 30_000, maxHeapMb: 512, timeoutMs: 60_000 };
    this.workers = new TaskPool(
      import.meta.url,
      'parse-worker',
      { ...settings, ...options },
      (kind) => failed(PREVIEW_FAILED[kind]),
    );
  }

  /** The file as rows; a file the user got wrong throws its AppError, a pool failure a 503. */
  async read(data: Buffer): Promise<ReadTable & { ms: number; threadId: number }> {
    // A workbook's ZIP directory is checked here first (no inflating, microseconds): a zip bomb
    // is refused without waking a worker. The worker checks it again, in the same order.
    if (data.length >= 4 && data.readUInt32LE(0) === ZIP_SIGNATURE)
      listEntries(data, XLSX_ZIP_LIMITS);
    // A copy handed over, not cloned: the caller keeps its buffer (its length is stored).
    const copy = new Uint8Array(data);
    const result = await this.workers.run({ data: copy }, [copy.buffer]);
    if (!result.ok) throw revive(result.error);
    return { ...result.table, ms: result.ms, threadId: result.threadId };
  }

  close(): Promise<void> {
    return this.workers.close();
  }
}
