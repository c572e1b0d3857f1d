import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';

export interface Config {
  nodeEnv: string;
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  publicBaseUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  passwordPepper: string;
  credentialsKey: Buffer;
  sessionSecret: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  seedDemo: boolean;
  /** false, a hop count, or the proxies' addresses/CIDRs; never "trust everyone". */
  trustProxy: false | number | string[];
  logLevel: string;
  /** LOG_FORMAT: one JSON object a line (production, log shippers) or pino-pretty for a person. */
  logFormat: 'json' | 'pretty';
  /** Directory of the built SPA; served at / when it exists. */
  webDist: string | undefined;
  /** Memory for serialized student-list pages per process (LIST_CACHE_MB, 0 turns it off). */
  listCacheBytes: number;
  /** Most PostgreSQL connections this instance opens (DATABASE_POOL_SIZE). */
  databasePoolSize: number;
  /** PostgreSQL session timeouts and the pool's acquire timeout (DB_*_MS); PGlite ignores them. */
  databaseTimeouts: DatabaseTimeouts;
  /** Whether this instance runs the periodic jobs (JOBS_ENABLED, default true). */
  jobsEnabled: boolean;
  /** How often this instance looks for due jobs (JOBS_TICK_SECONDS, default 60). */
  jobsTickMs: number;
  /** Requests per minute of an API key without a limit of its own (API_KEY_RATE_LIMIT_PER_MINUTE, default 600). */
  apiKeyRateLimit: number;
  /** How long each purge keeps rows after they stopped being useful (RETENTION_*_DAYS). */
  retention: Retention;
  /** Hashing cost; lowered only by tests through overrides, never by the environment. */
  argon2: { memoryCost: number; timeCost: number; parallelism: number };
}

/**
 * Every connection of the pool gets short timeouts, so a held lock or a runaway query answers 503
 * instead of stalling every request; bulk creation, import commits and the sync raise them for
 * their own transaction (`bulkMs`). Milliseconds.
 */
export interface DatabaseTimeouts {
  /** statement_timeout of every connection (DB_STATEMENT_TIMEOUT_MS). */
  statementMs: number;
  /** lock_timeout of every connection (DB_LOCK_TIMEOUT_MS). */
  lockMs: number;
  /** idle_in_transaction_session_timeout (DB_IDLE_IN_TRANSACTION_TIMEOUT_MS). */
  idleInTransactionMs: number;
  /** How long a request waits for a free pool connection before it answers 503 (DB_ACQUIRE_TIMEOUT_MS). */
  acquireMs: number;
  /** statement_timeout and lock_timeout inside bulk creation, import commits and the sync (DB_BULK_TIMEOUT_MS). */
  bulkMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = {
  statementMs: 10_000,
  lockMs: 3_000,
  idleInTransactionMs: 30_000,
  acquireMs: 5_000,
  bulkMs: 120_000,
};

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

function parseRetention(env: Env): Retention {
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

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function parsePort(env: Env): number {
  const raw = env.PORT ?? '3000';
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
    throw new ConfigError('PORT', `must be a TCP port (1-65535), got "${raw}"`);
  }
  return port;
}

function parseUrl(name: string, raw: string, protocols: string[]): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL, got "${raw}"`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got "${url.protocol}"`);
  }
  return raw;
}

function parseBool(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function parseMegabytes(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,5}$/.test(raw))
    throw new ConfigError(name, `must be a whole number of MB, got "${raw}"`);
  return Number(raw);
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrCidr(entry: string): boolean {
  const [address = '', bits, ...rest] = entry.split('/');
  const version = isIP(address);
  if (!version || rest.length > 0) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (version === 4 ? 32 : 128);
}

/**
 * `true` would take X-Forwarded-For from anyone, so every per-address limit could be dodged by
 * sending a made-up header: only a hop count or the proxies' own addresses are accepted.
 */
function parseTrustProxy(raw: string | undefined): false | number | string[] {
  if (raw === undefined || raw.trim() === '' || /^(false|0)$/i.test(raw.trim())) return false;
  const value = raw.trim();
  if (/^(true|yes|on|\*)$/i.test(value)) {
    throw new ConfigError(
      'TRUST_PROXY',
      `must not be "${value}" (that trusts X-Forwarded-For from every client, so per-address ` +
        "limits could be dodged): give the reverse proxy's address or CIDR (e.g. " +
        '"10.0.0.5" or "10.0.0.0/8,127.0.0.1"), "loopback", or the number of proxy hops (e.g. "1")',
    );
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10) throw new ConfigError('TRUST_PROXY', `hop count must be 1-10, got "${value}"`);
    return hops;
  }
  const entries = value.split(',').map((e) => e.trim());
  for (const entry of entries) {
    if (!PROXY_NAMES.has(entry) && !isAddressOrCidr(entry)) {
      throw new ConfigError(
        'TRUST_PROXY',
        `must be proxy addresses/CIDRs separated by commas, "loopback", or a hop count; ` +
          `"${entry}" is none of these`,
      );
    }
  }
  return entries;
}

/**
 * Outside production the links on cards, in letters and in mails point at this server as
 * started: a wildcard or loopback address becomes localhost, another host is used as given.
 */
function defaultBaseUrl(host: string, port: number): string {
  const local = ['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost', ''].includes(host);
  const name = local ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

function parsePoolSize(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 10;
  if (!/^\d{1,3}$/.test(raw) || Number(raw) < 2 || Number(raw) > 100)
    throw new ConfigError(
      'DATABASE_POOL_SIZE',
      `must be a whole number from 2 to 100, got "${raw}"`,
    );
  return Number(raw);
}

function parseMillis(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,7}$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw new ConfigError(
      name,
      `must be a whole number of milliseconds from ${min} to ${max}, got "${raw}"`,
    );
  return Number(raw);
}

/** Short ticks are for tests of several instances (the jobs' periods stay theirs). */
function parseTickSeconds(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 60;
  if (!/^\d{1,4}$/.test(raw) || Number(raw) < 1 || Number(raw) > 3600)
    throw new ConfigError(
      'JOBS_TICK_SECONDS',
      `must be a whole number from 1 to 3600, got "${raw}"`,
    );
  return Number(raw);
}

function parseRateLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 600;
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1 || Number(raw) > 100000)
    throw new ConfigError(
      'API_KEY_RATE_LIMIT_PER_MINUTE',
      `must be a whole number from 1 to 100000, got "${raw}"`,
    );
  return Number(raw);
}

function parseDatabaseTimeouts(env: Env): DatabaseTimeouts {
  const d = DEFAULT_DATABASE_TIMEOUTS;
  const t: DatabaseTimeouts = {
    statementMs: parseMillis(env, 'DB_STATEMENT_TIMEOUT_MS', d.statementMs, 100, 3_600_000),
    lockMs: parseMillis(env, 'DB_LOCK_TIMEOUT_MS', d.lockMs, 100, 3_600_000),
    idleInTransactionMs: parseMillis(
      env,
      'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS',
      d.idleInTransactionMs,
      1_000,
      3_600_000,
    ),
    acquireMs: parseMillis(env, 'DB_ACQUIRE_TIMEOUT_MS', d.acquireMs, 100, 600_000),
    bulkMs: parseMillis(env, 'DB_BULK_TIMEOUT_MS', d.bulkMs, 1_000, 3_600_000),
  };
  if (t.bulkMs < t.statementMs)
    throw new ConfigError(
      'DB_BULK_TIMEOUT_MS',
      `must not be shorter than DB_STATEMENT_TIMEOUT_MS (${t.statementMs}), got "${t.bulkMs}"`,
    );
  return t;
}

/**
 * Secrets may come from the environment; when absent outside production they are generated
 * once into DATA_DIR so restarts keep sessions and encrypted secrets readable.
 */
function secret(
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

export function loadConfig(
  env: Env = process.env,
  warn: (m: string) => void = console.warn,
): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const production = nodeEnv === 'production';
  const dataDir = resolve(env.DATA_DIR ?? './.data');
  const databaseUrl = env.DATABASE_URL
    ? parseUrl('DATABASE_URL', env.DATABASE_URL, ['postgres:', 'postgresql:'])
    : undefined;
  const port = parsePort(env);
  const host = env.HOST ?? '127.0.0.1';
  if (production && !env.PUBLIC_BASE_URL)
    throw new ConfigError(
      'PUBLIC_BASE_URL',
      'is required when NODE_ENV=production (the address students and parents use, e.g. https://loket.school.be)',
    );
  const publicBaseUrl = parseUrl(
    'PUBLIC_BASE_URL',
    env.PUBLIC_BASE_URL || defaultBaseUrl(host, port),
    ['http:', 'https:'],
  ).replace(/\/+$/, '');
  const smtpUrl = env.SMTP_URL
    ? parseUrl('SMTP_URL', env.SMTP_URL, ['smtp:', 'smtps:'])
    : undefined;
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(
      'LOG_LEVEL',
      `must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`,
    );
  }
  // Default: readable in a terminal during development, JSON in production and when piped.
  const logFormat =
    env.LOG_FORMAT ?? (nodeEnv !== 'production' && process.stdout.isTTY ? 'pretty' : 'json');
  if (logFormat !== 'json' && logFormat !== 'pretty')
    throw new ConfigError('LOG_FORMAT', `must be json or pretty, got "${logFormat}"`);
  const adminEmail = env.ADMIN_EMAIL || undefined;
  if (adminEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(adminEmail)) {
    throw new ConfigError('ADMIN_EMAIL', `must be an e-mail address, got "${adminEmail}"`);
  }
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (adminPassword && adminPassword.length < 10) {
    throw new ConfigError('ADMIN_PASSWORD', 'must be at least 10 characters');
  }
  // On PostgreSQL several instances may share the database: secrets generated per instance would
  // let a login, a sealed secret or a mail work on one instance only. None is generated there.
  const unset = ['PASSWORD_PEPPER', 'CREDENTIALS_KEY', 'SESSION_SECRET'].filter((n) => !env[n]);
  if (databaseUrl && unset.length > 0) {
    throw new ConfigError(
      unset.join(', '),
      `${unset.length === 1 ? 'is' : 'are'} required when DATABASE_URL is set: every instance on one database must use the same secrets, so none is generated (see the README, "Several instances")`,
    );
  }
  const credentialsKeyRaw = secret(env, 'CREDENTIALS_KEY', dataDir, production, warn);
  const credentialsKey = Buffer.from(credentialsKeyRaw, 'base64url');
  if (credentialsKey.length !== 32) {
    throw new ConfigError(
      'CREDENTIALS_KEY',
      'must be 32 bytes, base64url-encoded (openssl rand -base64 32 | tr "+/" "-_" | tr -d =)',
    );
  }
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  return {
    nodeEnv,
    port,
    host,
    databaseUrl,
    dataDir,
    publicBaseUrl,
    smtpUrl,
    mailFrom: env.MAIL_FROM ?? 'Schoolloket <no-reply@schoolloket.local>',
    passwordPepper: secret(env, 'PASSWORD_PEPPER', dataDir, production, warn),
    credentialsKey,
    sessionSecret: secret(env, 'SESSION_SECRET', dataDir, production, warn),
    adminEmail,
    adminPassword,
    seedDemo: parseBool('SEED_DEMO', env.SEED_DEMO, !databaseUrl && !production),
    trustProxy,
    logLevel,
    logFormat,
    webDist: env.WEB_DIST,
    listCacheBytes: parseMegabytes('LIST_CACHE_MB', env.LIST_CACHE_MB, 32) * 2 ** 20,
    databasePoolSize: parsePoolSize(env.DATABASE_POOL_SIZE),
    databaseTimeouts: parseDatabaseTimeouts(env),
    jobsEnabled: parseBool('JOBS_ENABLED', env.JOBS_ENABLED, true),
    jobsTickMs: parseTickSeconds(env.JOBS_TICK_SECONDS) * 1000,
    apiKeyRateLimit: parseRateLimit(env.API_KEY_RATE_LIMIT_PER_MINUTE),
    retention: parseRetention(env),
    argon2: { memoryCost: 19456, timeCost: 2, parallelism: 1 },
  };
}

/** Where the database is, and nothing else: `pnpm db:migrate` needs no secrets. */
export function loadDatabaseConfig(
  env: Env = process.env,
): Pick<Config, 'databaseUrl' | 'dataDir' | 'databasePoolSize' | 'databaseTimeouts'> {
  return {
    databaseUrl: env.DATABASE_URL
      ? parseUrl('DATABASE_URL', env.DATABASE_URL, ['postgres:', 'postgresql:'])
      : undefined,
    dataDir: resolve(env.DATA_DIR ?? './.data'),
    databasePoolSize: parsePoolSize(env.DATABASE_POOL_SIZE),
    databaseTimeouts: parseDatabaseTimeouts(env),
  };
}
