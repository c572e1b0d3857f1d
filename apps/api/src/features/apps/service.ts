import type { Actor, AppContext } from '../../context.js';
import type { Trx } from '../../db/database.js';
import { AppError, notFound } from '../../platform/errors/index.js';
import { endSignInsToApp } from '../oidc/index.js';
import { load, ownerIid, present, type Owner } from './read.js';
import { checkRegistration } from './registration-rules.js';
import * as repo from './repository.js';
import type { CreateAppBody, PatchAppBody } from './schemas.js';
import { clientSecretHash, newClientId, newClientSecret } from './secrets.js';

// Registering and changing learning apps (the reading side is read.ts). Whose apps a call works
// on is its Owner: a school (its own apps; it sees platform apps and switches them on or off) or
// the platform (apps for every school).

export { appUseOfStudent, get, history, list, type Owner } from './read.js';

/** Which app, whose view of it (the school, or null for the platform), who and when. */
interface EventContext {
  appId: string;
  iid: string | null;
  actor: Actor;
  now: Date;
}

/** A line of an app's history, written in the transaction of the change it records. */
function recordEvent(
  trx: Trx,
  at: EventContext,
  kind: string,
  detail: Record<string, unknown> = {},
) {
  return repo.insertEvent(trx, {
    app_id: at.appId,
    institution_id: at.iid,
    kind,
    actor_kind: at.actor.kind,
    actor_id: at.actor.id,
    actor_name: at.actor.name,
    detail,
    created_at: at.now,
  });
}

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

// OpenID Connect Core 12.2: a person's `sub` at an app never changes once the app knows it.
const SUBJECT_TYPE_FIXED = {
  nl: 'Het soort gebruikers-id kan niet meer veranderen: er heeft zich al iemand aangemeld bij deze app, en de app moet iedereen onder dezelfde id blijven herkennen. Registreer een nieuwe app als een ander soort id nodig is.',
  fr: 'Le type d’identifiant d’utilisateur ne peut plus changer : quelqu’un s’est déjà connecté à cette app, qui doit continuer à reconnaître chacun sous le même identifiant. Enregistrez une nouvelle app s’il faut un autre type d’identifiant.',
  en: 'The subject type can no longer change: people have signed in to this app, and it must keep knowing each of them by the same user id (sub). Register a new app if another kind of id is needed.',
};

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
    await recordEvent(trx, { appId: inserted.id, iid: ownerIid(owner), actor, now }, 'created', {
      name: inserted.name,
      clientType: input.clientType,
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
  const input = checkRegistration(fields, {
    platform: owner.kind === 'platform',
    current: { redirectUris: current.redirect_uris, subjectType: current.subject_type },
  });
  if (
    input.subjectType !== undefined &&
    input.subjectType !== current.subject_type &&
    (await repo.hasSignIns(ctx.db, current.client_id))
  )
    throw new AppError('conflict', SUBJECT_TYPE_FIXED);
  const now = ctx.now();
  const row = await ctx.db.transaction().execute(async (trx) => {
    const updated = await repo.updateApp(trx, current.id, {
      ...columns(input),
      ...(disabled !== undefined ? { disabled } : {}),
      updated_at: now,
    });
    if (!updated) throw notFound('App');
    const at = { appId: current.id, iid: ownerIid(owner), actor, now };
    if (Object.keys(fields).length)
      await recordEvent(trx, at, 'updated', { fields: changedFields(fields) });
    // Asking consent from now on: the sign-ins made without it end (grants, refresh tokens), so
    // everyone answers before the app gets anything more; otherwise the old grant would count as
    // the answer and the app would go on reading without anyone having been asked.
    const startsAsking = input.requiresConsent === true && !current.requires_consent;
    if (disabled === true || startsAsking) await endSignInsToApp(trx, current.client_id);
    if (disabled !== undefined && disabled !== current.disabled)
      await recordEvent(trx, at, disabled ? 'disabled' : 'enabled');
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
    await recordEvent(
      trx,
      { appId: current.id, iid: ownerIid(owner), actor, now },
      'secret_rotated',
    );
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
    await recordEvent(trx, { appId: current.id, iid: ownerIid(owner), actor, now }, 'deleted', {
      name: current.name,
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
      await recordEvent(
        trx,
        { appId: current.id, iid, actor, now },
        current.institution_id === null
          ? enabled
            ? 'switched_on'
            : 'switched_off'
          : enabled
            ? 'enabled'
            : 'disabled',
      );
  });
  return present(ctx, owner, (await repo.findById(ctx.db, current.id)) ?? current);
}
