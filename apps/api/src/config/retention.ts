import { ConfigError, type Env } from './parse.js';

/**
 * Days a purge job keeps a row after it stopped being useful (expired, used, sent…). README,
 * "Periodic jobs and retention", lists them; 0 purges at the next run.
 */
export interface Retention {
  /** Admin and portal sessions, and pending second-factor logins, after they expired (RETENTION_SESSIONS_DAYS, 1). */
  sessionsDays: number;
  /** Identity provider sessions, grants, codes and tokens after expiry (RETENTION_OIDC_DAYS, 1). */
  oidcDays: number;
  /** Invitation, reset and activation links after use, revocation or expiry (RETENTION_LINKS_DAYS, 30). */
  linksDays: number;
  /** Login throttle rows after their last failure, once no lock holds (RETENTION_THROTTLES_DAYS, 1). */
  throttlesDays: number;
  /** Outbox rows after they were sent or failed for good (RETENTION_OUTBOX_DAYS, 7). */
  outboxDays: number;
  /** Idempotency keys (and their sealed answers) after expiry (RETENTION_IDEMPOTENCY_DAYS, 0). */
  idempotencyDays: number;
  /** Rows of import previews after commit or supersession, or unused previews (RETENTION_IMPORTS_DAYS, 30). */
  importsDays: number;
}

export const RETENTION_VARIABLES: Record<keyof Retention, [string, number]> = {
  sessionsDays: ['RETENTION_SESSIONS_DAYS', 1],
  oidcDays: ['RETENTION_OIDC_DAYS', 1],
  linksDays: ['RETENTION_LINKS_DAYS', 30],
  throttlesDays: ['RETENTION_THROTTLES_DAYS', 1],
  outboxDays: ['RETENTION_OUTBOX_DAYS', 7],
  idempotencyDays: ['RETENTION_IDEMPOTENCY_DAYS', 0],
  importsDays: ['RETENTION_IMPORTS_DAYS', 30],
};

export function parseRetention(env: Env): Retention {
  const out = {} as Retention;
  for (const [key, [name, fallback]] of Object.entries(RETENTION_VARIABLES)) {
    const raw = env[name];
    if (raw === undefined || raw === '') {
      out[key as keyof Retention] = fallback;
      continue;
    }
    const days = Number(raw);
    if (!/^\d+$/.test(raw) || days > 3650)
      throw new ConfigError(name, `must be a whole number of days (0-3650), got "${raw}"`);
    out[key as keyof Retention] = days;
  }
  return out;
}
