// A built export on its way to the client. The worker writes it, as it is built, to a temporary
// file sealed with a key that lives only in memory; the route streams it back once and deletes
// it. So neither thread ever holds a whole ZIP of 10,000 accounts, and a file left behind by a
// crash is useless without the key that died with the process (DESIGN §7: exports are never
// stored). AES-256-CTR: a stream cipher that keeps the size and needs no padding; the file is
// our own, written and read by this process, so it needs secrecy, not authentication.
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/** Where a worker writes one export (made by the main thread, which also cleans it up). */
export interface SpoolTarget {
  path: string;
  key: Uint8Array;
  iv: Uint8Array;
}

export interface SpooledFile extends SpoolTarget {
  size: number;
}

const PREFIX = 'schoolloket-exports-';
/** Directories of this version: `<PREFIX><pid>-<random>`. */
const OWNED = new RegExp(`^${PREFIX}(\\d+)-`);
/** An earlier version's directory without a pid, kept this long before it counts as left. */
const UNNAMED_MS = 24 * 3_600_000;

/** Whether a process with this id runs (on this machine: the directory is in its temp dir). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the spool directories a killed process left (found by an outside test: kill -9 during
 * an export left its file for good). Sealed with a key that died with it, such a file is only
 * disk space. A directory of a process that still runs (another instance) is kept.
 */
export function sweepLeftSpools(dir = tmpdir(), now = Date.now()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(PREFIX)) continue;
    const pid = OWNED.exec(name)?.[1];
    const path = join(dir, name);
    try {
      const left = pid
        ? Number(pid) !== process.pid && !running(Number(pid))
        : now - statSync(path).mtimeMs > UNNAMED_MS;
      if (!left) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Another user's, or gone meanwhile: not ours to mind.
    }
  }
  return removed;
}

/**
 * A private directory for the files of one export pool (mode 0700), named after this process,
 * made after sweeping what killed processes left.
 */
export function spoolDirectory(): string {
  sweepLeftSpools();
  return mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
}

/** A new target in `dir`, with a fresh key. */
export function spoolTarget(dir: string): SpoolTarget {
  return { path: join(dir, randomUUID()), key: randomBytes(32), iv: randomBytes(16) };
}

/** Deletes a spooled file; a file already gone is fine. */
export function removeSpooled(target: SpoolTarget): void {
  rmSync(target.path, { force: true });
}

/** Deletes a spool directory and what is left in it (at shutdown). */
export function removeSpoolDirectory(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

const BUFFER = 256 * 1024;

/**
 * The writing end, in the worker: the builders hand it many small pieces (ZIP headers, PDF
 * objects); they are gathered into 256 KB writes.
 */
export class SpoolWriter {
  private readonly fd: number;
  private readonly cipher;
  private readonly buffer = Buffer.allocUnsafe(BUFFER);
  private used = 0;
  private size = 0;

  constructor(private readonly target: SpoolTarget) {
    this.fd = openSync(target.path, 'wx', 0o600);
    this.cipher = createCipheriv('aes-256-ctr', target.key, target.iv);
  }

  write = (chunk: Uint8Array): void => {
    this.size += chunk.length;
    if (this.used + chunk.length > BUFFER) this.flush();
    if (chunk.length >= BUFFER) writeSync(this.fd, this.cipher.update(chunk));
    else {
      this.buffer.set(chunk, this.used);
      this.used += chunk.length;
    }
  };

  private flush(): void {
    if (this.used === 0) return;
    writeSync(this.fd, this.cipher.update(this.buffer.subarray(0, this.used)));
    this.used = 0;
  }

  close(): SpooledFile {
    this.flush();
    const rest = this.cipher.final();
    if (rest.length) writeSync(this.fd, rest);
    closeSync(this.fd);
    return { ...this.target, size: this.size };
  }

  /** After a failed build: closes and deletes the file. */
  discard(): void {
    try {
      closeSync(this.fd);
    } finally {
      removeSpooled(this.target);
    }
  }
}

/** The file's bytes, decrypted; the file is deleted once the stream closes (read or not). */
export function readSpooled(file: SpooledFile): Readable {
  const source = createReadStream(file.path, { highWaterMark: 256 * 1024 });
  const plain = source.pipe(
    createDecipheriv('aes-256-ctr', Buffer.from(file.key), Buffer.from(file.iv)),
  );
  const remove = () => removeSpooled(file);
  source.once('close', remove);
  plain.once('close', () => {
    source.destroy();
    remove();
  });
  source.once('error', (err) => plain.destroy(err));
  return plain;
}
