import type { AppContext } from '../../context.js';
import { tokenHash } from '../../platform/security/index.js';
import { brusselsDate } from '../../platform/time/index.js';
import { aliveSession } from '../auth/index.js';
import * as coRepo from '../co-accounts/index.js';
import type { PortalSignedIn } from '../portal/index.js';
import { accountIdOf, personOfSession, rememberPerson, type Person } from './people.js';
import { memo, remember } from './request-memo.js';

// Who is signed in to the portal with a cookie, as an app sign-in asks it (the interaction's
// checks, the provider's login check): the session read with its person in one statement, once
// per request, or what this request's own portal login already knows.

export interface PortalAccount {
  accountId: string;
  mustChangePassword: boolean;
  loginAt: Date;
}

const portalKey = (token: string) => `portal:${token}`;

/** The account signed in to the portal with this cookie, whatever it still has to do. */
export async function portalAccount(
  ctx: AppContext,
  token: string | undefined,
): Promise<PortalAccount | undefined> {
  if (!token) return undefined;
  return memo(portalKey(token), () => readPortalAccount(ctx, token));
}

/**
 * The portal login of this request (its session cookie `token`, and whom it signed in), as
 * portalAccount and findPerson would read them: the session was created a moment ago (alive,
 * untouched), and the person is the rows the login read and wrote (see rememberPerson).
 */
export function rememberPortalLogin(token: string, signedIn: PortalSignedIn): void {
  const person = rememberPerson(signedIn);
  if (!person) return;
  remember<PortalAccount>(portalKey(token), {
    accountId: person.accountId,
    mustChangePassword: mustChangePassword(person),
    loginAt: signedIn.loginAt,
  });
}

const mustChangePassword = (person: Person) => person.slot === null && !!person.subject.must_change;

// The portal session and the person (findPerson checks what the portal's principal checks: an
// active account, an active co-account), read together, once per request.
async function readPortalAccount(ctx: AppContext, token: string) {
  const row = await coRepo.findSessionSubject(ctx.db, tokenHash(token), brusselsDate(ctx.now()));
  const session = await aliveSession(ctx, 'portal', row && sessionOf(row));
  if (!row || !session?.student_id) return undefined;
  const accountId = accountIdOf(session.student_id, session.co_account_slot);
  const person = await personOfSession(accountId, session.co_account_slot, row);
  if (!person) return undefined;
  return {
    accountId: person.accountId,
    mustChangePassword: mustChangePassword(person),
    // The portal login this session began with: the ID token's auth_time.
    loginAt: session.created_at,
  };
}

/** The session's columns of a findSessionSubject row. */
const sessionOf = (row: coRepo.SessionSubjectRow) => ({
  id: row.session_id,
  kind: row.session_kind,
  student_id: row.session_student_id,
  co_account_slot: row.session_co_account_slot,
  created_at: row.session_created_at,
  last_seen_at: row.session_last_seen_at,
  expires_at: row.session_expires_at,
});
