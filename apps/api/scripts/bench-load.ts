// The load generator of `pnpm bench list`: autocannon in a process of its own.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type autocannon from 'autocannon';

/** autocannon in its own process, so the load generator does not share the servers' event loop. */
export async function loadTest(
  url: string,
  connections: number,
  seconds: number,
  token: string,
): Promise<autocannon.Result> {
  const bin = fileURLToPath(new URL('../node_modules/autocannon/autocannon.js', import.meta.url));
  const out = await new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      [
        bin,
        '--json',
        '-c',
        String(connections),
        '-d',
        String(seconds),
        '-H',
        `authorization=Bearer ${token}`,
        url,
      ],
      { maxBuffer: 64 * 2 ** 20 },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    ),
  );
  return JSON.parse(out) as autocannon.Result;
}
