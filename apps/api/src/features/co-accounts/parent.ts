import type { Locale } from '@schoolloket/core';
import { canonicalUsername } from '@schoolloket/core';
import type { Actor, AppContext } from '../../context.js';
import type { Database } from '../../db/database.js';
import { activatedMail, enqueueMail, firstLocale } from '../../platform/mail/index.js';

import * as repo from './repository.js';

/** Children's usernames have no "@": parents who paste "name@school.be" are understood anyway. */
export function loginName(input: string): string {
  const canonical = canonicalUsername(input);
  const at = canonical.indexOf('@');
  return at > 0 ? canonical.slice(0, at) : canonical;
}

export function parentActor(studentId: string, slot: number): Actor {
  return { kind: 'parent', id: `${studentId}:${slot}`, name: `Ouder (co-account ${slot})`, slot };
}

export type Subject = repo.SubjectRow;

export const localeOf = (
  preferred: unknown,
  subject: Pick<Subject, 'student_locale' | 'school_locale'>,
): Locale => firstLocale(preferred, subject.student_locale, subject.school_locale);

/** Where parents (and students) log in: the page every parent mail points to. */
export const portalLoginUrl = (ctx: AppContext) => `${ctx.config.publicBaseUrl}/aanmelden`;

/** What every mail to a parent says of the child and the school. */
export function childMailData(subject: Subject) {
  return {
    schoolName: subject.school_name,
    helpdesk: { email: subject.helpdesk_email, phone: subject.helpdesk_phone },
    childFirstName: subject.first_name,
    username: subject.username!,
  };
}

/** Queues the mail that confirms a parent's new password (activation, reset link, own change). */
export async function mailPasswordSet(
  trx: Database,
  ctx: AppContext,
  subject: Subject,
  to: string,
  mail: {
    locale: Locale;
    reset: boolean;
    template: 'co_account_activated' | 'co_account_password_changed';
  },
): Promise<void> {
  const rendered = activatedMail(mail.locale, {
    ...childMailData(subject),
    loginUrl: portalLoginUrl(ctx),
    reset: mail.reset,
  });
  await enqueueMail(trx, ctx, { template: mail.template, to, ...rendered });
}
