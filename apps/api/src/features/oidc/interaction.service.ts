import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { AppContext } from '../../context.js';
import { notFound } from '../../platform/errors/index.js';
import { findAppByClientId } from '../apps/index.js';
import { principal } from '../portal/index.js';
import { APP_SCOPES } from './clients.js';
import { accountIdOf, appRefusal, findPerson } from './people.js';
import { findModel } from './repository.js';

// The interaction of an app sign-in is the portal's own login: the person signs in on the
// portal's login page (pictures, word, password, parent; same lockout and throttles; forced
// password change inside), which then comes back here. No consent screen: the school enabled the
// app for its students and parents.

/** The account signed in to the portal with this cookie, whatever it still has to do. */
export async function portalAccount(
  ctx: AppContext,
  token: string | undefined,
): Promise<{ accountId: string; mustChangePassword: boolean } | undefined> {
  if (!token) return undefined;
  try {
    const p = await principal(ctx, token, { allowMustChange: true });
    return {
      accountId: accountIdOf(p.subject.student_id, p.slot),
      mustChangePassword: p.mustChangePassword,
    };
  } catch {
    return undefined;
  }
}

export type InteractionOutcome =
  | { kind: 'expired' }
  | { kind: 'login' }
  | { kind: 'refused'; appName: string; reason: string }
  | { kind: 'done'; returnTo: string };

const ALLOWED_SCOPES = new Set(APP_SCOPES.split(' '));

export async function continueInteraction(
  ctx: AppContext,
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  uid: string,
  portalToken: string | undefined,
): Promise<InteractionOutcome> {
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    return { kind: 'expired' };
  }
  if (details.uid !== uid) return { kind: 'expired' };
  const clientId = String(details.params.client_id);
  const app = await findAppByClientId(ctx, clientId);
  if (!app) return { kind: 'expired' };

  const account = await portalAccount(ctx, portalToken);
  if (!account || account.mustChangePassword) return { kind: 'login' };
  const person = await findPerson(ctx, account.accountId);
  if (!person) return { kind: 'login' };
  const reason = await appRefusal(ctx, app, person);
  if (reason) return { kind: 'refused', appName: app.name, reason };

  // The school's decision stands in for consent: grant what the app asked for, within its scopes.
  const existing =
    details.grantId && details.session?.accountId === person.accountId
      ? await provider.Grant.find(details.grantId)
      : undefined;
  const grant = existing ?? new provider.Grant({ accountId: person.accountId, clientId });
  const requested = String(details.params.scope ?? '')
    .split(' ')
    .filter((s) => ALLOWED_SCOPES.has(s));
  grant.addOIDCScope(requested.join(' '));
  const grantId = await grant.save();
  const returnTo = await provider.interactionResult(
    req,
    res,
    { login: { accountId: person.accountId }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
  return { kind: 'done', returnTo };
}

/** The person may not use the app and goes back to it: the app gets access_denied. */
export async function abortInteraction(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  uid: string,
): Promise<string | undefined> {
  try {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) return undefined;
    return await provider.interactionResult(
      req,
      res,
      { error: 'access_denied', error_description: 'The user may not use this application.' },
      { mergeWithLastSubmission: false },
    );
  } catch {
    return undefined;
  }
}

/** The app a pending interaction is for (the uid is a 21-character random id). */
export async function interactionInfo(ctx: AppContext, uid: string) {
  const row = await findModel(ctx.db, 'Interaction', uid, ctx.now());
  const params = row?.payload.params as { client_id?: unknown } | undefined;
  const app =
    typeof params?.client_id === 'string'
      ? await findAppByClientId(ctx, params.client_id)
      : undefined;
  if (!app || app.disabled) throw notFound('Sign-in');
  return { appName: app.name, logoUrl: app.logo_url };
}
