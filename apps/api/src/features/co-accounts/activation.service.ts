import type { Locale } from '@schoolloket/core';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/database.js';
import { AppError } from '../../platform/errors/index.js';
import { brusselsDate } from '../../platform/time/index.js';
import * as history from '../history/index.js';

import {
  clearName,
  guarded,
  linkKey,
  portalGate,
  refused,
  trustBrowserIfContested,
  type GateSpec,
} from '../../platform/throttles/index.js';
import { agreementFor } from './agreement.js';
import { collidesWithFamily, newPasswordError, passwordRuleError } from './credentials.js';
import * as sessions from '../auth/index.js';
import { endAppSignIns, oidcAccountId } from '../oidc/index.js';
import { links } from './links.js';
import * as repo from './repository.js';
import type { ActivationInfo } from './schemas.js';
import { mayMailPasswordLink, registeredEmail, sameEmail, slotState } from './slots.js';
import { mailPasswordSet, parentActor, portalLoginUrl } from './parent.js';

const invalidLink = () => links.invalid();

/** An open token whose slot still has the address it was sent to, on a child who can log in. */
async function openLink(ctx: AppContext, token: string) {
  const now = ctx.now();
  const link = await repo.findOpenToken(ctx.db, links.hashOf(token), now);
  if (!link?.student_id || !link.slot) throw invalidLink();
  const subject = await repo.findSubjectByStudentId(ctx.db, link.student_id, brusselsDate(now));
  if (!subject?.username || subject.status !== 'active' || link.slot > subject.co_account_slots)
    throw invalidLink();
  const registered = registeredEmail(subject.parent_emails, link.slot);
  if (!sameEmail(registered, link.email)) throw invalidLink();
  const row = await repo.findRow(ctx.db, link.student_id, link.slot);
  const state = slotState(row, registered);
  if (state === 'revoked' || !mayMailPasswordLink(row, registered)) throw invalidLink();
  return { link, subject, slot: link.slot, email: registered!, reset: state === 'active' };
}

export async function activationInfo(
  ctx: AppContext,
  token: string,
  locale: Locale,
): Promise<ActivationInfo> {
  const { link, subject, reset } = await openLink(ctx, token);
  return {
    childFirstName: subject.first_name,
    schoolName: subject.school_name,
    reset,
    agreement: agreementFor(locale, { school: subject.school_name, child: subject.first_name }),
    helpdesk: { email: subject.helpdesk_email, phone: subject.helpdesk_phone },
    expiresAt: link.expires_at.toISOString(),
  };
}

const AGREEMENT_REQUIRED: Record<Locale, string> = {
  nl: 'Aanvaard de gebruikersovereenkomst om verder te gaan.',
  fr: "Acceptez la convention d'utilisation pour continuer.",
  en: 'Accept the user agreement to continue.',
};

/**
 * POST /co-accounts/activation/{token}: checks the parent password rules, then consumes the link
 * with one atomic UPDATE (of concurrent submits exactly one wins) and activates the slot.
 * The link proves the registered mailbox, so a lock of the username (a stranger's wrong logins)
 * does not hold it: it is trusted like a device (platform/throttles LINK_POLICY) until it has
 * refused passwords of its own. While someone is failing for the username, the parent's browser
 * gets the device cookie for the username and this co-account, so that its logins are trusted.
 */
export async function activate(
  ctx: AppContext,
  token: string,
  body: { acceptAgreement: boolean; password: string; agreementVersion?: string },
  locale: Locale,
  client: { ip: string; deviceCookie: string | undefined },
): Promise<{ username: string; loginUrl: string; deviceCookie: string | null }> {
  const opened = await openLink(ctx, token);
  const { link, subject, slot } = opened;
  const agreement = agreementFor(locale, {
    school: subject.school_name,
    child: subject.first_name,
  });
  requireAgreement(body, agreement.version, locale);
  const gate = portalGate(subject.username!, client.ip);
  const failure = await passwordFailure(ctx, opened, body.password, locale, {
    gate,
    deviceCookie: client.deviceCookie,
  });
  if (failure) {
    await links.fail(ctx.db, link.id, ctx.now());
    throw failure;
  }
  const hash = await ctx.hasher.hash(body.password);
  await ctx.db
    .transaction()
    .execute((trx) =>
      activateSlot(trx, ctx, opened, { hash, agreementVersion: agreement.version, locale }),
    );
  const deviceCookie = await trustBrowserIfContested(ctx, gate, `p${slot}`, client.deviceCookie);
  return { username: subject.username!, loginUrl: portalLoginUrl(ctx), deviceCookie };
}

type OpenLink = Awaited<ReturnType<typeof openLink>>;

/** The agreement accepted, in the version shown (when the page names one). */
function requireAgreement(
  body: { acceptAgreement: boolean; agreementVersion?: string },
  version: string,
  locale: Locale,
): void {
  if (
    body.acceptAgreement !== true ||
    (body.agreementVersion !== undefined && body.agreementVersion !== version)
  ) {
    throw new AppError('unprocessable', AGREEMENT_REQUIRED[locale], [
      {
        path: 'body.acceptAgreement',
        message: AGREEMENT_REQUIRED[locale],
        code: 'agreement_not_accepted',
      },
    ]);
  }
}

/** Why the new password is refused: a broken rule, or a clash with the family's credentials. */
async function passwordFailure(
  ctx: AppContext,
  { link, subject, slot, email }: OpenLink,
  password: string,
  locale: Locale,
  client: { gate: GateSpec; deviceCookie: string | undefined },
): Promise<AppError | undefined> {
  const failure = newPasswordError(subject, slot, password, locale, 'body.password');
  if (failure) return failure;
  // Checking the other credentials is a login attempt against them: the same gate and counters,
  // with the link trusted in the place of a device cookie.
  return guarded(
    ctx,
    client.gate,
    client.deviceCookie,
    async (held) => {
      if (!(await collidesWithFamily(ctx, subject, slot, password, email))) return undefined;
      await refused(ctx, held);
      return passwordRuleError(['not_allowed'], locale);
    },
    linkKey(link.id),
  );
}

/** Consumes the link and sets the slot's password, ending the parent's sessions everywhere. */
async function activateSlot(
  trx: Database,
  ctx: AppContext,
  { link, subject, slot, email, reset }: OpenLink,
  set: { hash: string; agreementVersion: string; locale: Locale },
): Promise<void> {
  const now = ctx.now();
  await links.consume(trx, link.id, now);
  await clearName(trx, linkKey(link.id));
  await repo.revokeTokens(trx, subject.student_id, slot, now);
  const row = await repo.findRow(trx, subject.student_id, slot, true);
  await repo.upsertRow(
    trx,
    { student_id: subject.student_id, slot, institution_id: subject.institution_id },
    {
      state: 'active',
      email,
      password_hash: set.hash,
      activated_at: row?.activated_at ?? now,
      password_changed_at: now,
      agreement_version: set.agreementVersion,
      agreement_accepted_at: now,
      revoked_at: null,
      updated_at: now,
    },
  );
  // A new password ends every session of this parent (a reset after a leak must lock others out).
  await sessions.deleteSlotSessions(trx, subject.student_id, slot);
  await endAppSignIns(trx, oidcAccountId(subject.student_id, slot));
  await history.record(
    trx,
    parentActor(subject.student_id, slot),
    subject.institution_id,
    [
      reset
        ? {
            studentId: subject.student_id,
            kind: 'password_changed',
            detail: { slot, via: 'reset_link' },
          }
        : {
            studentId: subject.student_id,
            kind: 'co_account_activated',
            detail: { slot, agreementVersion: set.agreementVersion },
          },
    ],
    now,
  );
  await mailPasswordSet(trx, ctx, subject, email, {
    locale: set.locale,
    reset,
    template: 'co_account_activated',
  });
}
