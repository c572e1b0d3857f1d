import type { Actor, AppContext } from '../../context.js';
import type { Database } from '../../db/database.js';
import { AppError } from '../../platform/errors/index.js';
import { holdReturningAccounts } from '../accounts/index.js';
import * as history from '../history/index.js';
import { studentSearchText } from '../students/index.js';
import type { PlanItem, StudentState } from './plan.js';
import * as studentWrites from './apply.repository.js';
import type { CommitSummary, SyncResult } from './commit-schemas.js';

// Writes a plan inside the caller's transaction: a few statements per thousand students, and one
// history event per student that changed.

export interface ApplyOptions {
  leavers: 'end' | 'keep';
  endDate: string;
  /** Recorded in every history event: where the change came from. */
  source: { source: 'import' | 'api_sync'; importId: string };
}

const searchText = (s: StudentState) =>
  studentSearchText(s.first_name, s.last_name, s.official_first_name, s.official_last_name);

/** Leavers whose end date would really move (an earlier end date is never pushed later). */
export function leaversToEnd(items: PlanItem[], endDate: string): PlanItem[] {
  return items.filter((i) => {
    if (i.kind !== 'leaving') return false;
    const from = i.changes[0]?.from as string | null | undefined;
    return from === null || from === undefined || from > endDate;
  });
}

/**
 * Ending more than 20 % of a school's enrolled students, or more than 50, at once is a mass
 * change (DESIGN §5): the caller must state how many it expects to end.
 */
export const MASS_ENDING = { share: 0.2, students: 50 } as const;

export function isMassEnding(ending: number, enrolled: number): boolean {
  return ending > MASS_ENDING.students || ending > enrolled * MASS_ENDING.share;
}

/** Students whose enrolment runs today (Europe/Brussels): not ended yet. */
export function enrolledCount(current: Array<{ enrolled_until: string | null }>, today: string) {
  return current.filter((s) => s.enrolled_until === null || s.enrolled_until >= today).length;
}

/**
 * Refuses to end enrolments the caller did not count: a stated count must match, and a mass
 * ending must be stated. Changes nothing; the caller throws before writing.
 */
export function checkLeavers(ending: number, enrolled: number, expected: number | undefined) {
  if (expected !== undefined && expected !== ending) {
    throw new AppError(
      'leavers_count_changed',
      {
        nl: `Dit zou ${ending} inschrijving(en) beëindigen, niet ${expected}. Bekijk de lijst opnieuw; er werd niets gewijzigd.`,
        fr: `Cela terminerait ${ending} inscription(s), pas ${expected}. Revoyez la liste ; rien n'a été modifié.`,
        en: `This would end ${ending} enrolment(s), not ${expected}. Look at the list again; nothing was changed.`,
      },
      undefined,
      { leavers: ending, enrolled },
    );
  }
  if (expected === undefined && isMassEnding(ending, enrolled)) {
    throw new AppError(
      'leavers_confirmation_required',
      {
        nl: `Dit zou de inschrijving van ${ending} van de ${enrolled} ingeschreven leerlingen beëindigen. Stuur daarvoor leavers: "end" met expectedLeavers: ${ending}; er werd niets gewijzigd.`,
        fr: `Cela terminerait l'inscription de ${ending} des ${enrolled} élèves inscrits. Pour cela, envoyez leavers: "end" avec expectedLeavers: ${ending} ; rien n'a été modifié.`,
        en: `This would end the enrolment of ${ending} of the school's ${enrolled} enrolled students. To do that, send leavers: "end" with expectedLeavers: ${ending}; nothing was changed.`,
      },
      [
        {
          path: 'body.expectedLeavers',
          message: `must be ${ending} to end these enrolments`,
          code: 'leavers_count',
          params: { count: ending },
        },
      ],
      { leavers: ending, enrolled },
    );
  }
}

export function summarise(
  items: PlanItem[],
  opts: Pick<ApplyOptions, 'leavers' | 'endDate'>,
): CommitSummary {
  const count = (pred: (i: PlanItem) => boolean) => items.filter(pred).length;
  const ended = opts.leavers === 'end' ? leaversToEnd(items, opts.endDate).length : 0;
  return {
    created: count((i) => i.kind === 'create'),
    // Each kind once: a returning student is `reactivated`, not also `updated` (as in changes[]).
    updated: count((i) => i.kind === 'update' && !i.returning),
    unchanged: count((i) => i.kind === 'unchanged'),
    reactivated: count((i) => i.kind === 'update' && i.returning),
    ended,
    kept: count((i) => i.kind === 'leaving') - ended,
    leaversEndDate: opts.leavers === 'end' ? opts.endDate : null,
  };
}

export function changeList(
  items: PlanItem[],
  opts: Pick<ApplyOptions, 'leavers' | 'endDate'>,
): SyncResult['changes'] {
  const ending = new Set(opts.leavers === 'end' ? leaversToEnd(items, opts.endDate) : []);
  return items.flatMap((i): SyncResult['changes'] => {
    if (i.kind === 'create')
      return [
        {
          stamnummer: i.stamnummer,
          studentId: i.studentId,
          action: 'created' as const,
          fields: [],
        },
      ];
    if (i.kind === 'update') {
      const action = i.returning ? ('reactivated' as const) : ('updated' as const);
      return [
        {
          stamnummer: i.stamnummer,
          studentId: i.studentId,
          action,
          fields: i.changes.map((c) => c.field),
        },
      ];
    }
    if (ending.has(i))
      return [
        {
          stamnummer: i.stamnummer,
          studentId: i.studentId,
          action: 'ended' as const,
          fields: ['enrolledUntil'],
        },
      ];
    return [];
  });
}

export async function applyPlan(
  trx: Database,
  ctx: AppContext,
  actor: Actor,
  iid: string,
  items: PlanItem[],
  opts: ApplyOptions,
): Promise<CommitSummary> {
  const now = ctx.now();
  const creates = items.filter((i) => i.kind === 'create');
  const updates = items.filter((i) => i.kind === 'update');
  const ending = opts.leavers === 'end' ? leaversToEnd(items, opts.endDate) : [];

  await insertCreated(trx, iid, creates, now);
  await studentWrites.updateStudents(
    trx,
    iid,
    updates.map((i) => ({ id: i.studentId!, ...i.after, search_text: searchText(i.after) })),
    now,
  );
  // Enrolled again after a real gap within the grace period: the same account, held until the
  // school opens it.
  await holdReturningAccounts(
    trx,
    actor,
    iid,
    updates.filter((i) => i.returning && i.holdsAccount).map((i) => i.studentId!),
    now,
  );
  await studentWrites.endEnrolments(
    trx,
    iid,
    ending.map((i) => i.studentId!),
    opts.endDate,
    now,
  );
  await history.record(trx, actor, iid, historyEntries(creates, updates, ending, opts), now);
  return summarise(items, opts);
}

/** Inserts the new students and gives each plan item its student's id. */
async function insertCreated(trx: Database, iid: string, creates: PlanItem[], now: Date) {
  const created = await studentWrites.insertStudents(
    trx,
    creates.map((i) => ({
      institution_id: iid,
      stamnummer: i.stamnummer,
      ...i.after,
      search_text: searchText(i.after),
      created_at: now,
      updated_at: now,
    })),
    now,
  );
  const idOf = new Map(created.map((c) => [c.stamnummer, c.id]));
  for (const i of creates) i.studentId = idOf.get(i.stamnummer) ?? null;
}

/** One history event per student the plan changed: created, then updated, then ended. */
function historyEntries(
  creates: PlanItem[],
  updates: PlanItem[],
  ending: PlanItem[],
  opts: ApplyOptions,
) {
  return [
    ...creates.map((i) => ({
      studentId: i.studentId!,
      kind: 'enrolment_changed' as const,
      detail: { ...opts.source, change: 'created', stamnummer: i.stamnummer },
    })),
    ...updates.map((i) => ({
      studentId: i.studentId!,
      kind: 'enrolment_changed' as const,
      detail: {
        ...opts.source,
        change: i.returning ? 'reactivated' : 'updated',
        changes: i.changes,
      },
    })),
    ...ending.map((i) => ({
      studentId: i.studentId!,
      kind: 'enrolment_changed' as const,
      detail: {
        ...opts.source,
        change: 'ended',
        changes: [{ field: 'enrolledUntil', from: i.changes[0]?.from ?? null, to: opts.endDate }],
      },
    })),
  ];
}
