import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { AppContext } from '../../context.js';
import { AppError } from '../../platform/errors/index.js';
import { newToken, tokenHash } from '../../platform/security/index.js';
import {
  admitFromAddress,
  guarded,
  PASSKEY_OPTIONS_IP_POLICY,
  passkeyOptionsIpKey,
  refused,
} from '../../platform/throttles/index.js';
import * as secondFactor from '../second-factor/index.js';
import { openPending } from './pending.js';
import * as repo from './repository.js';
import { adminGate, finishLogin, startFactorSession, type Client } from './service.js';

// Logging in with a passkey: as the second step after the password (bound to the pending
// login), or passwordless with a discoverable credential (bound to a cookie of its own); and
// the step-up of a session. A refused passkey counts against the same lockout as a password.

/** Options for the second step; the challenge is bound to this pending login. */
export async function pendingPasskeyOptions(ctx: AppContext, pendingToken: string | undefined) {
  const pending = await openPending(ctx, pendingToken);
  if (pending.setup) throw new AppError('forbidden', 'Set up a second factor first.');
  return secondFactor.assertionOptions(ctx, 'login', pending.id, pending.admin_user_id);
}

export const loginWithPasskey = (
  ctx: AppContext,
  pendingToken: string | undefined,
  response: AuthenticationResponseJSON,
  client: Client,
) =>
  finishLogin(
    ctx,
    pendingToken,
    client,
    async (user, setup, pendingId) => {
      if (setup) return false;
      try {
        await secondFactor.verifyAssertion(ctx, response, 'login', pendingId, user.id);
        return true;
      } catch (err) {
        if (err instanceof AppError && err.code === 'passkey_refused') return false;
        throw err;
      }
    },
    secondFactor.refusedPasskey,
  );

/**
 * Passwordless: a fresh challenge for any discoverable passkey, bound to a new cookie. Anyone may
 * ask and each answer stores a challenge, so the client address is limited (429 over it).
 */
export async function passwordlessOptions(ctx: AppContext, client: Pick<Client, 'ip'>) {
  await admitFromAddress(
    ctx,
    passkeyOptionsIpKey(client.ip),
    PASSKEY_OPTIONS_IP_POLICY,
    'too_many_passkey_requests',
  );
  const token = newToken();
  const options = await secondFactor.assertionOptions(ctx, 'passwordless', tokenHash(token), null);
  return { token, options };
}

/**
 * Passwordless login: the passkey (with user verification) is both factors. Failures count
 * against the owner's lockout when the credential is known, else against the client address.
 */
export async function loginPasswordless(
  ctx: AppContext,
  cookieToken: string | undefined,
  response: AuthenticationResponseJSON,
  client: Client,
) {
  if (!cookieToken) throw secondFactor.refusedPasskey();
  const ownerId = await secondFactor.passkeyOwner(ctx, response.id);
  const owner = ownerId ? await repo.findAdminById(ctx.db, ownerId) : undefined;
  const name = owner?.email ?? `passkey:${response.id.slice(0, 64)}`;
  return guarded(ctx, adminGate(name, client.ip), client.deviceCookie, async (gate) => {
    let adminUserId: string;
    try {
      ({ adminUserId } = await secondFactor.verifyAssertion(
        ctx,
        response,
        'passwordless',
        tokenHash(cookieToken),
        null,
      ));
    } catch (err) {
      await refused(ctx, gate);
      throw err;
    }
    return startFactorSession(ctx, adminUserId, gate, client);
  });
}

/** Step-up options; the challenge is bound to this session. */
export async function stepUpPasskeyOptions(
  ctx: AppContext,
  actor: { id: string; sessionId?: string | undefined },
) {
  if (!actor.sessionId) throw new AppError('unauthenticated');
  return secondFactor.assertionOptions(ctx, 'step-up', actor.sessionId, actor.id);
}

export async function stepUpWithPasskey(
  ctx: AppContext,
  actor: { id: string; email: string; sessionId?: string | undefined },
  response: AuthenticationResponseJSON,
  client: Client,
): Promise<void> {
  if (!actor.sessionId) throw new AppError('unauthenticated');
  const sessionId = actor.sessionId;
  await guarded(ctx, adminGate(actor.email, client.ip), client.deviceCookie, async (gate) => {
    try {
      await secondFactor.verifyAssertion(ctx, response, 'step-up', sessionId, actor.id);
    } catch (err) {
      await refused(ctx, gate);
      throw err;
    }
  });
  await repo.markSecondFactor(ctx.db, actor.sessionId, ctx.now());
}
