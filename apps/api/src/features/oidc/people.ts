import { createHmac, hkdfSync } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { AppRow, CoAccountRow } from '../../db/types.js';
import { brusselsDate } from '../../platform/time/index.js';
import { refusal, type AccessRefusal } from '../apps/index.js';
import * as coRepo from '../co-accounts/index.js';
import { registeredEmail } from '../co-accounts/index.js';
import { memo, remember } from './request-memo.js';

// The people behind OpenID Connect account ids. A student is `s.<studentId>`, a parent is
// `p.<studentId>.<slot>` (the co-account slot of that child). The id never leaves the server
// for pairwise apps: they see an HMAC of it per app (pairwiseSubject).

export interface Person {
  accountId: string;
  role: 'student' | 'parent';
  slot: number | null;
  subject: coRepo.SubjectRow;
  coAccount: CoAccountRow | undefined;
}

const ID_RE = /^(s|p)\.([0-9a-f-]{36})(?:\.([1-9]))?$/;

export const accountIdOf = (studentId: string, slot: number | null) =>
  slot === null ? `s.${studentId}` : `p.${studentId}.${slot}`;

/** The person, if the account still exists and may sign in (active, co-account active). */
export function findPerson(ctx: AppContext, accountId: string): Promise<Person | undefined> {
  return memo(personKey(accountId), () => readPerson(ctx, accountId));
}

const personKey = (accountId: string) => `person:${accountId}`;

/**
 * The person who just logged in to the portal, from the rows the login read (with the last login
 * it wrote), as findPerson would read them now: the rest of the request asks findPerson without
 * reading again. Only rows that pass readPerson's checks (an account with a username that may
 * sign in; for a parent, that child's active co-account) are remembered; the person, or
 * undefined when they do not pass (findPerson then reads, and decides, itself).
 */
export function rememberPerson(rows: {
  subject: coRepo.SubjectRow;
  coAccount: CoAccountRow | undefined;
}): Person | undefined {
  const { subject, coAccount } = rows;
  if (coAccount && coAccount.student_id !== subject.student_id) return undefined;
  const slot = coAccount ? coAccount.slot : null;
  const person = personOf(accountIdOf(subject.student_id, slot), slot, subject, coAccount);
  if (person) remember(personKey(person.accountId), person);
  return person;
}

async function readPerson(ctx: AppContext, accountId: string): Promise<Person | undefined> {
  const m = ID_RE.exec(accountId);
  if (!m || (m[1] === 'p') !== (m[3] !== undefined)) return undefined;
  const studentId = m[2]!;
  const slot = m[3] ? Number(m[3]) : null;
  const subject = await coRepo.findSubjectByStudentId(ctx.db, studentId, brusselsDate(ctx.now()));
  if (!subject?.username || subject.status !== 'active') return undefined;
  const coAccount = slot === null ? undefined : await coRepo.findRow(ctx.db, studentId, slot);
  return personOf(accountId, slot, subject, coAccount);
}

/** The person of these rows, if they may sign in (what findPerson checks). */
function personOf(
  accountId: string,
  slot: number | null,
  subject: coRepo.SubjectRow | undefined,
  coAccount: CoAccountRow | undefined,
): Person | undefined {
  if (!subject?.username || subject.status !== 'active') return undefined;
  // A slot past the school's number of co-accounts is closed (the school lowered it).
  if (slot !== null && (coAccount?.state !== 'active' || slot > subject.co_account_slots))
    return undefined;
  return { accountId, role: slot === null ? 'student' : 'parent', slot, subject, coAccount };
}

/**
 * The person of a portal session, from the row that read the session with its student and
 * co-account (coRepo.findSessionSubject): findPerson's answer in this request, without reading
 * them again (unless findPerson already has one).
 */
export function personOfSession(
  accountId: string,
  slot: number | null,
  row: coRepo.SessionSubjectRow,
): Promise<Person | undefined> {
  return memo(personKey(accountId), () =>
    Promise.resolve(personOf(accountId, slot, coRepo.subjectOf(row), coRepo.coAccountOf(row))),
  );
}

export function appRefusal(
  ctx: AppContext,
  app: AppRow,
  person: Person,
): Promise<AccessRefusal | null> {
  return memo(`refusal:${app.id}:${person.accountId}`, () =>
    refusal(ctx, app, {
      institutionId: person.subject.institution_id,
      role: person.role,
      group: person.subject.group_name,
    }),
  );
}

/**
 * Pairwise subject: HMAC-SHA-256 over (client id, account id) under a key derived from
 * CREDENTIALS_KEY. Stable per app, unrelated across apps; CREDENTIALS_KEY must never change
 * (it already seals reprintable passwords).
 */
export function pairwiseSubjects(credentialsKey: Buffer) {
  const key = Buffer.from(
    hkdfSync('sha256', credentialsKey, Buffer.alloc(0), 'schoolloket oidc pairwise subject', 32),
  );
  return (clientId: string, accountId: string) =>
    createHmac('sha256', key).update(`${clientId}\0${accountId}`).digest('base64url');
}

/** Claims per scope (see provider.ts `claims`); `sub` is replaced by the provider for pairwise apps. */
export function claimsOf(
  person: Person,
  scopes: Set<string>,
  childSubject: string,
): Record<string, unknown> {
  const s = person.subject;
  const claims: Record<string, unknown> = { sub: person.accountId };
  if (scopes.has('profile')) {
    claims.preferred_username = s.username;
    if (person.role === 'student') {
      claims.name = `${s.first_name} ${s.last_name}`.trim();
      claims.given_name = s.first_name;
      claims.family_name = s.last_name;
    }
  }
  if (scopes.has('email')) {
    if (person.role === 'student') {
      // Students type their own address in the portal; nobody confirmed it.
      if (s.account_email) Object.assign(claims, { email: s.account_email, email_verified: false });
    } else {
      // A parent activated the co-account through a link mailed to the registered address.
      const email = registeredEmail(s.parent_emails, person.slot!) ?? person.coAccount?.email;
      if (email) Object.assign(claims, { email, email_verified: true });
    }
  }
  if (scopes.has('school')) {
    claims.school = { id: s.institution_id, name: s.school_name };
    claims.group = s.group_name;
    claims.role = person.role;
    if (person.role === 'parent') {
      claims.child = { sub: childSubject, given_name: s.first_name };
    }
  }
  return claims;
}
