import type { AppContext, Actor } from '../../context.js';
import type { InstitutionRow, Role } from '../../db/types.js';
import { AppError, assertId, notFound } from '../../platform/errors/index.js';
import * as linksRepo from '../admin-links/index.js';
import { issueInvitation, issueJoinInvitation } from '../admin-links/index.js';
import { findAdminByEmail } from '../auth/index.js';
import * as repo from './repository.js';
import type {
  Admin,
  CreateAdminBody,
  CreateInstitutionBody,
  Institution,
  PatchInstitutionBody,
} from './schemas.js';

export function rowToInstitution(row: InstitutionRow): Institution {
  return {
    id: row.id,
    name: row.name,
    locale: row.locale as Institution['locale'],
    coAccountSlots: row.co_account_slots,
    picturePasswordLength: row.picture_password_length,
    temporaryPasswordDays: row.temporary_password_days,
    gracePeriodDays: row.grace_period_days,
    helpdeskEmail: row.helpdesk_email,
    helpdeskPhone: row.helpdesk_phone,
    printOffsetXMm: Number(row.print_offset_x_mm),
    printOffsetYMm: Number(row.print_offset_y_mm),
    advancedFromAge: row.advanced_from_age,
    basicPasswordKind: row.basic_password_kind,
    personalUrlBase: row.personal_url_base,
    createdAt: row.created_at.toISOString(),
  };
}

/** A printer offset as stored: to 0.1 mm (-0 as 0). */
const tenths = (mm: number): number => Math.round(mm * 10) / 10 + 0;

function settingsToRow(body: Partial<CreateInstitutionBody>) {
  return {
    ...(body.name !== undefined ? { name: body.name.trim() } : {}),
    ...(body.locale !== undefined ? { locale: body.locale } : {}),
    ...(body.coAccountSlots !== undefined ? { co_account_slots: body.coAccountSlots } : {}),
    ...(body.picturePasswordLength !== undefined
      ? { picture_password_length: body.picturePasswordLength }
      : {}),
    ...(body.temporaryPasswordDays !== undefined
      ? { temporary_password_days: body.temporaryPasswordDays }
      : {}),
    ...(body.gracePeriodDays !== undefined ? { grace_period_days: body.gracePeriodDays } : {}),
    ...(body.helpdeskEmail !== undefined ? { helpdesk_email: body.helpdeskEmail } : {}),
    ...(body.helpdeskPhone !== undefined ? { helpdesk_phone: body.helpdeskPhone } : {}),
    ...(body.printOffsetXMm !== undefined
      ? { print_offset_x_mm: tenths(body.printOffsetXMm) }
      : {}),
    ...(body.printOffsetYMm !== undefined
      ? { print_offset_y_mm: tenths(body.printOffsetYMm) }
      : {}),
    ...(body.advancedFromAge !== undefined ? { advanced_from_age: body.advancedFromAge } : {}),
    ...(body.basicPasswordKind !== undefined
      ? { basic_password_kind: body.basicPasswordKind }
      : {}),
    ...(body.personalUrlBase !== undefined
      ? { personal_url_base: body.personalUrlBase?.replace(/\/+$/, '') || null }
      : {}),
  };
}

export async function list(ctx: AppContext, actor: Actor): Promise<Institution[]> {
  if (actor.kind === 'api_key') {
    const row = await repo.findById(ctx.db, actor.institutionId);
    return row ? [rowToInstitution(row)] : [];
  }
  if (actor.kind !== 'admin') return [];
  const rows = actor.isPlatformAdmin
    ? await repo.listAll(ctx.db)
    : await repo.listForAdmin(ctx.db, actor.id);
  return rows.map(rowToInstitution);
}

export async function create(
  ctx: AppContext,
  actor: Actor,
  body: CreateInstitutionBody,
): Promise<Institution> {
  if (actor.kind !== 'admin' || !actor.isPlatformAdmin) {
    throw new AppError('forbidden', 'Only platform admins can create schools.');
  }
  const row = await repo.insert(ctx.db, { name: body.name.trim(), ...settingsToRow(body) });
  return rowToInstitution(row);
}

export async function get(ctx: AppContext, iid: string): Promise<Institution> {
  const row = await repo.findById(ctx.db, iid);
  if (!row) throw notFound('Institution');
  return rowToInstitution(row);
}

export async function patch(
  ctx: AppContext,
  iid: string,
  body: PatchInstitutionBody,
): Promise<Institution> {
  return rowToInstitution(await repo.update(ctx.db, iid, settingsToRow(body)));
}

export async function listAdmins(ctx: AppContext, iid: string): Promise<Admin[]> {
  const [rows, joins] = await Promise.all([
    repo.listAdmins(ctx.db, iid),
    linksRepo.listJoinInvitations(ctx.db, iid),
  ]);
  return [...rows.map((r) => userToAdmin(r, r.role)), ...joins.map(joinToAdmin)].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
}

/** A user of the school in its role; pending while they have not set a password. */
const userToAdmin = (
  u: {
    id: string;
    email: string;
    name: string;
    password_hash: string | null;
    last_login_at: Date | null;
  },
  role: Role,
): Admin => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role,
  invitationPending: u.password_hash === null,
  lastLoginAt: u.last_login_at?.toISOString() ?? null,
});

/** An open join invitation as the school typed it: nothing of the invited user shows. */
const joinToAdmin = (j: { id: string; email: string; name: string; role: Role }): Admin => ({
  id: j.id,
  email: j.email,
  name: j.name,
  role: j.role,
  invitationPending: true,
  lastLoginAt: null,
});

/**
 * Adds an admin or helpdesk user to a school. A new address becomes a new user, mailed an
 * invitation to set a password (unless a platform admin set one). An address that already has a
 * user who is a member here gets the role (and, while pending, a fresh invitation). An address
 * of anyone else (another school's admin) is never joined silently and reveals nothing: it gets a
 * join invitation that they accept by mail, and the answer looks like the one for a new address.
 */
export async function addAdmin(
  ctx: AppContext,
  iid: string,
  body: CreateAdminBody,
  actor: Actor,
): Promise<Admin> {
  if (body.password !== undefined && !(actor.kind === 'admin' && actor.isPlatformAdmin)) {
    // The answer for a new user with a password would differ from a join invitation's.
    throw new AppError(
      'forbidden',
      'Only a platform admin can set the password of a new user; leave it out and an invitation is mailed.',
    );
  }
  const email = body.email.trim();
  const name = body.name.trim();
  const passwordHash = body.password ? await ctx.hasher.hash(body.password) : null;
  return ctx.db.transaction().execute(async (trx) => {
    const school = await repo.getById(trx, iid);
    const existing = await findAdminByEmail(trx, email);
    if (existing) {
      const member = await repo.lockAdminOfInstitution(trx, iid, existing.id);
      if (!member) {
        const invitation = await issueJoinInvitation(trx, ctx, existing, school, {
          email,
          name,
          role: body.role,
        });
        return joinToAdmin(invitation);
      }
    }
    const u =
      existing ?? (await repo.insertAdminUser(trx, { email, name, password_hash: passwordHash }));
    await repo.upsertMembership(trx, u.id, iid, body.role);
    if (u.password_hash === null) await issueInvitation(trx, ctx, u, school, body.role);
    return userToAdmin(u, body.role);
  });
}

/**
 * Mails a fresh invitation to a user of this school who has no password yet; earlier links of
 * that user stop working. A user of another school is not found (404), like any foreign id.
 */
export async function resendInvitation(
  ctx: AppContext,
  iid: string,
  adminUserId: string,
): Promise<Admin> {
  assertId(adminUserId, 'Admin');
  return ctx.db.transaction().execute(async (trx) => {
    const user = await repo.lockAdminOfInstitution(trx, iid, adminUserId);
    if (!user) {
      // An open join invitation of this school is resent the same way.
      const join = await linksRepo.lockJoinInvitation(trx, iid, adminUserId);
      const invited = join && (await linksRepo.lockAdmin(trx, join.admin_user_id));
      if (!join || !invited) throw notFound('Admin');
      await issueJoinInvitation(trx, ctx, invited, await repo.getById(trx, iid), join);
      return joinToAdmin(join);
    }
    if (user.password_hash !== null)
      throw new AppError(
        'conflict',
        'This user has set a password already; a forgotten password is reset from the login page.',
      );
    await issueInvitation(trx, ctx, user, await repo.getById(trx, iid), user.role);
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      invitationPending: true,
      lastLoginAt: user.last_login_at?.toISOString() ?? null,
    };
  });
}
