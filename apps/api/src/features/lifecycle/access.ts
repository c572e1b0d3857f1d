import type { Actor, AppContext } from '../../context.js';
import { assertId, notFound } from '../../platform/errors/index.js';
import { allEvents, record } from '../history/index.js';
import { getById } from '../institutions/index.js';
import * as repo from './repository.js';
import type { PersonalData } from './schemas.js';

// The access right: everything the installation holds on one student and its co-accounts, as
// data. Credentials are named (which exist), never given: no hash, sealed secret or token.

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const person = (slot: number | null) => (slot === null ? 'student' : `parent ${slot}`);
const personOf = (accountId: string) =>
  accountId.startsWith('p.') ? `parent ${accountId.split('.').pop()}` : 'student';

function elsewhere(ctx: AppContext): string[] {
  const r = ctx.config.retention;
  return [
    `outbox: mails to the parents (address and text, sealed) until sent, then ${r.outboxDays} day(s)`,
    `imports: rows of an import preview (names, birth date, e-mails) until ${r.importsDays} day(s) after it was committed or dropped`,
    `idempotency: the sealed answer of an account creation (passwords) until ${r.idempotencyDays} day(s) after its 24 hours`,
    `sessions and app sign-ins: until ${r.sessionsDays} / ${r.oidcDays} day(s) after they end`,
  ];
}

export async function personalData(
  ctx: AppContext,
  iid: string,
  sid: string,
  actor: Actor,
  format: 'json' | 'pdf',
): Promise<PersonalData> {
  assertId(sid, 'Student');
  const rows = await repo.personalRows(ctx.db, iid, sid);
  if (!rows) throw notFound('Student');
  const [school, events] = await Promise.all([getById(ctx.db, iid), allEvents(ctx.db, iid, sid)]);
  const now = ctx.now();
  // Logged before it is handed out: a download that fails afterwards still counts as seen.
  await record(
    ctx.db,
    actor,
    iid,
    [{ studentId: sid, kind: 'access_exported', detail: { format } }],
    now,
  );
  return {
    generatedAt: now.toISOString(),
    school: { id: iid, name: school.name },
    student: studentOf(rows.student),
    account: rows.account ? accountOf(rows.account) : null,
    ...credentialsOf(rows),
    ...signInsOf(rows),
    history: events.map((e) => ({
      kind: e.kind,
      actor: { kind: e.actor_kind, name: e.actor_name },
      detail: e.detail,
      createdAt: e.created_at.toISOString(),
    })),
    elsewhere: elsewhere(ctx),
  };
}

type PersonalRows = NonNullable<Awaited<ReturnType<typeof repo.personalRows>>>;

function studentOf(s: PersonalRows['student']): PersonalData['student'] {
  return {
    id: s.id,
    stamnummer: s.stamnummer,
    firstName: s.first_name,
    lastName: s.last_name,
    officialFirstName: s.official_first_name,
    officialLastName: s.official_last_name,
    gender: s.gender,
    birthDate: s.birth_date,
    group: s.group_name,
    enrolledUntil: s.enrolled_until,
    keepUntil: s.keep_until,
    parentEmails: s.parent_emails,
    locale: s.locale,
    createdAt: s.created_at.toISOString(),
    updatedAt: s.updated_at.toISOString(),
  };
}

function accountOf(a: NonNullable<PersonalRows['account']>): PersonalData['account'] {
  return {
    username: a.username,
    type: a.type,
    passwordKind: a.password_kind,
    credentials: ['password_hash', ...(a.has_secret ? ['sealed_secret'] : [])],
    mustChangePassword: a.must_change,
    temporaryExpiresAt: iso(a.temporary_expires_at),
    email: a.email,
    blockedAt: iso(a.blocked_at),
    blockedReason: a.blocked_reason,
    createdAt: a.created_at.toISOString(),
    updatedAt: a.updated_at.toISOString(),
    lastLoginAt: iso(a.last_login_at),
  };
}

/** The usernames the student had, and the parents' co-accounts. */
function credentialsOf(rows: PersonalRows): Pick<PersonalData, 'usernames' | 'coAccounts'> {
  return {
    usernames: rows.usernames.map((u) => ({
      username: u.username,
      issuedAt: iso(u.issued_at),
      releasedAt: iso(u.released_at),
    })),
    coAccounts: rows.coAccounts.map((c) => ({
      slot: c.slot,
      email: c.email,
      state: c.state,
      credentials: c.has_password ? ['password_hash'] : [],
      invitedAt: iso(c.invited_at),
      activatedAt: iso(c.activated_at),
      passwordChangedAt: iso(c.password_changed_at),
      agreementVersion: c.agreement_version,
      agreementAcceptedAt: iso(c.agreement_accepted_at),
      lastLoginAt: iso(c.last_login_at),
      revokedAt: iso(c.revoked_at),
      createdAt: iso(c.created_at),
    })),
  };
}

/** Portal sessions, mailed links and app sign-ins. */
function signInsOf(rows: PersonalRows): Pick<PersonalData, 'sessions' | 'links' | 'appSignIns'> {
  return {
    sessions: rows.sessions.map((x) => ({
      person: person(x.co_account_slot),
      createdAt: iso(x.created_at),
      lastSeenAt: iso(x.last_seen_at),
      expiresAt: iso(x.expires_at),
      userAgent: x.user_agent,
    })),
    links: rows.links.map((l) => ({
      purpose: l.purpose,
      slot: l.slot,
      email: l.email,
      createdAt: iso(l.created_at),
      expiresAt: iso(l.expires_at),
      usedAt: iso(l.used_at),
      revokedAt: iso(l.revoked_at),
    })),
    appSignIns: rows.grants.map((g) => ({
      person: personOf(g.account_id),
      clientId: g.client_id,
      expiresAt: iso(g.expires_at),
    })),
  };
}
