import { createHash } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import * as repo from './repository.js';

const TTL_MS = 24 * 3_600_000;
const KEY_RE = /^[A-Za-z0-9_.:-]{8,128}$/;

export type Replay = { replay: true; status: number; body: unknown };
export type Claimed = {
  replay: false;
  progress: (done: number) => Promise<void>;
  finish: (db: Database, status: number, body: unknown) => Promise<void>;
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
 * with another body, 422; while the first request still runs, 409. The stored answer is
 * encrypted because it carries the new passwords.
 */
export async function begin(
  ctx: AppContext,
  iid: string,
  key: string,
  scope: string,
  body: unknown,
  total: number,
): Promise<Replay | Claimed> {
  if (!KEY_RE.test(key)) {
    throw new AppError(
      'validation_failed',
      'Idempotency-Key must be 8-128 characters of A-Z a-z 0-9 _ . : -',
      [{ path: 'headers.idempotency-key', message: 'invalid format' }],
    );
  }
  const requestHash = createHash('sha256')
    .update(`${scope}\n${canonical(body)}`)
    .digest('hex');
  const now = ctx.now();
  await repo.deleteExpired(ctx.db, iid, key, now);
  const claimed = await repo.claim(ctx.db, {
    iid,
    key,
    requestHash,
    total,
    now,
    expiresAt: new Date(now.getTime() + TTL_MS),
  });
  if (!claimed) {
    const existing = await repo.find(ctx.db, iid, key);
    if (!existing)
      throw new AppError('conflict', 'The Idempotency-Key was just released; retry the request.');
    if (existing.request_hash !== requestHash) {
      throw new AppError(
        'unprocessable',
        'This Idempotency-Key was used with a different request body.',
        [
          {
            path: 'headers.idempotency-key',
            message: 'reused with a different body',
            code: 'idempotency_key_reused',
          },
        ],
      );
    }
    if (existing.state !== 'done' || !existing.response_enc || existing.response_status === null) {
      throw new AppError(
        'conflict',
        'A request with this Idempotency-Key is still being processed.',
        undefined,
        {
          progress: { done: existing.progress_done, total: existing.progress_total },
        },
      );
    }
    return {
      replay: true,
      status: existing.response_status,
      body: JSON.parse(ctx.secrets.open(existing.response_enc, `idem:${iid}:${key}`)),
    };
  }
  return {
    replay: false,
    progress: async (done) => {
      await repo.setProgress(ctx.db, iid, key, done);
    },
    finish: async (db, status, responseBody) => {
      await repo.complete(
        db,
        iid,
        key,
        status,
        ctx.secrets.seal(JSON.stringify(responseBody), `idem:${iid}:${key}`),
      );
    },
    abandon: async () => {
      await repo.release(ctx.db, iid, key);
    },
  };
}

export async function progress(ctx: AppContext, iid: string, key: string) {
  const row = await repo.find(ctx.db, iid, key);
  if (!row) return null;
  return { state: row.state, done: row.progress_done, total: row.progress_total };
}
