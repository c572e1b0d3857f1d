// The student list bench's data (bench-list.ts): next to the setup's school of 50,000 in groups,
// one group of 50,000 and one of 4,167 with the same names on every page, in the same school, and
// the API keys the cases use.
import type { DatabaseHandle } from '../src/db/database.js';
import { studentSearchText } from '../src/features/students/index.js';
import { tokenHash } from '../src/platform/security/tokens.js';
import { benchStudent, FIRSTS, LASTS } from './bench-names.js';

export const TOKEN = 'slk_bench-token-bench-token-bench-token-0001';
// One key per measured run: each has a busy integration's own limit (the most a school may set,
// 100,000 a minute), and no run comes near it, so no request is refused (a cached run at 50
// connections is ~25,000 requests; one key for all the runs of a case would pass the limit).
export const caseToken = (i: number) =>
  `slk_bench-token-bench-token-bench-token-1${String(i).padStart(3, '0')}`;
/**
 * Keys for measured runs: caseToken(0) … caseToken(KEYS - 1). A full run measures the app 51
 * times with six rounds, 86 times as an A/A run (BENCH_LIST_AA=1), more with more rounds.
 */
export const KEYS = 160;
export const TOKENS = [TOKEN, ...Array.from({ length: KEYS }, (_, i) => caseToken(i))];

/**
 * A group of 4,167 (as "3e groep") whose pages by last name all hold the same names: the
 * benchmark's other groups sort into long runs of one name, so their page 1 is all ASCII and
 * their page 80 has a name outside Latin-1 on every row, which costs any server more (pg decodes
 * it, the server encodes it again). Here each run of ten students has one of each of the ten
 * last names behind a common stem, so a deep page differs from page 1 by its depth alone.
 */
export const MIXED_GROUP = 'Gemengd';

function mixedStudent(iid: string, j: number) {
  const k = Math.floor(j / 10);
  const stem = String.fromCharCode(65 + Math.floor(k / 26)) + String.fromCharCode(97 + (k % 26));
  const first = FIRSTS[(j * 3) % 10]!;
  const last = `${stem}${LASTS[j % 10]!.toLowerCase().replace(/[^\p{L}]/gu, '')}`;
  return {
    ...benchStudent(iid, j, { stamnummer: 300000 + j, group: MIXED_GROUP }),
    first_name: first,
    last_name: last,
    search_text: studentSearchText(first, last),
  };
}

/**
 * The group "Alle" of 50,000 students and the group MIXED_GROUP of 4,167 in school `iid`, and a
 * read key per case (TOKENS).
 */
export async function seedListData(db: DatabaseHandle['db'], iid: string) {
  const insert = async (count: number, student: (j: number) => ReturnType<typeof benchStudent>) => {
    for (let i = 0; i < count; i += 1000) {
      const chunk = [];
      for (let j = i; j < Math.min(count, i + 1000); j++) chunk.push(student(j));
      await db.insertInto('students').values(chunk).execute();
    }
  };
  await insert(50_000, (j) => benchStudent(iid, j, { stamnummer: 200000 + j, group: 'Alle' }));
  await insert(4_167, (j) => mixedStudent(iid, j));
  await db
    .insertInto('api_keys')
    .values(
      TOKENS.map((token, i) => ({
        institution_id: iid,
        name: `bench ${i}`,
        prefix: token.slice(0, 10),
        token_hash: tokenHash(token),
        scope: 'read' as const,
        rate_limit_per_minute: 100_000,
      })),
    )
    .execute();
}
