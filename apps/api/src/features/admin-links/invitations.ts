import type { AppContext } from '../../context.js';
import type { Trx } from '../../db/database.js';
import { AppError } from '../../platform/errors/index.js';
import { adminInvitationMail, adminJoinMail } from '../../platform/mail/index.js';
import { firstLocale } from '../../platform/mail/index.js';
import { enqueueMail } from '../../platform/mail/index.js';
import {
  lockedUntil,
  SCHOOL_INVITATION_POLICY,
  schoolInvitationsKey,
  windowAdmit,
} from '../../platform/throttles/index.js';
import { upsertMembership } from '../institutions/index.js';
import * as repo from './repository.js';
import type { JoinLinkInfo } from './schemas.js';
import {
  links,
  mailBlockedUntil,
  openLink,
  secondsUntil,
  storeLink,
  MAX_LINK_MAILS_PER_HOUR,
} from './links.js';

// The invitations a school sends: to a new admin (who sets a first password through the link)
// and to an existing user to join the school (added when they accept). The link flow they share
// with the password reset is in links.ts.

export const INVITE_VALID_DAYS = 7;

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
