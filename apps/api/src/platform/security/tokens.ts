import { hash, randomBytes } from 'node:crypto';

/** 256-bit random token for cookies, links and API keys; only its SHA-256 is stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  // The one-shot form: no Hash object per call (it runs for every API-key request).
  return hash('sha256', token, 'base64url');
}
