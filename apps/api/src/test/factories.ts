import type supertest from 'supertest';
import type { AppContext } from '../context.js';
import type { DB, Role } from '../db/types.js';
import { studentSearchText } from '../features/students/search-text.js';
import type { TestApp } from './harness.js';

// Factories insert exactly what a test needs; no shared seeded state.

let counter = 0;
const next = () => ++counter;

export async function createInstitution(
  ctx: AppContext,
  values: { name?: string; co_account_slots?: number } = {},
) {
  return ctx.db
    .insertInto('institutions')
    .values({
      name: values.name ?? `School ${next()}`,
      ...(values.co_account_slots ? { co_account_slots: values.co_account_slots } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const TEST_PASSWORD = 'correct horse battery';

export async function createAdmin(
  ctx: AppContext,
  opts: {
    institutionId?: string;
    role?: Role;
    email?: string;
    platform?: boolean;
    password?: string;
  } = {},
) {
  const user = await ctx.db
    .insertInto('admin_users')
    .values({
      email: opts.email ?? `admin${next()}@school.test`,
      name: 'Test Admin',
      password_hash: await ctx.hasher.hash(opts.password ?? TEST_PASSWORD),
      is_platform_admin: opts.platform ?? false,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (opts.institutionId) {
    await ctx.db
      .insertInto('memberships')
      .values({
        admin_user_id: user.id,
        institution_id: opts.institutionId,
        role: opts.role ?? 'admin',
      })
      .execute();
  }
  return user;
}

export async function createStudent(
  ctx: AppContext,
  institutionId: string,
  values: Partial<{
    stamnummer: string;
    first_name: string;
    last_name: string;
    group_name: string;
    enrolled_until: string | null;
    parent_emails: string[];
    birth_date: string | null;
  }> = {},
) {
  const first = values.first_name ?? 'Emma';
  const last = values.last_name ?? `Peeters${next()}`;
  return ctx.db
    .insertInto('students')
    .values({
      institution_id: institutionId,
      stamnummer: values.stamnummer ?? String(10000 + next()),
      first_name: first,
      last_name: last,
      group_name: values.group_name ?? '1ste leerjaar',
      enrolled_until: values.enrolled_until === undefined ? '2099-08-31' : values.enrolled_until,
      parent_emails: values.parent_emails ?? [],
      birth_date: values.birth_date === undefined ? '2015-03-19' : values.birth_date,
      search_text: studentSearchText(first, last),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Logs an agent in as the given admin; the agent keeps the session cookie. */
export async function loginAs(agent: supertest.Agent, email: string, password = TEST_PASSWORD) {
  const res = await agent.post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 200)
    throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return agent;
}

/** A new school with one admin (or helpdesk user) logged in: the agent keeps the session. */
export async function schoolWithAdmin(
  t: TestApp,
  role: 'admin' | 'helpdesk' = 'admin',
  name?: string,
) {
  const iid = (await createInstitution(t.ctx, name ? { name } : {})).id;
  return { iid, agent: await signedIn(t, iid, role) };
}

/** Another user of an existing school, logged in. */
export async function signedIn(t: TestApp, iid: string, role: 'admin' | 'helpdesk' = 'admin') {
  const admin = await createAdmin(t.ctx, { institutionId: iid, role });
  return loginAs(t.request(), admin.email);
}

/** How many rows a table holds (to prove a request changed nothing). */
export async function countRows(t: TestApp, table: keyof DB): Promise<number> {
  const row = await t.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A school's path: `/api/v1/institutions/:iid`. */
/** A student's account row as stored. */
export function storedAccount(t: TestApp, studentId: string) {
  return t.db
    .selectFrom('accounts')
    .selectAll()
    .where('student_id', '=', studentId)
    .executeTakeFirstOrThrow();
}

/** A student's row as stored: what a request changed, or left alone. */
export function storedStudent(t: TestApp, id: string) {
  return t.db.selectFrom('students').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export const schoolPath = (iid: string) => `/api/v1/institutions/${iid}`;
