import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

// A real SMTP server in the test process: the app delivers to it over TCP and tests read what
// arrived, decoded (multipart/alternative, quoted-printable, base64).

export interface CaughtMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  raw: string;
}

export interface SmtpCatcher {
  port: number;
  url: string;
  mails: CaughtMail[];
  /** Resolves when at least n mails have arrived (or rejects after timeoutMs). */
  waitFor(n: number, timeoutMs?: number): Promise<CaughtMail[]>;
  /** With `hold`: resolves when at least one received mail waits for its answer. */
  waitHeld(): Promise<void>;
  /** With `hold`: answers every mail that waits (250 OK); returns how many. */
  release(): number;
  close(): Promise<void>;
}

export interface SmtpCatcherOptions {
  /**
   * A slow relay under the test's control: a mail is recorded when its data arrives, but the
   * relay answers only when the test calls release() (nodemailer waits for that answer).
   */
  hold?: boolean;
  /** A slow relay that answers each mail after this long on its own (the two-instance check). */
  delayMs?: number;
}

function decodeQuotedPrintable(body: string): string {
  const bytes: number[] = [];
  const soft = body.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i]!;
    if (c === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeWords(value: string): string {
  return value.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : decodeQuotedPrintable(text.replace(/_/g, ' ')),
  );
}

interface Part {
  headers: Record<string, string>;
  body: string;
}

function splitPart(raw: string): Part {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at === -1 ? raw : raw.slice(0, at);
  const body = at === -1 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body };
}

function leaves(part: Part): Part[] {
  const type = part.headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!type.toLowerCase().startsWith('multipart/') || !boundary) return [part];
  return part.body
    .split(`--${boundary}`)
    .slice(1)
    .filter((chunk) => !chunk.startsWith('--'))
    .flatMap((chunk) => leaves(splitPart(chunk.replace(/^\r?\n/, ''))));
}

function decodeBody(part: Part): string {
  const enc = (part.headers['content-transfer-encoding'] ?? '').toLowerCase();
  if (enc === 'base64')
    return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') return decodeQuotedPrintable(part.body);
  return part.body;
}

export function parseMail(raw: string, from: string, to: string[]): CaughtMail {
  const top = splitPart(raw);
  const parts = leaves(top);
  const pick = (t: string) => {
    const p = parts.find((x) =>
      (x.headers['content-type'] ?? 'text/plain').toLowerCase().startsWith(t),
    );
    return p ? decodeBody(p).replace(/\r\n/g, '\n') : '';
  };
  return {
    from,
    to,
    subject: decodeWords(top.headers.subject ?? ''),
    text: pick('text/plain'),
    html: pick('text/html'),
    raw,
  };
}

export async function startSmtpCatcher(
  port = 0,
  options: SmtpCatcherOptions = {},
): Promise<SmtpCatcher> {
  const mails: CaughtMail[] = [];
  const waiters: Array<() => void> = [];
  const held: Array<() => void> = [];
  const heldWaiters: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        mails.push(
          parseMail(
            Buffer.concat(chunks).toString('utf8'),
            from,
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        waiters.splice(0).forEach((w) => w());
        if (options.hold) {
          held.push(() => callback());
          heldWaiters.splice(0).forEach((w) => w());
        } else if (options.delayMs) {
          setTimeout(() => callback(), options.delayMs);
        } else {
          callback();
        }
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `smtp://127.0.0.1:${actual}`,
    mails,
    async waitFor(n, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (mails.length < n) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${n} mails, got ${mails.length}`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      return mails;
    },
    waitHeld: () =>
      held.length > 0 ? Promise.resolve() : new Promise<void>((r) => heldWaiters.push(r)),
    release() {
      const answers = held.splice(0);
      answers.forEach((answer) => answer());
      return answers.length;
    },
    close: () => {
      held.splice(0).forEach((answer) => answer());
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
