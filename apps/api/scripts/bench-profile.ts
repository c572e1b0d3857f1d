// BENCH_PROFILE=<dir> for `pnpm bench list` and `pnpm bench oidc`: a CPU profile of this
// process's main thread per measured run, written as <dir>/<name>.cpuprofile (Chrome DevTools,
// speedscope). The profiler costs CPU itself: compare the rows of runs without it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

export interface Profiler {
  start(): Promise<void>;
  stop(name: string): Promise<void>;
  close(): void;
}

/** A profiler writing into `dir`, or none when `dir` is not set. */
export async function startProfiler(dir: string | undefined): Promise<Profiler | undefined> {
  if (!dir) return undefined;
  mkdirSync(dir, { recursive: true });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  // BENCH_PROFILE_INTERVAL=<µs>: a finer sampling than V8's default (1,000 µs).
  const interval = Number(process.env.BENCH_PROFILE_INTERVAL);
  if (interval > 0) await session.post('Profiler.setSamplingInterval', { interval });
  return {
    start: async () => {
      await session.post('Profiler.start');
    },
    stop: async (name: string) => {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(`${dir}/${name}.cpuprofile`, JSON.stringify(profile));
    },
    close: () => session.disconnect(),
  };
}
