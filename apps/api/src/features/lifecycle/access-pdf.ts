import type { Locale } from '@schoolloket/core';
import type { RecordDocument } from '@schoolloket/core/export';
import type { Retention } from '../../config.js';
import { historyLine, valueWord } from './access-pdf-history.js';
import { ELSEWHERE, LABELS, type Labels } from './access-pdf-labels.js';

import type { PersonalData } from './schemas.js';

// The access download as a readable PDF: the same data as the JSON, laid out as labelled rows.

const fill = (s: string, v: Record<string, string | number>) =>
  s.replace(/\{(\w+)\}/g, (_, k: string) => String(v[k] ?? ''));

/** A timestamp in Brussels time, minutes precision; a date stays a date. */
function when(v: string | null | undefined): string {
  if (!v) return '—';
  if (v.length === 10) return v;
  return new Date(v)
    .toLocaleString('sv-SE', { timeZone: 'Europe/Brussels', hour12: false })
    .slice(0, 16);
}

export function personalRecord(
  d: PersonalData,
  locale: Locale,
  retention: Retention,
): RecordDocument {
  const l = LABELS[locale];
  const name = `${d.student.firstName} ${d.student.lastName}`;
  // 'student' or 'parent N' in the JSON: the reader's words here.
  const who = (person: string) => {
    const slot = /^parent (\d+)$/.exec(person)?.[1];
    return slot ? fill(l.parent, { slot }) : l.student;
  };
  const section = (heading: string, rows: Row[]) => ({
    heading,
    rows,
    empty: l.none,
  });
  return {
    title: fill(l.title, { name }),
    lines: [fill(l.intro, { school: d.school.name, date: when(d.generatedAt) })],
    footer: fill(l.footer, { school: d.school.name }),
    sections: [
      section(l.student, studentRows(l, d.student, name)),
      section(l.account, d.account ? accountRows(l, locale, d.account) : []),
      section(
        l.usernames,
        d.usernames.map((u) => [
          u.username,
          `${l.issued} ${when(u.issuedAt)}${u.releasedAt ? ` · ${l.released} ${when(u.releasedAt)}` : ''}`,
        ]),
      ),
      section(
        l.coAccounts,
        d.coAccounts.map((c) => coAccountRow(l, locale, c)),
      ),
      section(
        l.sessions,
        d.sessions.map((x) => [
          who(x.person),
          `${when(x.createdAt)} → ${when(x.expiresAt)} ${x.userAgent ?? ''}`,
        ]),
      ),
      section(
        l.links,
        d.links.map((x) => [
          valueWord(locale, 'purpose', x.purpose),
          `${x.email ?? ''} ${when(x.createdAt)}`,
        ]),
      ),
      section(
        l.apps,
        d.appSignIns.map((x) => [who(x.person), x.clientId ?? '']),
      ),
      section(
        l.history,
        d.history.map((e) => [when(e.createdAt), historyLine(locale, e, when)]),
      ),
      section(
        l.elsewhere,
        ELSEWHERE[locale](retention).map((x) => ['', x]),
      ),
    ],
  };
}

type Row = [string, string];

function studentRows(l: Labels, s: PersonalData['student'], name: string): Row[] {
  return [
    [l.stamnummer, s.stamnummer],
    [l.name, name],
    [l.official, [s.officialFirstName, s.officialLastName].filter(Boolean).join(' ')],
    [l.gender, s.gender ?? ''],
    [l.birthDate, when(s.birthDate)],
    [l.group, s.group],
    [l.enrolledUntil, when(s.enrolledUntil)],
    [l.keepUntil, when(s.keepUntil)],
    [l.parentEmails, s.parentEmails.join(', ')],
    [l.locale, s.locale ?? ''],
    [l.created, when(s.createdAt)],
    [l.updated, when(s.updatedAt)],
  ];
}

const credentialWords = (locale: Locale, credentials: readonly string[]) =>
  credentials.map((c) => valueWord(locale, 'credential', c)).join(', ');

function accountRows(l: Labels, locale: Locale, a: NonNullable<PersonalData['account']>): Row[] {
  const yesNo = (b: boolean) => (b ? l.yes : l.no);
  return [
    [l.username, a.username],
    [l.type, valueWord(locale, 'type', a.type)],
    [l.passwordKind, valueWord(locale, 'passwordKind', a.passwordKind)],
    [l.credentials, credentialWords(locale, a.credentials)],
    [l.mustChange, yesNo(a.mustChangePassword)],
    [l.email, a.email ?? ''],
    [l.blocked, a.blockedAt ? `${when(a.blockedAt)} ${a.blockedReason ?? ''}` : l.no],
    [l.lastLogin, when(a.lastLoginAt)],
    [l.created, when(a.createdAt)],
  ];
}

function coAccountRow(l: Labels, locale: Locale, c: PersonalData['coAccounts'][number]): Row {
  return [
    fill(l.parent, { slot: c.slot }),
    [
      c.email ?? '',
      `${l.state}: ${valueWord(locale, 'state', c.state)}`,
      `${l.credentials}: ${credentialWords(locale, c.credentials) || '—'}`,
      c.agreementAcceptedAt
        ? `${l.agreement} ${c.agreementVersion ?? ''} ${when(c.agreementAcceptedAt)}`
        : '',
      `${l.lastLogin}: ${when(c.lastLoginAt)}`,
    ]
      .filter(Boolean)
      .join(' · '),
  ];
}
