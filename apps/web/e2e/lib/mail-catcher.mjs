// A real SMTP server for the browser tests: the runner starts it before the API and passes its
// URL as SMTP_URL, so scenarios read the mails the app really sent (activation links …).
// smtp-server and mailparser are test dependencies of apps/api; they are loaded from there.
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
const requireFromApi = createRequire(apiPackage);
const { SMTPServer } = requireFromApi('smtp-server');
const { simpleParser } = requireFromApi('mailparser');

export async function startMailCatcher() {
  const mails = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        let parsed;
        try {
          parsed = await simpleParser(raw);
        } catch (err) {
          callback(err);
          return;
        }
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          raw: raw.toString('utf8'),
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
