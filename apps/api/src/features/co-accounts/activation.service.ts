import { canonicalUsername, checkParentPassword } from '@schoolloket/core';
import type { Actor, AppContext } from '../../context.js';
import type { Database } from '../../db/database.js';
import { weakPasswordError } from '../../security/password-strength.js';
import { AppError } from '../../errors/app-error.js';
import { newToken, tokenHash } from '../../security/tokens.js';
import { brusselsDate } from '../../time/brussels.js';
import * as history from '../history/service.js';
import { isLocale } from '../mail/locale.js';
import { enqueueMail } from '../mail/outbox.js';
import { activatedMail, activationMail, type MailLocale } from '../mail/templates.js';
import {
  ACTIVATION_IP_POLICY,
  activationIpKey,
  lockedUntil,
  windowHit,
} from '../throttles/repository.js';
import { admit, portalGate, refused } from '../throttles/service.js';
import { agreementFor } from './agreement.js';
import { collidesWithOther, passwordRuleError } from './credentials.js';
import * as repo from './repository.js';
import type { ActivationInfo } from './schemas.js';
import { registeredEmail, sameEmail, slotState } from './slots.js';
import * as tokens from '../tokens/repository.js';

export const LINK_VALID_HOURS = 24;
/** Rejected passwords a link survives (stops using one link as an oracle for other passwords). */
const MAX_LINK_FAILURES = 10;
/** Self-service mails per slot per hour; further requests are answered the same and send nothing. */
const MAX_REQUESTS_PER_HOUR = 5;
/** Every activation request takes at least this long, so a match (which writes and queues a mail) cannot be told apart by timing. */
export const REQUEST_FLOOR_MS = 400;

const ANSWER: Record<MailLocale, string> = {
  nl: 'Als de gebruikersnaam en het e-mailadres overeenkomen met wat de school registreerde, ontvang je binnen enkele minuten een e-mail met een link. Niets ontvangen? Kijk ook in je map met ongewenste mail.',
  fr: "Si le nom d'utilisateur et l'adresse e-mail correspondent à ceux enregistrés par l'école, vous recevrez dans quelques minutes un e-mail avec un lien. Rien reçu ? Vérifiez aussi vos courriers indésirables.",
  en: 'If the username and e-mail address match what the school registered, you will receive an e-mail with a link within a few minutes. Nothing arrived? Check your spam folder too.',
};

/** Children's usernames have no "@": parents who paste "name@school.be" are understood anyway. */
export function loginName(input: string): string {
  const canonical = canonicalUsername(input);
  const at = canonical.indexOf('@');
  return at > 0 ? canonical.slice(0, at) : canonical;
}

export function parentActor(studentId: string, slot: number): Actor {
  return { kind: 'parent', id: `${studentId}:${slot}`, name: `Ouder (co-account ${slot})`, slot };
}

type Subject = repo.SubjectRow;

const localeOf = (
  preferred: unknown,
  subject: Pick<Subject, 'student_locale' | 'school_locale'>,
): MailLocale =>
  isLocale(preferred)
    ? preferred
    : isLocale(subject.student_locale)
      ? subject.student_locale
      : isLocale(subject.school_locale)
        ? subject.school_locale
        : 'nl';

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
  opts: { invited: boolean; reset: boolean; locale: MailLocale },
): Promise<void> {
  const now = ctx.now();
  const token = newToken();
  await repo.revokeTokens(trx, subject.student_id, slot, now);
  await repo.insertToken(trx, {
    token_hash: tokenHash(token),
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
    schoolName: subject.school_name,
    helpdesk: { email: subject.helpdesk_email, phone: subject.helpdesk_phone },
    childFirstName: subject.first_name,
    username: subject.username!,
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
    const since = new Date(ctx.now().getTime() - 3_600_000);
    if (
      (await repo.countRecentTokens(ctx.db, subject.student_id, slot, since)) >=
      MAX_REQUESTS_PER_HOUR
    )
      return;
    await ctx.db.transaction().execute(async (trx) => {
      const locked = await repo.lockStudent(trx, subject.student_id);
      const current = registeredEmail(locked?.parent_emails ?? [], slot);
      if (!current || !sameEmail(current, email)) return;
      const state = slotState(await repo.findRow(trx, subject.student_id, slot, true), current);
      if (state === 'revoked') return;
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
  body: { username: string; email: string; locale?: MailLocale },
  ip: string,
  log: { error(obj: object, msg: string): void },
): Promise<{ status: 'accepted'; message: string }> {
  const started = Date.now();
  const now = ctx.now();
  if (await lockedUntil(ctx.db, [activationIpKey(ip)], now)) {
    throw new AppError(
      'too_many_requests',
      'Too many requests from this network. Try again in a few minutes.',
    );
  }
  await windowHit(ctx.db, activationIpKey(ip), ACTIVATION_IP_POLICY, now);
  try {
    await tryRequest(ctx, body.username, body.email, body.locale);
  } catch (err) {
    // A failure must not change the answer (that would tell a match apart); it is logged instead.
    log.error({ err }, 'activation request failed');
  }
  const wait = REQUEST_FLOOR_MS - (Date.now() - started);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  return { status: 'accepted', message: ANSWER[body.locale ?? 'nl'] };
}

const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

function invalidLink(): AppError {
  return new AppError(
    'link_invalid',
    'This link is no longer valid: it expired, was already used, or a newer link was sent. Request a new one.',
  );
}

/** An open token whose slot still has the address it was sent to, on a child who can log in. */
async function openLink(ctx: AppContext, token: string) {
  if (!TOKEN_RE.test(token)) throw invalidLink();
  const now = ctx.now();
  const link = await repo.findOpenToken(ctx.db, tokenHash(token), now);
  if (!link?.student_id || !link.slot) throw invalidLink();
  const subject = await repo.findSubjectByStudentId(ctx.db, link.student_id, brusselsDate(now));
  if (!subject?.username || subject.status !== 'active' || link.slot > subject.co_account_slots)
    throw invalidLink();
  const registered = registeredEmail(subject.parent_emails, link.slot);
  if (!sameEmail(registered, link.email)) throw invalidLink();
  const row = await repo.findRow(ctx.db, link.student_id, link.slot);
  const state = slotState(row, registered);
  if (state === 'revoked') throw invalidLink();
  return { link, subject, slot: link.slot, email: registered!, reset: state === 'active' };
}

export async function activationInfo(
  ctx: AppContext,
  token: string,
  locale: MailLocale,
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

const AGREEMENT_REQUIRED: Record<MailLocale, string> = {
  nl: 'Aanvaard de gebruikersovereenkomst om verder te gaan.',
  fr: "Acceptez la convention d'utilisation pour continuer.",
  en: 'Accept the user agreement to continue.',
};

/**
 * POST /co-accounts/activation/{token}: checks the parent password rules, then consumes the link
 * with one atomic UPDATE (of concurrent submits exactly one wins) and activates the slot.
 */
export async function activate(
  ctx: AppContext,
  token: string,
  body: { acceptAgreement: boolean; password: string; agreementVersion?: string },
  locale: MailLocale,
  client: { ip: string; deviceCookie: string | undefined },
): Promise<{ username: string; loginUrl: string }> {
  const { link, subject, slot, email, reset } = await openLink(ctx, token);
  const agreement = agreementFor(locale, {
    school: subject.school_name,
    child: subject.first_name,
  });
  if (
    body.acceptAgreement !== true ||
    (body.agreementVersion !== undefined && body.agreementVersion !== agreement.version)
  ) {
    throw new AppError('unprocessable', AGREEMENT_REQUIRED[locale], [
      {
        path: 'body.acceptAgreement',
        message: AGREEMENT_REQUIRED[locale],
        code: 'agreement_not_accepted',
      },
    ]);
  }
  const rules = checkParentPassword(body.password, {
    username: subject.username!,
    firstName: subject.first_name,
    lastName: subject.last_name,
  });
  let failure = rules.length
    ? passwordRuleError(rules, locale)
    : weakPasswordError(
        body.password,
        [subject.school_name, subject.first_name, subject.last_name, subject.username],
        locale,
        'body.password',
      );
  if (!failure) {
    // Checking the other credentials is a login attempt against them: the same gate and counters.
    const gate = await admit(ctx, portalGate(subject.username!, client.ip), client.deviceCookie);
    const others = (await repo.listRows(ctx.db, [subject.student_id])).filter(
      (r) => r.slot !== slot && r.state === 'active' && r.password_hash,
    );
    const student =
      subject.password_hash && subject.password_kind
        ? { hash: subject.password_hash, kind: subject.password_kind }
        : null;
    if (
      await collidesWithOther(ctx, body.password, {
        student,
        coAccountHashes: others.map((r) => r.password_hash!),
      })
    ) {
      await refused(ctx, gate);
      failure = passwordRuleError(['not_allowed'], locale);
    }
  }
  if (failure) {
    await tokens.countTokenFailure(ctx.db, link.id, MAX_LINK_FAILURES, ctx.now());
    throw failure;
  }
  const hash = await ctx.hasher.hash(body.password);
  await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now();
    if (!(await tokens.consumeToken(trx, link.id, now))) throw invalidLink();
    await repo.revokeTokens(trx, subject.student_id, slot, now);
    const row = await repo.findRow(trx, subject.student_id, slot, true);
    await repo.upsertRow(
      trx,
      { student_id: subject.student_id, slot, institution_id: subject.institution_id },
      {
        state: 'active',
        email,
        password_hash: hash,
        activated_at: row?.activated_at ?? now,
        password_changed_at: now,
        agreement_version: agreement.version,
        agreement_accepted_at: now,
        revoked_at: null,
        updated_at: now,
      },
    );
    // A new password ends every session of this parent (a reset after a leak must lock others out).
    await repo.deleteSlotSessions(trx, subject.student_id, slot);
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
              detail: { slot, agreementVersion: agreement.version },
            },
      ],
      now,
    );
    const mail = activatedMail(locale, {
      schoolName: subject.school_name,
      helpdesk: { email: subject.helpdesk_email, phone: subject.helpdesk_phone },
      childFirstName: subject.first_name,
      username: subject.username!,
      loginUrl: `${ctx.config.publicBaseUrl}/aanmelden`,
      reset,
    });
    await enqueueMail(trx, ctx, { template: 'co_account_activated', to: email, ...mail });
  });
  return { username: subject.username!, loginUrl: `${ctx.config.publicBaseUrl}/aanmelden` };
}
