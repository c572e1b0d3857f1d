import type { Actor, AppContext } from '../../context.js';
import { AppError } from '../../platform/errors/index.js';
import { brusselsDate } from '../../platform/time/index.js';
import { createSession } from '../auth/index.js';
import { loginName, parentActor } from '../co-accounts/index.js';
import { studentHashInput } from '../co-accounts/index.js';
import * as coRepo from '../co-accounts/index.js';
import * as history from '../history/index.js';
import { temporaryExpired as temporaryPasswordExpired } from '../students/index.js';
import type { EventKind } from '../history/index.js';
import type { Database } from '../../db/database.js';
import type { CoAccountRow } from '../../db/types.js';
import * as repo from './repository.js';
import {
  admitted,
  guarded,
  portalGate,
  refused,
  type Gate,
} from '../../platform/throttles/index.js';
import type { PortalLoginBody, PortalLoginResult } from './schemas.js';

const LOGIN_FAILED = {
  nl: 'De gebruikersnaam of het wachtwoord is niet juist.',
  fr: "Le nom d'utilisateur ou le mot de passe n'est pas correct.",
  en: 'The username or password is not right.',
};

const TEMPORARY_EXPIRED = {
  nl: 'Je tijdelijke wachtwoord is verlopen. Vraag je leerkracht of de school om een nieuw wachtwoord.',
  fr: "Ton mot de passe temporaire a expiré. Demande un nouveau mot de passe à ton enseignant ou à l'école.",
  en: 'Your temporary password has expired. Ask your teacher or the school for a new password.',
};

type Subject = NonNullable<Awaited<ReturnType<typeof coRepo.findSubjectByUsername>>>;

/** The portal user acting on their own: the student (`slot` null) or the parent of a slot. */
function portalActor(subject: Subject, slot: number | null): Actor {
  return slot === null
    ? { kind: 'student', id: subject.student_id, name: subject.username! }
    : parentActor(subject.student_id, slot);
}

/** One event in the student's history, by the portal user themselves. */
export function recordOwn(
  db: Database,
  subject: Subject,
  slot: number | null,
  event: { kind: EventKind; detail: Record<string, unknown> },
  now: Date,
) {
  return history.record(
    db,
    portalActor(subject, slot),
    subject.institution_id,
    [{ studentId: subject.student_id, ...event }],
    now,
  );
}
type Role = { role: 'student'; slot: null } | { role: 'parent'; slot: number; row: CoAccountRow };

/**
 * Who just logged in, as the database holds them after the login (the rows it read, with the
 * last login it wrote): the app sign-in continues with them instead of reading them again.
 */
export interface PortalSignedIn {
  /** The student, with their account and school (co-accounts' SubjectRow). */
  subject: Subject;
  /** The parent's co-account row; undefined for the student. */
  coAccount: CoAccountRow | undefined;
  /** When the session began (its created_at). */
  loginAt: Date;
}

/**
 * POST /portal/login. The student's credential and every active co-account of that username are
 * verified (always 1 + the installation's largest slot count, with dummies for missing ones, so
 * neither unknown names, nor the school's slot setting, nor the number of active parents show in
 * the timing); the match decides the role.
 * Every refusal is the same 401. Refusals from a browser with a device cookie for this username
 * count against that browser only; those of untrusted clients per username and client address.
 */
export async function login(
  ctx: AppContext,
  body: PortalLoginBody,
  client: { ip: string; deviceCookie: string | undefined },
): Promise<{
  token: string;
  result: PortalLoginResult;
  deviceCookie: string;
  signedIn: PortalSignedIn;
}> {
  if ((body.password === undefined) === (body.pictures === undefined)) {
    throw new AppError('validation_failed', 'Send either a password or pictures.', [
      { path: 'body', message: 'send either password or pictures' },
    ]);
  }
  const name = loginName(body.username);
  const now = ctx.now();
  return guarded(ctx, portalGate(name, client.ip), client.deviceCookie, async (gate) => {
    const subject = name
      ? await coRepo.findSubjectByUsername(ctx.db, name, brusselsDate(now))
      : undefined;
    const match = await verifyAll(ctx, body, subject);
    const temporaryExpired =
      match?.role === 'student' && !!subject && temporaryPasswordExpired(subject, now);
    // The right password past its days is not a wrong password: the student is told, and it
    // does not count towards a lock (found by an outside review: a card first used after the
    // school's temporary-password days said "wrong password" until the username was locked).
    if (temporaryExpired && subject?.status === 'active')
      throw new AppError('temporary_password_expired', TEMPORARY_EXPIRED);
    if (!subject || !match || subject.status !== 'active' || temporaryExpired) {
      await refuse(ctx, gate, subject);
      throw new AppError('invalid_credentials', LOGIN_FAILED);
    }

    const { role, slot } = match;
    const deviceCookie = await admitted(
      ctx,
      gate,
      role === 'student' ? 's' : `p${slot}`,
      client.deviceCookie,
    );
    await recordLogin(ctx, subject, match, now);
    const sid = subject.student_id;
    const session = await createSession(ctx, 'portal', { studentId: sid, coAccountSlot: slot });
    const mustChangePassword = role === 'student' && !!subject.must_change;
    return {
      token: session.token,
      result: { role, ...(slot ? { slot } : {}), mustChangePassword },
      deviceCookie,
      // recordLogin wrote `now` as the matched credential's last login.
      signedIn:
        match.role === 'student'
          ? {
              subject: { ...subject, account_last_login_at: now },
              coAccount: undefined,
              loginAt: session.createdAt,
            }
          : {
              subject,
              coAccount: { ...match.row, last_login_at: now },
              loginAt: session.createdAt,
            },
    };
  });
}

/**
 * Verifies the secret against the student and every parent slot the installation may have, all
 * at once and as many hashes whoever asks; the first that matches (the student before parents).
 */
async function verifyAll(
  ctx: AppContext,
  body: PortalLoginBody,
  subject: Subject | undefined,
): Promise<Role | null> {
  const [rows, verifiedSlots] = await Promise.all([
    subject ? coRepo.listRows(ctx.db, [subject.student_id]) : [],
    repo.maxCoAccountSlots(ctx.db),
  ]);
  const schoolSlots = subject?.co_account_slots ?? 0;
  const secret = { password: body.password, pictures: body.pictures };
  const studentInput = studentHashInput(subject?.password_kind ?? null, secret);

  const studentCheck = subject?.password_hash
    ? ctx.hasher.verify(subject.password_hash, studentInput)
    : ctx.hasher.verifyDummy(studentInput);
  const parentChecks = Array.from({ length: verifiedSlots }, (_, i) => {
    const row =
      i < schoolSlots
        ? rows.find((r) => r.slot === i + 1 && r.state === 'active' && r.password_hash)
        : undefined;
    // Parents have text passwords only; a picture login still costs the same.
    return row && body.password !== undefined
      ? ctx.hasher.verify(row.password_hash!, body.password).then((ok) => (ok ? row : undefined))
      : ctx.hasher.verifyDummy(studentInput).then(() => undefined);
  });
  const [studentOk, ...parentOk] = await Promise.all([studentCheck, ...parentChecks]);
  if (studentOk) return { role: 'student', slot: null };
  const k = parentOk.findIndex(Boolean);
  return k === -1 ? null : { role: 'parent', slot: k + 1, row: parentOk[k]! };
}

/** Counts the refusal; when it starts a lock of the username, the student's history says so, once. */
async function refuse(ctx: AppContext, gate: Gate, subject: Subject | undefined) {
  const lock = await refused(ctx, gate);
  if (!lock || !subject) return;
  await history.record(
    ctx.db,
    { kind: 'system', id: null, name: 'Schoolloket' },
    subject.institution_id,
    [
      {
        studentId: subject.student_id,
        kind: 'login_locked',
        detail: { until: lock.until.toISOString(), scope: lock.scope },
      },
    ],
  );
}

/** The last login of the credential that matched, and a `login` event by its owner. */
async function recordLogin(ctx: AppContext, subject: Subject, { role, slot }: Role, now: Date) {
  const sid = subject.student_id;
  await ctx.db.transaction().execute(async (trx) => {
    if (role === 'student') await repo.setStudentLastLogin(trx, sid, now);
    else await coRepo.setLastLogin(trx, sid, slot, now);
    const detail = role === 'student' ? { role } : { role, slot };
    await recordOwn(trx, subject, slot, { kind: 'login', detail }, now);
  });
}
