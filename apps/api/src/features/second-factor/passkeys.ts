import type { Locale } from '@schoolloket/core';
import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { AppContext } from '../../context.js';
import type { Trx } from '../../db/database.js';
import { AppError } from '../../platform/errors/index.js';
import { passkeyChangedMail } from '../../platform/mail/index.js';
import { recordOwnFactorChange, type FactorOwner } from './factor-changes.js';
import type { Passkey } from './passkey-schemas.js';
import { usablePublicKey } from './passkey-key.js';
import * as passkeyRepo from './passkey.repository.js';
import * as repo from './repository.js';
import {
  CHALLENGE_TTL_MS,
  expectedFrom,
  refusedPasskey,
  relyingParty,
  spendChallenge,
  storeChallenge,
  userHandleBytes,
} from './webauthn.js';

// An admin's own passkeys: register (options, then the browser's answer), list, rename, remove.

/** The first step of adding a passkey; the challenge is bound to this session. */
export async function registrationOptions(
  ctx: AppContext,
  admin: FactorOwner,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  if (!admin.sessionId) throw new AppError('unauthenticated');
  const existing = await passkeyRepo.listPasskeys(ctx.db, admin.id);
  const rp = relyingParty(ctx);
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: admin.email,
    userDisplayName: admin.name,
    userID: userHandleBytes(admin.id),
    attestationType: 'none',
    timeout: CHALLENGE_TTL_MS,
    // ES256 and RS256: what every platform authenticator and security key offers.
    supportedAlgorithmIDs: [-7, -257],
    excludeCredentials: existing.map((p) => ({
      id: p.credential_id,
      transports: p.transports as AuthenticatorTransport[],
    })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
  });
  await storeChallenge(ctx, options.challenge, 'register', admin.sessionId, admin.id);
  return options;
}

/**
 * The second step: checks the browser's answer against the challenge this session asked for
 * (spent either way), stores the credential, records and mails the addition.
 */
export async function registerPasskey(
  ctx: AppContext,
  admin: FactorOwner,
  name: string,
  response: RegistrationResponseJSON,
  locale: Locale,
): Promise<Passkey> {
  if (!admin.sessionId) throw new AppError('unauthenticated');
  const label = cleanName(name);
  const spent = await spendChallenge(
    ctx,
    response.response.clientDataJSON,
    'register',
    admin.sessionId,
  );
  if (spent.adminUserId !== admin.id) throw refusedPasskey();
  let result;
  try {
    result = await verifyRegistrationResponse({
      response,
      ...expectedFrom(ctx, spent.challenge),
      supportedAlgorithmIDs: [-7, -257],
    });
  } catch {
    throw new AppError('passkey_refused', 'The passkey could not be verified; try again.');
  }
  if (!result.verified) throw refusedPasskey();
  const info = result.registrationInfo;
  // The library checks the attestation, not whether the key can ever verify a signature.
  if (!usablePublicKey(info.credential.publicKey))
    throw new AppError(
      'passkey_refused',
      'This passkey offers a public key that cannot be used; try another passkey.',
    );
  if (await passkeyRepo.findPasskeyByCredentialId(ctx.db, info.credential.id))
    throw new AppError('conflict', 'This passkey is registered already.');
  const now = ctx.now();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const id = await passkeyRepo.insertPasskey(trx, {
      admin_user_id: admin.id,
      credential_id: info.credential.id,
      public_key: Buffer.from(info.credential.publicKey).toString('base64url'),
      counter: info.credential.counter,
      transports: (response.response.transports ?? []).slice(0, 8),
      device_type: info.credentialDeviceType,
      backed_up: info.credentialBackedUp,
      name: label,
      created_at: now,
    });
    await recordChange(ctx, trx, admin, label, 'added', locale);
    return id;
  });
  return {
    id,
    name: label,
    createdAt: now.toISOString(),
    lastUsedAt: null,
    backedUp: info.credentialBackedUp,
  };
}

export const countPasskeys = async (ctx: AppContext, adminUserId: string) =>
  (await passkeyRepo.listPasskeys(ctx.db, adminUserId)).length;

export async function listOwnPasskeys(ctx: AppContext, adminUserId: string): Promise<Passkey[]> {
  return (await passkeyRepo.listPasskeys(ctx.db, adminUserId)).map((p) => ({
    id: p.id,
    name: p.name,
    createdAt: p.created_at.toISOString(),
    lastUsedAt: p.last_used_at?.toISOString() ?? null,
    backedUp: p.backed_up,
  }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notFound = () => new AppError('not_found', 'There is no such passkey.');

export async function renamePasskey(
  ctx: AppContext,
  adminUserId: string,
  id: string,
  name: string,
): Promise<Passkey> {
  if (!UUID.test(id)) throw notFound();
  if (!(await passkeyRepo.renamePasskey(ctx.db, adminUserId, id, cleanName(name))))
    throw notFound();
  const found = (await listOwnPasskeys(ctx, adminUserId)).find((p) => p.id === id);
  if (!found) throw notFound();
  return found;
}

/** Removes one passkey; without any factor left, the recovery codes go too. */
export async function removePasskey(
  ctx: AppContext,
  admin: FactorOwner,
  id: string,
  locale: Locale,
): Promise<void> {
  if (!UUID.test(id)) throw notFound();
  await ctx.db.transaction().execute(async (trx) => {
    const removed = await passkeyRepo.deletePasskey(trx, admin.id, id);
    if (!removed) throw notFound();
    if (
      !(await passkeyRepo.hasAnyPasskey(trx, admin.id)) &&
      !(await repo.hasConfirmedTotp(trx, admin.id))
    )
      await repo.deleteRecoveryCodes(trx, admin.id);
    await recordChange(ctx, trx, admin, removed.name, 'removed', locale);
  });
}

function cleanName(name: string): string {
  const trimmed = name.normalize('NFC').trim();
  if (!trimmed) throw new AppError('validation_failed', 'Give the passkey a name.');
  return trimmed;
}

function recordChange(
  ctx: AppContext,
  trx: Trx,
  admin: FactorOwner,
  passkey: string,
  change: 'added' | 'removed',
  locale: Locale,
): Promise<void> {
  const mail = passkeyChangedMail(locale, {
    name: admin.name,
    email: admin.email,
    passkey,
    change,
  });
  return recordOwnFactorChange(ctx, trx, admin, {
    factor: 'passkey',
    change,
    detail: { name: passkey },
    mail,
  });
}
