import type { Actor, AppContext } from '../../context.js';
import type { AccountRow, StudentRow } from '../../db/types.js';
import { AppError, assertId, notFound, type FieldError } from '../../platform/errors/index.js';
import { brusselsDate } from '../../platform/time/index.js';
import type { Account, AccountStatus } from '../../schemas/account.js';
import { holdReturningAccounts, holdsReturningAccount } from '../accounts/index.js';
import * as history from '../history/index.js';
import { enrolmentChanges } from './changes.js';
import { activeHolders, coAccountsFor, keepHoldersInPlace } from '../co-accounts/index.js';
import { getById } from '../institutions/index.js';
import * as repo from './repository.js';
import type {
  CreateStudentBody,
  PatchStudentBody,
  Student,
  StudentDetail,
  UpsertStudentBody,
} from './schemas.js';
import { studentSearchText } from './search-text.js';

type ListedRow = Pick<
  StudentRow,
  | 'id'
  | 'stamnummer'
  | 'first_name'
  | 'last_name'
  | 'group_name'
  | 'official_first_name'
  | 'official_last_name'
  | 'gender'
  | 'birth_date'
  | 'enrolled_until'
  | 'parent_emails'
  | 'locale'
> & {
  status: AccountStatus;
  account_type: 'basic' | 'advanced' | null;
  username: string | null;
  last_login_at: Date | null;
};

export function rowToStudent(row: ListedRow): Student {
  return {
    id: row.id,
    stamnummer: row.stamnummer,
    firstName: row.first_name,
    lastName: row.last_name,
    group: row.group_name,
    officialFirstName: row.official_first_name,
    officialLastName: row.official_last_name,
    gender: (row.gender as Student['gender']) ?? null,
    birthDate: row.birth_date,
    enrolledUntil: row.enrolled_until,
    parentEmails: row.parent_emails,
    locale: (row.locale as Student['locale']) ?? null,
    status: row.status,
    accountType: row.account_type,
    username: row.username,
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
  };
}

/** A temporary password past its days: it no longer logs in, so it is no use on a card. */
export function temporaryExpired(
  row: { password_kind: string | null; temporary_expires_at: Date | null },
  now: Date,
): boolean {
  return (
    row.password_kind === 'temporary' &&
    !!row.temporary_expires_at &&
    row.temporary_expires_at.getTime() <= now.getTime()
  );
}

export function rowToAccount(row: AccountRow, status: AccountStatus, now: Date): Account {
  return {
    studentId: row.student_id,
    username: row.username,
    type: row.type,
    passwordKind: row.password_kind,
    status,
    mustChangePassword: row.must_change,
    temporaryExpiresAt: row.temporary_expires_at?.toISOString() ?? null,
    reprintable: row.secret_enc !== null && !temporaryExpired(row, now),
    email: row.email,
    blockedAt: row.blocked_at?.toISOString() ?? null,
    blockedReason: row.blocked_reason,
    createdAt: row.created_at.toISOString(),
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
  };
}

export const today = (ctx: AppContext) => brusselsDate(ctx.now());

export async function groups(ctx: AppContext, iid: string) {
  const rows = await repo.listGroups(ctx.db, iid);
  return rows.map((r) => ({ name: r.group_name, count: Number(r.count) }));
}

export async function detail(ctx: AppContext, iid: string, sid: string): Promise<StudentDetail> {
  assertId(sid, 'Student');
  const row = (await repo.findStudent(ctx.db, iid, sid, today(ctx))) as
    (StudentRow & ListedRow) | undefined;
  if (!row) throw notFound('Student');
  const [account, institution] = await Promise.all([
    repo.findAccountOfStudent(ctx.db, sid),
    getById(ctx.db, iid),
  ]);
  return {
    ...rowToStudent(row),
    account: account ? rowToAccount(account, row.status, ctx.now()) : null,
    coAccounts: await coAccountsFor(ctx, row, institution.co_account_slots),
    keepUntil: row.keep_until,
  };
}

function normaliseEmails(emails: string[] | undefined): string[] | undefined {
  if (!emails) return undefined;
  const out: string[] = [];
  for (const e of emails.map((x) => x.trim())) {
    if (e && !out.some((o) => o.toLowerCase() === e.toLowerCase())) out.push(e);
  }
  return out;
}

export function fieldsToRow(body: Partial<UpsertStudentBody>) {
  // Names in NFC: the same name sent decomposed (a macOS file, some tools) is the same text, not
  // a change on every sync (found by an outside test: "Zoë" flipped between NFC and NFD).
  const trim = (s: string | null | undefined) =>
    typeof s === 'string' ? s.trim().replace(/\s+/g, ' ').normalize('NFC') : s;
  return {
    ...(body.firstName !== undefined ? { first_name: trim(body.firstName)! } : {}),
    ...(body.lastName !== undefined ? { last_name: trim(body.lastName)! } : {}),
    ...(body.group !== undefined ? { group_name: trim(body.group)! } : {}),
    ...(body.officialFirstName !== undefined
      ? { official_first_name: trim(body.officialFirstName) ?? null }
      : {}),
    ...(body.officialLastName !== undefined
      ? { official_last_name: trim(body.officialLastName) ?? null }
      : {}),
    ...(body.gender !== undefined ? { gender: body.gender } : {}),
    ...(body.birthDate !== undefined ? { birth_date: body.birthDate } : {}),
    ...(body.enrolledUntil !== undefined ? { enrolled_until: body.enrolledUntil } : {}),
    ...(body.parentEmails !== undefined
      ? { parent_emails: normaliseEmails(body.parentEmails)! }
      : {}),
    ...(body.locale !== undefined ? { locale: body.locale } : {}),
  };
}

function assertNames(values: { first_name?: string; last_name?: string }) {
  const errors: FieldError[] = [];
  if (values.first_name !== undefined && !values.first_name)
    errors.push({ path: 'body.firstName', message: 'Must not be blank.', code: 'blank_name' });
  if (values.last_name !== undefined && !values.last_name)
    errors.push({ path: 'body.lastName', message: 'Must not be blank.', code: 'blank_name' });
  if (errors.length) throw new AppError('validation_failed', 'Names must not be blank.', errors);
}

export async function create(
  ctx: AppContext,
  iid: string,
  actor: Actor,
  body: CreateStudentBody,
): Promise<StudentDetail> {
  const values = fieldsToRow(body);
  assertNames(values);
  const existing = await repo.findStudentByStamnummer(ctx.db, iid, body.stamnummer);
  if (existing)
    throw new AppError(
      'stamnummer_taken',
      `Stamnummer ${body.stamnummer} already belongs to a student of this school.`,
    );
  try {
    const id = await ctx.db.transaction().execute(async (trx) => {
      const { id } = await repo.insertStudent(trx, {
        institution_id: iid,
        stamnummer: body.stamnummer,
        first_name: values.first_name!,
        last_name: values.last_name!,
        ...values,
        ...(values.enrolled_until ? { end_recorded_on: today(ctx) } : {}),
        search_text: studentSearchText(
          values.first_name!,
          values.last_name!,
          values.official_first_name,
          values.official_last_name,
        ),
      });
      // In the history as the sync and the import record a new student.
      const created = { source: 'student', change: 'created', stamnummer: body.stamnummer };
      await history.record(
        trx,
        actor,
        iid,
        [{ studentId: id, kind: 'enrolment_changed', detail: created }],
        ctx.now(),
      );
      return id;
    });
    return detail(ctx, iid, id);
  } catch (err) {
    if ((err as { code?: string }).code === '23505') {
      throw new AppError(
        'stamnummer_taken',
        `Stamnummer ${body.stamnummer} already belongs to a student of this school.`,
      );
    }
    throw err;
  }
}

async function updateExisting(
  ctx: AppContext,
  iid: string,
  actor: Actor,
  sid: string,
  body: Partial<UpsertStudentBody>,
) {
  const values = fieldsToRow(body);
  assertNames(values);
  const day = today(ctx);
  const ended = (until: string | null | undefined) => !!until && until < day;
  await ctx.db.transaction().execute(async (trx) => {
    // The row as it is now, locked: a concurrent change is waited for, so the search text and
    // the history's "from" are of the row this write changes, not of one read before it.
    const current = await repo.lockStudentRow(trx, iid, sid);
    if (!current) throw notFound('Student');
    // The list names addresses, not slots: active co-accounts keep theirs on their own slot.
    if (values.parent_emails)
      values.parent_emails = keepHoldersInPlace(
        values.parent_emails,
        await activeHolders(trx, { sid: current.id }),
      );
    const merged = { ...current, ...values };
    const returning =
      values.enrolled_until !== undefined &&
      ended(current.enrolled_until) &&
      !ended(values.enrolled_until);
    await repo.updateStudent(trx, iid, current.id, {
      ...values,
      // The grace period before erasure counts from this day too (an end typed in the past).
      ...(values.enrolled_until !== undefined && values.enrolled_until !== current.enrolled_until
        ? { end_recorded_on: day }
        : {}),
      search_text: studentSearchText(
        merged.first_name,
        merged.last_name,
        merged.official_first_name,
        merged.official_last_name,
      ),
      updated_at: ctx.now(),
    });
    // Enrolled again within the grace period: the same account, held until the school opens it.
    if (returning && holdsReturningAccount(current.enrolled_until, day))
      await holdReturningAccounts(trx, actor, iid, [current.id], ctx.now());
    // In the history as the sync and the import record a change (found by an outside test: a
    // change one student at a time was missing from it). Nothing changed, nothing recorded.
    const changes = enrolmentChanges(current, values);
    if (changes.length) {
      const change = returning
        ? 'reactivated'
        : !ended(current.enrolled_until) && ended(merged.enrolled_until)
          ? 'ended'
          : 'updated';
      await history.record(
        trx,
        actor,
        iid,
        [
          {
            studentId: current.id,
            kind: 'enrolment_changed',
            detail: { source: 'student', change, changes },
          },
        ],
        ctx.now(),
      );
    }
  });
}

/** Idempotent sync by stamnummer: creates or replaces the enrolment data. */
export async function upsert(
  ctx: AppContext,
  iid: string,
  actor: Actor,
  stamnummer: string,
  body: UpsertStudentBody,
) {
  for (let attempt = 1; ; attempt++) {
    const existing = await repo.findStudentByStamnummer(ctx.db, iid, stamnummer);
    if (!existing) {
      try {
        return { created: true, student: await create(ctx, iid, actor, { ...body, stamnummer }) };
      } catch (err) {
        // Created meanwhile by a request of the same sync (a retry, another instance): then
        // this one is an update of it, as if it had come second (found by an outside test:
        // parallel upserts of one new stamnummer answered 409, which this route does not).
        if (attempt === 1 && err instanceof AppError && err.code === 'stamnummer_taken') continue;
        throw err;
      }
    }
    await updateExisting(ctx, iid, actor, existing.id, body);
    return { created: false, student: await detail(ctx, iid, existing.id) };
  }
}

export async function patch(
  ctx: AppContext,
  iid: string,
  actor: Actor,
  sid: string,
  body: PatchStudentBody,
): Promise<StudentDetail> {
  assertId(sid, 'Student');
  await updateExisting(ctx, iid, actor, sid, body);
  return detail(ctx, iid, sid);
}
