import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/database.js';
import type { SecretBox } from '../security/index.js';
import * as repo from './repository.js';
import type { RenderedMail } from './templates.js';

export interface OutgoingMail extends RenderedMail {
  /** Template name, kept in clear for operations (the message itself is sealed). */
  template: string;
  to: string;
}

/** What the sender needs from nodemailer; tests pass their own. */
export interface MailTransport {
  sendMail(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html: string;
  }): Promise<unknown>;
  close?(): void;
}

export interface DeliveryLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error?(obj: object, msg: string): void;
}

/**
 * A row is leased for one mail at a time (not for a whole pass), and the lease is renewed while
 * that mail is in flight: a slow relay never lets another instance take a row that is being sent.
 */
export const LEASE_MS = 2 * 60_000;
const RENEW_EVERY_MS = 30_000;
const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 60 * 60_000;

/** 30 s, 1 min, 2 min … capped at one hour; never gives up on a temporary failure. */
export function backoffMs(attempts: number): number {
  return Math.min(BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

const aad = (id: string) => `outbox:${id}`;

/**
 * Queues a mail. Pass the transaction of the change that causes the mail, so the mail exists
 * if and only if the change was committed.
 */
export async function enqueueMail(
  db: Database,
  ctx: Pick<AppContext, 'secrets' | 'now'>,
  mail: OutgoingMail,
): Promise<string> {
  const id = randomUUID();
  const { subject, text, html } = mail;
  await repo.insertMail(db, {
    id,
    template: mail.template,
    recipient: mail.to,
    message_enc: ctx.secrets.seal(JSON.stringify({ subject, text, html }), aad(id)),
    now: ctx.now(),
  });
  return id;
}

export function smtpTransport(smtpUrl: string): MailTransport {
  return nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
}

/** 5xx SMTP replies (unknown mailbox, rejected address) will not get better by retrying. */
function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: number } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

function errorText(err: unknown): string {
  return String((err as Error | null)?.message ?? err).slice(0, 500);
}

export interface DeliveryResult {
  sent: number;
  retrying: number;
  failed: number;
  logged: number;
  /** Rows this instance's CREDENTIALS_KEY cannot open: left for an instance that can. */
  unreadable: number;
}

// Per key (one SecretBox per instance): outbox rows it could not open. They are skipped by this
// sender's later claims so that another instance, with the right key, gets them; bounded.
const unreadableRows = new WeakMap<SecretBox, Set<string>>();
const MAX_UNREADABLE = 1_000;

function unreadableFor(secrets: SecretBox): Set<string> {
  let set = unreadableRows.get(secrets);
  if (!set) unreadableRows.set(secrets, (set = new Set()));
  return set;
}

/**
 * One pass over the due outbox rows. With a transport: rows are leased one at a time, sent, then
 * marked sent (at least once; a crash between the two resends after the lease). Without one (no
 * SMTP_URL): each new mail is printed once to the log on PGlite outside production (elsewhere
 * only its id and template) and stays unsent.
 */
export async function deliverOutbox(
  ctx: AppContext,
  transport: MailTransport | undefined,
  log: DeliveryLog,
  limit = 20,
): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, retrying: 0, failed: 0, logged: 0, unreadable: 0 };
  if (!transport) {
    for (const row of await repo.claimUnlogged(ctx.db, ctx.now(), limit)) {
      result.logged++;
      // The whole mail, links included, only for the local quick start (PGlite outside
      // production), where the log is how one reads it. A PostgreSQL installation without SMTP
      // is a real one, maybe without NODE_ENV=production: its log must not hold a live link
      // (found by an outside test: an activation token read from the log took a co-account).
      if (ctx.config.nodeEnv === 'production' || ctx.config.databaseUrl) {
        log.warn(
          { mailId: row.id, template: row.template },
          'SMTP_URL is not set: mail kept in the outbox',
        );
        continue;
      }
      let message: RenderedMail | undefined;
      try {
        message = row.message_enc ? openMessage(ctx, row.id, row.message_enc) : undefined;
      } catch {
        message = undefined;
      }
      log.info(
        { mailId: row.id, to: row.recipient, subject: message?.subject },
        `SMTP_URL is not set; mail kept in the outbox:\n${message?.text ?? ''}`,
      );
    }
    return result;
  }
  const unreadable = unreadableFor(ctx.secrets);
  for (let i = 0; i < limit; i++) {
    const now = ctx.now();
    const leaseId = randomUUID();
    const row = await repo.claimNext(ctx.db, {
      now,
      until: new Date(now.getTime() + LEASE_MS),
      id: leaseId,
      skip: [...unreadable],
    });
    if (!row) break;
    result[await deliverOne(ctx, transport, log, row, leaseId, unreadable)]++;
  }
  return result;
}

type Outcome = Exclude<keyof DeliveryResult, 'logged'>;

async function deliverOne(
  ctx: AppContext,
  transport: MailTransport,
  log: DeliveryLog,
  row: { id: string; recipient: string; attempts: number; message_enc: string | null },
  leaseId: string,
  unreadable: Set<string>,
): Promise<Outcome> {
  if (!row.message_enc) {
    await repo.markFailed(ctx.db, row.id, leaseId, ctx.now(), 'message missing');
    return 'failed';
  }
  let message;
  try {
    message = openMessage(ctx, row.id, row.message_enc);
  } catch (err) {
    // Not the mail's fault: this instance holds another CREDENTIALS_KEY than the one that sealed
    // it. Never a permanent failure; the row stays due for an instance that can open it.
    if (unreadable.size >= MAX_UNREADABLE) unreadable.delete(unreadable.values().next().value!);
    unreadable.add(row.id);
    const error = `cannot open message with this instance's CREDENTIALS_KEY: ${errorText(err)}`;
    await repo.releaseUnreadable(ctx.db, row.id, leaseId, error);
    (log.error ?? log.warn).call(
      log,
      { mailId: row.id },
      'cannot open an outbox mail: CREDENTIALS_KEY differs from the instance that queued it; left for an instance that can',
    );
    return 'unreadable';
  }
  const renewal = setInterval(() => {
    const until = new Date(ctx.now().getTime() + LEASE_MS);
    repo.renewLease(ctx.db, row.id, leaseId, until).catch(() => undefined);
  }, RENEW_EVERY_MS);
  renewal.unref();
  try {
    await transport.sendMail({ from: ctx.config.mailFrom, to: row.recipient, ...message });
  } catch (err) {
    if (isPermanent(err)) {
      await repo.markFailed(ctx.db, row.id, leaseId, ctx.now(), errorText(err));
      log.warn({ mailId: row.id, err: errorText(err) }, 'mail rejected permanently');
      return 'failed';
    }
    const next = new Date(ctx.now().getTime() + backoffMs(row.attempts));
    await repo.markRetry(ctx.db, row.id, leaseId, next, errorText(err));
    log.warn(
      { mailId: row.id, attempts: row.attempts, next, err: errorText(err) },
      'mail delivery failed; will retry',
    );
    return 'retrying';
  } finally {
    clearInterval(renewal);
  }
  await repo.markSent(ctx.db, row.id, ctx.now());
  return 'sent';
}

function openMessage(ctx: AppContext, id: string, sealed: string): RenderedMail {
  return JSON.parse(ctx.secrets.open(sealed, aad(id))) as RenderedMail;
}
