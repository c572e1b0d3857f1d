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

/** The grant and the interaction's result (this login, that grant), written together. */
export async function saveGrantAndResult(
  details: InteractionDetails,
  grant: Grant,
  login: { accountId: string; ts: number },
): Promise<void> {
  // The grant's id is its jti (oidc-provider's Grant#save gives a new grant one and answers it):
  // known before the save, so the interaction's result can name it and both rows go to the
  // database in one statement (saveTogether).
  // (generateTokenId is BaseModel's, missing from the types.)
  grant.jti ??= (grant as unknown as { generateTokenId(): string }).generateTokenId();
  const newGrantId = grant.jti;
  // What provider.interactionResult(…, { mergeWithLastSubmission: false }) does, on the
  // interaction read above instead of reading it again.
  details.result = { login, consent: { grantId: newGrantId } };
  const [savedGrantId] = await saveTogether(() =>
    Promise.all([grant.save(), details.save(details.exp - Math.floor(Date.now() / 1000))]),
  );
  if (savedGrantId !== newGrantId) throw new Error('the grant was saved under another id');
}
