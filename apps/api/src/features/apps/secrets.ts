import { createHash, randomBytes } from 'node:crypto';

/** The stored value of a client secret: SHA-256 (secrets are 256 random bits). */
export const clientSecretHash = (secret: string) =>
  createHash('sha256').update(secret, 'utf8').digest('base64url');

export const newClientSecret = () => randomBytes(32).toString('base64url');

export const newClientId = () => `app_${randomBytes(12).toString('base64url')}`;
