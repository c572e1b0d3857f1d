import type { TransferListItem } from 'node:worker_threads';
import { Piscina } from 'piscina';

// Worker threads for pure-CPU work (reading uploads, building exports), so that one school's
// big file does not stop the server from answering everyone else.

export interface WorkerPoolSettings {
  /** Tasks run at the same time. */
  threads: number;
  /** A worker idle this long exits, and the memory of its last task with it. */
  idleTimeoutMs: number;
  /** Cap on a worker's V8 heap: a task that would grow past it fails alone. */
  maxHeapMb: number;
  /**
   * Cap on a worker's young generation (V8's nursery), when set: a batch task allocates fast and
   * keeps little of it, and V8's default nursery (three times its 16 MB semi-space) is resident
   * memory that the same task does not need.
   */
  maxYoungMb?: number;
  /** Errors of a worker outside any task (they would otherwise be thrown as 'error' events). */
  onError?: (err: unknown) => void;
}

/**
 * A Piscina pool of the worker module `name` next to the caller (`from`: its import.meta.url).
 * Piscina replaces a worker that died and ends idle ones; none starts before the first task.
 */
export function startWorkerPool<Task, Result>(
  from: string,
  name: string,
  settings: WorkerPoolSettings,
): Piscina<Task, Result> {
  // From the TypeScript sources (tsx, jest) the worker must register tsx first; the build
  // (tsc → dist/) runs the compiled worker directly.
  const fromSource = from.endsWith('.ts');
  const pool = new Piscina<Task, Result>({
    filename: new URL(fromSource ? `./${name}-from-source.mjs` : `./${name}.js`, from).href,
    minThreads: 0,
    maxThreads: settings.threads,
    idleTimeout: settings.idleTimeoutMs,
    resourceLimits: {
      maxOldGenerationSizeMb: settings.maxHeapMb,
      ...(settings.maxYoungMb ? { maxYoungGenerationSizeMb: settings.maxYoungMb } : {}),
    },
    // Below the event loop's priority: on a busy machine the API answers first.
    niceIncrement: 10,
    // From source the worker resolves @schoolloket/core to its TypeScript too (jest has no
    // such flag for the worker to inherit; tsx's own --import does not reach workers).
    ...(fromSource ? { execArgv: ['--conditions=schoolloket-source'] } : {}),
  });
  pool.on('error', (err: unknown) => settings.onError?.(err));
  return pool;
}

export type WorkerFailure = 'timeout' | 'memory' | 'interrupted';

/**
 * Why a task's promise was rejected by the pool rather than by the task: it ran past its time
 * (the caller's AbortSignal), its worker outgrew the heap cap, or its worker ended under it
 * (closed, crashed, never started). Undefined for anything else (the task's own error).
 */
export function workerFailure(err: unknown): WorkerFailure | undefined {
  const e = err as { name?: string; code?: string; message?: string } | null;
  if (e?.name === 'AbortError') return 'timeout';
  if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY') return 'memory';
  if (
    e?.message === 'Terminating worker thread' ||
    /^worker exited/i.test(e?.message ?? '') ||
    e?.code === 'ERR_WORKER_INIT_FAILED'
  )
    return 'interrupted';
  return undefined;
}

export interface TaskPoolSettings extends WorkerPoolSettings {
  /** A task not done this long after it was handed over (waiting included) is given up. */
  timeoutMs: number;
}

/**
 * The pool of the worker module `name` next to the caller (see startWorkerPool), started on its
 * first task, whose tasks are given up after `timeoutMs`. A failure of the pool rather than of
 * the task (see workerFailure) is thrown as `failed(kind)`, the task's own error as it is.
 */
export class TaskPool<Task, Result> {
  private pool: Piscina<Task, Result> | undefined;

  constructor(
    private readonly from: string,
    private readonly name: string,
    private readonly settings: TaskPoolSettings,
    private readonly failed: (kind: WorkerFailure) => Error,
  ) {}

  /** Runs one task; `transferList` is handed over to the worker instead of copied. */
  async run(task: Task, transferList?: TransferListItem[]): Promise<Result> {
    this.pool ??= startWorkerPool<Task, Result>(this.from, this.name, this.settings);
    try {
      return await this.pool.run(task, {
        transferList,
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (err) {
      const kind = workerFailure(err);
      throw kind ? this.failed(kind) : err;
    }
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.destroy();
  }
}
