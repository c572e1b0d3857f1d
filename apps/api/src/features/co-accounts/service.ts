import type { Actor, AppContext } from '../../context.js';
import type { CoAccountRow, StudentRow } from '../../db/types.js';
import type { Trx } from '../../db/database.js';
import { AppError, assertId, notFound, ROW_CODES } from '../../platform/errors/index.js';
import { brusselsDate } from '../../platform/time/index.js';
import * as history from '../history/index.js';
import { issueInvitation } from './activation-request.js';
import { awaitsInvitation } from './bulk-invitations.js';
import * as sessions from '../auth/index.js';
import { findById, getById } from '../institutions/index.js';
import { endAppSignIns, oidcAccountId } from '../oidc/index.js';
import * as repo from './repository.js';
import type { CoAccount, CoAccountOverview } from './schemas.js';
import {
  mayMailPasswordLink,
  registeredEmail,
  sameEmail,
  slotState,
  slotsOf,
  toCoAccount,
} from './slots.js';
import { childMailData, localeOf } from './parent.js';
import { enqueueMail, holderNoticeMail } from '../../platform/mail/index.js';

/** Slots 1..n of a student, for the student detail. */
export async function coAccountsFor(
  ctx: AppContext,
  student: StudentRow,
  slots: number,
): Promise<CoAccount[]> {
  return slotsOf(slots, await repo.listRows(ctx.db, [student.id]), student.parent_emails);
}

const today = (ctx: AppContext) => brusselsDate(ctx.now());

async function subjectOrThrow(ctx: AppContext, iid: string, sid: string) {
  assertId(sid, 'Student');
  const subject = await repo.findSubjectById(ctx.db, iid, sid, today(ctx));
  if (!subject) throw notFound('Student');
  return subject;
}

function assertSlot(slot: number, slots: number) {
  if (slot < 1 || slot > slots)
    throw new AppError('not_found', `This school has co-account slots 1 to ${slots}.`);
}

export async function list(ctx: AppContext, iid: string, sid: string): Promise<CoAccount[]> {
  const subject = await subjectOrThrow(ctx, iid, sid);
  return slotsOf(
    subject.co_account_slots,
    await repo.listRows(ctx.db, [sid]),
    subject.parent_emails,
  );
}

async function one(ctx: AppContext, sid: string, slot: number): Promise<CoAccount> {
  const student = await repo.parentEmails(ctx.db, sid);
  return toCoAccount(slot, await repo.findRow(ctx.db, sid, slot), student.parent_emails);
}

type Locked = NonNullable<Awaited<ReturnType<typeof repo.lockStudent>>>;
type SlotEvent = { kind: history.EventKind; detail: Record<string, unknown> };

/**
 * What every change of a slot shares: a student of this school and a slot it has, the student's
 * row locked for the change, one history event when something changed (`change` answers it, or
 * nothing when there was nothing to do), then the slot as it is now.
 */
async function changeSlot(
  ctx: AppContext,
  iid: string,
  sid: string,
  slot: number,
  actor: Actor,
  change: (
    trx: Trx,
    locked: Locked,
    now: Date,
    subject: repo.SubjectRow,
  ) => Promise<SlotEvent | void>,
): Promise<CoAccount> {
  const subject = await subjectOrThrow(ctx, iid, sid);
  assertSlot(slot, subject.co_account_slots);
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await repo.lockStudent(trx, sid);
    if (!locked) throw notFound('Student');
    const now = ctx.now();
    const event = await change(trx, locked, now, subject);
    if (event) await history.record(trx, actor, iid, [{ studentId: sid, ...event }], now);
  });
  return one(ctx, sid, slot);
}

/**
 * Registers or changes the e-mail of a slot. An active co-account keeps working (its password
 * stays); open links of the slot die, and a revoked slot becomes registered again.
 */
export async function register(
  ctx: AppContext,
  iid: string,
  sid: string,
  slot: number,
  email: string,
  actor: Actor,
): Promise<CoAccount> {
  const address = email.trim();
  return changeSlot(ctx, iid, sid, slot, actor, async (trx, locked, now, subject) => {
    const emails = [...locked.parent_emails];
    if (slot - 1 > emails.length) {
      throw new AppError(
        'unprocessable',
        `Register the e-mail of slot ${emails.length + 1} first: slots are filled in order.`,
        [
          {
            path: 'params.slot',
            message: `slot ${emails.length + 1} has no e-mail yet`,
            code: 'slot_gap',
            params: { slot: emails.length + 1 },
          },
        ],
      );
    }
    const clash = emails.findIndex((e, i) => i !== slot - 1 && sameEmail(e, address));
    if (clash !== -1)
      throw new AppError(
        'email_taken',
        `Slot ${clash + 1} of this student already has this e-mail address.`,
      );
    const row = await repo.findRow(trx, sid, slot, true);
    const before = registeredEmail(emails, slot);
    // An active co-account that is not this address's (an admin gives the slot a new address, or
    // confirms one the school's list moved onto it): from now on its password links go here,
    // and the parent who holds it is told.
    const holder = row?.state === 'active' && !sameEmail(row.email, address) ? row.email : null;
    const changed = before !== address || holder !== null;
    if (!changed && row?.state !== 'revoked') return;
    emails[slot - 1] = address;
    await repo.setParentEmails(trx, sid, emails, now);
    await repo.revokeTokens(trx, sid, slot, now);
    const state = row?.state === 'active' ? 'active' : 'registered';
    await repo.upsertRow(
      trx,
      { student_id: sid, slot, institution_id: iid },
      {
        state,
        email: address,
        updated_at: now,
        ...(state === 'registered' ? { revoked_at: null, password_hash: null } : {}),
      },
    );
    if (holder && subject.username) await mailHolder(trx, ctx, subject, holder);
    const previous = holder ?? (before !== address ? before : null);
    return {
      kind: 'co_account_registered',
      detail: { slot, email: address, ...(previous ? { previous } : {}) },
    };
  });
}

/** Tells the parent who holds an active co-account that its password links go elsewhere now. */
async function mailHolder(trx: Trx, ctx: AppContext, subject: repo.SubjectRow, to: string) {
  const mail = holderNoticeMail(localeOf(undefined, subject), childMailData(subject));
  await enqueueMail(trx, ctx, { template: 'co_account_holder_notice', to, ...mail });
}

/** Withdraws access: password removed, sessions ended, open links void. The e-mail stays on record. */
export async function revoke(
  ctx: AppContext,
  iid: string,
  sid: string,
  slot: number,
  actor: Actor,
): Promise<CoAccount> {
  return changeSlot(ctx, iid, sid, slot, actor, async (trx, locked, now) => {
    const row = await repo.findRow(trx, sid, slot, true);
    const state = slotState(row, registeredEmail(locked.parent_emails, slot));
    if (state === 'revoked') return;
    if (state === 'not_registered')
      throw new AppError('not_found', `Slot ${slot} has no co-account to revoke.`);
    await repo.upsertRow(
      trx,
      { student_id: sid, slot, institution_id: iid },
      {
        state: 'revoked',
        password_hash: null,
        revoked_at: now,
        updated_at: now,
        email: row?.email ?? registeredEmail(locked.parent_emails, slot),
      },
    );
    await repo.revokeTokens(trx, sid, slot, now);
    await sessions.deleteSlotSessions(trx, sid, slot);
    await endAppSignIns(trx, oidcAccountId(sid, slot));
    return { kind: 'co_account_revoked', detail: { slot } };
  });
}

/** Mails the activation link (or, for an active co-account, a link to set a new password). */
export async function invite(
  ctx: AppContext,
  iid: string,
  sid: string,
  slot: number,
  actor: Actor,
): Promise<CoAccount> {
  return changeSlot(ctx, iid, sid, slot, actor, async (trx, locked, now, subject) => {
    if (!subject.username)
      throw new AppError(
        'conflict',
        "The student has no account yet: parents log in with the child's username.",
      );
    if (subject.status !== 'active')
      throw new AppError(
        'conflict',
        `The student's account is ${subject.status}: its co-accounts cannot log in.`,
      );
    const email = registeredEmail(locked.parent_emails, slot);
    const row = await repo.findRow(trx, sid, slot, true);
    const state = slotState(row, email);
    if (!email) throw new AppError('conflict', `Slot ${slot} has no registered e-mail address.`);
    if (state === 'revoked')
      throw new AppError('conflict', `Slot ${slot} was revoked: register its e-mail again first.`);
    if (!mayMailPasswordLink(row, email))
      throw new AppError('conflict', `Co-account ${slot} is active for another address.`, [
        {
          path: 'params.slot',
          message: ROW_CODES.co_account_address_unconfirmed.message.en,
          code: 'co_account_address_unconfirmed',
          params: { slot, email },
        },
      ]);
    await issueInvitation(trx, ctx, subject, locked.parent_emails, slot, email, state === 'active');
    return { kind: 'co_account_invited', detail: { slot } };
  });
}

export async function overview(
  ctx: AppContext,
  iid: string,
  query: { group?: string; page?: number; pageSize?: number },
): Promise<CoAccountOverview> {
  const institution = await getById(ctx.db, iid);
  const now = ctx.now();
  const [students, rows] = await Promise.all([
    repo.listStudentsForOverview(ctx.db, iid, brusselsDate(now)),
    repo.listRowsOfInstitution(ctx.db, iid),
  ]);
  const byStudent = new Map<string, CoAccountRow[]>();
  for (const r of rows) byStudent.set(r.student_id, [...(byStudent.get(r.student_id) ?? []), r]);
  const groups = new Map<string, CoAccountOverview['groups'][number]>();
  const pending: CoAccountOverview['items'] = [];
  for (const s of students) {
    // Co-accounts log in with the child's username: only students with a usable account count.
    if (!s.username || s.status !== 'active') continue;
    const slots = slotsOf(institution.co_account_slots, byStudent.get(s.id) ?? [], s.parent_emails);
    let g = groups.get(s.group_name);
    if (!g) {
      g = {
        group: s.group_name,
        students: 0,
        withActiveCoAccount: 0,
        slots: { notRegistered: 0, registered: 0, invited: 0, active: 0, revoked: 0 },
        awaitingInvitation: 0,
      };
      groups.set(s.group_name, g);
    }
    g.students++;
    for (const c of slots) {
      g.slots[c.state === 'not_registered' ? 'notRegistered' : c.state]++;
      if (awaitsInvitation(c, now)) g.awaitingInvitation++;
    }
    const hasActive = slots.some((c) => c.state === 'active');
    if (hasActive) g.withActiveCoAccount++;
    else if (query.group === undefined || query.group === s.group_name) {
      pending.push({
        studentId: s.id,
        firstName: s.first_name,
        lastName: s.last_name,
        group: s.group_name,
        username: s.username,
        coAccounts: slots,
      });
    }
  }
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  return {
    groups: [...groups.values()],
    items: pending.slice((page - 1) * pageSize, page * pageSize),
    total: pending.length,
    page,
    pageSize,
  };
}

export async function helpdesk(ctx: AppContext, iid: string) {
  assertId(iid, 'School');
  const row = await findById(ctx.db, iid);
  if (!row) throw notFound('School');
  return { schoolName: row.name, email: row.helpdesk_email, phone: row.helpdesk_phone };
}
