import type { Actor, AppContext } from '../../context.js';
import type { AppRow } from '../../db/types.js';
import { AppError, assertId, notFound } from '../../platform/errors/index.js';
import { endSignInsToApp } from '../oidc/index.js';
import { checkRegistration } from './registration-rules.js';
import * as repo from './repository.js';
import { findStudent, today } from '../students/index.js';
import type {
  AppEvent,
  CreateAppBody,
  LearningApp,
  PatchAppBody,
  StudentAppUse,
} from './schemas.js';
import { clientSecretHash, newClientId, newClientSecret } from './secrets.js';

// Registering learning apps. Whose apps a call works on is its Owner: a school (its own apps; it
// sees platform apps and switches them on or off) or the platform (apps for every school).

export type Owner = { kind: 'school'; iid: string } | { kind: 'platform' };

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
async function load(ctx: AppContext, owner: Owner, appId: string, edit: boolean) {
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

async function present(ctx: AppContext, owner: Owner, row: AppRow): Promise<LearningApp> {
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

const eventActor = (actor: Actor) => ({
  actor_kind: actor.kind,
  actor_id: actor.id,
  actor_name: actor.name,
});

const ownerIid = (owner: Owner) => (owner.kind === 'school' ? owner.iid : null);

/** Audience and groups as columns. */
function columns(body: Partial<CreateAppBody>) {
  return {
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.logoUrl !== undefined ? { logo_url: body.logoUrl } : {}),
    ...(body.redirectUris ? { redirect_uris: JSON.stringify(body.redirectUris) } : {}),
    ...(body.postLogoutRedirectUris
      ? { post_logout_redirect_uris: JSON.stringify(body.postLogoutRedirectUris) }
      : {}),
    ...(body.launchUrl !== undefined ? { launch_url: body.launchUrl } : {}),
    ...(body.audience
      ? { for_students: body.audience !== 'parents', for_parents: body.audience !== 'students' }
      : {}),
    ...(body.groups !== undefined
      ? { groups: body.groups ? JSON.stringify(body.groups) : null }
      : {}),
    ...(body.subjectType ? { subject_type: body.subjectType } : {}),
    ...(body.requiresConsent !== undefined ? { requires_consent: body.requiresConsent } : {}),
  };
}

/** The fields an event names (never a secret, never a logo's bytes). */
const changedFields = (body: object) => Object.keys(body).sort();

export async function create(ctx: AppContext, owner: Owner, actor: Actor, body: CreateAppBody) {
  const input = checkRegistration(body, { platform: owner.kind === 'platform' });
  const now = ctx.now();
  const secret = input.clientType === 'confidential' ? newClientSecret() : undefined;
  const row = await ctx.db.transaction().execute(async (trx) => {
    const inserted = await repo.insertApp(trx, {
      ...columns(input),
      client_id: newClientId(),
      institution_id: ownerIid(owner),
      name: input.name,
      redirect_uris: JSON.stringify(input.redirectUris),
      post_logout_redirect_uris: JSON.stringify(input.postLogoutRedirectUris ?? []),
      for_students: input.audience !== 'parents',
      for_parents: input.audience !== 'students',
      subject_type: input.subjectType ?? 'pairwise',
      confidential: !!secret,
      secret_hash: secret ? clientSecretHash(secret) : null,
      secret_created_at: secret ? now : null,
      disabled: false,
      created_at: now,
      updated_at: now,
    });
    await repo.insertEvent(trx, {
      app_id: inserted.id,
      institution_id: ownerIid(owner),
      kind: 'created',
      ...eventActor(actor),
      detail: { name: inserted.name, clientType: input.clientType },
      created_at: now,
    });
    return inserted;
  });
  const app = await present(ctx, owner, row);
  return secret ? { ...app, clientSecret: secret } : app;
}

export async function patch(
  ctx: AppContext,
  owner: Owner,
  actor: Actor,
  appId: string,
  body: PatchAppBody,
) {
  const current = await load(ctx, owner, appId, true);
  const { disabled, ...fields } = body;
  const input = checkRegistration(fields, { platform: owner.kind === 'platform' });
  const now = ctx.now();
  const row = await ctx.db.transaction().execute(async (trx) => {
    const updated = await repo.updateApp(trx, current.id, {
      ...columns(input),
      ...(disabled !== undefined ? { disabled } : {}),
      updated_at: now,
    });
    if (!updated) throw notFound('App');
    const base = { app_id: current.id, institution_id: ownerIid(owner), ...eventActor(actor) };
    if (Object.keys(fields).length)
      await repo.insertEvent(trx, {
        ...base,
        kind: 'updated',
        detail: { fields: changedFields(fields) },
        created_at: now,
      });
    if (disabled === true) await endSignInsToApp(trx, current.client_id);
    if (disabled !== undefined && disabled !== current.disabled)
      await repo.insertEvent(trx, {
        ...base,
        kind: disabled ? 'disabled' : 'enabled',
        detail: {},
        created_at: now,
      });
    return updated;
  });
  return present(ctx, owner, row);
}

export async function rotateSecret(ctx: AppContext, owner: Owner, actor: Actor, appId: string) {
  const current = await load(ctx, owner, appId, true);
  if (!current.confidential)
    throw new AppError('conflict', 'A public app has no secret: it signs in with PKCE only.');
  const secret = newClientSecret();
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await repo.updateApp(trx, current.id, {
      secret_hash: clientSecretHash(secret),
      secret_created_at: now,
      updated_at: now,
    });
    await repo.insertEvent(trx, {
      app_id: current.id,
      institution_id: ownerIid(owner),
      kind: 'secret_rotated',
      ...eventActor(actor),
      detail: {},
      created_at: now,
    });
  });
  return { clientSecret: secret, secretCreatedAt: now.toISOString() };
}

/** Deleting ends every sign-in: the provider no longer knows the client, so its tokens fail. */
export async function remove(ctx: AppContext, owner: Owner, actor: Actor, appId: string) {
  const current = await load(ctx, owner, appId, true);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await repo.deleteApp(trx, current.id);
    await endSignInsToApp(trx, current.client_id);
    await repo.insertEvent(trx, {
      app_id: current.id,
      institution_id: ownerIid(owner),
      kind: 'deleted',
      ...eventActor(actor),
      detail: { name: current.name },
      created_at: now,
    });
  });
}

/**
 * A school switches an app on or off for itself: a platform app through app_institutions, its
 * own app through `disabled`. Idempotent; an event only when something changed.
 */
export async function switchForSchool(
  ctx: AppContext,
  iid: string,
  actor: Actor,
  appId: string,
  enabled: boolean,
) {
  const owner: Owner = { kind: 'school', iid };
  const current = await load(ctx, owner, appId, false);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    let changed: boolean;
    if (current.institution_id === null) {
      changed = enabled
        ? await repo.switchOn(trx, current.id, iid, now)
        : await repo.switchOff(trx, current.id, iid);
    } else {
      changed = current.disabled === enabled;
      if (changed) await repo.updateApp(trx, current.id, { disabled: !enabled, updated_at: now });
    }
    // Off ends the sign-ins (of this school's people, for a platform app): on again does not
    // bring old refresh tokens back.
    if (!enabled)
      await endSignInsToApp(
        trx,
        current.client_id,
        current.institution_id === null ? iid : undefined,
      );
    if (changed)
      await repo.insertEvent(trx, {
        app_id: current.id,
        institution_id: iid,
        kind:
          current.institution_id === null
            ? enabled
              ? 'switched_on'
              : 'switched_off'
            : enabled
              ? 'enabled'
              : 'disabled',
        ...eventActor(actor),
        detail: {},
        created_at: now,
      });
  });
  return present(ctx, owner, (await repo.findById(ctx.db, current.id)) ?? current);
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
