import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { PasswordHasher } from './platform/security/index.js';
import type { DeviceCookies } from './platform/security/index.js';
import type { SecretBox } from './platform/security/index.js';

/** What services need from the outside world; built once in buildApp, passed explicitly. */
export interface AppContext {
  config: Config;
  db: Database;
  hasher: PasswordHasher;
  secrets: SecretBox;
  /** Signs and checks the device cookies of the login lockout. */
  devices: DeviceCookies;
  now: () => Date;
}

/** What start-up work (migrations, platform admin, demo data, keys) may use; scripts build it too. */
export type StartupContext = Pick<AppContext, 'config' | 'db' | 'hasher' | 'secrets' | 'now'>;

/** Who is acting; recorded in every account event. */
export type Actor =
  | {
      kind: 'admin';
      id: string;
      name: string;
      email: string;
      isPlatformAdmin: boolean;
      /** The session's id (hash of its cookie) and when it last proved the second factor. */
      sessionId?: string;
      secondFactorAt?: Date | null;
      /** When the session last confirmed the password (POST /me/security/confirm-password). */
      passwordConfirmedAt?: Date | null;
    }
  | {
      kind: 'api_key';
      id: string;
      name: string;
      institutionId: string;
      scope: 'read' | 'read-write';
    }
  | { kind: 'student'; id: string; name: string }
  | { kind: 'parent'; id: string; name: string; slot: number }
  | { kind: 'system'; id: null; name: string };

/** Access levels of institution routes, from least to most. */
export type AccessLevel = 'read' | 'support' | 'write' | 'manage';
