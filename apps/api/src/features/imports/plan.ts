import { usernameBase } from '@schoolloket/core';
import { createHash } from 'node:crypto';
import type { WarningCode } from '../../platform/errors/index.js';
import { holdsReturningAccount } from '../accounts/index.js';
import { keepHoldersInPlace, type Holder } from '../co-accounts/index.js';
import { ENROLMENT_COLUMNS, enrolmentChanges, type EnrolmentChange } from '../students/index.js';

// What an incoming list would do to the school's students. Pure: the service loads and stores.

export interface StudentState {
  first_name: string;
  last_name: string;
  group_name: string;
  official_first_name: string | null;
  official_last_name: string | null;
  gender: string | null;
  birth_date: string | null;
  enrolled_until: string | null;
  parent_emails: string[];
  locale: string | null;
}

export interface CurrentStudent extends StudentState {
  id: string;
  stamnummer: string;
  username: string | null;
}

export interface IncomingStudent {
  row: number | null;
  stamnummer: string;
  /** Only the fields the source manages; the others keep their current value. */
  values: Partial<StudentState>;
  /** When set, the source manages parent e-mail slots 1..n only; later slots are kept. */
  emailSlots?: number;
}

export type PlanKind = 'create' | 'update' | 'unchanged' | 'leaving';
export interface Warning {
  code: WarningCode;
  message: string;
  /** The values in the message, for a dashboard that words it in another language. */
  params?: Record<string, string>;
}

export interface PlanItem {
  kind: PlanKind;
  row: number | null;
  stamnummer: string;
  studentId: string | null;
  after: StudentState;
  changes: EnrolmentChange[];
  warnings: Warning[];
  /** An ended enrolment that starts again: active again. */
  returning: boolean;
  /** Returning after a real gap (holdsReturningAccount): its account is held blocked. */
  holdsAccount?: boolean;
}

const STATE_KEYS: Array<keyof StudentState> = ENROLMENT_COLUMNS;

const DEFAULTS: Omit<StudentState, 'first_name' | 'last_name'> = {
  group_name: '',
  official_first_name: null,
  official_last_name: null,
  gender: null,
  birth_date: null,
  enrolled_until: null,
  parent_emails: [],
  locale: null,
};

function dedupeEmails(emails: string[]): string[] {
  const out: string[] = [];
  for (const e of emails) if (!out.some((o) => o.toLowerCase() === e.toLowerCase())) out.push(e);
  return out;
}

/** Enrolment is over when today (Europe/Brussels) is after enrolled_until. */
const ended = (until: string | null, today: string) => until !== null && until < today;

const stripZeros = (s: string) => s.replace(/^0+(?=.)/, '');

interface PlanOptions {
  today: string;
  leavingDate?: string;
  inFile?: Set<string>;
  /** A listed student whose enrolment ended is enrolled again (file imports; not the sync API). */
  reopenListed?: boolean;
  /**
   * Students whose end date, still to come, was set by a list they were missing from, with the
   * end date they had before it (repository endedByList): listed again, they get that one back
   * (none, or the one an admin wrote). An end date an admin wrote last stays.
   */
  endedByList?: Map<string, string | null>;
  /** Active co-accounts per student: their addresses stay on their slots (keepHoldersInPlace). */
  coAccounts?: Map<string, Holder[]>;
}

export function planChanges(
  current: CurrentStudent[],
  incoming: IncomingStudent[],
  opts: PlanOptions,
): PlanItem[] {
  const byStamnummer = new Map(current.map((s) => [s.stamnummer, s]));
  const items = incoming.map((inc) => {
    const existing = byStamnummer.get(inc.stamnummer);
    return existing ? planListed(existing, inc, opts) : planCreate(inc);
  });
  const listed = opts.inFile ?? new Set(incoming.map((i) => i.stamnummer));
  const leavingDate = opts.leavingDate ?? opts.today;
  const leaving = leavers(current, listed, leavingDate);
  warnLeadingZeros(items, leaving);
  warnEncoding(items);
  for (const s of leaving) items.push(planLeaving(s, leavingDate));
  return items;
}

function planCreate(inc: IncomingStudent): PlanItem {
  return {
    kind: 'create',
    row: inc.row,
    stamnummer: inc.stamnummer,
    studentId: null,
    after: { ...DEFAULTS, first_name: '', last_name: '', ...inc.values },
    changes: [],
    warnings: [],
    returning: false,
  };
}

/** A listed student who exists: an update, or unchanged when nothing differs. */
function planListed(existing: CurrentStudent, inc: IncomingStudent, opts: PlanOptions): PlanItem {
  const after: StudentState = { ...pickState(existing), ...inc.values };
  if (inc.emailSlots !== undefined && inc.values.parent_emails) {
    after.parent_emails = dedupeEmails([
      ...inc.values.parent_emails,
      ...existing.parent_emails.slice(inc.emailSlots),
    ]);
  }
  // The list names addresses, not slots: active co-accounts keep theirs on their own slot.
  const holders = opts.coAccounts?.get(existing.id);
  if (inc.values.parent_emails && holders)
    after.parent_emails = keepHoldersInPlace(after.parent_emails, holders);
  // Being on the list means being enrolled: an ended enrolment without a new end date reopens.
  if (
    opts.reopenListed !== false &&
    inc.values.enrolled_until === undefined &&
    existing.enrolled_until !== null
  ) {
    if (opts.endedByList?.has(existing.id)) {
      const before = opts.endedByList.get(existing.id) ?? null;
      after.enrolled_until = before !== null && !ended(before, opts.today) ? before : null;
    } else if (ended(existing.enrolled_until, opts.today)) after.enrolled_until = null;
  }
  const changes = enrolmentChanges(existing, after);
  const returning =
    ended(existing.enrolled_until, opts.today) && !ended(after.enrolled_until, opts.today);
  return {
    kind: changes.length ? 'update' : 'unchanged',
    row: inc.row,
    stamnummer: inc.stamnummer,
    studentId: existing.id,
    after,
    changes,
    warnings: usernameWarnings(existing, after),
    returning,
    ...(returning
      ? { holdsAccount: holdsReturningAccount(existing.enrolled_until, opts.today) }
      : {}),
  };
}

/** A new name that would give another username: the username stays, the admin is told. */
function usernameWarnings(existing: CurrentStudent, after: StudentState): Warning[] {
  const warnings: Warning[] = [];
  if (
    existing.username &&
    (after.first_name !== existing.first_name || after.last_name !== existing.last_name)
  ) {
    const before = usernameBase(existing.first_name, existing.last_name).base;
    const now = usernameBase(after.first_name, after.last_name).base;
    if (now !== before) {
      warnings.push({
        code: 'username_basis_changed',
        params: { username: existing.username, base: now ?? '' },
        message: `De naam verandert: de gebruikersnaam ${existing.username} blijft, maar met de nieuwe naam zou die ${now ?? '(geen)'} zijn. Wijzig hem zo nodig zelf.`,
      });
    }
  }
  return warnings;
}

/** Students not on the list who are still enrolled on the leaving date, by group and name. */
function leavers(current: CurrentStudent[], listed: Set<string>, leavingDate: string) {
  return current
    .filter((s) => !listed.has(s.stamnummer))
    .filter((s) => s.enrolled_until === null || s.enrolled_until > leavingDate)
    .sort(
      (a, b) =>
        a.group_name.localeCompare(b.group_name) ||
        a.last_name.localeCompare(b.last_name) ||
        a.first_name.localeCompare(b.first_name),
    );
}

/** A new student whose stamnummer is a leaver's without its leading zeros is probably that leaver. */
function warnLeadingZeros(items: PlanItem[], leaving: CurrentStudent[]) {
  const leavingByStripped = new Map(leaving.map((s) => [stripZeros(s.stamnummer), s.stamnummer]));
  for (const item of items) {
    const twin =
      item.kind === 'create' ? leavingByStripped.get(stripZeros(item.stamnummer)) : undefined;
    if (twin) {
      item.warnings.push({
        code: 'stamnummer_leading_zeros',
        params: { stamnummer: twin },
        message: `Lijkt op stamnummer ${twin} van een leerling die vertrekt: zijn de voorloopnullen verloren gegaan (bv. door Excel)?`,
      });
    }
  }
}

// A letter the file lost or misread: "?" where Excel, saving as Windows-1252, had no byte for a
// letter (Nguyễn → Nguy?n), U+FFFD, or UTF-8 read as Windows-1252 before it reached us
// ("ZoÃ«", "Ã©"). Names with such characters are kept as written, with a warning.
const MISREAD =
  /[?\uFFFD]|Ã[\u0080-\u00BF\u2018-\u203A\u20AC\u0152\u0153\u0160\u0161\u0178\u017D\u017E]|Â[\u00A0-\u00BF]/;
const NAME_FIELDS = [
  'first_name',
  'last_name',
  'official_first_name',
  'official_last_name',
] as const;

/** A name the file holds with a lost or misread letter: probably the file's encoding. */
function warnEncoding(items: PlanItem[]) {
  for (const item of items) {
    if (item.kind !== 'create' && item.kind !== 'update') continue;
    const name = NAME_FIELDS.map((f) => item.after[f]).find((v) => v && MISREAD.test(v));
    if (name)
      item.warnings.push({
        code: 'name_encoding',
        params: { name },
        message: `De naam „${name}” lijkt een letter te missen of verkeerd gelezen: bewaar het bestand als CSV UTF-8 en lees het opnieuw in.`,
      });
  }
}

function planLeaving(s: CurrentStudent, leavingDate: string): PlanItem {
  return {
    kind: 'leaving',
    row: null,
    stamnummer: s.stamnummer,
    studentId: s.id,
    after: { ...pickState(s), enrolled_until: leavingDate },
    changes: [{ field: 'enrolledUntil', from: s.enrolled_until, to: leavingDate }],
    warnings: [],
    returning: false,
  };
}

function pickState(s: CurrentStudent): StudentState {
  return Object.fromEntries(STATE_KEYS.map((k) => [k, s[k]])) as unknown as StudentState;
}

/**
 * A digest of the school's students as a plan saw them. A commit is refused when it differs at
 * commit time: the plan was made against other data.
 */
export function fingerprint(current: CurrentStudent[]): string {
  const hash = createHash('sha256');
  const sorted = [...current].sort((a, b) =>
    a.stamnummer < b.stamnummer ? -1 : a.stamnummer > b.stamnummer ? 1 : 0,
  );
  for (const s of sorted) {
    hash.update(JSON.stringify([s.id, s.stamnummer, ...STATE_KEYS.map((k) => s[k]), s.username]));
    hash.update('\n');
  }
  return hash.digest('hex');
}
