// A real SMTP server for the browser tests: the runner starts it before the API and passes its
// URL as SMTP_URL, so scenarios read the mails the app really sent (activation links …).
// smtp-server is a test dependency of apps/api; it is loaded from there.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait.mjs';

const apiPackage = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'api',
  'package.json',
);
const { SMTPServer } = createRequire(apiPackage)('smtp-server');

function decodeQuotedPrintable(body) {
  const soft = body.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words ("=?UTF-8?Q?…?="), as nodemailer writes non-ASCII subjects. */
function decodeWords(value) {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_m, enc, text) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

/** The text/plain part of a message, decoded. */
function plainText(raw) {
  const parts = raw.split(/\r?\n--[^\r\n]+\r?\n/);
  for (const part of parts) {
    const at = part.search(/\r?\n\r?\n/);
    const head = part.slice(0, at);
    if (!/content-type:\s*text\/plain/i.test(head)) continue;
    const body = part
      .slice(at)
      .replace(/^\r?\n\r?\n/, '')
      .replace(/\r?\n--[^\r\n]*--\s*$/, '');
    if (/content-transfer-encoding:\s*quoted-printable/i.test(head))
      return decodeQuotedPrintable(body);
    if (/content-transfer-encoding:\s*base64/i.test(head))
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    return body;
  }
  return '';
}

export async function startMailCatcher() {
  const mails = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const head = raw.slice(0, raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
        const subject = decodeWords(/^subject:\s*(.*)$/im.exec(head)?.[1] ?? '');
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          subject,
          text: plainText(raw),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.server.address();
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    /** Waits (up to `timeoutMs`) for a mail matching `predicate`, e.g. by recipient. */
    async waitFor(predicate, timeoutMs = 20_000) {
      const found = await waitFor(() => mails.find(predicate), { timeoutMs });
      if (!found)
        throw new Error(`no matching mail within ${timeoutMs / 1000} s (got ${mails.length})`);
      return found;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
