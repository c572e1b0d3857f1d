import type { Locale } from '@schoolloket/core';
import type { AppContext } from '../../context.js';
import { answerUniformly } from '../../platform/one-time-links/index.js';
import { adminPasswordChangedMail, adminResetMail } from '../../platform/mail/index.js';
import { firstLocale } from '../../platform/mail/index.js';
import { enqueueMail } from '../../platform/mail/index.js';

import {
  ADMIN_RESET_IP_POLICY,
  adminKey,
  adminResetIpKey,
  clearName,
} from '../../platform/throttles/index.js';
import { adminPasswordError, adminPasswordProblems } from './password-rules.js';
import * as sessions from '../auth/index.js';
import * as repo from './repository.js';
import type { PasswordLinkInfo, PasswordResetBody } from './schemas.js';
import { links, loginUrl, mailBlockedUntil, openLink, storeLink } from './links.js';

// The "forgot password" link (asked for with an address, always the same answer) and setting a
// password through an admin link, the reset's or the invitation's (invitations.ts): a link never
// logs anyone in. What the links share is in links.ts.

export const RESET_VALID_MINUTES = 60;

const ANSWER: Record<Locale, string> = {
  nl: 'Als er een beheerdersaccount met dit e-mailadres bestaat, ontvang je binnen enkele minuten een e-mail met een link om een nieuw wachtwoord in te stellen. Niets ontvangen? Kijk ook in je map met ongewenste mail.',
  fr: "Si un compte d'administrateur existe pour cette adresse e-mail, vous recevrez dans quelques minutes un e-mail avec un lien pour choisir un nouveau mot de passe. Rien reçu ? Vérifiez aussi vos courriers indésirables.",
  en: 'If an admin account exists for this e-mail address, you will receive an e-mail with a link to set a new password within a few minutes. Nothing arrived? Check your spam folder too.',
};

async function tryReset(ctx: AppContext, email: string, locale: Locale | undefined) {
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
  answerLocale: Locale,
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
  locale: Locale,
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

// The join invitation's link (open, accept) is with the invitations; the routes reach it here.
export { acceptJoin, joinLinkInfo } from './invitations.js';
