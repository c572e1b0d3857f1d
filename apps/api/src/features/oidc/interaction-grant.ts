import { createHmac } from 'node:crypto';
import type Provider from 'oidc-provider';
import type { AppContext } from '../../context.js';
import { saveTogether } from './adapter.js';
import { findLatestGrant } from './repository.js';

/** An interaction as the provider read it for this request. */
export type InteractionDetails = Awaited<ReturnType<Provider['interactionDetails']>>;
type Grant = InstanceType<Provider['Grant']>;

/**
 * The grant this person already has for this app: the session's, or (for an app that asks
 * consent, which is remembered on the grant) the newest one still valid; else a new one.
 */
export async function grantFor(
  ctx: AppContext,
  provider: Provider,
  details: InteractionDetails,
  { accountId, clientId, requiresConsent }: GrantOwner,
): Promise<Grant> {
  const grantId =
    details.grantId && details.session?.accountId === accountId
      ? details.grantId
      : requiresConsent
        ? await findLatestGrant(ctx.db, accountId, clientId, ctx.now())
        : undefined;
  const existing = grantId ? await provider.Grant.find(grantId) : undefined;
  return existing && existing.accountId === accountId && existing.clientId === clientId
    ? existing
    : new provider.Grant({ accountId, clientId });
}

interface GrantOwner {
  accountId: string;
  clientId: string;
  requiresConsent: boolean;
}

/**
 * The id of the new grant an interaction makes: one per interaction, so a login sent twice (a
 * double click, two requests at once, another login before the first continueTo) writes the
 * same grant again instead of leaving a second one behind. Keyed by SESSION_SECRET, 43
 * characters like the provider's own ids.
 */
export function interactionGrantId(secret: string, uid: string): string {
  return createHmac('sha256', secret).update(`schoolloket grant\0${uid}`).digest('base64url');
}

/** The grant and the interaction's result (this login, that grant), written together. */
export async function saveGrantAndResult(
  details: InteractionDetails,
  grant: Grant,
  login: { accountId: string; ts: number },
  secret: string,
): Promise<void> {
  // The grant's id is its jti (oidc-provider's Grant#save would give a new grant a random one):
  // known before the save, so the interaction's result can name it and both rows go to the
  // database in one statement (saveTogether). An existing grant keeps its id; a new one gets the
  // interaction's (interactionGrantId).
  grant.jti ??= interactionGrantId(secret, details.uid);
  const newGrantId = grant.jti;
  // What provider.interactionResult(…, { mergeWithLastSubmission: false }) does, on the
  // interaction read above instead of reading it again.
  details.result = { login, consent: { grantId: newGrantId } };
  const [savedGrantId] = await saveTogether(() =>
    Promise.all([grant.save(), details.save(details.exp - Math.floor(Date.now() / 1000))]),
  );
  if (savedGrantId !== newGrantId) throw new Error('the grant was saved under another id');
}
