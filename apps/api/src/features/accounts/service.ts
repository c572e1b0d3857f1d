import { allowLongWork } from '../../db/long-work.js';
import {
  proposedAccountType,
  usernameBase,
  usernameCandidate,
  validateUsername,
  canonicalUsername,
  usernameMessages,
} from '@schoolloket/core';
import { availableParallelism } from 'node:os';
import type { Actor, AppContext } from '../../context.js';
import type { Database } from '../../db/database.js';
import type { AccountType } from '../../db/types.js';
import { AppError, assertId, notFound, type FieldError } from '../../errors/app-error.js';
import { mapLimit } from '../../concurrency/map-limit.js';
import * as history from '../history/service.js';
import * as idempotency from '../idempotency/service.js';
import * as studentsRepo from '../students/repository.js';
import { rowToAccount, today } from '../students/service.js';
import type { StudentFilter } from '../students/schemas.js';
import {
  hashInput,
  kindFor,
  makeSecret,
  pictureSettings,
  sealSecret,
  type Secret,
} from './credentials.js';
import * as institutionsRepo from '../institutions/repository.js';
import * as repo from './repository.js';
import type {
  AccountItem,
  BatchResult,
  CreateItem,
  NewPasswordBody,
  PatchAccountBody,
  ProposalBody,
  Warning,
} from './schemas.js';

export const MAX_ITEMS = 5000;
const HASH_CONCURRENCY = Math.max(2, Math.min(4, availableParallelism() * 2));
const PROGRESS_EVERY = 25;

const WARNINGS = {
  needs_review: 'Naam werd omgezet naar Latijnse letters: controleer de gebruikersnaam.',
  no_username: 'Uit deze naam kan geen gebruikersnaam gemaakt worden: typ er zelf een.',
  counter_added: 'De gebruikersnaam bestond al; er werd een cijfer toegevoegd.',
  has_account: 'Deze leerling heeft al een account.',
  enrolment_ended:
    'De inschrijving van deze leerling is al beëindigd: het account wordt meteen inactief.',
} as const;
const warning = (code: keyof typeof WARNINGS): Warning => ({ code, message: WARNINGS[code] });

type StudentRef = Awaited<ReturnType<typeof repo.findStudentsWithAccounts>>[number];

async function loadStudents(
  db: Database,
  iid: string,
  ids: string[],
): Promise<Map<string, StudentRef>> {
  const rows = await repo.findStudentsWithAccounts(db, iid, ids);
  return new Map(rows.map((r) => [r.id, r]));
}

function studentFields(s: StudentRef) {
  return {
    stamnummer: s.stamnummer,
    firstName: s.first_name,
    lastName: s.last_name,
    group: s.group_name,
  };
}

/** Proposed usernames and passwords for a selection. Writes nothing. */
export async function proposals(
  ctx: AppContext,
  iid: string,
  body: ProposalBody,
): Promise<{ items: AccountItem[] }> {
  if (!body.studentIds && !body.filter) {
    throw new AppError('validation_failed', 'Give studentIds or a filter.', [
      { path: 'body.studentIds', message: 'studentIds or filter is required' },
    ]);
  }
  const ids =
    body.studentIds ??
    (
      await studentsRepo.listStudentIds(
        ctx.db,
        iid,
        body.filter as StudentFilter,
        today(ctx),
        MAX_ITEMS + 1,
      )
    ).map((r) => r.id);
  if (ids.length > MAX_ITEMS)
    throw new AppError('payload_too_large', `At most ${MAX_ITEMS} students at once.`);
  const unique = [...new Set(ids)];
  const students = await loadStudents(ctx.db, iid, unique);
  const missing = unique.filter((id) => !students.has(id));
  if (missing.length) throw notFound(`Student ${missing[0]}`);
  const institution = await institutionsRepo.getById(ctx.db, iid);
  const todayDate = today(ctx);
  // Without a type each student gets the one the school's age rule proposes.
  const typeOf = (s: StudentRef): AccountType =>
    body.type ?? proposedAccountType(s.birth_date, todayDate, institution.advanced_from_age);
  const kindOf = (type: AccountType) => {
    const kind = kindFor(
      type,
      type === 'basic' || body.type ? body.passwordKind : undefined,
      institution.basic_password_kind,
    );
    if (typeof kind !== 'string')
      throw new AppError('validation_failed', kind.error, [
        { path: 'body.passwordKind', message: kind.error },
      ]);
    return kind;
  };
  if (body.type) kindOf(body.type);
  const pictures = pictureSettings(institution.picture_password_length);

  // Proposals in one selection must not collide with each other either.
  const bases = unique.map((id) => {
    const s = students.get(id)!;
    return usernameBase(s.first_name, s.last_name);
  });
  const candidates = bases.flatMap((b) => (b.base ? [b.base] : []));
  const taken = new Set<string>();
  for (const base of new Set(candidates))
    for (const name of await repo.takenWithPrefix(ctx.db, base)) taken.add(name);

  const items = unique.map((id, i): AccountItem => {
    const s = students.get(id)!;
    const b = bases[i]!;
    const warnings: Warning[] = [];
    if (s.username) warnings.push(warning('has_account'));
    if (s.enrolled_until && s.enrolled_until < todayDate) warnings.push(warning('enrolment_ended'));
    if (b.needsReview) warnings.push(warning(b.base ? 'needs_review' : 'no_username'));
    let username: string | null = null;
    if (b.base) {
      for (let n = 1; ; n++) {
        const candidate = usernameCandidate(b.base, n);
        if (!taken.has(candidate)) {
          username = candidate;
          taken.add(candidate);
          if (n > 1) warnings.push(warning('counter_added'));
          break;
        }
      }
    }
    const type = typeOf(s);
    const kind = kindOf(type);
    const made = makeSecret(kind, pictures);
    const secret = 'secret' in made ? made.secret : undefined;
    return {
      studentId: id,
      ...studentFields(s),
      username,
      type,
      passwordKind: kind,
      ...(secret?.password ? { password: secret.password } : {}),
      ...(secret?.pictures ? { pictures: secret.pictures } : {}),
      ...(warnings.length ? { warnings } : {}),
    };
  });
  return { items };
}

interface PreparedItem {
  item: CreateItem;
  student: StudentRef;
  type: AccountType;
  secret: Secret;
  username?: string;
  base?: string;
}

function usernameError(path: string, input: string): FieldError | undefined {
  const result = validateUsername(input);
  if (result.ok) return undefined;
  return { path, message: usernameMessages.nl[result.error], code: `username_${result.error}` };
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
      rowErrors.push({ path: at('passwordKind'), message: kind.error, code: 'bad_password_kind' });
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

async function runCreate(
  ctx: AppContext,
  iid: string,
  actor: Actor,
  items: CreateItem[],
  idem?: idempotency.Claimed,
): Promise<BatchResult> {
  const ids = [...new Set(items.map((i) => i.studentId))];
  const students = await loadStudents(ctx.db, iid, ids);
  const missing = items.findIndex((i) => !students.has(i.studentId));
  if (missing >= 0)
    throw new AppError('not_found', `Student not found: body.items.${missing}.studentId`, [
      {
        path: `body.items.${missing}.studentId`,
        message: 'Onbekende leerling',
        code: 'student_not_found',
      },
    ]);
  const institution = await institutionsRepo.getById(ctx.db, iid);
  const { errors, prepared } = prepare(
    items,
    students,
    institution.picture_password_length,
    institution.basic_password_kind,
  );
  if (errors.length)
    throw new AppError(
      'unprocessable',
      `${errors.length} rij(en) bevatten fouten; er werd niets aangemaakt.`,
      errors,
    );

  // CPU-heavy part first and outside the transaction: the transaction then stays short.
  let lastReported = 0;
  const hashes = await mapLimit(
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
      throw new AppError(
        'unprocessable',
        `${rowErrors.length} rij(en) bevatten fouten; er werd niets aangemaakt.`,
        rowErrors,
      );

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
    if (idem) await idem.finish(trx, 201, body);
    return body;
  });
}

export async function creationProgress(ctx: AppContext, iid: string, key: string) {
  const p = await idempotency.progress(ctx, iid, key);
  if (!p) throw notFound('Request');
  return p;
}

async function accountOrThrow(db: Database, iid: string, sid: string, lock = false) {
  assertId(sid, 'Student');
  const account = lock
    ? await repo.lockAccount(db, iid, sid)
    : await repo.findAccount(db, iid, sid);
  if (!account) throw notFound('Account');
  return account;
}

async function statusOf(ctx: AppContext, iid: string, sid: string) {
  const row = await studentsRepo.findStudent(ctx.db, iid, sid, today(ctx));
  return row!.status;
}

export async function detail(ctx: AppContext, iid: string, sid: string) {
  const account = await accountOrThrow(ctx.db, iid, sid);
  return rowToAccount(account, await statusOf(ctx, iid, sid));
}

/** Sets a fresh secret on an account (inside the caller's transaction). */
async function applySecret(
  ctx: AppContext,
  trx: Database,
  sid: string,
  type: AccountType,
  secret: Secret,
  institution: { temporary_password_days: number },
) {
  const now = ctx.now();
  return repo.updateAccount(trx, sid, {
    type,
    password_kind: secret.kind,
    password_hash: await ctx.hasher.hash(hashInput(secret)),
    secret_enc: sealSecret((a, b) => ctx.secrets.seal(a, b), sid, secret),
    must_change: secret.kind === 'temporary',
    temporary_expires_at:
      secret.kind === 'temporary'
        ? new Date(now.getTime() + institution.temporary_password_days * 86_400_000)
        : null,
    updated_at: now,
  });
}

function secretOrThrow(
  kind: ReturnType<typeof kindFor>,
  pictureLength: number,
  supplied: { password?: string; pictures?: string[] },
): Secret {
  if (typeof kind !== 'string')
    throw new AppError('validation_failed', kind.error, [
      { path: 'body.passwordKind', message: kind.error },
    ]);
  const made = makeSecret(kind, pictureSettings(pictureLength), supplied);
  if ('errors' in made) {
    throw new AppError(
      'unprocessable',
      made.errors.map((e) => e.message).join(' '),
      made.errors.map((e) => ({
        path: `body.${e.field}`,
        message: e.message,
        code: `password_${e.code}`,
      })),
    );
  }
  return made.secret;
}

/** Change username (the old one stays reserved), type or password kind. */
export async function patch(
  ctx: AppContext,
  iid: string,
  sid: string,
  actor: Actor,
  body: PatchAccountBody,
) {
  const institution = await institutionsRepo.getById(ctx.db, iid);
  const result = await ctx.db.transaction().execute(async (trx) => {
    const account = await accountOrThrow(trx, iid, sid, true);
    const now = ctx.now();
    const events: Parameters<typeof history.record>[3] = [];
    let secret: Secret | undefined;
    if (body.username !== undefined) {
      const username = canonicalUsername(body.username);
      if (username !== account.username) {
        const err = usernameError('body.username', username);
        if (err) throw new AppError('unprocessable', err.message, [err]);
        if (!(await repo.claimUsername(trx, username, iid, sid, now))) {
          throw new AppError(
            'unprocessable',
            'Deze gebruikersnaam is al eens uitgegeven en kan niet opnieuw gebruikt worden.',
            [{ path: 'body.username', message: 'taken', code: 'username_taken' }],
          );
        }
        await repo.updateAccount(trx, sid, { username, updated_at: now });
        await repo.releaseUsername(trx, account.username, now);
        events.push({
          studentId: sid,
          kind: 'username_changed',
          detail: { from: account.username, to: username },
        });
      }
    }
    const type = body.type ?? account.type;
    const currentKind = account.password_kind;
    const wantKind =
      type === 'advanced'
        ? 'temporary'
        : (body.passwordKind ??
          (currentKind === 'picture' || currentKind === 'word'
            ? currentKind
            : institution.basic_password_kind));
    if (type !== account.type || (body.passwordKind !== undefined && wantKind !== currentKind)) {
      secret = secretOrThrow(kindFor(type, wantKind), institution.picture_password_length, {});
      await applySecret(ctx, trx, sid, type, secret, institution);
      events.push({
        studentId: sid,
        kind: type !== account.type ? 'type_changed' : 'password_regenerated',
        detail: { from: account.type, to: type, passwordKind: secret.kind },
      });
    }
    await history.record(trx, actor, iid, events, now);
    return secret;
  });
  return {
    account: await detail(ctx, iid, sid),
    ...(result?.password ? { password: result.password } : {}),
    ...(result?.pictures ? { pictures: result.pictures } : {}),
  };
}

export async function newPassword(
  ctx: AppContext,
  iid: string,
  sid: string,
  actor: Actor,
  body: NewPasswordBody,
) {
  const institution = await institutionsRepo.getById(ctx.db, iid);
  const secret = await ctx.db.transaction().execute(async (trx) => {
    const account = await accountOrThrow(trx, iid, sid, true);
    const fallbackKind =
      account.type === 'advanced'
        ? 'temporary'
        : account.password_kind === 'word'
          ? 'word'
          : 'picture';
    const s = secretOrThrow(
      kindFor(account.type, body.passwordKind ?? fallbackKind),
      institution.picture_password_length,
      { password: body.password, pictures: body.pictures },
    );
    await applySecret(ctx, trx, sid, account.type, s, institution);
    await history.record(
      trx,
      actor,
      iid,
      [{ studentId: sid, kind: 'password_regenerated', detail: { passwordKind: s.kind } }],
      ctx.now(),
    );
    return s;
  });
  return {
    account: await detail(ctx, iid, sid),
    ...(secret.password ? { password: secret.password } : {}),
    ...(secret.pictures ? { pictures: secret.pictures } : {}),
  };
}

export async function setBlocked(
  ctx: AppContext,
  iid: string,
  sid: string,
  actor: Actor,
  blocked: boolean,
  reason?: string,
) {
  await ctx.db.transaction().execute(async (trx) => {
    const account = await accountOrThrow(trx, iid, sid, true);
    if (blocked === (account.blocked_at !== null)) return;
    const now = ctx.now();
    await repo.updateAccount(trx, sid, {
      blocked_at: blocked ? now : null,
      blocked_reason: blocked ? (reason ?? null) : null,
      updated_at: now,
    });
    await history.record(
      trx,
      actor,
      iid,
      [
        {
          studentId: sid,
          kind: blocked ? 'blocked' : 'unblocked',
          detail: reason ? { reason } : {},
        },
      ],
      now,
    );
  });
  return detail(ctx, iid, sid);
}

export async function batch(ctx: AppContext, iid: string, bid: string) {
  assertId(bid, 'Batch');
  const row = await repo.findBatch(ctx.db, iid, bid);
  if (!row) throw notFound('Batch');
  const accounts = await repo.accountsOfStudents(ctx.db, iid, row.student_ids);
  return {
    id: row.id,
    createdAt: row.created_at.toISOString(),
    createdBy: row.actor_name,
    counts: { basic: row.basic_count, advanced: row.advanced_count },
    items: accounts.map((a) => ({
      studentId: a.student_id,
      stamnummer: a.stamnummer,
      firstName: a.first_name,
      lastName: a.last_name,
      group: a.group_name,
      username: a.username,
      type: a.type,
      passwordKind: a.password_kind,
    })),
  };
}
