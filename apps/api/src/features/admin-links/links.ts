import type { AppContext } from '../../context.js';
import type { Database, Trx } from '../../db/database.js';
import { oneTimeLinks } from '../../platform/one-time-links/index.js';
import * as repo from './repository.js';

// What the admin links share: the one-time link flow (a 256-bit token stored only as a hash,
// single use, superseded by the next link for the same admin), storing a link, the per-recipient
// mail limit and opening a link. The invitations are in invitations.ts, the password reset and
// setting the password in service.ts.

/**
 * Link mails per recipient per hour, whatever they are for (invitation, join invitation, reset):
 * a reset request over it is answered the same and sends nothing; a school's (re)sending over it
 * gets a 429 and sends nothing. Counted under the recipient's row lock, so no burst gets past it.
 */
export const MAX_LINK_MAILS_PER_HOUR = 5;
const HOUR_MS = 3_600_000;

export const links = oneTimeLinks(
  'This link is no longer valid: it expired, was already used, or a newer link was sent. Ask for a new one.',
);

export const loginUrl = (ctx: AppContext) => `${ctx.config.publicBaseUrl}/login`;

export const secondsUntil = (until: Date, now: Date) =>
  Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));

/**
 * Locks the recipient's row and answers when the next link mail to them is allowed: null when
 * now (fewer than MAX_LINK_MAILS_PER_HOUR in the past hour: resets, or the invitation and join
 * mails of school `institutionId`). The lock holds until the caller's transaction ends, so
 * parallel requests (on any instance) see each other's links.
 */
export async function mailBlockedUntil(
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

/** Stores a new link of `purpose` (only its hash); the token it returns goes only into the mail. */
export async function storeLink(
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

const sameAddress = (a: string | null, b: string) =>
  !!a &&
  a.replace(/[A-Z]/g, (c) => c.toLowerCase()) === b.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** An open link (as `find` looks it up) whose user still has the address it was sent to. */
export async function openLink<L extends { link_email: string | null; email: string }>(
  ctx: AppContext,
  token: string,
  find: (db: Database, hash: string, now: Date) => Promise<L | undefined>,
): Promise<L> {
  const link = await find(ctx.db, links.hashOf(token), ctx.now());
  if (!link || !sameAddress(link.link_email, link.email)) throw links.invalid();
  return link;
}
