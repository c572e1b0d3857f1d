import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import type { AppContext } from '../../context.js';
import { AppError } from '../../platform/errors/index.js';
import * as passkeyRepo from './passkey.repository.js';

// WebAuthn plumbing shared by registration, login and step-up: the relying party (from
// PUBLIC_BASE_URL), challenges (single use, 5 minutes, stored server-side and bound to the
// session or login that asked for them) and the check of an assertion.

export const CHALLENGE_TTL_MS = 5 * 60_000;

/** What a challenge was asked for; one purpose's challenge is useless for another. */
export type ChallengePurpose = 'register' | 'login' | 'passwordless' | 'step-up';

export function relyingParty(ctx: AppContext) {
  const url = new URL(ctx.config.publicBaseUrl);
  return { id: url.hostname, origin: url.origin, name: 'Schoolloket' };
}

/**
 * What every answer of an authenticator is checked against: the challenge we gave, our origin
 * and host, and a verified user (PIN or biometrics), for registrations and assertions alike.
 */
export function expectedFrom(ctx: AppContext, challenge: string) {
  const rp = relyingParty(ctx);
  return {
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    requireUserVerification: true,
  };
}

export const refusedPasskey = () =>
  new AppError('passkey_refused', 'This passkey was not accepted; try again or use another one.');

export async function storeChallenge(
  ctx: AppContext,
  challenge: string,
  purpose: ChallengePurpose,
  binding: string,
  adminUserId: string | null,
): Promise<void> {
  const now = ctx.now();
  await passkeyRepo.insertChallenge(
    ctx.db,
    {
      challenge,
      purpose,
      binding,
      admin_user_id: adminUserId,
      expires_at: new Date(now.getTime() + CHALLENGE_TTL_MS),
    },
    now,
  );
}

/**
 * What a challenge we hand out looks like: base64url (32 random bytes make 43 characters). The
 * challenge in clientDataJSON is the sender's to write; anything else in it (a NUL byte, which
 * PostgreSQL cannot hold in text, stray characters, lone surrogates) is refused before it
 * reaches the database.
 */
const CHALLENGE_FORMAT = /^[A-Za-z0-9_-]{1,128}$/;

/** The challenge the browser signed, read from clientDataJSON; null when it is unreadable. */
function signedChallenge(clientDataJSON: string): string | null {
  try {
    const data: unknown = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
    const c = (data as { challenge?: unknown } | null)?.challenge;
    return typeof c === 'string' && CHALLENGE_FORMAT.test(c) ? c : null;
  } catch {
    return null;
  }
}

/**
 * Spends the challenge a response signed, if this binding asked for it for this purpose and it
 * has not expired; returns it (and for whom it was made) or throws. A challenge is gone after
 * one try, whether the signature then verifies or not.
 */
export async function spendChallenge(
  ctx: AppContext,
  clientDataJSON: string,
  purpose: ChallengePurpose,
  binding: string,
): Promise<{ challenge: string; adminUserId: string | null }> {
  const challenge = signedChallenge(clientDataJSON);
  if (!challenge) throw refusedPasskey();
  const row = await passkeyRepo.takeChallenge(ctx.db, { challenge, purpose, binding }, ctx.now());
  if (!row) throw refusedPasskey();
  return { challenge, adminUserId: row.admin_user_id };
}

/** Options for navigator.credentials.get(): the admin's passkeys, or any (passwordless). */
export async function assertionOptions(
  ctx: AppContext,
  purpose: ChallengePurpose,
  binding: string,
  adminUserId: string | null,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const passkeys = adminUserId ? await passkeyRepo.listPasskeys(ctx.db, adminUserId) : [];
  if (adminUserId && passkeys.length === 0)
    throw new AppError('conflict', 'There is no passkey to use; use another factor.');
  const options = await generateAuthenticationOptions({
    rpID: relyingParty(ctx).id,
    userVerification: 'required',
    timeout: CHALLENGE_TTL_MS,
    allowCredentials: passkeys.map((p) => ({
      id: p.credential_id,
      transports: p.transports as AuthenticatorTransport[],
    })),
  });
  await storeChallenge(ctx, options.challenge, purpose, binding, adminUserId);
  return options;
}

/**
 * Checks an assertion against a spent challenge and the stored credential: signature, origin,
 * RP id, user verification, and the signature counter (a counter that did not grow, when the
 * authenticator keeps one, means a cloned key: refused). Records the use with the backup state
 * the authenticator reports now. Returns the admin the passkey belongs to.
 */
export async function verifyAssertion(
  ctx: AppContext,
  response: AuthenticationResponseJSON,
  purpose: ChallengePurpose,
  binding: string,
  expectedAdminId: string | null,
): Promise<{ adminUserId: string; passkeyId: string }> {
  const spent = await spendChallenge(ctx, response.response.clientDataJSON, purpose, binding);
  const passkey = await passkeyRepo.findPasskeyByCredentialId(ctx.db, response.id);
  const owner = expectedAdminId ?? spent.adminUserId;
  if (!passkey || (owner && passkey.admin_user_id !== owner)) throw refusedPasskey();
  const handle = response.response.userHandle;
  if (handle && handle !== userHandle(passkey.admin_user_id)) throw refusedPasskey();
  let result;
  try {
    result = await verifyAuthenticationResponse({
      response,
      ...expectedFrom(ctx, spent.challenge),
      credential: {
        id: passkey.credential_id,
        publicKey: Buffer.from(passkey.public_key, 'base64url'),
        counter: Number(passkey.counter),
        transports: passkey.transports as AuthenticatorTransport[],
      },
    });
  } catch {
    throw refusedPasskey();
  }
  if (!result.verified) throw refusedPasskey();
  const info = result.authenticationInfo;
  const recorded = await passkeyRepo.usePasskey(ctx.db, passkey.id, {
    seenCounter: passkey.counter,
    counter: info.newCounter,
    backedUp: info.credentialBackedUp,
    deviceType: info.credentialDeviceType,
    now: ctx.now(),
  });
  if (!recorded) throw refusedPasskey();
  return { adminUserId: passkey.admin_user_id, passkeyId: passkey.id };
}

/** The WebAuthn user handle of an admin: the 16 bytes of their id (no personal data). */
export function userHandleBytes(adminUserId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(adminUserId.replace(/-/g, ''), 'hex'));
}

export const userHandle = (adminUserId: string) =>
  Buffer.from(userHandleBytes(adminUserId)).toString('base64url');

/** Whose passkey a credential id is (for the lockout of a passwordless login), if anyone's. */
export async function passkeyOwner(ctx: AppContext, credentialId: string) {
  return (await passkeyRepo.findPasskeyByCredentialId(ctx.db, credentialId))?.admin_user_id ?? null;
}
