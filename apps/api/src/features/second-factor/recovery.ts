import type { Locale } from '@schoolloket/core';
import { createHmac, randomInt } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { enqueueMail, recoveryCodeUsedMail } from '../../platform/mail/index.js';
import { endOtherSessions, type FactorOwner } from './factor-changes.js';
import * as repo from './repository.js';

/** Ten codes per set (issue 19), each 12 characters without look-alikes: ~59 bits. */
export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const LENGTH = 12;

/** xxxx-xxxx-xxxx from node:crypto's unbiased randomInt. */
function newCode(): string {
  let s = '';
  for (let i = 0; i < LENGTH; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** What was typed, as stored: case, spaces and hyphens do not matter; anything else fails. */
export function normaliseRecoveryCode(input: string): string | null {
  const s = input.normalize('NFKC').toLowerCase().replace(/[\s-]/g, '');
  return s.length === LENGTH && [...s].every((c) => ALPHABET.includes(c)) ? s : null;
}

/**
 * HMAC-SHA-256 under a key derived from PASSWORD_PEPPER, bound to the admin. The codes are
 * random (~59 bits), so a slow hash adds nothing against guessing, while a keyed one lets a
 * single indexed, conditional UPDATE spend a code exactly once; a stolen database alone gives
 * nothing to test guesses against.
 */
function recoveryHash(ctx: AppContext, adminUserId: string, normalised: string): string {
  const key = createHmac('sha256', ctx.config.passwordPepper).update('recovery codes v1').digest();
  return createHmac('sha256', key).update(`${adminUserId}:${normalised}`).digest('base64url');
}

/**
 * A new set replaces the old one; the codes are returned once and never stored in clear. They
 * stand in for a factor, so the admin's other sessions end as for any change of the factors.
 */
export async function regenerateRecoveryCodes(
  ctx: AppContext,
  admin: FactorOwner,
): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  const hashes = codes.map((c) => recoveryHash(ctx, admin.id, normaliseRecoveryCode(c)!));
  await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now();
    await repo.replaceRecoveryCodes(trx, admin.id, hashes, now);
    await repo.insertSecurityEvent(trx, {
      admin_user_id: admin.id,
      kind: 'recovery_codes_created',
      actor_id: admin.id,
      actor_name: admin.name,
      institution_id: null,
      detail: { count: RECOVERY_CODE_COUNT },
      created_at: now,
    });
    await endOtherSessions(trx, admin);
  });
  return codes;
}

export const remainingRecoveryCodes = (ctx: AppContext, adminUserId: string) =>
  repo.countUnusedRecoveryCodes(ctx.db, adminUserId);

/**
 * Spends a recovery code of this admin; true for exactly one caller per code. Its use is
 * recorded and mailed to the admin, in one transaction with the spending.
 */
export async function useRecoveryCode(
  ctx: AppContext,
  admin: { id: string; name: string; email: string },
  input: string,
  locale: Locale,
): Promise<boolean> {
  const normalised = normaliseRecoveryCode(input);
  if (!normalised) return false;
  const hash = recoveryHash(ctx, admin.id, normalised);
  return ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now();
    if (!(await repo.useRecoveryCode(trx, admin.id, hash, now))) return false;
    const remaining = await repo.countUnusedRecoveryCodes(trx, admin.id);
    await repo.insertSecurityEvent(trx, {
      admin_user_id: admin.id,
      kind: 'recovery_code_used',
      actor_id: admin.id,
      actor_name: admin.name,
      institution_id: null,
      detail: { remaining },
      created_at: now,
    });
    const mail = recoveryCodeUsedMail(locale, { name: admin.name, email: admin.email, remaining });
    await enqueueMail(trx, ctx, { template: 'admin_recovery_code_used', to: admin.email, ...mail });
    return true;
  });
}
