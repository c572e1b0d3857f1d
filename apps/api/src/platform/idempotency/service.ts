import { createHash, randomUUID } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/database.js';
import { AppError } from '../errors/index.js';
import * as repo from './repository.js';

const TTL_MS = 24 * 3_600_000;
/**
 * How long a "processing" key stays its holder's without a renewal. The holder renews it every
 * third of this while it works (and with every progress report); after a crash nobody renews
 * it, and a retry with the same key and body takes the key over once it lapsed.
 */
export const LEASE_MS = 30_000;
/** What an Idempotency-Key may be; the OpenAPI schema of the header is this same pattern. */
export const IDEMPOTENCY_KEY_PATTERN = '^[A-Za-z0-9_.:-]{8,128}$';
const KEY_RE = new RegExp(IDEMPOTENCY_KEY_PATTERN);

export type Replay = { replay: true; status: number; body: unknown };
export type Claimed = {
  replay: false;
  /** Records progress and renews the lease. */
  progress: (done: number) => Promise<void>;
  /** Renews the lease; false once another request took the key over. */
  renew: () => Promise<boolean>;
  /**
   * Stores the answer in the caller's transaction; throws (rolling it back) if the lease was lost.
   * `studentIds`: every student whose data the answer carries; erasing one of them deletes it.
   */
  finish: (db: Database, status: number, body: unknown, studentIds: string[]) => Promise<void>;
  abandon: () => Promise<void>;
};

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Idempotency-Key (per school, 24 h): the same key with the same body gets the first answer again;
 * with another body, 422; while the first request still runs (its lease is renewed), 409; once a
 * crashed holder's lease lapsed, the retry takes the key over and does the work. The stored
 * answer is encrypted because it carries the new passwords, and names the students it carries:
 * erasing one of them deletes it (`forgetStudentAnswers`), so a replay runs the request again.
 */
export async function begin(
  ctx: AppContext,
  iid: string,
  key: string,
  scope: string,
  body: unknown,
  total: number,
): Promise<Replay | Claimed> {
  assertKeyFormat(key);
  const requestHash = createHash('sha256')
    .update(`${scope}\n${canonical(body)}`)
    .digest('hex');
  const now = ctx.now();
  await repo.deleteExpired(ctx.db, iid, key, now);
  const leaseId = randomUUID();
  const lease: LeaseOf = () => ({
    leaseId,
    leaseExpiresAt: new Date(ctx.now().getTime() + LEASE_MS),
  });
  const claimed =
    (await repo.claim(ctx.db, {
      iid,
      key,
      requestHash,
      total,
      now,
      expiresAt: new Date(now.getTime() + TTL_MS),
      ...lease(),
    })) || (await repo.takeOver(ctx.db, { iid, key, requestHash, total, now, ...lease() }));
  if (!claimed) return answerOfEarlierRequest(ctx, iid, key, requestHash, now);
  return holdLease(ctx, iid, key, leaseId, lease);
}

/** A fresh lease (this request's id, expiring LEASE_MS from now). */
type LeaseOf = () => { leaseId: string; leaseExpiresAt: Date };
type StoredKey = NonNullable<Awaited<ReturnType<typeof repo.find>>>;

function assertKeyFormat(key: string) {
  if (!KEY_RE.test(key)) {
    throw new AppError(
      'validation_failed',
      'Idempotency-Key must be 8-128 characters of A-Z a-z 0-9 _ . : -',
      [{ path: 'headers.idempotency-key', message: 'invalid format' }],
    );
  }
}

/** Another request holds or held the key: its stored answer, or why there is none (yet). */
async function answerOfEarlierRequest(
  ctx: AppContext,
  iid: string,
  key: string,
  requestHash: string,
  now: Date,
): Promise<Replay> {
  const existing = await repo.find(ctx.db, iid, key);
  if (!existing)
    throw new AppError('conflict', {
      nl: 'De Idempotency-Key is net vrijgegeven: stuur het verzoek opnieuw.',
      fr: "L'Idempotency-Key vient d'être libérée : renvoyez la requête.",
      en: 'The Idempotency-Key was just released; retry the request.',
    });
  if (existing.request_hash !== requestHash) {
    throw new AppError(
      'unprocessable',
      'This Idempotency-Key was used with a different request body.',
      [
        {
          path: 'headers.idempotency-key',
          message: 'This Idempotency-Key was used with a different request body.',
          code: 'idempotency_key_reused',
        },
      ],
    );
  }
  if (existing.state !== 'done' || !existing.response_enc || existing.response_status === null) {
    throw stillProcessing(existing, now);
  }
  const opened = openStoredAnswer(ctx, existing.response_enc, iid, key);
  return { replay: true, status: existing.response_status, body: JSON.parse(opened) };
}

function stillProcessing(existing: StoredKey, now: Date) {
  const lapsesIn = existing.lease_expires_at
    ? existing.lease_expires_at.getTime() - now.getTime()
    : 0;
  return new AppError(
    'conflict',
    {
      nl: 'Een verzoek met deze Idempotency-Key wordt nog verwerkt. Probeer het zo opnieuw.',
      fr: 'Une requête avec cette Idempotency-Key est encore en cours. Réessayez dans un instant.',
      en: 'A request with this Idempotency-Key is still being processed.',
    },
    undefined,
    {
      progress: { done: existing.progress_done, total: existing.progress_total },
      retryAfterSeconds: Math.max(1, Math.min(Math.ceil(lapsesIn / 1000), LEASE_MS / 1000)),
    },
  );
}

function openStoredAnswer(ctx: AppContext, sealed: string, iid: string, key: string): string {
  try {
    return ctx.secrets.open(sealed, `idem:${iid}:${key}`);
  } catch {
    // The answer was sealed by an instance with another CREDENTIALS_KEY: the work is done (it
    // must not be done twice), but this instance cannot show it. Another instance can.
    throw new AppError(
      'unavailable',
      'This request was already processed, but this server cannot read its stored answer ' +
        '(it was sealed with another CREDENTIALS_KEY). Nothing was changed; retry later, or ' +
        'ask the operator to give every instance the same CREDENTIALS_KEY.',
      undefined,
      { reason: 'idempotency_answer_unreadable', retryAfterSeconds: 30 },
    );
  }
}

/** This request claimed the key: it keeps the lease renewed until it finishes or abandons. */
function holdLease(
  ctx: AppContext,
  iid: string,
  key: string,
  leaseId: string,
  lease: LeaseOf,
): Claimed {
  let lost = false;
  const renew = async (done?: number) => {
    if (lost) return false;
    if (!(await repo.renew(ctx.db, iid, key, lease(), done))) lost = true;
    return !lost;
  };
  // Renewed while the request works, also between progress reports; unref: never keeps the
  // process alive, and a dead process renews nothing, which is the point.
  const timer = setInterval(() => void renew().catch(() => undefined), LEASE_MS / 3);
  timer.unref();
  return {
    replay: false,
    progress: async (done) => {
      await renew(done);
    },
    renew: () => renew(),
    finish: async (db, status, responseBody, studentIds) => {
      clearInterval(timer);
      const stored = await repo.complete(
        db,
        iid,
        key,
        leaseId,
        status,
        ctx.secrets.seal(JSON.stringify(responseBody), `idem:${iid}:${key}`),
        studentIds,
      );
      if (!stored) {
        lost = true;
        // Another request took the key over after this one's lease lapsed; it does the work.
        throw new AppError(
          'conflict',
          'This request took too long and was taken over by a retry with the same Idempotency-Key; nothing was changed by this one.',
        );
      }
    },
    abandon: async () => {
      clearInterval(timer);
      await repo.release(ctx.db, iid, key, leaseId);
    },
  };
}

/**
 * How far the request of a key is, from one read of its row; `answer` (its status and body) once
 * it is done, for a caller that names what it made (the progress of a bulk creation).
 */
export async function progress(ctx: AppContext, iid: string, key: string) {
  const row = await repo.find(ctx.db, iid, key);
  if (!row) return null;
  const answer =
    row.state === 'done' && row.response_enc && row.response_status !== null
      ? {
          status: row.response_status,
          body: JSON.parse(openStoredAnswer(ctx, row.response_enc, iid, key)) as unknown,
        }
      : undefined;
  return { state: row.state, done: row.progress_done, total: row.progress_total, answer };
}
