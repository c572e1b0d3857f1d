import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

// A real SMTP server in the test process: the app delivers to it over TCP and tests read what
// arrived, decoded by mailparser.

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

/** A received message, parsed by mailparser (MIME parts, transfer encodings, encoded words). */
async function parseMail(raw: Buffer, from: string, to: string[]): Promise<CaughtMail> {
  const parsed = await simpleParser(raw);
  return {
    from,
    to,
    subject: parsed.subject ?? '',
    text: (parsed.text ?? '').replace(/\r\n/g, '\n'),
    html: (parsed.html || '').replace(/\r\n/g, '\n'),
    raw: raw.toString('utf8'),
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
      stream.on('end', async () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const to = session.envelope.rcptTo.map((r) => r.address);
        try {
          mails.push(await parseMail(Buffer.concat(chunks), from, to));
        } catch (err) {
          callback(err as Error);
          return;
        }
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
