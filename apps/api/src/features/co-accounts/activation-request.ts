import type { Locale } from '@schoolloket/core';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/database.js';
import { answerUniformly } from '../../platform/one-time-links/index.js';
import { brusselsDate } from '../../platform/time/index.js';
import { enqueueMail } from '../../platform/mail/index.js';
import { activationMail } from '../../platform/mail/index.js';
import { ACTIVATION_IP_POLICY, activationIpKey } from '../../platform/throttles/index.js';
import { links } from './links.js';
import * as repo from './repository.js';
import { mayMailPasswordLink, registeredEmail, sameEmail, slotState } from './slots.js';
import type { Subject } from './parent.js';
import { childMailData, loginName, localeOf } from './parent.js';

export const LINK_VALID_HOURS = 24;

/** Self-service mails per slot per hour; further requests are answered the same and send nothing. */
const MAX_REQUESTS_PER_HOUR = 5;

const ANSWER: Record<Locale, string> = {
  nl: 'Als de gebruikersnaam en het e-mailadres overeenkomen met wat de school registreerde, ontvang je binnen enkele minuten een e-mail met een link. Niets ontvangen? Kijk ook in je map met ongewenste mail.',
  fr: "Si le nom d'utilisateur et l'adresse e-mail correspondent à ceux enregistrés par l'école, vous recevrez dans quelques minutes un e-mail avec un lien. Rien reçu ? Vérifiez aussi vos courriers indésirables.",
  en: 'If the username and e-mail address match what the school registered, you will receive an e-mail with a link within a few minutes. Nothing arrived? Check your spam folder too.',
};

/**
 * The school invites a parent (one student, or in bulk): the link goes to the registered address
 * in the student's language, or the school's; `reset` when the slot was already active.
 */
export function issueInvitation(
  trx: Database,
  ctx: AppContext,
  subject: Subject,
  parentEmails: string[],
  slot: number,
  email: string,
  reset: boolean,
): Promise<void> {
  return issueActivationLink(trx, ctx, { ...subject, parent_emails: parentEmails }, slot, email, {
    invited: true,
    reset,
    locale: (subject.student_locale ?? subject.school_locale) as Locale,
  });
}

/**
 * Supersedes the slot's open links, stores a new one (hashed) and queues the mail to the
 * registered address, all in the caller's transaction.
 */
export async function issueActivationLink(
  trx: Database,
  ctx: AppContext,
  subject: Subject,
  slot: number,
  email: string,
  opts: { invited: boolean; reset: boolean; locale: Locale },
): Promise<void> {
  const now = ctx.now();
  const { token, hash } = links.issue();
  await repo.revokeTokens(trx, subject.student_id, slot, now);
  await repo.insertToken(trx, {
    token_hash: hash,
    institution_id: subject.institution_id,
    student_id: subject.student_id,
    slot,
    email,
    now,
    expires_at: new Date(now.getTime() + LINK_VALID_HOURS * 3_600_000),
  });
  const row = await repo.findRow(trx, subject.student_id, slot, true);
  if (row?.state !== 'active') {
    await repo.upsertRow(
      trx,
      { student_id: subject.student_id, slot, institution_id: subject.institution_id },
      { state: 'invited', email, invited_at: now, updated_at: now },
    );
  }
  const mail = activationMail(opts.locale, {
    ...childMailData(subject),
    link: `${ctx.config.publicBaseUrl}/co-account/activeren/${token}`,
    validHours: LINK_VALID_HOURS,
    reset: opts.reset,
    invited: opts.invited,
  });
  await enqueueMail(trx, ctx, {
    template: opts.invited ? 'co_account_invitation' : 'co_account_activation',
    to: email,
    ...mail,
  });
}

async function tryRequest(
  ctx: AppContext,
  username: string,
  email: string,
  locale: unknown,
): Promise<void> {
  const name = loginName(username);
  const subject = await repo.findSubjectByUsername(ctx.db, name, brusselsDate(ctx.now()));
  if (!subject || subject.status !== 'active' || !subject.username) return;
  for (let slot = 1; slot <= subject.co_account_slots; slot++) {
    const registered = registeredEmail(subject.parent_emails, slot);
    if (!registered || !sameEmail(registered, email)) continue;
    await ctx.db.transaction().execute(async (trx) => {
      const locked = await repo.lockStudent(trx, subject.student_id);
      const current = registeredEmail(locked?.parent_emails ?? [], slot);
      if (!current || !sameEmail(current, email)) return;
      // Counted under the student's lock, so parallel requests (on any instance) see each
      // other's links and no burst gets past the limit.
      const since = new Date(ctx.now().getTime() - 3_600_000);
      if (
        (await repo.countRecentTokens(trx, subject.student_id, slot, since)) >=
        MAX_REQUESTS_PER_HOUR
      )
        return;
      const row = await repo.findRow(trx, subject.student_id, slot, true);
      const state = slotState(row, current);
      // An active co-account's password is reset only through its own parent's mailbox.
      if (state === 'revoked' || !mayMailPasswordLink(row, current)) return;
      // The mail goes to the stored address, never to what was typed.
      await issueActivationLink(trx, ctx, subject, slot, current, {
        invited: false,
        reset: state === 'active',
        locale: localeOf(locale, subject),
      });
    });
    return;
  }
}

/**
 * POST /co-accounts/activation-requests: always the same answer, after the same minimum time;
 * a mail only when the e-mail matches a registered slot of that child.
 */
export async function requestActivation(
  ctx: AppContext,
  body: { username: string; email: string; locale?: Locale },
  ip: string,
  log: { error(obj: object, msg: string): void },
  /** The answer's language without `body.locale`: the request's Accept-Language. */
  answerLocale: Locale = 'nl',
): Promise<{ status: 'accepted'; message: string }> {
  await answerUniformly(
    ctx,
    {
      ipKey: activationIpKey(ip),
      policy: ACTIVATION_IP_POLICY,
      log,
      failure: 'activation request failed',
    },
    () => tryRequest(ctx, body.username, body.email, body.locale),
  );
  return { status: 'accepted', message: ANSWER[body.locale ?? answerLocale] };
}
