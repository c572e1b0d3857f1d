import { createHash, randomBytes } from 'node:crypto';

/** 256-bit random token for cookies, links and API keys; only its SHA-256 is stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}
