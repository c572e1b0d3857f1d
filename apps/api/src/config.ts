import { parseDatabaseConfig, type DatabaseConfig } from './config/database.js';
import {
  ConfigError,
  defaultBaseUrl,
  parseBool,
  parseMegabytes,
  parsePort,
  parseTrustProxy,
  parseUrl,
  parseWholeNumber,
  type Env,
} from './config/parse.js';
import { parseRetention, type Retention } from './config/retention.js';
import { credentialsKey, secret } from './config/secrets.js';

export { ConfigError } from './config/parse.js';
export { DEFAULT_DATABASE_TIMEOUTS } from './config/database.js';
export type { DatabaseTimeouts } from './config/database.js';
export { RETENTION_VARIABLES } from './config/retention.js';
export type { Retention } from './config/retention.js';

export interface Config extends DatabaseConfig {
  nodeEnv: string;
  port: number;
  host: string;
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
  /** Whether this instance runs the periodic jobs (JOBS_ENABLED, default true). */
  jobsEnabled: boolean;
  /** How often this instance looks for due jobs (JOBS_TICK_SECONDS, default 60). */
  jobsTickMs: number;
  /**
   * How long a stopping instance drains before it closes (SHUTDOWN_DRAIN_SECONDS; default 5 in
   * production, else 0): readiness answers 503 and answers carry `Connection: close`.
   */
  shutdownDrainMs: number;
  /** How long, after draining, requests and jobs in flight may take to end (SHUTDOWN_GRACE_SECONDS, 30). */
  shutdownGraceMs: number;
  /** Requests per minute of an API key without a limit of its own (API_KEY_RATE_LIMIT_PER_MINUTE, default 600). */
  apiKeyRateLimit: number;
  /** How long each purge keeps rows after they stopped being useful (RETENTION_*_DAYS). */
  retention: Retention;
  /** Hashing cost; lowered only by tests through overrides, never by the environment. */
  argon2: { memoryCost: number; timeCost: number; parallelism: number };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function parseLogging(env: Env, nodeEnv: string): Pick<Config, 'logLevel' | 'logFormat'> {
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
  return { logLevel, logFormat };
}

function parseFirstAdmin(env: Env): Pick<Config, 'adminEmail' | 'adminPassword'> {
  const adminEmail = env.ADMIN_EMAIL || undefined;
  if (adminEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(adminEmail)) {
    throw new ConfigError('ADMIN_EMAIL', `must be an e-mail address, got "${adminEmail}"`);
  }
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (adminPassword && adminPassword.length < 10) {
    throw new ConfigError('ADMIN_PASSWORD', 'must be at least 10 characters');
  }
  return { adminEmail, adminPassword };
}

function parsePublicBaseUrl(env: Env, production: boolean, host: string, port: number): string {
  if (production && !env.PUBLIC_BASE_URL)
    throw new ConfigError(
      'PUBLIC_BASE_URL',
      'is required when NODE_ENV=production (the address students and parents use, e.g. https://loket.school.be)',
    );
  return parseUrl('PUBLIC_BASE_URL', env.PUBLIC_BASE_URL || defaultBaseUrl(host, port), [
    'http:',
    'https:',
  ]).replace(/\/+$/, '');
}

/**
 * On PostgreSQL several instances may share the database: secrets generated per instance would
 * let a login, a sealed secret or a mail work on one instance only. None is generated there.
 */
function requireSharedSecrets(env: Env, databaseUrl: string | undefined) {
  const unset = ['PASSWORD_PEPPER', 'CREDENTIALS_KEY', 'SESSION_SECRET'].filter((n) => !env[n]);
  if (databaseUrl && unset.length > 0) {
    throw new ConfigError(
      unset.join(', '),
      `${unset.length === 1 ? 'is' : 'are'} required when DATABASE_URL is set: every instance on one database must use the same secrets, so none is generated (see the README, "Several instances")`,
    );
  }
}

export function loadConfig(
  env: Env = process.env,
  warn: (m: string) => void = console.warn,
): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const production = nodeEnv === 'production';
  const database = parseDatabaseConfig(env);
  const { databaseUrl, dataDir } = database;
  const port = parsePort(env);
  const host = env.HOST ?? '127.0.0.1';
  const publicBaseUrl = parsePublicBaseUrl(env, production, host, port);
  const smtpUrl = env.SMTP_URL
    ? parseUrl('SMTP_URL', env.SMTP_URL, ['smtp:', 'smtps:'])
    : undefined;
  const logging = parseLogging(env, nodeEnv);
  const firstAdmin = parseFirstAdmin(env);
  requireSharedSecrets(env, databaseUrl);
  const sealKey = credentialsKey(env, dataDir, production, warn);
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  return {
    nodeEnv,
    port,
    host,
    ...database,
    publicBaseUrl,
    smtpUrl,
    mailFrom: env.MAIL_FROM ?? 'Schoolloket <no-reply@schoolloket.local>',
    passwordPepper: secret(env, 'PASSWORD_PEPPER', dataDir, production, warn),
    credentialsKey: sealKey,
    sessionSecret: secret(env, 'SESSION_SECRET', dataDir, production, warn),
    ...firstAdmin,
    seedDemo: parseBool('SEED_DEMO', env.SEED_DEMO, !databaseUrl && !production),
    trustProxy,
    ...logging,
    webDist: env.WEB_DIST,
    listCacheBytes: parseMegabytes('LIST_CACHE_MB', env.LIST_CACHE_MB, 32) * 2 ** 20,
    jobsEnabled: parseBool('JOBS_ENABLED', env.JOBS_ENABLED, true),
    // Short ticks are for tests of several instances (the jobs' periods stay theirs).
    jobsTickMs:
      parseWholeNumber('JOBS_TICK_SECONDS', env.JOBS_TICK_SECONDS, {
        fallback: 60,
        min: 1,
        max: 3600,
        digits: 4,
      }) * 1000,
    shutdownDrainMs:
      parseWholeNumber('SHUTDOWN_DRAIN_SECONDS', env.SHUTDOWN_DRAIN_SECONDS, {
        fallback: production ? 5 : 0,
        min: 0,
        max: 120,
        digits: 3,
      }) * 1000,
    shutdownGraceMs:
      parseWholeNumber('SHUTDOWN_GRACE_SECONDS', env.SHUTDOWN_GRACE_SECONDS, {
        fallback: 30,
        min: 1,
        max: 600,
        digits: 3,
      }) * 1000,
    apiKeyRateLimit: parseWholeNumber(
      'API_KEY_RATE_LIMIT_PER_MINUTE',
      env.API_KEY_RATE_LIMIT_PER_MINUTE,
      { fallback: 600, min: 1, max: 100000, digits: 6 },
    ),
    retention: parseRetention(env),
    argon2: { memoryCost: 19456, timeCost: 2, parallelism: 1 },
  };
}

/** Where the database is, and nothing else: `pnpm db:migrate` needs no secrets. */
export function loadDatabaseConfig(env: Env = process.env): DatabaseConfig {
  return parseDatabaseConfig(env);
}
