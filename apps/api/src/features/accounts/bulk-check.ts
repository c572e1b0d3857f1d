import { usernameBase, canonicalUsername } from '@schoolloket/core';
import type { AppContext } from '../../context.js';
import type { AccountType } from '../../db/types.js';
import { AppError, type FieldError } from '../../platform/errors/index.js';
import { kindFor, makeSecret, pictureSettings, type Secret } from './credentials.js';
import * as institutionsRepo from '../institutions/index.js';
import type { CreateItem } from './schemas.js';
import type { StudentRef } from './proposals.js';
import { WARNINGS, usernameError, loadStudents } from './proposals.js';

// The first step of POST /accounts: every row checked, its username and secret chosen, before
// anything is written (bulk-create.ts writes them).

export interface PreparedItem {
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
    const { username, base } = rowUsername(item, i, student, typed, rowErrors);
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
 * The row's username: the one typed (valid, and in no earlier row), or else the base the
 * student's name gives, to be numbered when written.
 */
function rowUsername(
  item: CreateItem,
  i: number,
  student: StudentRef,
  typed: Map<string, number>,
  rowErrors: FieldError[],
): { username?: string; base?: string } {
  const at = (f: string) => `body.items.${i}.${f}`;
  if (item.username !== undefined) {
    const username = canonicalUsername(item.username);
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
    return { username };
  }
  const b = usernameBase(student.first_name, student.last_name);
  if (!b.base) {
    rowErrors.push({
      path: at('username'),
      message: WARNINGS.no_username,
      code: 'username_required',
    });
    return {};
  }
  return { base: b.base };
}

/**
 * The detail of a bulk creation refused for its rows' errors: how many rows, not how many errors
 * (a row may have several; found by an outside test: one row with four errors said "4 rows").
 */
export const rowsFailed = (errors: FieldError[]) => {
  const n = new Set(errors.map((e) => /^body\.items\.(\d+)\./.exec(e.path)?.[1] ?? e.path)).size;
  return {
    nl: `${n} rij(en) bevatten fouten; er werd niets aangemaakt.`,
    fr: `${n} ligne(s) contiennent des erreurs ; rien n'a été créé.`,
    en: `${n} row(s) have errors; nothing was created.`,
  };
};

/** The 404 of a row whose student is not (or no longer) in this school. */
export const studentNotFound = (row: number) =>
  new AppError('not_found', `Student not found: body.items.${row}.studentId`, [
    {
      path: `body.items.${row}.studentId`,
      message: 'Unknown student',
      code: 'student_not_found',
      params: {},
    },
  ]);

/** Every row checked against the students and the institution's settings; throws all row errors. */
export async function checkRows(ctx: AppContext, iid: string, items: CreateItem[]) {
  const ids = [...new Set(items.map((i) => i.studentId))];
  const students = await loadStudents(ctx.db, iid, ids);
  const missing = items.findIndex((i) => !students.has(i.studentId));
  if (missing >= 0) throw studentNotFound(missing);
  const institution = await institutionsRepo.getById(ctx.db, iid);
  const { errors, prepared } = prepare(
    items,
    students,
    institution.picture_password_length,
    institution.basic_password_kind,
  );
  if (errors.length) throw new AppError('unprocessable', rowsFailed(errors), errors);
  return { institution, prepared };
}
