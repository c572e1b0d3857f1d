import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type Env } from './parse.js';

/**
 * Secrets may come from the environment; when absent outside production they are generated
 * once into DATA_DIR so restarts keep sessions and encrypted secrets readable.
 */
export function secret(
  env: Env,
  name: string,
  dataDir: string,
  production: boolean,
  warn: (m: string) => void,
): string {
  const value = env[name];
  if (value) {
    if (value.length < 32) throw new ConfigError(name, 'must be at least 32 characters');
    return value;
  }
  if (production) throw new ConfigError(name, 'is required when NODE_ENV=production');
  const file = join(dataDir, 'secrets', name.toLowerCase());
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(join(dataDir, 'secrets'), { recursive: true, mode: 0o700 });
  const generated = randomBytes(32).toString('base64url');
  writeFileSync(file, generated, { mode: 0o600 });
  warn(`${name} was not set: generated one into ${file}. Set it explicitly in production.`);
  return generated;
}

/** The encryption key of sealed secrets: 32 bytes, base64url. */
export function credentialsKey(
  env: Env,
  dataDir: string,
  production: boolean,
  warn: (m: string) => void,
): Buffer {
  const key = Buffer.from(secret(env, 'CREDENTIALS_KEY', dataDir, production, warn), 'base64url');
  if (key.length !== 32) {
    throw new ConfigError(
      'CREDENTIALS_KEY',
      'must be 32 bytes, base64url-encoded (openssl rand -base64 32 | tr "+/" "-_" | tr -d =)',
    );
  }
  return key;
}
