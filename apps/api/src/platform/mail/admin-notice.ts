// The frame of the mails that tell an admin what happened to their own account (the password
// changed, a factor was added or removed, a recovery code was used, the factors were reset): the
// greeting, what happened, a button to log in where it helps, and what to do if it was not them.
import type { Locale } from '@schoolloket/core';
import { p, type Block } from './templates.js';

const HELLO: Record<Locale, (name: string) => string> = {
  nl: (name) => `Dag ${name},`,
  fr: (name) => `Bonjour ${name},`,
  en: (name) => `Hello ${name},`,
};

const LOG_IN: Record<Locale, string> = { nl: 'Aanmelden', fr: 'Se connecter', en: 'Log in' };

export interface AdminNotice {
  subject: string;
  /** What happened, a paragraph each. */
  said: string[];
  /** Where the log-in button after what happened leads; no button without it. */
  loginUrl?: string;
  /** What to do if it was not them. */
  warn: string;
}

export function adminNotice(
  locale: Locale,
  name: string,
  notice: AdminNotice,
): { subject: string; blocks: Block[] } {
  const login: Block[] = notice.loginUrl
    ? [{ kind: 'button', label: LOG_IN[locale], href: notice.loginUrl }]
    : [];
  return {
    subject: notice.subject,
    blocks: [p(HELLO[locale](name)), ...notice.said.map(p), ...login, p(notice.warn)],
  };
}

/** The texts of one notice in each language; what happened is said with the mail's data. */
export type NoticeTexts<D> = Record<
  Locale,
  { subject: string; said: (d: D) => string[]; warn: string }
>;

/** The notice of `texts` about `d` in `locale`, with a log-in button where `d` has a URL for it. */
export function noticeOf<D extends { name: string; loginUrl?: string }>(
  locale: Locale,
  texts: NoticeTexts<D>,
  d: D,
) {
  const t = texts[locale];
  return adminNotice(locale, d.name, { ...t, said: t.said(d), loginUrl: d.loginUrl });
}
