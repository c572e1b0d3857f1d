import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { Locale } from '@schoolloket/core';
import type { PortalSignedIn } from '../portal/index.js';
import type { AppContext } from '../../context.js';
import type { AppRow } from '../../db/types.js';
import { notFound } from '../../platform/errors/index.js';
import { APP_SCOPES, appOf } from './clients.js';
import type { ConsentView } from './consent-page.js';
import { uiLocale } from './pages.js';
import { grantFor, saveGrantAndResult, type InteractionDetails } from './interaction-grant.js';
import { appRefusal, claimsOf, findPerson, pairwiseSubjects, type Person } from './people.js';
import { portalAccount, rememberPortalLogin } from './portal-account.js';
import { claimAnswer, findModel } from './repository.js';
import { withRequestMemo } from './request-memo.js';
import { INTERACTION_PATH, TTL } from './provider.js';
import { recordConsent } from './sign-ins.service.js';

// The interaction of an app sign-in is the portal's own login: the person signs in on the
// portal's login page (pictures, word, password, parent; same lockout and throttles; forced
// password change inside), which then comes back here. No consent screen for the apps a school
// enabled for its students and parents (the school decides); an app marked `requires_consent`
// shows one (consent-page.ts), remembered on the grant: asked again only when the app asks for
// more, or sends prompt=consent.

/** When the interaction expires (its `exp`, in seconds). */
const expiryOf = (details: { exp: number }) => new Date(details.exp * 1000);

export type InteractionOutcome =
  | { kind: 'expired' }
  | { kind: 'login'; again?: boolean }
  | { kind: 'refused'; appName: string; reason: string; redirectUris: string[] }
  | { kind: 'consent'; view: ConsentView; redirectUris: string[]; shown: string }
  | { kind: 'done'; returnTo: string };

const ALLOWED_SCOPES = new Set(APP_SCOPES.split(' '));

/**
 * The app asked for a login now (`prompt=login`: one during this sign-in) or no older than
 * `max_age` seconds, and the portal session's login does not qualify: the person signs in again
 * (OpenID Connect Core 3.1.2.1). Ages, not instants: the login's on the app's clock, the
 * interaction's on the provider's (its expiry minus its lifetime).
 */
function needsNewLogin(
  details: { exp: number; params: Record<string, unknown>; prompt: { reasons?: string[] } },
  loginAt: Date,
  now: Date,
): boolean {
  const loginAge = (now.getTime() - loginAt.getTime()) / 1000;
  const signInAge = Date.now() / 1000 - (details.exp - TTL.Interaction);
  // A login during this sign-in satisfies both (max_age=0 included).
  if (loginAge <= signInAge) return false;
  if ((details.prompt.reasons ?? []).includes('login_prompt')) return true;
  const maxAge = details.params.max_age;
  return maxAge !== undefined && loginAge > Number(maxAge);
}

/**
 * The consent page names the person whose data it shows; its answer carries this value back
 * (a hidden field), so "Ja, toestaan" grants only for that person. Someone else signing in to
 * the portal in another tab before the click gets the page again, with their own data.
 */
export function consentBinding(secret: string, uid: string, accountId: string): string {
  return createHmac('sha256', secret)
    .update(`schoolloket consent\0${uid}\0${accountId}`)
    .digest('base64url');
}

function answeredFor(ctx: AppContext, uid: string, accountId: string, shown: string | undefined) {
  if (shown === undefined) return false;
  const expected = Buffer.from(consentBinding(ctx.config.sessionSecret, uid, accountId));
  const given = Buffer.from(shown);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * A browser's request to an interaction page: the provider that holds the interaction, the raw
 * request and response (its cookie), the interaction's uid from the URL and the portal cookie.
 */
export interface InteractionRequest {
  provider: Provider;
  req: IncomingMessage;
  res: ServerResponse;
  uid: string;
  portalToken: string | undefined;
}

export async function continueInteraction(
  ctx: AppContext,
  { provider, req, res, uid, portalToken }: InteractionRequest,
  opts: { consented?: boolean; shown?: string } = {},
): Promise<InteractionOutcome> {
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    return { kind: 'expired' };
  }
  if (details.uid !== uid) return { kind: 'expired' };
  // Nobody signed in yet (the first visit of every sign-in): straight to the login page, which
  // asks for the app's name itself.
  const account = await portalAccount(ctx, portalToken);
  if (!account || account.mustChangePassword) return { kind: 'login' };
  const clientId = String(details.params.client_id);
  const app = await appOf(ctx, clientId);
  if (!app) return { kind: 'expired' };

  const loginTs = Math.floor(account.loginAt.getTime() / 1000);
  if (needsNewLogin(details, account.loginAt, ctx.now())) return { kind: 'login', again: true };
  const person = await findPerson(ctx, account.accountId);
  if (!person) return { kind: 'login' };
  const reason = await appRefusal(ctx, app, person);
  if (reason)
    return { kind: 'refused', appName: app.name, reason, redirectUris: app.redirect_uris };

  const requested = String(details.params.scope ?? '')
    .split(' ')
    .filter((s) => ALLOWED_SCOPES.has(s));
  const grant = await grantFor(ctx, provider, details, {
    accountId: person.accountId,
    clientId,
    requiresConsent: app.requires_consent,
  });

  // An answer counts only for the person the page was shown to.
  const consented = !!opts.consented && answeredFor(ctx, uid, person.accountId, opts.shown);
  if (app.requires_consent && !consented && consentToAsk(details, grant, requested))
    return consentPage(ctx, { uid, clientId, app, person, requested });

  // One answer per sign-in: a second one (a double click, or "Nee" in another tab at the same
  // moment) changes nothing and follows the first.
  if (app.requires_consent && consented && !(await claimAnswer(ctx.db, uid, expiryOf(details))))
    return { kind: 'done', returnTo: details.returnTo };

  // The school's decision (or the person's consent) grants what the app asked for, within its
  // scopes.
  grant.addOIDCScope(requested.join(' '));
  if (app.requires_consent && consented)
    await recordConsent(ctx, person, app, { granted: true, scopes: requested });
  await saveGrantAndResult(
    details,
    grant,
    { accountId: person.accountId, ts: loginTs },
    ctx.config.sessionSecret,
  );
  return { kind: 'done', returnTo: details.returnTo };
}

/**
 * The interaction continued for the person who just logged in inside it (the login of an app
 * sign-in, `signedIn`, whose session cookie is `at.portalToken`): where the browser goes next, as
 * an absolute URL on this server. Done: the provider's resume, which sends it on to the app; a
 * page to show (consent, may not use the app, expired): the interaction's page, in `lang`, which
 * renders it. The portal session and the person are not read again: the login has them.
 */
export async function continueAfterLogin(
  ctx: AppContext,
  at: InteractionRequest & { portalToken: string },
  signedIn: PortalSignedIn,
  lang: Locale,
): Promise<string> {
  const outcome = await withRequestMemo(() => {
    rememberPortalLogin(at.portalToken, signedIn);
    return continueInteraction(ctx, at);
  });
  if (outcome.kind === 'done') return new URL(outcome.returnTo, ctx.config.publicBaseUrl).href;
  const page = `${INTERACTION_PATH}/${encodeURIComponent(at.uid)}?lang=${lang}`;
  return new URL(page, ctx.config.publicBaseUrl).href;
}

/** The person is asked (prompt=consent), or the app asks for more than the grant holds. */
function consentToAsk(
  details: InteractionDetails,
  grant: { getOIDCScope(): string | undefined },
  requested: string[],
): boolean {
  const granted = new Set(String(grant.getOIDCScope() ?? '').split(' '));
  const asked = (details.prompt.reasons ?? []).includes('consent_prompt');
  return asked || requested.some((s) => !granted.has(s));
}

/** The consent page: what the app asks, with this person's data, bound to them. */
function consentPage(
  ctx: AppContext,
  { uid, clientId, app, person, requested }: ConsentRequest,
): InteractionOutcome {
  const childId = `s.${person.subject.student_id}`;
  const childSubject =
    app.subject_type === 'pairwise'
      ? pairwiseSubjects(ctx.config.credentialsKey)(clientId, childId)
      : childId;
  return {
    kind: 'consent',
    redirectUris: app.redirect_uris,
    shown: consentBinding(ctx.config.sessionSecret, uid, person.accountId),
    view: {
      appName: app.name,
      logoUrl: app.logo_url,
      scopes: requested,
      subjectType: app.subject_type,
      person,
      claims: claimsOf(person, new Set(requested), childSubject),
    },
  };
}

interface ConsentRequest {
  uid: string;
  clientId: string;
  app: AppRow;
  person: Person;
  requested: string[];
}

const ABORT_DESCRIPTION = {
  refused: 'The user may not use this application.',
  declined: 'The user declined to share this information with the application.',
} as const;

/**
 * The person may not use the app, or declined to share what it asks, and goes back to it: the
 * app gets access_denied.
 */
export async function abortInteraction(
  ctx: AppContext,
  { provider, req, res, uid, portalToken }: InteractionRequest,
  why: keyof typeof ABORT_DESCRIPTION = 'refused',
): Promise<string | undefined> {
  try {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) return undefined;
    if (why === 'declined') {
      // The first answer counts (see continueInteraction): a later "Nee" follows it.
      if (!(await claimAnswer(ctx.db, uid, expiryOf(details)))) return details.returnTo;
      await recordDecline(ctx, String(details.params.client_id), portalToken);
    }
    return await provider.interactionResult(
      req,
      res,
      { error: 'access_denied', error_description: ABORT_DESCRIPTION[why] },
      { mergeWithLastSubmission: false },
    );
  } catch {
    return undefined;
  }
}

/**
 * Whether "Nee, weigeren" comes from the page shown to the person signed in now (the decline is
 * in their history); if not, the route shows the page again.
 */
export async function declineIsTheirs(
  ctx: AppContext,
  uid: string,
  portalToken: string | undefined,
  shown: string | undefined,
): Promise<boolean> {
  const account = await portalAccount(ctx, portalToken);
  return !!account && answeredFor(ctx, uid, account.accountId, shown);
}

/** "Nee, weigeren" on the consent page of an app that asks: the answer is in the history. */
async function recordDecline(ctx: AppContext, clientId: string, portalToken: string | undefined) {
  const account = await portalAccount(ctx, portalToken);
  const [person, app] = await Promise.all([
    account ? findPerson(ctx, account.accountId) : undefined,
    appOf(ctx, clientId),
  ]);
  if (person && app?.requires_consent) await recordConsent(ctx, person, app, { granted: false });
}

/** The app a pending interaction is for (the uid is a 21-character random id). */
export async function interactionInfo(ctx: AppContext, uid: string) {
  const row = await findModel(ctx.db, 'Interaction', uid, ctx.now());
  const params = row?.payload.params as { client_id?: unknown; ui_locales?: unknown } | undefined;
  const app =
    typeof params?.client_id === 'string' ? await appOf(ctx, params.client_id) : undefined;
  if (!app || app.disabled) throw notFound('Sign-in');
  // The language the app asked for, for the login page to show.
  return { appName: app.name, logoUrl: app.logo_url, locale: uiLocale(params?.ui_locales) };
}
