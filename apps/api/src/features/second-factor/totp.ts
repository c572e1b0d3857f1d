import type { Locale } from '@schoolloket/core';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { AppContext } from '../../context.js';
import type { Database, Trx } from '../../db/database.js';
import { AppError } from '../../platform/errors/index.js';
import { totpChangedMail } from '../../platform/mail/index.js';
import { recordOwnFactorChange, type FactorOwner } from './factor-changes.js';
import * as passkeyRepo from './passkey.repository.js';
import * as repo from './repository.js';

const ISSUER = 'Schoolloket';
/** ±1 time step of 30 s (RFC 6238 §5.2: a clock a little off, a code typed at the turn). */
const TOLERANCE_S = 30;

const aad = (adminUserId: string) => `totp:${adminUserId}`;

export interface TotpSetup {
  secret: string;
  uri: string;
  /** The otpauth URI as an SVG QR code, as a data: URL for an <img>. */
  qrCode: string;
}

/** A new secret to scan; it counts only after linkTotp with a code from the app. */
export async function beginTotp(
  ctx: AppContext,
  admin: { id: string; email: string },
): Promise<TotpSetup> {
  const secret = generateSecret();
  const stored = await repo.putUnconfirmedTotp(
    ctx.db,
    admin.id,
    ctx.secrets.seal(secret, aad(admin.id)),
    ctx.now(),
  );
  if (!stored)
    throw new AppError('conflict', 'An authenticator app is already set up; remove it first.');
  const uri = generateURI({ issuer: ISSUER, label: admin.email, secret });
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return {
    secret,
    uri,
    qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
  };
}

/**
 * Checks a code against the admin's secret (confirmed, or unconfirmed when `confirming`) and
 * spends its time step: a code, and every earlier one, works once only.
 */
async function spend(
  ctx: AppContext,
  adminUserId: string,
  code: string,
  confirming: boolean,
  db: Database = ctx.db,
): Promise<boolean> {
  const row = await repo.findTotp(db, adminUserId);
  if (!row || !!row.confirmed_at === confirming) return false;
  const secret = ctx.secrets.open(row.secret_sealed, aad(adminUserId));
  let result;
  try {
    result = await verify({
      secret,
      token: code,
      epoch: Math.floor(ctx.now().getTime() / 1000),
      epochTolerance: TOLERANCE_S,
      ...(row.last_step !== null ? { afterTimeStep: row.last_step } : {}),
    });
  } catch {
    return false;
  }
  if (!result.valid || !('timeStep' in result)) return false;
  return repo.useTotpStep(db, adminUserId, result.timeStep, confirming ? ctx.now() : null);
}

export const verifyTotp = (ctx: AppContext, adminUserId: string, code: string) =>
  spend(ctx, adminUserId, code, false);

/**
 * The admin links the app set up by beginTotp with its first code, from the security page or at
 * a login the policy holds: the confirmation, the history row, the mail and the end of the
 * admin's other sessions in one transaction. False when the code is wrong.
 */
export function linkTotp(
  ctx: AppContext,
  admin: FactorOwner,
  code: string,
  locale: Locale,
  opts: { firstFactor?: boolean } = {},
): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    // The login's forced set-up is for an admin without any factor: one who added a passkey
    // meanwhile logs in with it (the password alone does not link an app next to it).
    if (opts.firstFactor && (await passkeyRepo.hasAnyPasskey(trx, admin.id))) return false;
    if (!(await spend(ctx, admin.id, code, true, trx))) return false;
    await recordTotpChange(ctx, trx, admin, 'added', locale);
    return true;
  });
}

/** Without any factor left, the recovery codes go too: they stand in for a factor only. */
export async function removeTotp(
  ctx: AppContext,
  admin: FactorOwner,
  locale: Locale,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const removed = await repo.deleteTotp(trx, admin.id);
    if (!(await passkeyRepo.hasAnyPasskey(trx, admin.id)))
      await repo.deleteRecoveryCodes(trx, admin.id);
    if (removed?.confirmed) await recordTotpChange(ctx, trx, admin, 'removed', locale);
  });
}

/** Linked or removed: in the admin's history and mailed to them, as for passkeys. */
function recordTotpChange(
  ctx: AppContext,
  trx: Trx,
  admin: FactorOwner,
  change: 'added' | 'removed',
  locale: Locale,
): Promise<void> {
  const mail = totpChangedMail(locale, { name: admin.name, email: admin.email, change });
  return recordOwnFactorChange(ctx, trx, admin, { factor: 'totp', change, detail: {}, mail });
}
