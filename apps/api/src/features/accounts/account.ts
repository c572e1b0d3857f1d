import { canonicalUsername } from '@schoolloket/core';
import type { Actor, AppContext } from '../../context.js';
import type { Database, Trx } from '../../db/database.js';
import type { AccountType } from '../../db/types.js';
import { AppError, assertId, notFound } from '../../platform/errors/index.js';
import * as history from '../history/index.js';
import * as studentsRepo from '../students/index.js';
import { rowToAccount, today } from '../students/index.js';
import {
  kindFor,
  makeSecret,
  pictureSettings,
  sealSecret,
  shownSecret,
  type Secret,
} from './credentials.js';
import * as institutionsRepo from '../institutions/index.js';
import { hashInput } from '../../platform/security/index.js';
import * as repo from './repository.js';
import * as sessions from '../auth/index.js';
import { endAppSignIns, endAppSignInsOfStudent, oidcAccountId } from '../oidc/index.js';
import type { NewPasswordBody, PatchAccountBody } from './schemas.js';
import { usernameError } from './proposals.js';

async function accountOrThrow(db: Database, iid: string, sid: string) {
  assertId(sid, 'Student');
  const account = await repo.findAccount(db, iid, sid);
  if (!account) throw notFound('Account');
  return account;
}

async function lockedAccountOrThrow(trx: Trx, iid: string, sid: string) {
  assertId(sid, 'Student');
  const account = await repo.lockAccount(trx, iid, sid);
  if (!account) throw notFound('Account');
  return account;
}

async function statusOf(ctx: AppContext, iid: string, sid: string) {
  const row = await studentsRepo.findStudent(ctx.db, iid, sid, today(ctx));
  return row!.status;
}

export async function detail(ctx: AppContext, iid: string, sid: string) {
  const account = await accountOrThrow(ctx.db, iid, sid);
  return rowToAccount(account, await statusOf(ctx, iid, sid), ctx.now());
}

/**
 * Sets a fresh secret on an account (inside the caller's transaction). Whoever held the old one
 * is signed out: the student's portal sessions and app sign-ins end.
 */
async function applySecret(
  ctx: AppContext,
  trx: Database,
  sid: string,
  type: AccountType,
  secret: Secret,
  institution: { temporary_password_days: number },
) {
  const now = ctx.now();
  await sessions.deleteStudentSessions(trx, sid);
  await endAppSignIns(trx, oidcAccountId(sid, null));
  return repo.updateAccount(trx, sid, {
    type,
    password_kind: secret.kind,
    password_hash: await ctx.hasher.hash(hashInput(secret)),
    secret_enc: sealSecret((a, b) => ctx.secrets.seal(a, b), sid, secret),
    must_change: secret.kind === 'temporary',
    temporary_expires_at:
      secret.kind === 'temporary'
        ? new Date(now.getTime() + institution.temporary_password_days * 86_400_000)
        : null,
    updated_at: now,
  });
}

/** A password kind the account type cannot have: 400 bad_password_kind. */
function assertKind<K>(kind: K | { error: string }): asserts kind is K {
  if (typeof kind === 'object' && kind !== null && 'error' in kind)
    throw new AppError('validation_failed', kind.error, [
      { path: 'body.passwordKind', message: kind.error, code: 'bad_password_kind', params: {} },
    ]);
}

function secretOrThrow(
  kind: ReturnType<typeof kindFor>,
  pictureLength: number,
  supplied: { password?: string; pictures?: string[] },
): Secret {
  assertKind(kind);
  const made = makeSecret(kind, pictureSettings(pictureLength), supplied);
  if ('errors' in made) {
    throw new AppError(
      'unprocessable',
      made.errors.map((e) => e.message).join(' '),
      made.errors.map((e) => ({
        path: `body.${e.field}`,
        message: e.message,
        code: `password_${e.code}`,
      })),
    );
  }
  return made.secret;
}

type Institution = Awaited<ReturnType<typeof institutionsRepo.getById>>;
type Account = Awaited<ReturnType<typeof lockedAccountOrThrow>>;

/**
 * Runs `change` on the locked account in one transaction; answers the account as it is after,
 * with the secret the change made (if any) shown once.
 */
async function changeAccount(
  ctx: AppContext,
  iid: string,
  sid: string,
  change: (trx: Trx, account: Account, institution: Institution) => Promise<Secret | undefined>,
) {
  const institution = await institutionsRepo.getById(ctx.db, iid);
  const secret = await ctx.db
    .transaction()
    .execute(async (trx) => change(trx, await lockedAccountOrThrow(trx, iid, sid), institution));
  return {
    account: await detail(ctx, iid, sid),
    ...shownSecret(secret),
  };
}

/** Change username (the old one stays reserved), type or password kind. */
export function patch(
  ctx: AppContext,
  iid: string,
  sid: string,
  actor: Actor,
  body: PatchAccountBody,
) {
  return changeAccount(ctx, iid, sid, async (trx, account, institution) => {
    const now = ctx.now();
    const events: Parameters<typeof history.record>[3] = [];
    let secret: Secret | undefined;
    if (body.username !== undefined) {
      const username = canonicalUsername(body.username);
      if (username !== account.username) {
        const err = usernameError('body.username', username);
        if (err) throw new AppError('unprocessable', undefined, [err]);
        if (!(await repo.claimUsername(trx, username, iid, sid, now))) {
          throw new AppError('unprocessable', undefined, [
            { path: 'body.username', message: 'taken', code: 'username_taken', params: {} },
          ]);
        }
        await repo.updateAccount(trx, sid, { username, updated_at: now });
        await repo.releaseUsername(trx, account.username, now);
        events.push({
          studentId: sid,
          kind: 'username_changed',
          detail: { from: account.username, to: username },
        });
      }
    }
    const type = body.type ?? account.type;
    // A kind the resulting type cannot have is refused, before anything changes (found by an
    // outside review: `picture` for an advanced account replaced the student's own password with
    // a new temporary one, or did nothing while it still had its temporary one).
    if (body.passwordKind !== undefined) assertKind(kindFor(type, body.passwordKind));
    const currentKind = account.password_kind;
    const wantKind =
      type === 'advanced'
        ? 'temporary'
        : (body.passwordKind ??
          (currentKind === 'picture' || currentKind === 'word'
            ? currentKind
            : institution.basic_password_kind));
    if (type !== account.type || (body.passwordKind !== undefined && wantKind !== currentKind)) {
      secret = secretOrThrow(kindFor(type, wantKind), institution.picture_password_length, {});
      await applySecret(ctx, trx, sid, type, secret, institution);
      events.push({
        studentId: sid,
        kind: type !== account.type ? 'type_changed' : 'password_regenerated',
        detail: { from: account.type, to: type, passwordKind: secret.kind },
      });
    }
    await history.record(trx, actor, iid, events, now);
    return secret;
  });
}

export function newPassword(
  ctx: AppContext,
  iid: string,
  sid: string,
  actor: Actor,
  body: NewPasswordBody,
) {
  return changeAccount(ctx, iid, sid, async (trx, account, institution) => {
    const fallbackKind =
      account.type === 'advanced'
        ? 'temporary'
        : account.password_kind === 'word'
          ? 'word'
          : 'picture';
    const s = secretOrThrow(
      kindFor(account.type, body.passwordKind ?? fallbackKind),
      institution.picture_password_length,
      { password: body.password, pictures: body.pictures },
    );
    await applySecret(ctx, trx, sid, account.type, s, institution);
    // A returning student's account, held since the re-enrolment, opens with the new password.
    const released = account.blocked_reason === repo.RETURNING_REASON;
    if (released) await repo.updateAccount(trx, sid, { blocked_at: null, blocked_reason: null });
    await history.record(
      trx,
      actor,
      iid,
      [
        { studentId: sid, kind: 'password_regenerated', detail: { passwordKind: s.kind } },
        ...(released ? [{ studentId: sid, kind: 'unblocked' as const, detail: {} }] : []),
      ],
      ctx.now(),
    );
    return s;
  });
}

async function endAllSignIns(trx: Trx, sid: string) {
  await sessions.deleteFamilySessions(trx, sid);
  await endAppSignInsOfStudent(trx, sid);
}

export async function setBlocked(
  ctx: AppContext,
  iid: string,
  sid: string,
  actor: Actor,
  blocked: boolean,
  reason?: string,
) {
  // Spaces around it go, and a reason of spaces alone is none (found by an outside test: an
  // empty "Reden:" in the history).
  const why = reason?.trim() || undefined;
  await ctx.db.transaction().execute(async (trx) => {
    const account = await lockedAccountOrThrow(trx, iid, sid);
    const now = ctx.now();
    if (blocked === (account.blocked_at !== null)) {
      // Blocked again with another reason (a colleague in another tab): the reason is the new
      // one, and the history says so, instead of dropping it without a word.
      if (!blocked || !why || why === account.blocked_reason) return;
      await repo.updateAccount(trx, sid, { blocked_reason: why, updated_at: now });
      await history.record(
        trx,
        actor,
        iid,
        [{ studentId: sid, kind: 'blocked', detail: { reason: why } }],
        now,
      );
      return;
    }
    await repo.updateAccount(trx, sid, {
      blocked_at: blocked ? now : null,
      blocked_reason: blocked ? (why ?? null) : null,
      updated_at: now,
    });
    // A block ends the portal sessions, app sessions and refresh tokens of the student and of
    // the parents (their access hangs on the student's account), so an unblock opens no old one.
    if (blocked) await endAllSignIns(trx, sid);
    await history.record(
      trx,
      actor,
      iid,
      [
        {
          studentId: sid,
          kind: blocked ? 'blocked' : 'unblocked',
          detail: why ? { reason: why } : {},
        },
      ],
      now,
    );
  });
  return detail(ctx, iid, sid);
}
