// The student list bench's data (bench-list.ts): next to the setup's school of 50,000 in groups,
// one group of 50,000 in the same school, and the API keys the cases use.
import type { DatabaseHandle } from '../src/db/database.js';
import { tokenHash } from '../src/platform/security/tokens.js';
import { benchStudent } from './bench-names.js';

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

/** The group "Alle" of 50,000 students in school `iid`, and a read key per case (TOKENS). */
export async function seedListData(db: DatabaseHandle['db'], iid: string) {
  for (let i = 0; i < 50_000; i += 1000) {
    const chunk = [];
    for (let j = i; j < i + 1000; j++) {
      chunk.push(benchStudent(iid, j, { stamnummer: 200000 + j, group: 'Alle' }));
    }
    await db.insertInto('students').values(chunk).execute();
  }
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
