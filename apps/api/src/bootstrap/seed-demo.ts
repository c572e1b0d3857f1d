import type { StartupContext } from '../context.js';
import * as repo from './repository.js';
import { studentSearchText } from '../features/students/index.js';
import { FIRST_NAMES, LAST_NAMES, PRIMARY_GROUPS, SECONDARY_GROUPS } from './demo-names.js';

export const DEMO_ADMIN = { email: 'demo@schoolloket.local', password: 'demo-schoolloket' };

/**
 * Deterministic names so every demo database looks the same: the first eleven are the students of
 * the LeerID manual, then every first name meets every family name in turn.
 */
function demoName(i: number): [string, string] {
  if (i < 11) return [FIRST_NAMES[i]!, LAST_NAMES[i]!];
  return [
    FIRST_NAMES[(i * 7) % FIRST_NAMES.length]!,
    LAST_NAMES[(i * 3 + Math.floor(i / LAST_NAMES.length)) % LAST_NAMES.length]!,
  ];
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function demoStudents(
  institutionId: string,
  opts: {
    count: number;
    groups: string[];
    birthYear: (g: number) => number;
    stamStart: number;
    schoolYearEnd: number;
    nameOffset: number;
  },
) {
  const rows = [];
  for (let i = 0; i < opts.count; i++) {
    const groupIndex = i % opts.groups.length;
    const [first, last] = demoName(i + opts.nameOffset);
    // A few students already left (enrolment in the past): they show as inactive once they have an account.
    const left = i % 23 === 7;
    const parentSlug =
      `${last}`
        .normalize('NFKD')
        .replace(/[^A-Za-z]/g, '')
        .toLowerCase() || 'ouder';
    rows.push({
      institution_id: institutionId,
      stamnummer: String(opts.stamStart + ((i * 7919) % 90000)),
      first_name: first,
      last_name: last,
      group_name: opts.groups[groupIndex]!,
      official_first_name: i % 17 === 0 ? `${first} Maria` : first,
      official_last_name: last,
      gender: i % 2 === 0 ? 'V' : 'M',
      birth_date: isoDate(opts.birthYear(groupIndex), (i % 12) + 1, (i % 28) + 1),
      enrolled_until: left
        ? isoDate(opts.schoolYearEnd - 1, 8, 31)
        : isoDate(opts.schoolYearEnd, 8, 31),
      parent_emails:
        i % 11 === 4
          ? []
          : i % 3 === 0
            ? [`${parentSlug}.ouder${i}@example.be`]
            : [`${parentSlug}.mama${i}@example.be`, `${parentSlug}.papa${i}@example.be`],
      search_text: studentSearchText(first, last),
    });
  }
  return rows;
}

/** Two demo schools on an empty database, and one demo admin for both. */
export async function seedDemo(ctx: StartupContext, print: (line: string) => void): Promise<void> {
  const any = await repo.anyInstitution(ctx.db);
  if (any) return;
  const year = Number(ctx.now().toISOString().slice(0, 4)) + (ctx.now().getUTCMonth() >= 8 ? 1 : 0);
  const hash = await ctx.hasher.hash(DEMO_ADMIN.password);
  await ctx.db.transaction().execute(async (trx) => {
    const secondary = await repo.insertInstitution(trx, {
      name: 'Sint-Pieterscollege Gent (demo)',
      helpdesk_email: 'helpdesk@sintpieters.example.be',
      helpdesk_phone: '09 222 14 52',
    });
    const primary = await repo.insertInstitution(trx, {
      name: 'Basisschool De Regenboog (demo)',
      helpdesk_email: 'secretariaat@regenboog.example.be',
    });
    const admin = await repo.insertAdminUser(trx, {
      email: DEMO_ADMIN.email,
      name: 'Demo Admin',
      password_hash: hash,
    });
    await repo.insertMemberships(trx, [
      { admin_user_id: admin.id, institution_id: secondary.id, role: 'admin' },
      { admin_user_id: admin.id, institution_id: primary.id, role: 'admin' },
    ]);
    await repo.insertStudents(
      trx,
      demoStudents(secondary.id, {
        count: 200,
        groups: SECONDARY_GROUPS,
        birthYear: (g) => year - 13 - Math.floor(g / 2),
        stamStart: 1000,
        schoolYearEnd: year,
        nameOffset: 0,
      }),
    );
    await repo.insertStudents(
      trx,
      demoStudents(primary.id, {
        count: 120,
        groups: PRIMARY_GROUPS,
        birthYear: (g) => year - 7 - g,
        stamStart: 50000,
        schoolYearEnd: year,
        nameOffset: 200,
      }),
    );
  });
  print(`Demo data loaded: log in as ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`);
}
