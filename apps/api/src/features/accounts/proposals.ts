import {
  proposedAccountType,
  usernameBase,
  usernameCandidate,
  validateUsername,
  usernameMessages,
} from '@schoolloket/core';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/database.js';
import type { AccountType } from '../../db/types.js';
import { AppError, notFound, ROW_CODES, type FieldError } from '../../platform/errors/index.js';
import * as studentsRepo from '../students/index.js';
import { today } from '../students/index.js';
import type { StudentFilter } from '../students/index.js';
import { kindFor, makeSecret, pictureSettings, shownSecret } from './credentials.js';
import * as institutionsRepo from '../institutions/index.js';
import * as repo from './repository.js';
import type { AccountItem, ProposalBody, Warning } from './schemas.js';

export const MAX_ITEMS = 5000;

export const WARNINGS = {
  needs_review: 'Naam werd omgezet naar Latijnse letters: controleer de gebruikersnaam.',
  no_username: 'Uit deze naam kan geen gebruikersnaam gemaakt worden: typ er zelf een.',
  counter_added: 'De gebruikersnaam bestond al; er werd een cijfer toegevoegd.',
  has_account: 'Deze leerling heeft al een account.',
  enrolment_ended:
    'De inschrijving van deze leerling is al beëindigd: het account wordt meteen inactief.',
} as const;
const warning = (code: keyof typeof WARNINGS): Warning => ({ code, message: WARNINGS[code] });

export type StudentRef = Awaited<ReturnType<typeof repo.findStudentsWithAccounts>>[number];

export async function loadStudents(
  db: Database,
  iid: string,
  ids: string[],
): Promise<Map<string, StudentRef>> {
  const rows = await repo.findStudentsWithAccounts(db, iid, ids);
  return new Map(rows.map((r) => [r.id, r]));
}

export function studentFields(s: StudentRef) {
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
  const unique = [...new Set(await selectedIds(ctx, iid, body))];
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
  const taken = await takenUsernames(ctx.db, bases);

  const items = unique.map((id, i): AccountItem => {
    const s = students.get(id)!;
    const b = bases[i]!;
    const warnings: Warning[] = [];
    if (s.username) warnings.push(warning('has_account'));
    if (s.enrolled_until && s.enrolled_until < todayDate) warnings.push(warning('enrolment_ended'));
    if (b.needsReview) warnings.push(warning(b.base ? 'needs_review' : 'no_username'));
    const username = b.base ? claimUsername(b.base, taken, warnings) : null;
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
      ...shownSecret(secret),
      ...(warnings.length ? { warnings } : {}),
    };
  });
  return { items };
}

/** The students a proposal body names: its ids, or the ids its filter finds. */
async function selectedIds(ctx: AppContext, iid: string, body: ProposalBody): Promise<string[]> {
  if (!body.studentIds && !body.filter) {
    throw new AppError('validation_failed', ROW_CODES.selection_required.message, [
      {
        path: 'body.studentIds',
        message: ROW_CODES.selection_required.message.en,
        code: 'selection_required',
      },
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
  return ids;
}

/** Usernames already taken that start with one of the bases: the ones a proposal must avoid. */
async function takenUsernames(db: Database, bases: Array<{ base: string | null }>) {
  const candidates = bases.flatMap((b) => (b.base ? [b.base] : []));
  const taken = new Set<string>();
  for (const base of new Set(candidates))
    for (const name of await repo.takenWithPrefix(db, base)) taken.add(name);
  return taken;
}

/** The first free username for the base, taken at once so no later proposal gets it too. */
function claimUsername(base: string, taken: Set<string>, warnings: Warning[]): string {
  for (let n = 1; ; n++) {
    const candidate = usernameCandidate(base, n);
    if (!taken.has(candidate)) {
      taken.add(candidate);
      if (n > 1) warnings.push(warning('counter_added'));
      return candidate;
    }
  }
}

export function usernameError(path: string, input: string): FieldError | undefined {
  const result = validateUsername(input);
  if (result.ok) return undefined;
  return { path, message: usernameMessages.nl[result.error], code: `username_${result.error}` };
}
