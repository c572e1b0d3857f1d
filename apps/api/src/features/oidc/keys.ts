import { generateKeyPair, randomBytes, type JsonWebKey } from 'node:crypto';
import { promisify } from 'node:util';
import { ConfigError } from '../../config.js';
import type { AppContext } from '../../context.js';
import * as repo from './keys.repository.js';

// Signing keys of the provider (RS256, which every OpenID Connect library verifies).
// - `current` signs ID tokens;
// - `next` is published in the JWKS but marked verify-only, so relying parties that cache the
//   JWKS know it before it signs anything;
// - `retired` keys stay published (verify-only) until the ID tokens they signed have expired.
// Private keys are stored sealed with CREDENTIALS_KEY; creation and rotation run under a
// transaction-scoped database lock, so instances that start together create one set.

/** How long a retired key stays in the JWKS: longer than any ID token it signed lives. */
export const RETIRED_KEY_KEEP_MS = 24 * 3_600_000;

export type SigningJwk = JsonWebKey & { kid: string; alg: 'RS256'; use: 'sig'; key_ops?: string[] };

type KeyDeps = Pick<AppContext, 'db' | 'secrets' | 'now'>;

const generateRsa = promisify(generateKeyPair);

/** Off the event loop (libuv's pool): an RSA key can take seconds of CPU on a busy machine. */
async function generateKey(): Promise<SigningJwk> {
  const { privateKey } = await generateRsa('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: randomBytes(12).toString('base64url'), alg: 'RS256', use: 'sig' };
}

const AD = (kid: string) => `oidc_keys:${kid}`;

async function insert(ctx: KeyDeps, db: AppContext['db'], state: 'current' | 'next') {
  const jwk = await generateKey();
  await repo.insertKey(db, {
    kid: jwk.kid,
    state,
    sealedJwk: ctx.secrets.seal(JSON.stringify(jwk), AD(jwk.kid)),
    now: ctx.now(),
  });
}

/** Creates the current and the next key when they are missing (first start). */
export async function ensureSigningKeys(ctx: KeyDeps): Promise<void> {
  const have = await repo.listKeys(ctx.db);
  if (have.some((k) => k.state === 'current') && have.some((k) => k.state === 'next')) return;
  await ctx.db.transaction().execute(async (trx) => {
    await repo.lockKeys(trx);
    const keys = await repo.listKeys(trx);
    if (!keys.some((k) => k.state === 'current')) await insert(ctx, trx, 'current');
    if (!keys.some((k) => k.state === 'next')) await insert(ctx, trx, 'next');
  });
}

/**
 * Rotation: the next key (published since the last rotation) starts signing, the current one
 * retires (still published), a new next key is published, and keys retired long enough ago go.
 */
export async function rotateSigningKeys(ctx: KeyDeps): Promise<void> {
  await ensureSigningKeys(ctx);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await repo.lockKeys(trx);
    const keys = await repo.listKeys(trx);
    const current = keys.find((k) => k.state === 'current');
    const next = keys.find((k) => k.state === 'next');
    if (current) await repo.setKeyState(trx, current.kid, 'retired', now);
    if (next) await repo.setKeyState(trx, next.kid, 'current', now);
    else await insert(ctx, trx, 'current');
    await insert(ctx, trx, 'next');
    await repo.deleteRetiredBefore(trx, new Date(now.getTime() - RETIRED_KEY_KEEP_MS));
  });
}

/** The private key set for the provider: the signing key first, the others verify-only. */
export async function loadSigningKeys(ctx: AppContext): Promise<SigningJwk[]> {
  const rows = await repo.listKeys(ctx.db);
  const order = { current: 0, next: 1, retired: 2 } as const;
  const unreadable = rows.filter((row) => !canOpen(ctx, row.sealed_jwk, AD(row.kid)));
  if (unreadable.length) throw keysSealedWithAnotherKey(unreadable.length, rows.length);
  return rows
    .sort((a, b) => order[a.state] - order[b.state])
    .map((row) => {
      const jwk = JSON.parse(ctx.secrets.open(row.sealed_jwk, AD(row.kid))) as SigningJwk;
      return row.state === 'current' ? jwk : { ...jwk, key_ops: ['verify'] };
    });
}

function canOpen(ctx: Pick<AppContext, 'secrets'>, sealed: string, ad: string): boolean {
  try {
    ctx.secrets.open(sealed, ad);
    return true;
  } catch {
    return false;
  }
}

/**
 * The signing keys in the database were sealed with another CREDENTIALS_KEY: almost always a
 * changed or mistyped key (a new .env, another instance's secret). Starting anyway would mean
 * new signing keys and new pairwise subjects, so every app would lose its users: refuse, and say
 * what to do (server.ts prints the message without a stack trace).
 */
function keysSealedWithAnotherKey(unreadable: number, total: number): ConfigError {
  return new ConfigError(
    'CREDENTIALS_KEY',
    `cannot open the OpenID Connect signing keys stored in the database (${unreadable} of ${total} ` +
      'could not be decrypted): they were sealed with another CREDENTIALS_KEY. ' +
      'Start the API with the CREDENTIALS_KEY it ran with before (every instance on one database ' +
      'needs the same one). CREDENTIALS_KEY must never change: it also seals the reprintable ' +
      'passwords, and the subjects (sub) learning apps know their users by are derived from it. ' +
      'See the README, "Connect a learning app".',
  );
}

export const signingKeysVersion = (ctx: AppContext) => repo.keysVersion(ctx.db);
