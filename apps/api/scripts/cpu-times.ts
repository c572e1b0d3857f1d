// CPU times read from Linux's /proc, in ms, for `pnpm bench oidc`: process.cpuUsage() sums every
// thread of the process (the event loop, argon2id on libuv's pool, V8's helpers), and the
// database's CPU is not in it at all. On a 2-core machine all of it shares one budget. Each
// function answers undefined where there is no /proc (another OS) or nothing to read.
import { readdirSync, readFileSync } from 'node:fs';

/** Linux counts CPU time in clock ticks of USER_HZ = 100 per second: 10 ms each. */
const MS_PER_TICK = 10;

/**
 * The name, parent's pid, user + system CPU time (ms), and the CPU time of its children that it
 * has waited for (cutime + cstime, ms) of a process or thread, from its stat file.
 */
function stat(
  path: string,
): { name: string; ppid: number; ms: number; reapedMs: number } | undefined {
  let line: string;
  try {
    line = readFileSync(path, 'latin1');
  } catch {
    return undefined; // gone between the listing and the read, or no /proc
  }
  // pid (comm) state ppid …: comm may hold spaces and parentheses, so split after the last ')'.
  const close = line.lastIndexOf(')');
  const fields = line.slice(close + 2).split(' ');
  // Fields are numbered from 1 on the whole line and from 0 after the comm: ppid is field 4 (1),
  // utime, stime, cutime and cstime fields 14-17 (11-14).
  return {
    name: line.slice(line.indexOf('(') + 1, close),
    ppid: Number(fields[1]),
    ms: (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK,
    reapedMs: (Number(fields[13]) + Number(fields[14])) * MS_PER_TICK,
  };
}

/** This process's main thread (the event loop), without libuv's pool and V8's helper threads. */
export function eventLoopCpuMs(): number | undefined {
  return stat(`/proc/self/task/${process.pid}/stat`)?.ms;
}

/**
 * The CPU time of this process's children that have ended and been waited for (a load generator
 * run by execFile, say).
 */
export function reapedChildrenMs(): number | undefined {
  return stat('/proc/self/stat')?.reapedMs;
}

/** The ids of the processes running now; undefined where there is no /proc. */
function processIds(): string[] | undefined {
  try {
    return readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
}

/** The local PostgreSQL server's processes at one moment (see postgresCpuMsSince). */
export interface PostgresCpu {
  byPid: Map<string, number>;
  reapedMs: number;
}

/**
 * The local PostgreSQL server's processes (every backend, the checkpointer, the WAL writer, …);
 * undefined when none runs here (a remote server).
 */
export function postgresCpu(): PostgresCpu | undefined {
  const pids = processIds();
  if (!pids) return undefined;
  const byPid = new Map<string, number>();
  let reapedMs = 0;
  for (const pid of pids) {
    const s = stat(`/proc/${pid}/stat`);
    if (s?.name !== 'postgres') continue;
    byPid.set(pid, s.ms);
    reapedMs += s.reapedMs;
  }
  return byPid.size ? { byPid, reapedMs } : undefined;
}

/**
 * The CPU time (ms) PostgreSQL used since `before`, the backends that ended meanwhile included (a
 * pool closes idle connections): an ended backend's whole time moved to the postmaster's count of
 * its children, so what it had used before `before` is taken off again.
 */
export function postgresCpuMsSince(before: PostgresCpu | undefined): number | undefined {
  const now = postgresCpu();
  if (!before || !now) return undefined;
  let ms = now.reapedMs - before.reapedMs;
  for (const [pid, used] of now.byPid) ms += used - (before.byPid.get(pid) ?? 0);
  for (const [pid, used] of before.byPid) if (!now.byPid.has(pid)) ms -= used;
  return ms;
}

/**
 * The processes of everything else on the machine at one moment, by pid: CPU time with waited-for
 * children's (ms), and the parent (see otherCpuMsSince).
 */
export type OtherCpu = Map<string, { ms: number; ppid: number }>;

/**
 * The user-space processes that are neither this one nor PostgreSQL's: other programs sharing the
 * machine (a test run, a build, another benchmark), each with its CPU time and its waited-for
 * children's (ms). Kernel threads are left out: they include the network's softirq work that the
 * benchmark's own traffic causes. Undefined where there is no /proc.
 */
export function otherCpu(): OtherCpu | undefined {
  const pids = processIds();
  if (!pids) return undefined;
  const byPid: OtherCpu = new Map();
  for (const pid of pids) {
    if (Number(pid) === process.pid) continue;
    const s = stat(`/proc/${pid}/stat`);
    // A kernel thread is kthreadd (2) or one of its children.
    if (!s || s.name === 'postgres' || pid === '2' || s.ppid === 2) continue;
    byPid.set(pid, { ms: s.ms + s.reapedMs, ppid: s.ppid });
  }
  return byPid;
}

/**
 * The CPU time (ms) the other processes used since `before`: what each one alive now used since
 * then (all of it for one that started since), their ended children included once waited for (a
 * test runner's short-lived tools); a process that started and ended in between is missed unless
 * its parent waited for it. A process that ended, with a parent (or its parent's parent, …) still
 * counted, moved its whole time to that one's count of waited-for children, so what it had used
 * before `before` is taken off again (as postgresCpuMsSince does for the backends).
 */
export function otherCpuMsSince(before: OtherCpu | undefined): number | undefined {
  const now = otherCpu();
  if (!before || !now) return undefined;
  let ms = 0;
  for (const [pid, used] of now) ms += used.ms - (before.get(pid)?.ms ?? 0);
  for (const [pid, used] of before) {
    if (now.has(pid)) continue;
    let parent = String(used.ppid);
    while (!now.has(parent) && before.has(parent)) parent = String(before.get(parent)!.ppid);
    if (now.has(parent)) ms -= used.ms;
  }
  return ms;
}
