import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/database.js';
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
}

const LEASE_MS = 2 * 60_000;
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
}

/**
 * One pass over the due outbox rows. With a transport: each leased row is sent, then marked sent
 * (at least once; a crash between the two resends after the lease). Without one (no SMTP_URL):
 * each new mail is printed once to the log outside production and stays unsent.
 */
export async function deliverOutbox(
  ctx: AppContext,
  transport: MailTransport | undefined,
  log: DeliveryLog,
  limit = 20,
): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, retrying: 0, failed: 0, logged: 0 };
  const now = ctx.now();
  if (!transport) {
    for (const row of await repo.claimUnlogged(ctx.db, now, limit)) {
      result.logged++;
      if (ctx.config.nodeEnv === 'production') {
        log.warn(
          { mailId: row.id, template: row.template },
          'SMTP_URL is not set: mail kept in the outbox',
        );
        continue;
      }
      const message = row.message_enc ? openMessage(ctx, row.id, row.message_enc) : undefined;
      log.info(
        { mailId: row.id, to: row.recipient, subject: message?.subject },
        `SMTP_URL is not set; mail kept in the outbox:\n${message?.text ?? ''}`,
      );
    }
    return result;
  }
  const rows = await repo.claimDue(ctx.db, now, new Date(now.getTime() + LEASE_MS), limit);
  for (const row of rows) {
    if (!row.message_enc) {
      await repo.markFailed(ctx.db, row.id, ctx.now(), 'message missing');
      result.failed++;
      continue;
    }
    let message;
    try {
      message = openMessage(ctx, row.id, row.message_enc);
    } catch (err) {
      await repo.markFailed(ctx.db, row.id, ctx.now(), `cannot open message: ${errorText(err)}`);
      result.failed++;
      continue;
    }
    try {
      await transport.sendMail({ from: ctx.config.mailFrom, to: row.recipient, ...message });
    } catch (err) {
      if (isPermanent(err)) {
        await repo.markFailed(ctx.db, row.id, ctx.now(), errorText(err));
        log.warn({ mailId: row.id, err: errorText(err) }, 'mail rejected permanently');
        result.failed++;
      } else {
        const next = new Date(ctx.now().getTime() + backoffMs(row.attempts));
        await repo.markRetry(ctx.db, row.id, next, errorText(err));
        log.warn(
          { mailId: row.id, attempts: row.attempts, next, err: errorText(err) },
          'mail delivery failed; will retry',
        );
        result.retrying++;
      }
      continue;
    }
    await repo.markSent(ctx.db, row.id, ctx.now());
    result.sent++;
  }
  return result;
}

function openMessage(ctx: AppContext, id: string, sealed: string): RenderedMail {
  return JSON.parse(ctx.secrets.open(sealed, aad(id))) as RenderedMail;
}
