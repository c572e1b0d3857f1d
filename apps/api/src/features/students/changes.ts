// A student's enrolment data as the history and the import preview name it: which fields a write
// changed, from what to what. One reading for every way a student changes (one at a time, the
// sync, a file import), so their history events look alike.

/** The enrolment columns, by their name in the API. */
export const ENROLMENT_FIELDS = {
  first_name: 'firstName',
  last_name: 'lastName',
  group_name: 'group',
  official_first_name: 'officialFirstName',
  official_last_name: 'officialLastName',
  gender: 'gender',
  birth_date: 'birthDate',
  enrolled_until: 'enrolledUntil',
  parent_emails: 'parentEmails',
  locale: 'locale',
} as const;

export type EnrolmentColumn = keyof typeof ENROLMENT_FIELDS;
export const ENROLMENT_COLUMNS = Object.keys(ENROLMENT_FIELDS) as EnrolmentColumn[];

type Value = string | string[] | null;

export interface EnrolmentChange {
  field: string;
  from: Value;
  to: Value;
}

const same = (a: Value, b: Value) =>
  Array.isArray(a) && Array.isArray(b)
    ? a.length === b.length && a.every((x, i) => x === b[i])
    : a === b;

/**
 * The fields `after` changes of `before`, in a fixed order. A column `after` leaves out is not
 * changed (a PATCH names only what it changes).
 */
export function enrolmentChanges(
  before: Partial<Record<EnrolmentColumn, Value | undefined>>,
  after: Partial<Record<EnrolmentColumn, Value | undefined>>,
): EnrolmentChange[] {
  const changes: EnrolmentChange[] = [];
  for (const column of ENROLMENT_COLUMNS) {
    const to = after[column];
    if (to === undefined) continue;
    const from = before[column] ?? null;
    if (!same(from, to)) changes.push({ field: ENROLMENT_FIELDS[column], from, to });
  }
  return changes;
}
