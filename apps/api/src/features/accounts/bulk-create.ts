import { allowLongWork } from '../../db/long-work.js';
import { usernameCandidate } from '@schoolloket/core';
import { availableParallelism } from 'node:os';
import type { Actor, AppContext } from '../../context.js';
import type { Database } from '../../db/database.js';
import { AppError, type FieldError } from '../../platform/errors/index.js';
import { mapLimit } from '../../platform/concurrency/index.js';
import * as history from '../history/index.js';
import * as idempotency from '../../platform/idempotency/index.js';
import { sealSecret, shownSecret } from './credentials.js';
import { hashInput } from '../../platform/security/index.js';
import * as repo from './repository.js';
import type { BatchResult, CreateItem } from './schemas.js';
import { checkRows, rowsFailed, studentNotFound, type PreparedItem } from './bulk-check.js';
import { MAX_ITEMS, studentFields } from './proposals.js';

const HASH_CONCURRENCY = Math.max(2, Math.min(4, availableParallelism() * 2));
const PROGRESS_EVERY = 25;

/**
 * Claims every username of a bulk in a few statements: typed names and the plain bases first in
 * one insert; only the bases that were taken (earlier, or by a concurrent request) look up the
 * counters in use and try the next free one, until every row has its name.
 */
async function claimAll(trx: Database, prepared: PreparedItem[], iid: string, now: Date) {
  const usernames: string[] = [];
  const taken: Array<{ index: number }> = [];
  const counter = new Map<number, number>();
  let pending = prepared.map((p, index) => ({
    index,
    username: p.username ?? usernameCandidate(p.base!, 1),
  }));
  const knownTaken = new Map<string, Set<string>>();
  while (pending.length) {
    const claimed = await repo.claimUsernames(
      trx,
      pending.map((x) => ({ username: x.username, studentId: prepared[x.index]!.student.id })),
      iid,
      now,
    );
    const retry: typeof pending = [];
    const assigned = new Set(usernames.filter(Boolean));
    for (const x of pending) {
      // delete: two rows of one bulk may have asked for the same name; only one gets it.
      if (claimed.delete(x.username)) {
        usernames[x.index] = x.username;
        assigned.add(x.username);
        continue;
      }
      const p = prepared[x.index]!;
      if (p.username) {
        taken.push({ index: x.index });
        continue;
      }
      const base = p.base!;
      let inUse = knownTaken.get(base);
      if (!inUse) knownTaken.set(base, (inUse = await repo.takenWithPrefix(trx, base)));
      inUse.add(x.username);
      let n = counter.get(x.index) ?? 1;
      let candidate: string;
      do candidate = usernameCandidate(base, ++n);
      while (
        inUse.has(candidate) ||
        assigned.has(candidate) ||
        retry.some((r) => r.username === candidate)
      );
      counter.set(x.index, n);
      retry.push({ index: x.index, username: candidate });
    }
    pending = retry;
  }
  return { usernames, taken };
}

/** POST /accounts: all or nothing; see DESIGN.md §4 and §8. */
export async function createAccounts(
  ctx: AppContext,
  iid: string,
  actor: Actor,
  items: CreateItem[],
  idempotencyKey?: string,
): Promise<{ status: number; body: BatchResult }> {
  if (items.length > MAX_ITEMS)
    throw new AppError(
      'payload_too_large',
      `At most ${MAX_ITEMS} accounts per request; split the selection.`,
    );
  const idem = idempotencyKey
    ? await idempotency.begin(ctx, iid, idempotencyKey, 'POST accounts', items, items.length)
    : undefined;
  if (idem?.replay) return { status: idem.status, body: idem.body as BatchResult };
  try {
    const result = await runCreate(ctx, iid, actor, items, idem && !idem.replay ? idem : undefined);
    return { status: 201, body: result };
  } catch (err) {
    if (idem && !idem.replay) await idem.abandon().catch(() => undefined);
    throw err;
  }
}

/** The CPU-heavy part, outside the transaction so that the transaction stays short. */
function hashAll(ctx: AppContext, prepared: PreparedItem[], idem?: idempotency.Claimed) {
  let lastReported = 0;
  return mapLimit(
    prepared,
    HASH_CONCURRENCY,
    (p) => ctx.hasher.hash(hashInput(p.secret)),
    (done) => {
      if (idem && (done - lastReported >= PROGRESS_EVERY || done === prepared.length)) {
        lastReported = done;
        void idem.progress(done).catch(() => undefined);
      }
    },
  );
}

async function runCreate(
  ctx: AppContext,
  iid: string,
  actor: Actor,
  items: CreateItem[],
  idem?: idempotency.Claimed,
): Promise<BatchResult> {
  const { institution, prepared } = await checkRows(ctx, iid, items);
  const hashes = await hashAll(ctx, prepared, idem);
  const now = ctx.now();
  const tempExpiry = new Date(now.getTime() + institution.temporary_password_days * 86_400_000);
  return ctx.db.transaction().execute(async (trx) => {
    await allowLongWork(trx, ctx.config.databaseTimeouts);
    // The students were read before the hashing; one may have been erased since. Locked here
    // (against erasure, till the commit) and checked again: an erased student is the same 404
    // as an unknown one, not a foreign-key error half-way through the writes.
    const present = await repo.lockStudents(
      trx,
      iid,
      prepared.map((p) => p.student.id),
    );
    const gone = prepared.find((p) => !present.has(p.student.id));
    if (gone) throw studentNotFound(items.indexOf(gone.item));
    const { usernames, taken } = await claimAll(trx, prepared, iid, now);
    const rowErrors: FieldError[] = taken.map(({ index }) => ({
      path: `body.items.${items.indexOf(prepared[index]!.item)}.username`,
      message: 'Deze gebruikersnaam is al eens uitgegeven en kan niet opnieuw gebruikt worden.',
      code: 'username_taken',
    }));
    if (rowErrors.length) throw new AppError('unprocessable', rowsFailed(rowErrors), rowErrors);
    const created = { prepared, usernames, hashes, tempExpiry };
    const body = await writeAccounts(ctx, trx, iid, actor, created, now);
    if (idem)
      await idem.finish(
        trx,
        201,
        body,
        body.items.map((i) => i.studentId),
      );
    return body;
  });
}

interface Created {
  prepared: PreparedItem[];
  usernames: string[];
  hashes: string[];
  tempExpiry: Date;
}

async function writeAccounts(
  ctx: AppContext,
  trx: Database,
  iid: string,
  actor: Actor,
  created: Created,
  now: Date,
): Promise<BatchResult> {
  const { prepared, usernames } = created;
  await repo.insertAccounts(trx, accountRows(ctx, iid, created, now));
  const counts = {
    basic: prepared.filter((p) => p.type === 'basic').length,
    advanced: prepared.filter((p) => p.type === 'advanced').length,
  };
  const who = history.actorColumns(actor);
  const batch = await repo.insertBatch(trx, {
    institution_id: iid,
    student_ids: prepared.map((p) => p.student.id),
    basic_count: counts.basic,
    advanced_count: counts.advanced,
    ...who,
    created_at: now,
  });
  await history.record(
    trx,
    actor,
    iid,
    prepared.map((p, i) => ({
      studentId: p.student.id,
      kind: 'created' as const,
      detail: {
        username: usernames[i],
        type: p.type,
        passwordKind: p.secret.kind,
        batchId: batch.id,
      },
    })),
    now,
  );
  const body: BatchResult = {
    batchId: batch.id,
    counts,
    items: prepared.map((p, i) => ({
      studentId: p.student.id,
      ...studentFields(p.student),
      username: usernames[i]!,
      type: p.type,
      passwordKind: p.secret.kind,
      ...shownSecret(p.secret),
    })),
  };
  return body;
}

/** The account rows to insert: the secret sealed, a temporary password with its expiry. */
function accountRows(
  ctx: AppContext,
  iid: string,
  { prepared, usernames, hashes, tempExpiry }: Created,
  now: Date,
) {
  return prepared.map((p, i) => ({
    student_id: p.student.id,
    institution_id: iid,
    username: usernames[i]!,
    type: p.type,
    password_kind: p.secret.kind,
    password_hash: hashes[i]!,
    secret_enc: sealSecret((a, b) => ctx.secrets.seal(a, b), p.student.id, p.secret),
    must_change: p.secret.kind === 'temporary',
    temporary_expires_at: p.secret.kind === 'temporary' ? tempExpiry : null,
    created_at: now,
    updated_at: now,
  }));
}

export async function creationProgress(ctx: AppContext, iid: string, key: string) {
  // A poll can overtake its own POST (sent at the same moment, or still queued): no 404 that
  // reads as "failed", but `pending` until the POST registers (or for a key that never will).
  const found = await idempotency.progress(ctx, iid, key);
  if (!found) return { state: 'pending' as const, done: 0, total: 0 };
  const { answer, ...progress } = found;
  // The batch it made, so a page reloaded while its POST ran can show the result (found by an
  // outside test: the admin never saw the batch and its screen offered invented passwords).
  const batchId = (answer?.body as { batchId?: unknown } | undefined)?.batchId;
  return answer?.status === 201 && typeof batchId === 'string'
    ? { ...progress, batchId }
    : progress;
}
