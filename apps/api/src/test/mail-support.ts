import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from './harness.js';
import { appForFile, madeLater } from './per-file.js';
import { startSmtpCatcher, type CaughtMail, type SmtpCatcher } from './smtp-catcher.js';
import { deliverOutbox, smtpTransport, type MailTransport } from '../platform/mail/outbox.js';

// Read what the outbox really delivered over SMTP: an app whose mails go to an SMTP catcher,
// the mails since the last look, the links in them.

/** A logger for deliverOutbox that says nothing. */
export const quiet = { info: () => undefined, warn: () => undefined };

export interface MailTestApp {
  t: TestApp;
  smtp: SmtpCatcher;
  /** What the tests deliver the outbox with (the app's own sender is not started in tests). */
  transport: MailTransport;
  close(): Promise<void>;
}

/** A test app whose SMTP_URL is a fresh SMTP catcher. */
export async function createMailTestApp(): Promise<MailTestApp> {
  const smtp = await startSmtpCatcher();
  const t = await createTestApp({ smtpUrl: smtp.url });
  const transport = smtpTransport(smtp.url);
  return {
    t,
    smtp,
    transport,
    async close() {
      transport.close?.();
      await t.close();
      await smtp.close();
    },
  };
}

/** The file's app with its mails caught (beforeAll/afterAll), usable from the top of the file. */
export function mailAppForFile() {
  let env: MailTestApp | undefined;
  const t = appForFile(async () => {
    env = await createMailTestApp();
    return { ...env.t, close: () => env!.close() };
  });
  return {
    t,
    smtp: madeLater(() => env?.smtp, 'the SMTP catcher'),
    transport: madeLater(() => env?.transport, 'the mail transport'),
  };
}

/** Delivers the outbox on each call and returns the mails that arrived since the last call. */
export function mailbox(t: () => TestApp, smtp: () => SmtpCatcher, transport: () => MailTransport) {
  let seen = 0;
  return async function delivered(): Promise<CaughtMail[]> {
    await deliverOutbox(t().ctx, transport(), quiet);
    const fresh = smtp().mails.slice(seen);
    seen = smtp().mails.length;
    return fresh;
  };
}

/** The templates of the mails queued for an address, oldest first. */
export async function mailedTo(t: Pick<TestApp, 'db'>, email: string): Promise<string[]> {
  const mails = await t.db
    .selectFrom('outbox')
    .select('template')
    .where('recipient', '=', email)
    .orderBy('created_at')
    .execute();
  return mails.map((m) => m.template);
}

/** The link of a mail (`uitnodiging`, `wachtwoord` or `lidmaatschap`) and its token. */
export function linkIn(mail: CaughtMail, kind: 'uitnodiging' | 'wachtwoord' | 'lidmaatschap') {
  const m = new RegExp(
    `http://schoolloket\\.test/beheer/${kind}/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])`,
  ).exec(mail.text);
  if (!m) throw new Error(`no ${kind} link in ${mail.text}`);
  expect(mail.html).toContain(`href="${m[0]}"`);
  return { url: m[0], token: m[1]! };
}
