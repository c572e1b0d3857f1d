import type { AppContext, Actor } from '../../context.js';
import type { InstitutionRow } from '../../db/types.js';
import { AppError, assertId, notFound } from '../../errors/app-error.js';
import { issueInvitation } from '../admin-links/service.js';
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
    helpdeskEmail: row.helpdesk_email,
    helpdeskPhone: row.helpdesk_phone,
    printOffsetXMm: Number(row.print_offset_x_mm),
    printOffsetYMm: Number(row.print_offset_y_mm),
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
    ...(body.helpdeskEmail !== undefined ? { helpdesk_email: body.helpdeskEmail } : {}),
    ...(body.helpdeskPhone !== undefined ? { helpdesk_phone: body.helpdeskPhone } : {}),
    ...(body.printOffsetXMm !== undefined
      ? { print_offset_x_mm: tenths(body.printOffsetXMm) }
      : {}),
    ...(body.printOffsetYMm !== undefined
      ? { print_offset_y_mm: tenths(body.printOffsetYMm) }
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
  const rows = await repo.listAdmins(ctx.db, iid);
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    invitationPending: r.password_hash === null,
    lastLoginAt: r.last_login_at?.toISOString() ?? null,
  }));
}

/**
 * Adds an admin or helpdesk user to a school. An existing user (by e-mail) keeps their name and
 * password and gets the membership; a user left without a password (new, or invited earlier and
 * still pending) is mailed an invitation link in the same transaction.
 */
export async function addAdmin(
  ctx: AppContext,
  iid: string,
  body: CreateAdminBody,
): Promise<Admin> {
  const email = body.email.trim();
  const passwordHash = body.password ? await ctx.hasher.hash(body.password) : null;
  const user = await ctx.db.transaction().execute(async (trx) => {
    const existing = await repo.findAdminUserByEmail(trx, email);
    const u =
      existing ??
      (await repo.insertAdminUser(trx, {
        email,
        name: body.name.trim(),
        password_hash: passwordHash,
      }));
    await repo.upsertMembership(trx, u.id, iid, body.role);
    if (u.password_hash === null)
      await issueInvitation(trx, ctx, u, await repo.getById(trx, iid), body.role);
    return u;
  });
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: body.role,
    invitationPending: user.password_hash === null,
    lastLoginAt: user.last_login_at?.toISOString() ?? null,
  };
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
    if (!user) throw notFound('Admin');
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
