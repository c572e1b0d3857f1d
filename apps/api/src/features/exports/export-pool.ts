import { AppError } from '../../platform/errors/index.js';
import { TaskPool } from '../../platform/workers/index.js';
import type { ExportResult, ExportTask, WorkerTask } from './export-worker.js';
import { removeSpoolDirectory, removeSpooled, spoolDirectory, spoolTarget } from './spool.js';

export interface ExportPoolOptions {
  /**
   * Exports built at the same time. One: an export is pure CPU, and the server's other cores
   * belong to the event loop and to password hashing.
   */
  threads?: number;
  /** Exports waiting for a thread; beyond that the answer is 503 with Retry-After. */
  maxQueue?: number;
  /** A worker idle this long exits, and the memory of its last export with it. */
  idleTimeoutMs?: number;
  /**
   * Cap on a worker's V8 heap: an export that would grow past it fails alone (503) instead of
   * taking the server's memory. 10,000 accounts (MAX_EXPORT) need under 200 MB.
   */
  maxHeapMb?: number;
  /**
   * Cap on a worker's young generation. 16 MB: the export's peak RSS (server and worker) for
   * 1,000 accounts falls by ~20-50 MB against V8's default, and its time does not grow (`pnpm
   * bench exports`).
   */
  maxYoungMb?: number;
  /** An export not done this long after it was asked for (waiting included) is stopped. */
  timeoutMs?: number;
  /** Errors of a worker outside any export (they would otherwise be thrown as 'error' events). */
  onError?: (err: unknown) => void;
}

const RETRY_AFTER_SECONDS = 30;

function busy(detail: string): AppError {
  return new AppError('unavailable', detail, undefined, {
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });
}

const EXPORT_FAILED = {
  timeout: 'The export could not be built in time. Try again in a few minutes.',
  memory: 'The export needed more memory than it may use. Try again with fewer students.',
  interrupted: 'The export was interrupted. Try again in a minute.',
};

/**
 * Builds export files (xlsx, PDF, ZIP) in worker threads, so that a school printing 10,000
 * cards does not stop the server from answering everyone else. Piscina queues the exports,
 * replaces a worker that died and ends idle ones; a worker is started on the first export.
 */
export class ExportPool {
  /** pool failures (out of memory, time-out) become 503s */
  private readonly workers: TaskPool<WorkerTask, ExportResult>;
  /** where this pool's workers write their files */
  private dir: string | undefined;
  /** running and waiting; counted here because Piscina's maxQueue skips abortable tasks */
  private inFlight = 0;
  private readonly options: Required<Omit<ExportPoolOptions, 'onError'>> &
    Pick<ExportPoolOptions, 'onError'>;

  constructor(options: ExportPoolOptions = {}) {
    this.options = {
      threads: 1,
      maxQueue: 20,
      idleTimeoutMs: 30_000,
      maxHeapMb: 384,
      maxYoungMb: 16,
      timeoutMs: 120_000,
      ...options,
    };
    this.workers = new TaskPool(import.meta.url, 'export-worker', this.options, (kind) =>
      busy(EXPORT_FAILED[kind]),
    );
  }

  /**
   * Builds one file into a sealed temporary file (spool.ts), which the caller reads once with
   * `readSpooled` (or deletes with `removeSpooled`); pool failures (queue full, out of memory,
   * time-out) become 503s and leave no file behind.
   */
  async run(task: ExportTask): Promise<ExportResult> {
    if (this.inFlight >= this.options.threads + this.options.maxQueue)
      throw busy('Too many exports are being built right now. Try again in a minute.');
    this.inFlight++;
    this.dir ??= spoolDirectory();
    const out = spoolTarget(this.dir);
    try {
      return await this.workers.run({ ...task, out });
    } catch (err) {
      // A worker stopped mid-file (time-out, out of memory) could not delete it itself.
      removeSpooled(out);
      throw err;
    } finally {
      this.inFlight--;
    }
  }

  async close(): Promise<void> {
    await this.workers.close();
    if (this.dir) removeSpoolDirectory(this.dir);
    this.dir = undefined;
  }
}
