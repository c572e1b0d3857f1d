import { expect } from '@jest/globals';
import type { TestApp } from './harness.js';
import type { CaughtMail, SmtpCatcher } from './smtp-catcher.js';
import { deliverOutbox, type MailTransport } from '../platform/mail/outbox.js';

// Shared by the invitation and reset tests: read what the outbox really delivered over SMTP.

const quiet = { info: () => undefined, warn: () => undefined };

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

/** The link of a mail (`uitnodiging`, `wachtwoord` or `lidmaatschap`) and its token. */
export function linkIn(mail: CaughtMail, kind: 'uitnodiging' | 'wachtwoord' | 'lidmaatschap') {
  const m = new RegExp(
    `http://schoolloket\\.test/beheer/${kind}/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])`,
  ).exec(mail.text);
  if (!m) throw new Error(`no ${kind} link in ${mail.text}`);
  expect(mail.html).toContain(`href="${m[0]}"`);
  return { url: m[0], token: m[1]! };
}
