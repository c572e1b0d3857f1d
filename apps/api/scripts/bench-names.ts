// The benchmark school's students: bench.ts, bench-list.ts and bench-exports.ts create them
// (benchStudent), bench-import.ts exports them.
import { studentSearchText } from '../src/features/students/index.js';

export const FIRSTS = [
  'Emma',
  'Noah',
  'Louise',
  'Arthur',
  'Süheda',
  'Łukasz',
  'Ștefan',
  'Zoë',
  'Mohamed',
  'Olivia',
];
export const LASTS = [
  'Peeters',
  'Janssens',
  'Daniëls',
  'Van den Broeck',
  "D'Hondt",
  'Yılmaz',
  'Wójcik',
  'Maes',
  'Claes',
  'Nguyễn',
];

/**
 * Student `j` of a benchmark school, as a `students` row: first names cycle every student, last
 * names every ten; stamnummer `100000 + j` and one of twelve groups unless the bench says.
 */
export function benchStudent(
  institutionId: string,
  j: number,
  opts: { stamnummer?: number; group?: string } = {},
) {
  const first = FIRSTS[j % 10]!;
  const last = LASTS[Math.floor(j / 10) % 10]!;
  return {
    institution_id: institutionId,
    stamnummer: String(opts.stamnummer ?? 100000 + j),
    first_name: first,
    last_name: last,
    group_name: opts.group ?? `${(j % 12) + 1}e groep`,
    enrolled_until: '2099-08-31',
    search_text: studentSearchText(first, last),
  };
}
