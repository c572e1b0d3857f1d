import type { AppContext } from '../../context.js';
import type { AppRow } from '../../db/types.js';
import { AppError, assertId, notFound } from '../../platform/errors/index.js';
import { findStudent, today } from '../students/index.js';
import * as repo from './repository.js';
import type { AppEvent, LearningApp, StudentAppUse } from './schemas.js';

// Reading learning apps as their owner sees them: with usage over the last 30 days, a platform
// app with this school's switch, the history, and the apps one student used.

export type Owner = { kind: 'school'; iid: string } | { kind: 'platform' };

export const ownerIid = (owner: Owner) => (owner.kind === 'school' ? owner.iid : null);

const USAGE_WINDOW_MS = 30 * 24 * 3_600_000;

type Usage = LearningApp['usage'];
const NO_USAGE: Usage = { lastSignInAt: null, users30d: 0 };

async function usageByClient(ctx: AppContext, owner: Owner): Promise<Map<string, Usage>> {
  const since = new Date(ctx.now().getTime() - USAGE_WINDOW_MS);
  const rows = await repo.usage(ctx.db, owner.kind === 'school' ? owner.iid : null, since);
  return new Map(
    rows.map((r) => [
      r.client_id,
      {
        lastSignInAt: r.last_sign_in ? new Date(r.last_sign_in).toISOString() : null,
        users30d: Number(r.people_30d),
      },
    ]),
  );
}

const audienceOf = (row: AppRow): LearningApp['audience'] =>
  row.for_students && row.for_parents ? 'both' : row.for_parents ? 'parents' : 'students';

function toApp(row: AppRow, switchedOn: boolean, usage: Usage | undefined): LearningApp {
  const platform = row.institution_id === null;
  return {
    id: row.id,
    clientId: row.client_id,
    name: row.name,
    logoUrl: row.logo_url,
    redirectUris: row.redirect_uris,
    postLogoutRedirectUris: row.post_logout_redirect_uris,
    launchUrl: row.launch_url,
    audience: audienceOf(row),
    groups: row.groups,
    clientType: row.confidential ? 'confidential' : 'public',
    secretCreatedAt: row.secret_created_at?.toISOString() ?? null,
    subjectType: row.subject_type,
    requiresConsent: row.requires_consent,
    platform,
    disabled: row.disabled,
    enabled: !row.disabled && (!platform || switchedOn),
    usage: usage ?? NO_USAGE,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function list(ctx: AppContext, owner: Owner): Promise<LearningApp[]> {
  const usage = await usageByClient(ctx, owner);
  if (owner.kind === 'platform') {
    const rows = await repo.listPlatformApps(ctx.db);
    return rows.map((r) => toApp(r, true, usage.get(r.client_id)));
  }
  const rows = await repo.listForInstitution(ctx.db, owner.iid);
  return rows.map((r) => toApp(r, r.switched_on, usage.get(r.client_id)));
}

/** The app as the owner sees it; `edit`: only apps the owner registered (404/403 otherwise). */
export async function load(ctx: AppContext, owner: Owner, appId: string, edit: boolean) {
  assertId(appId, 'App');
  const row = await repo.findById(ctx.db, appId);
  if (!row) throw notFound('App');
  if (owner.kind === 'platform') {
    if (row.institution_id !== null) throw notFound('App');
    return row;
  }
  if (row.institution_id !== null && row.institution_id !== owner.iid) throw notFound('App');
  if (edit && row.institution_id === null)
    throw new AppError(
      'forbidden',
      'A platform app is managed by the platform admin; a school switches it on or off.',
    );
  return row;
}

export async function present(ctx: AppContext, owner: Owner, row: AppRow): Promise<LearningApp> {
  const usage = await usageByClient(ctx, owner);
  const switchedOn =
    owner.kind === 'school' && row.institution_id === null
      ? await repo.isEnabledFor(ctx.db, row.id, owner.iid)
      : true;
  return toApp(row, switchedOn, usage.get(row.client_id));
}

export async function get(ctx: AppContext, owner: Owner, appId: string) {
  return present(ctx, owner, await load(ctx, owner, appId, false));
}

export async function history(ctx: AppContext, owner: Owner, appId: string): Promise<AppEvent[]> {
  const row = await load(ctx, owner, appId, false);
  const rows = await repo.listEvents(ctx.db, row.id, ownerIid(owner), 200);
  return rows.map((r) => ({
    id: String(r.id),
    kind: r.kind,
    actor: { kind: r.actor_kind, name: r.actor_name },
    detail: r.detail,
    createdAt: r.created_at.toISOString(),
  }));
}

/** The apps a student of this school signed in to (and the student's parents), last first. */
export async function appUseOfStudent(
  ctx: AppContext,
  iid: string,
  sid: string,
): Promise<StudentAppUse[]> {
  assertId(sid, 'Student');
  if (!(await findStudent(ctx.db, iid, sid, today(ctx)))) throw notFound('Student');
  const rows = await repo.appUseOfStudent(ctx.db, iid, sid);
  return rows.map((r) => ({
    appId: r.app_id,
    name: r.name ?? r.name_then,
    logoUrl: r.logo_url,
    role: r.role === 'parent' ? 'parent' : 'student',
    lastSignInAt: new Date(r.last_sign_in).toISOString(),
    signIns: Number(r.sign_ins),
  }));
}
