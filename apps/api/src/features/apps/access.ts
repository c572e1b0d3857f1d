import type { AppContext } from '../../context.js';
import type { AppRow } from '../../db/types.js';
import * as repo from './repository.js';

/** Who wants to use an app: a student, or a parent through a co-account of that student. */
export interface AppUser {
  institutionId: string;
  role: 'student' | 'parent';
  group: string | null;
}

export type AccessRefusal = 'app_disabled' | 'not_enabled' | 'role' | 'group';

/**
 * May this person use this app? Returns the reason when not: the app is switched off, the
 * person's school does not use it, it is not for students/parents, or not for their group.
 */
export async function refusal(
  ctx: AppContext,
  app: AppRow,
  user: AppUser,
): Promise<AccessRefusal | null> {
  if (app.institution_id !== null && app.institution_id !== user.institutionId)
    return 'not_enabled';
  const switchedOn =
    app.institution_id !== null || (await repo.isEnabledFor(ctx.db, app.id, user.institutionId));
  return refusalOf(app, switchedOn, user);
}

/** The same rules for an app of the person's own school (or a platform app), known switch. */
export function refusalOf(
  app: AppRow,
  switchedOn: boolean,
  user: Omit<AppUser, 'institutionId'>,
): AccessRefusal | null {
  if (app.disabled) return 'app_disabled';
  if (!switchedOn) return 'not_enabled';
  if (user.role === 'student' ? !app.for_students : !app.for_parents) return 'role';
  if (app.groups && app.groups.length > 0 && (!user.group || !app.groups.includes(user.group)))
    return 'group';
  return null;
}

export const findAppByClientId = (ctx: AppContext, clientId: string) =>
  repo.findByClientId(ctx.db, clientId);
