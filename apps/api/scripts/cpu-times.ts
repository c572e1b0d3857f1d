// CPU times read from Linux's /proc, in ms, for `pnpm bench oidc`: process.cpuUsage() sums every
// thread of the process (the event loop, argon2id on libuv's pool, V8's helpers), and the
// database's CPU is not in it at all. On a 2-core machine all of it shares one budget. Each
// function answers undefined where there is no /proc (another OS) or nothing to read.
import { readdirSync, readFileSync } from 'node:fs';

/** Linux counts CPU time in clock ticks of USER_HZ = 100 per second: 10 ms each. */
const MS_PER_TICK = 10;

/** The name and user + system CPU time (ms) of a process or thread from its stat file. */
function stat(path: string): { name: string; ms: number } | undefined {
  let line: string;
  try {
    line = readFileSync(path, 'latin1');
  } catch {
    return undefined; // gone between the listing and the read, or no /proc
  }
  // pid (comm) state ppid …: comm may hold spaces and parentheses, so split after the last ')'.
  const close = line.lastIndexOf(')');
  const fields = line.slice(close + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the comm.
  return {
    name: line.slice(line.indexOf('(') + 1, close),
    ms: (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK,
  };
}

/** This process's main thread (the event loop), without libuv's pool and V8's helper threads. */
export function eventLoopCpuMs(): number | undefined {
  return stat(`/proc/self/task/${process.pid}/stat`)?.ms;
}

/**
 * The local PostgreSQL server's processes together (every backend, the checkpointer, the WAL
 * writer, …); undefined when none runs here (a remote server).
 */
export function postgresCpuMs(): number | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
  let total: number | undefined;
  for (const pid of pids) {
    const s = stat(`/proc/${pid}/stat`);
    if (s?.name === 'postgres') total = (total ?? 0) + s.ms;
  }
  return total;
}
