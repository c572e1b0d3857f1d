import { personalUrl } from '@schoolloket/core';
import type { ExportAccount } from '@schoolloket/core/export';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { AppContext } from '../../context.js';
import { AppError, ROW_CODES } from '../../platform/errors/index.js';
import { openSecret, shownSecret } from '../accounts/index.js';
import * as studentsRepo from '../students/index.js';
import type { StudentFilter } from '../students/index.js';
import { temporaryExpired, today } from '../students/index.js';
import * as repo from './repository.js';

export const MAX_EXPORT = 10_000;

/** Secrets decrypted between two turns of the event loop (10,000 take ~150 ms in all). */
const OPEN_SLICE = 500;

type Row = Awaited<ReturnType<typeof repo.exportRows>>[number];

export async function selectionIds(
  ctx: AppContext,
  iid: string,
  body: { studentIds?: string[]; filter?: StudentFilter },
): Promise<string[]> {
  if (!body.studentIds && !body.filter) {
    throw new AppError('validation_failed', ROW_CODES.selection_required.message, [
      {
        path: 'body.studentIds',
        message: ROW_CODES.selection_required.message.en,
        code: 'selection_required',
      },
    ]);
  }
  const ids = body.studentIds
    ? [...new Set(body.studentIds)]
    : (
        await studentsRepo.listStudentIds(ctx.db, iid, body.filter!, today(ctx), MAX_EXPORT + 1)
      ).map((r) => r.id);
  if (ids.length === 0)
    throw new AppError('validation_failed', 'The selection is empty.', [
      { path: 'body', message: 'no students selected' },
    ]);
  if (ids.length > MAX_EXPORT)
    throw new AppError('payload_too_large', `At most ${MAX_EXPORT} students per export.`);
  return ids;
}

type Printable = Row & {
  username: string;
  secret_enc: string;
  type: NonNullable<Row['type']>;
  password_kind: Exclude<NonNullable<Row['password_kind']>, 'own'>;
};

/**
 * Whether the row has a password to print again at `now`: a basic one, or a temporary one that
 * the student has not changed and that has not expired (found by an outside review: cards with
 * a dead temporary password were printed again, and failed as a wrong password).
 */
export function printableAt(now: Date) {
  return (row: Row): row is Printable =>
    !!row.username &&
    !!row.secret_enc &&
    !!row.type &&
    !!row.password_kind &&
    row.password_kind !== 'own' &&
    !temporaryExpired(row, now);
}

function toExportAccount(ctx: AppContext, row: Row): ExportAccount | undefined {
  if (!printableAt(ctx.now())(row)) return undefined;
  const secret = openSecret((a, b) => ctx.secrets.open(a, b), row.id, row.secret_enc);
  return {
    studentId: row.id,
    stamnummer: row.stamnummer,
    firstName: row.first_name,
    lastName: row.last_name,
    group: row.group_name,
    username: row.username,
    type: row.type,
    passwordKind: row.password_kind,
    ...shownSecret(secret),
    url: personalUrl(`${ctx.config.publicBaseUrl}/u`, row.username, {
      passwordKind: row.password_kind,
      pictures: secret.pictures,
    }),
  };
}

/** The rows as printable accounts (undefined: nothing to print), decrypted in slices. */
export async function openAccounts(
  ctx: AppContext,
  rows: Row[],
): Promise<Array<ExportAccount | undefined>> {
  const accounts: Array<ExportAccount | undefined> = [];
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && i % OPEN_SLICE === 0) await yieldToEventLoop();
    accounts.push(toExportAccount(ctx, rows[i]!));
  }
  return accounts;
}
