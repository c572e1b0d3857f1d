import type { AppContext } from '../../context.js';
import type { Database, Trx } from '../../db/database.js';
import { AppError } from '../../platform/errors/index.js';
import { answerUniformly, oneTimeLinks } from '../../platform/one-time-links/index.js';
import {
  adminInvitationMail,
  adminJoinMail,
  adminPasswordChangedMail,
  adminResetMail,
} from '../../platform/mail/index.js';
import { firstLocale } from '../../platform/mail/index.js';
import { enqueueMail } from '../../platform/mail/index.js';
import type { MailLocale } from '../../platform/mail/index.js';
import {
  ADMIN_RESET_IP_POLICY,
  adminKey,
  adminResetIpKey,
  clearName,
  lockedUntil,
  SCHOOL_INVITATION_POLICY,
  schoolInvitationsKey,
  windowAdmit,
} from '../../platform/throttles/index.js';
import { adminPasswordError, adminPasswordProblems } from './password-rules.js';
import * as sessions from '../auth/index.js';
import { upsertMembership } from '../institutions/index.js';
import * as repo from './repository.js';
import type { JoinLinkInfo, PasswordLinkInfo, PasswordResetBody } from './schemas.js';

// Links that let a school admin set her own password: the invitation a school sends to a new
// admin, and the "forgot password" link. Both are 256-bit tokens stored only as a hash, single
// use, and superseded by the next link for the same admin. No link ever logs anyone in.

export const INVITE_VALID_DAYS = 7;
export const RESET_VALID_MINUTES = 60;
/**
 * Link mails per recipient per hour, whatever they are for (invitation, join invitation, reset):
 * a reset request over it is answered the same and sends nothing; a school's (re)sending over it
 * gets a 429 and sends nothing. Counted under the recipient's row lock, so no burst gets past it.
 */
export const MAX_LINK_MAILS_PER_HOUR = 5;
const HOUR_MS = 3_600_000;

const ANSWER: Record<MailLocale, string> = {
  nl: 'Als er een beheerdersaccount met dit e-mailadres bestaat, ontvang je binnen enkele minuten een e-mail met een link om een nieuw wachtwoord in te stellen. Niets ontvangen? Kijk ook in je map met ongewenste mail.',
  fr: "Si un compte d'administrateur existe pour cette adresse e-mail, vous recevrez dans quelques minutes un e-mail avec un lien pour choisir un nouveau mot de passe. Rien reçu ? Vérifiez aussi vos courriers indésirables.",
  en: 'If an admin account exists for this e-mail address, you will receive an e-mail with a link to set a new password within a few minutes. Nothing arrived? Check your spam folder too.',
};

const links = oneTimeLinks(
  'This link is no longer valid: it expired, was already used, or a newer link was sent. Ask for a new one.',
);

const loginUrl = (ctx: AppContext) => `${ctx.config.publicBaseUrl}/login`;

const secondsUntil = (until: Date, now: Date) =>
  Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));

const minutes = (seconds: number) => Math.ceil(seconds / 60);

/** The 429 of a school's (re)sending over a mail limit: nothing was stored or sent. */
function tooManyMails(scope: 'recipient' | 'school', seconds: number): AppError {
  const m = minutes(seconds);
  const detail =
    scope === 'recipient'
      ? {
          nl: `Naar dit e-mailadres zijn het afgelopen uur al ${MAX_LINK_MAILS_PER_HOUR} links gestuurd. Er is niets verstuurd; probeer het over ${m} minuut/minuten opnieuw.`,
          fr: `${MAX_LINK_MAILS_PER_HOUR} liens ont déjà été envoyés à cette adresse e-mail au cours de la dernière heure. Rien n'a été envoyé ; réessayez dans ${m} minute(s).`,
          en: `${MAX_LINK_MAILS_PER_HOUR} links have been sent to this e-mail address in the past hour already. Nothing was sent; try again in ${m} minute(s).`,
        }
      : {
          nl: `Deze school heeft het afgelopen uur al ${SCHOOL_INVITATION_POLICY.maxFailures} uitnodigingen verstuurd. Er is niets verstuurd; probeer het over ${m} minuut/minuten opnieuw.`,
          fr: `Cette école a déjà envoyé ${SCHOOL_INVITATION_POLICY.maxFailures} invitations au cours de la dernière heure. Rien n'a été envoyé ; réessayez dans ${m} minute(s).`,
          en: `This school has sent ${SCHOOL_INVITATION_POLICY.maxFailures} invitations in the past hour already. Nothing was sent; try again in ${m} minute(s).`,
        };
  return new AppError('too_many_requests', detail, undefined, { retryAfterSeconds: seconds });
}

/**
 * Locks the recipient's row and answers when the next link mail to them is allowed: null when
 * now (fewer than MAX_LINK_MAILS_PER_HOUR in the past hour: resets, or the invitation and join
 * mails of school `institutionId`). The lock holds until the caller's transaction ends, so
 * parallel requests (on any instance) see each other's links.
 */
async function mailBlockedUntil(
  trx: Trx,
  adminUserId: string,
  now: Date,
  institutionId: string | null,
): Promise<Date | null> {
  await repo.lockAdmin(trx, adminUserId);
  const since = new Date(now.getTime() - HOUR_MS);
  // Resets and a school's invitations are counted apart: invitations sent to someone's address
  // (by any school) must never hold up her own password resets.
  const recent = institutionId
    ? await repo.recentInvitationLinks(trx, adminUserId, institutionId, since)
    : await repo.recentResetLinks(trx, adminUserId, since);
  if (recent.count < MAX_LINK_MAILS_PER_HOUR) return null;
  return new Date((recent.oldest ?? now).getTime() + HOUR_MS);
}

/**
 * The limits on a school's invitation and join mails, in the caller's transaction (so a refusal
 * or a later error rolls the count back): this school's links to the recipient (apart from
 * her resets), then the school's own hourly cap (windowAdmit: race-free across instances). Over either: 429.
 */
async function admitInvitationMail(
  trx: Trx,
  adminUserId: string,
  institutionId: string,
  now: Date,
): Promise<void> {
  const blocked = await mailBlockedUntil(trx, adminUserId, now, institutionId);
  if (blocked) throw tooManyMails('recipient', secondsUntil(blocked, now));
  const key = schoolInvitationsKey(institutionId);
  if (!(await windowAdmit(trx, key, SCHOOL_INVITATION_POLICY, now))) {
    const until =
      (await lockedUntil(trx, [key], now)) ??
      new Date(now.getTime() + SCHOOL_INVITATION_POLICY.windowMs);
    throw tooManyMails('school', secondsUntil(until, now));
  }
}

/** Stores a new link of `purpose` (only its hash); the token it returns goes only into the mail. */
async function storeLink(
  trx: Database,
  link: {
    purpose: repo.AdminLinkPurpose;
    admin: { id: string; email: string };
    institutionId: string | null;
    now: Date;
    expiresAt: Date;
  },
): Promise<string> {
  const { token, hash } = links.issue();
  await repo.insertLink(trx, {
    token_hash: hash,
    purpose: link.purpose,
    admin_user_id: link.admin.id,
    institution_id: link.institutionId,
    email: link.admin.email,
    now: link.now,
    expires_at: link.expiresAt,
  });
  return token;
}

/**
 * Supersedes the admin's open links, stores a new invitation (hashed) and queues the mail, all
 * in the caller's transaction: the mail exists if and only if the change was committed. Over the
 * per-recipient or the school's mail limit it throws the 429 and stores and sends nothing.
 */
export async function issueInvitation(
  trx: Trx,
  ctx: AppContext,
  user: { id: string; email: string; name: string },
  school: { id: string; name: string; locale: string },
  role: 'admin' | 'helpdesk',
): Promise<Date> {
  const now = ctx.now();
  await admitInvitationMail(trx, user.id, school.id, now);
  const expiresAt = new Date(now.getTime() + INVITE_VALID_DAYS * 24 * 3_600_000);
  await repo.revokeLinks(trx, user.id, now);
  const token = await storeLink(trx, {
    purpose: repo.INVITE_PURPOSE,
    admin: user,
    institutionId: school.id,
    now,
    expiresAt,
  });
  const mail = adminInvitationMail(firstLocale(school.locale), {
    schoolName: school.name,
    name: user.name,
    email: user.email,
    role,
    link: `${ctx.config.publicBaseUrl}/beheer/uitnodiging/${token}`,
    validDays: INVITE_VALID_DAYS,
  });
  await enqueueMail(trx, ctx, { template: 'admin_invitation', to: user.email, ...mail });
  return expiresAt;
}

/**
 * Asks an existing user to join a school (they are not added until they accept): stores what the
 * school typed, supersedes this school's earlier join links for them and mails a link to the
 * address they log in with, in the caller's transaction. Their other links stay valid.
 */
export async function issueJoinInvitation(
  trx: Trx,
  ctx: AppContext,
  user: { id: string; email: string; name: string },
  school: { id: string; name: string; locale: string },
  typed: { email: string; name: string; role: 'admin' | 'helpdesk' },
) {
  const now = ctx.now();
  await admitInvitationMail(trx, user.id, school.id, now);
  const invitation = await repo.upsertJoinInvitation(trx, {
    institution_id: school.id,
    admin_user_id: user.id,
    ...typed,
    now,
  });
  await repo.revokeJoinLinks(trx, user.id, school.id, now);
  const token = await storeLink(trx, {
    purpose: repo.JOIN_PURPOSE,
    admin: user,
    institutionId: school.id,
    now,
    expiresAt: new Date(now.getTime() + INVITE_VALID_DAYS * 24 * 3_600_000),
  });
  const mail = adminJoinMail(firstLocale(school.locale), {
    schoolName: school.name,
    name: user.name,
    email: user.email,
    role: typed.role,
    link: `${ctx.config.publicBaseUrl}/beheer/lidmaatschap/${token}`,
    validDays: INVITE_VALID_DAYS,
  });
  await enqueueMail(trx, ctx, { template: 'admin_join', to: user.email, ...mail });
  return invitation;
}

async function tryReset(ctx: AppContext, email: string, locale: MailLocale | undefined) {
  const user = await repo.findAdminByEmail(ctx.db, email);
  if (!user) return;
  const schoolLocale = await repo.firstSchoolLocale(ctx.db, user.id);
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await repo.lockAdmin(trx, user.id);
    if (!locked) return;
    const now = ctx.now();
    // Counted under the admin's lock, so parallel requests (on any instance) see each other's
    // links and no burst gets past the limit; only resets count here.
    if (await mailBlockedUntil(trx, locked.id, now, null)) return;
    await repo.revokeLinks(trx, locked.id, now);
    const token = await storeLink(trx, {
      purpose: repo.RESET_PURPOSE,
      admin: locked,
      // A reset concerns the person, not one of her schools (a platform admin may have none).
      institutionId: null,
      now,
      expiresAt: new Date(now.getTime() + RESET_VALID_MINUTES * 60_000),
    });
    const mail = adminResetMail(firstLocale(locale, schoolLocale), {
      name: locked.name,
      email: locked.email,
      link: `${ctx.config.publicBaseUrl}/beheer/wachtwoord/${token}`,
      validMinutes: RESET_VALID_MINUTES,
    });
    // The mail goes to the stored address, never to what was typed.
    await enqueueMail(trx, ctx, { template: 'admin_password_reset', to: locked.email, ...mail });
  });
}

/**
 * POST /auth/password-resets: always the same answer, after the same minimum time; a mail only
 * when the address belongs to an admin.
 */
export async function requestReset(
  ctx: AppContext,
  body: PasswordResetBody,
  answerLocale: MailLocale,
  ip: string,
  log: { error(obj: object, msg: string): void },
): Promise<{ status: 'accepted'; message: string }> {
  await answerUniformly(
    ctx,
    {
      ipKey: adminResetIpKey(ip),
      policy: ADMIN_RESET_IP_POLICY,
      log,
      failure: 'admin password reset request failed',
    },
    () => tryReset(ctx, body.email, body.locale),
  );
  return { status: 'accepted', message: ANSWER[body.locale ?? answerLocale] };
}

const sameAddress = (a: string | null, b: string) =>
  !!a &&
  a.replace(/[A-Z]/g, (c) => c.toLowerCase()) === b.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** An open link (as `find` looks it up) whose user still has the address it was sent to. */
async function openLink<L extends { link_email: string | null; email: string }>(
  ctx: AppContext,
  token: string,
  find: (db: Database, hash: string, now: Date) => Promise<L | undefined>,
): Promise<L> {
  const link = await find(ctx.db, links.hashOf(token), ctx.now());
  if (!link || !sameAddress(link.link_email, link.email)) throw links.invalid();
  return link;
}

export async function linkInfo(ctx: AppContext, token: string): Promise<PasswordLinkInfo> {
  const link = await openLink(ctx, token, repo.findOpenLink);
  const invite = link.purpose === repo.INVITE_PURPOSE;
  return {
    purpose: invite ? 'invite' : 'reset',
    email: link.email,
    name: link.name,
    schoolName: invite ? link.school_name : null,
    expiresAt: link.expires_at.toISOString(),
  };
}

/**
 * POST /auth/password-links/{token}: checks the rules, then consumes the link with one atomic
 * UPDATE (of concurrent submits exactly one wins), sets the password, voids the admin's other
 * links, ends her sessions and lifts a login lockout of her address. Does not log in.
 */
export async function setPassword(
  ctx: AppContext,
  token: string,
  password: string,
  locale: MailLocale,
): Promise<void> {
  const link = await openLink(ctx, token, repo.findOpenLink);
  const problems = adminPasswordProblems(password, { email: link.email, name: link.name });
  if (problems.length) {
    await links.fail(ctx.db, link.id, ctx.now());
    throw adminPasswordError(problems, locale);
  }
  const hash = await ctx.hasher.hash(password);
  await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now();
    await links.consume(trx, link.id, now);
    await repo.setPasswordHash(trx, link.admin_user_id, hash);
    await repo.revokeLinks(trx, link.admin_user_id, now);
    // A reset after a leak must lock out whoever used the old password.
    await sessions.deleteAdminSessions(trx, link.admin_user_id);
    await clearName(trx, adminKey(link.email));
    if (link.purpose === repo.RESET_PURPOSE) {
      const mail = adminPasswordChangedMail(locale, {
        name: link.name,
        email: link.email,
        loginUrl: loginUrl(ctx),
      });
      await enqueueMail(trx, ctx, { template: 'admin_password_changed', to: link.email, ...mail });
    }
  });
}

export async function joinLinkInfo(ctx: AppContext, token: string): Promise<JoinLinkInfo> {
  const link = await openLink(ctx, token, repo.findOpenJoinLink);
  return {
    email: link.email,
    schoolName: link.school_name,
    role: link.role,
    expiresAt: link.expires_at.toISOString(),
  };
}

/**
 * POST /auth/join-links/{token}: the user accepts; the link is consumed atomically and the
 * membership created with the role the school chose. Does not log in.
 */
export async function acceptJoin(ctx: AppContext, token: string): Promise<void> {
  const link = await openLink(ctx, token, repo.findOpenJoinLink);
  await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now();
    await links.consume(trx, link.id, now);
    await upsertMembership(trx, link.admin_user_id, link.institution_id, link.role, 'keep role');
    await repo.deleteJoinInvitation(trx, link.institution_id, link.admin_user_id);
  });
}
