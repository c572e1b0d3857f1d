import { allowLongWork } from '../../db/long-work.js';
import { usernameBase, usernameCandidate, canonicalUsername } from '@schoolloket/core';
import { availableParallelism } from 'node:os';
import type { Actor, AppContext } from '../../context.js';
import type { Database } from '../../db/database.js';
import type { AccountType } from '../../db/types.js';
import { AppError, type FieldError } from '../../platform/errors/index.js';
import { mapLimit } from '../../platform/concurrency/index.js';
import * as history from '../history/index.js';
import * as idempotency from '../../platform/idempotency/index.js';
import { kindFor, makeSecret, pictureSettings, sealSecret, type Secret } from './credentials.js';
import * as institutionsRepo from '../institutions/index.js';
import { hashInput } from '../../platform/security/index.js';
import * as repo from './repository.js';
import type { BatchResult, CreateItem } from './schemas.js';
import type { StudentRef } from './proposals.js';
import { WARNINGS, usernameError, MAX_ITEMS, loadStudents, studentFields } from './proposals.js';

const HASH_CONCURRENCY = Math.max(2, Math.min(4, availableParallelism() * 2));
const PROGRESS_EVERY = 25;

interface PreparedItem {
  item: CreateItem;
  student: StudentRef;
  type: AccountType;
  secret: Secret;
  username?: string;
  base?: string;
}

/** Checks every row before anything is written; returns all row errors at once. */
function prepare(
  items: CreateItem[],
  students: Map<string, StudentRef>,
  pictureLength: number,
  basicKind: 'picture' | 'word',
) {
  const errors: FieldError[] = [];
  const prepared: PreparedItem[] = [];
  const seen = new Map<string, number>();
  const typed = new Map<string, number>();
  const pictures = pictureSettings(pictureLength);
  items.forEach((item, i) => {
    const at = (f: string) => `body.items.${i}.${f}`;
    const rowErrors: FieldError[] = [];
    const student = students.get(item.studentId)!;
    if (seen.has(item.studentId))
      rowErrors.push({
        path: at('studentId'),
        message: `Dubbele leerling (ook in rij ${seen.get(item.studentId)! + 1}).`,
        code: 'duplicate_student',
        params: { row: seen.get(item.studentId)! + 1 },
      });
    seen.set(item.studentId, i);
    if (student.username)
      rowErrors.push({ path: at('studentId'), message: WARNINGS.has_account, code: 'has_account' });
    const kind = kindFor(item.type, item.passwordKind, basicKind);
    let username: string | undefined;
    let base: string | undefined;
    if (item.username !== undefined) {
      username = canonicalUsername(item.username);
      const err = usernameError(at('username'), username);
      if (err) rowErrors.push(err);
      else if (typed.has(username))
        rowErrors.push({
          path: at('username'),
          message: `Deze gebruikersnaam staat ook in rij ${typed.get(username)! + 1}.`,
          code: 'username_duplicate',
          params: { row: typed.get(username)! + 1 },
        });
      typed.set(username, i);
    } else {
      const b = usernameBase(student.first_name, student.last_name);
      if (!b.base)
        rowErrors.push({
          path: at('username'),
          message: WARNINGS.no_username,
          code: 'username_required',
        });
      else base = b.base;
    }
    if (typeof kind !== 'string') {
      rowErrors.push({
        path: at('passwordKind'),
        message: kind.error,
        code: 'bad_password_kind',
        params: {},
      });
    } else {
      const made = makeSecret(kind, pictures, { password: item.password, pictures: item.pictures });
      if ('errors' in made)
        for (const e of made.errors)
          rowErrors.push({ path: at(e.field), message: e.message, code: `password_${e.code}` });
      else if (!rowErrors.length)
        prepared.push({ item, student, type: item.type, secret: made.secret, username, base });
    }
    errors.push(...rowErrors);
  });
  return { errors, prepared };
}

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

const rowsFailed = (n: number) => ({
  nl: `${n} rij(en) bevatten fouten; er werd niets aangemaakt.`,
  fr: `${n} ligne(s) contiennent des erreurs ; rien n'a été créé.`,
  en: `${n} row(s) have errors; nothing was created.`,
});

/** Every row checked against the students and the institution's settings; throws all row errors. */
async function checkRows(ctx: AppContext, iid: string, items: CreateItem[]) {
  const ids = [...new Set(items.map((i) => i.studentId))];
  const students = await loadStudents(ctx.db, iid, ids);
  const missing = items.findIndex((i) => !students.has(i.studentId));
  if (missing >= 0)
    throw new AppError('not_found', `Student not found: body.items.${missing}.studentId`, [
      {
        path: `body.items.${missing}.studentId`,
        message: 'Unknown student',
        code: 'student_not_found',
        params: {},
      },
    ]);
  const institution = await institutionsRepo.getById(ctx.db, iid);
  const { errors, prepared } = prepare(
    items,
    students,
    institution.picture_password_length,
    institution.basic_password_kind,
  );
  if (errors.length) throw new AppError('unprocessable', rowsFailed(errors.length), errors);
  return { institution, prepared };
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
    const { usernames, taken } = await claimAll(trx, prepared, iid, now);
    const rowErrors: FieldError[] = taken.map(({ index }) => ({
      path: `body.items.${items.indexOf(prepared[index]!.item)}.username`,
      message: 'Deze gebruikersnaam is al eens uitgegeven en kan niet opnieuw gebruikt worden.',
      code: 'username_taken',
    }));
    if (rowErrors.length)
      throw new AppError('unprocessable', rowsFailed(rowErrors.length), rowErrors);
    const created = { prepared, usernames, hashes, tempExpiry };
    const body = await writeAccounts(ctx, trx, iid, actor, created, now);
    if (idem) await idem.finish(trx, 201, body);
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
  { prepared, usernames, hashes, tempExpiry }: Created,
  now: Date,
): Promise<BatchResult> {
  await repo.insertAccounts(
    trx,
    prepared.map((p, i) => ({
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
    })),
  );
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
      ...(p.secret.password ? { password: p.secret.password } : {}),
      ...(p.secret.pictures ? { pictures: p.secret.pictures } : {}),
    })),
  };
  return body;
}

export async function creationProgress(ctx: AppContext, iid: string, key: string) {
  // A poll can overtake its own POST (sent at the same moment, or still queued): no 404 that
  // reads as "failed", but `pending` until the POST registers (or for a key that never will).
  return (
    (await idempotency.progress(ctx, iid, key)) ?? { state: 'pending' as const, done: 0, total: 0 }
  );
}
