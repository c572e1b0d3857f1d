import type supertest from 'supertest';
import type { AppContext } from '../context.js';
import type { AccountType, PasswordKind } from '../db/types.js';
import { hashInput } from '../platform/security/index.js';
import { createStudent } from './factories.js';

// Students with a login account (and optionally active co-accounts), inserted directly so the
// portal and co-account tests do not depend on the account-creation flow.

let counter = 0;

export interface AccountOptions {
  username?: string;
  type?: AccountType;
  kind?: PasswordKind;
  password?: string;
  pictures?: string[];
  mustChange?: boolean;
  temporaryExpiresAt?: Date | null;
  blocked?: boolean;
  email?: string | null;
}

export async function giveAccount(
  ctx: AppContext,
  student: { id: string; institution_id: string; first_name: string; last_name: string },
  opts: AccountOptions = {},
) {
  const username =
    opts.username ??
    `${student.first_name}.${student.last_name}${++counter}`
      .toLowerCase()
      .replace(/[^a-z0-9.]/g, '');
  const kind = opts.kind ?? (opts.pictures ? 'picture' : 'word');
  const type = opts.type ?? (kind === 'temporary' || kind === 'own' ? 'advanced' : 'basic');
  const now = ctx.now();
  await ctx.db
    .insertInto('usernames')
    .values({
      username,
      institution_id: student.institution_id,
      student_id: student.id,
      issued_at: now,
    })
    .execute();
  await ctx.db
    .insertInto('accounts')
    .values({
      student_id: student.id,
      institution_id: student.institution_id,
      username,
      type,
      password_kind: kind,
      password_hash: await ctx.hasher.hash(
        hashInput({ password: opts.password ?? 'zal659', pictures: opts.pictures }),
      ),
      secret_enc: kind === 'own' ? null : 'v1.sealed-for-tests',
      must_change: opts.mustChange ?? kind === 'temporary',
      temporary_expires_at:
        opts.temporaryExpiresAt === undefined
          ? kind === 'temporary'
            ? new Date(now.getTime() + 30 * 86_400_000)
            : null
          : opts.temporaryExpiresAt,
      email: opts.email ?? null,
      blocked_at: opts.blocked ? now : null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return username;
}

export async function studentWithAccount(
  ctx: AppContext,
  institutionId: string,
  values: Parameters<typeof createStudent>[2] = {},
  opts: AccountOptions = {},
) {
  const student = await createStudent(ctx, institutionId, values);
  const username = await giveAccount(ctx, student, opts);
  return { student, username };
}

/** An active co-account in a slot, as if the parent had activated it. */
export async function activeCoAccount(
  ctx: AppContext,
  student: { id: string; institution_id: string; parent_emails: string[] },
  slot: number,
  password: string,
) {
  const now = ctx.now();
  await ctx.db
    .insertInto('co_accounts')
    .values({
      student_id: student.id,
      slot,
      institution_id: student.institution_id,
      email: student.parent_emails[slot - 1] ?? null,
      password_hash: await ctx.hasher.hash(password),
      state: 'active',
      activated_at: now,
      password_changed_at: now,
      agreement_version: 'test',
      agreement_accepted_at: now,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

/**
 * What an app sign-in leaves at the provider for one person (`s.<sid>` or `p.<sid>.<slot>`): a
 * session, a grant and its refresh token. Answers a counter of the rows still there.
 */
export async function appSignIn(ctx: AppContext, accountId: string) {
  const n = `${accountId}-${++counter}`;
  const ids = [`os-${n}`, `g-${n}`, `rt-${n}`];
  await ctx.db
    .insertInto('oidc_models')
    .values([
      { model: 'Session', id: ids[0]!, payload: JSON.stringify({ accountId }) },
      { model: 'Grant', id: ids[1]!, payload: JSON.stringify({ accountId }) },
      { model: 'RefreshToken', id: ids[2]!, grant_id: ids[1]!, payload: '{}' },
    ])
    .execute();
  return async () =>
    (await ctx.db.selectFrom('oidc_models').select('id').where('id', 'in', ids).execute()).length;
}

/** A portal session of the student (slot null) or of a parent, inserted directly. */
export async function portalSession(ctx: AppContext, sid: string, slot: number | null) {
  const id = `ps-${sid}-${slot}-${++counter}`;
  await ctx.db
    .insertInto('sessions')
    .values({
      id,
      kind: 'portal',
      expires_at: new Date(ctx.now().getTime() + 3_600_000),
      student_id: sid,
      co_account_slot: slot,
      admin_user_id: null,
    })
    .execute();
  return async () =>
    !!(await ctx.db.selectFrom('sessions').select('id').where('id', '=', id).executeTakeFirst());
}

/** A portal login by username and password; on `agent` to keep the session it opens. */
export function portalLogin(agent: supertest.Agent, username: string, password: string) {
  return agent.post('/api/v1/portal/login').send({ username, password });
}
