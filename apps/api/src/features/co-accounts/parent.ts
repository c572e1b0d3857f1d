import { canonicalUsername } from '@schoolloket/core';
import type { Actor } from '../../context.js';
import { isLocale } from '../../platform/mail/index.js';
import { type MailLocale } from '../../platform/mail/index.js';
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
): MailLocale =>
  isLocale(preferred)
    ? preferred
    : isLocale(subject.student_locale)
      ? subject.student_locale
      : isLocale(subject.school_locale)
        ? subject.school_locale
        : 'nl';
