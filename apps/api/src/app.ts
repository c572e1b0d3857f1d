import cookie from '@fastify/cookie';
import { DeviceCookies } from './platform/security/index.js';
import { registerAjvFormats, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { validatorCompiler } from './schemas/validator.js';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { createPglite, createPostgres, type Database, type DatabaseHandle } from './db/database.js';
import { runStartup, startupSteps, type StartupStep } from './bootstrap/startup.js';
import authPlugin from './plugins/auth.js';
import errorsPlugin, { clientErrorHandler, frameworkProblem } from './plugins/errors.js';
import secretResponsesPlugin from './plugins/secret-responses.js';
import securityPlugin, { answersApi, securityHeaders } from './plugins/security.js';
import textCheckPlugin from './schemas/text-check.js';
import drainPlugin from './plugins/drain.js';
import { utf8JsonBodies } from './plugins/json-body.js';
import spaPlugin from './plugins/spa.js';
import swaggerPlugin from './plugins/swagger.js';
import { PasswordHasher } from './platform/security/index.js';
import { loggerRedaction } from './platform/security/index.js';
import { SecretBox } from './platform/security/index.js';
import { authRoutes } from './features/auth/auth.routes.js';
import { securityRoutes } from './features/second-factor/security.routes.js';
import { passkeyRoutes } from './features/second-factor/passkey.routes.js';
import { passkeyLoginRoutes } from './features/auth/passkey.routes.js';
import { ownSessionRoutes } from './features/auth/own-sessions.routes.js';
import { policyRoutes } from './features/second-factor/policy.routes.js';
import { adminLinksRoutes } from './features/admin-links/admin-links.routes.js';
import { healthRoutes } from './features/health/health.routes.js';
import { institutionsRoutes } from './features/institutions/institutions.routes.js';
import { studentsRoutes } from './features/students/students.routes.js';
import { accountsRoutes } from './features/accounts/accounts.routes.js';
import { historyRoutes } from './features/history/history.routes.js';
import { eventsRoutes } from './features/students/events.routes.js';
import { apiKeysRoutes } from './features/api-keys/api-keys.routes.js';
import { exportsRoutes } from './features/exports/exports.routes.js';
import { importsRoutes } from './features/imports/imports.routes.js';
import { syncRoutes } from './features/imports/sync.routes.js';
import { coAccountsRoutes } from './features/co-accounts/co-accounts.routes.js';
import { activationRoutes } from './features/co-accounts/activation.routes.js';
import { portalRoutes } from './features/portal/portal.routes.js';
import { picturesRoutes } from './features/portal/pictures.routes.js';
import { appsRoutes } from './features/apps/apps.routes.js';
import { platformAppsRoutes } from './features/apps/platform-apps.routes.js';
import { mailSenderPlugin as mailSender } from './platform/mail/index.js';
import oidcPlugin from './features/oidc/oidc.routes.js';
import { appSignInInfoRoutes, interactionLoginRoutes } from './features/oidc/app-sign-in.routes.js';
import { accessRoutes } from './features/lifecycle/access.routes.js';
import { erasureRoutes } from './features/lifecycle/erasure.routes.js';
import { lifecycleRoutes } from './features/lifecycle/lifecycle.routes.js';
import { jobsPlugin } from './platform/jobs/index.js';
import { jobsRoutes } from './platform/jobs/jobs.routes.js';
import { periodicJobs } from './jobs.js';

export interface BuildOptions {
  /** An open, migrated database (tests); otherwise one is opened from the config. */
  database?: DatabaseHandle;
  logger?: boolean | object;
  /** Where the production logger writes (tests capture it to prove no secret is logged). */
  logStream?: NodeJS.WritableStream;
  now?: () => Date;
  /** Skip serving the SPA (tests, openapi export). */
  serveWeb?: boolean;
  /** Lines meant for the operator's console (bootstrap password, demo login). */
  print?: (line: string) => void;
  /** More start-up work, run under the start-up lock after the built-in steps. */
  startupSteps?: readonly StartupStep[];
}

type ValidatorBuilder = NonNullable<
  NonNullable<
    NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
  >['buildValidator']
>;
// Fastify types the builder after Ajv's compile function; the runtime accepts any compiler.
const typeBoxValidatorBuilder = (() => validatorCompiler) as unknown as ValidatorBuilder;

const REQUEST_ID_RE = /^[A-Za-z0-9._-]{8,64}$/;

/** The services' context on a database: the app builds it once, scripts build their own. */
export function createContext(
  config: Config,
  db: Database,
  now: () => Date = () => new Date(),
): AppContext {
  return {
    config,
    db,
    hasher: new PasswordHasher({ pepper: config.passwordPepper, ...config.argon2 }),
    secrets: new SecretBox(config.credentialsKey),
    devices: new DeviceCookies(config.sessionSecret),
    now,
  };
}

/** Opens the configured database; start-up work (migrations first) is runStartup's job. */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'databasePoolSize' | 'databaseTimeouts'>,
): Promise<DatabaseHandle> {
  if (config.databaseUrl)
    return createPostgres(config.databaseUrl, config.databasePoolSize, config.databaseTimeouts);
  await mkdir(config.dataDir, { recursive: true });
  return createPglite(`${config.dataDir}/pglite`);
}

export async function buildApp(
  config: Config,
  options: BuildOptions = {},
): Promise<FastifyInstance> {
  registerAjvFormats();
  const app = Fastify(serverOptions(config, options)).withTypeProvider<TypeBoxTypeProvider>();
  // The API reads JSON bodies (and, in their own scopes, the upload's multipart and the
  // interaction pages' forms): without Fastify's default text/plain parser, a text/plain body is
  // 415 like any other type, not a string that fails the schema (found by an outside test).
  // Removed before any plugin is registered: a scope copies its parent's parsers when it loads.
  app.removeContentTypeParser('text/plain');
  utf8JsonBodies(app);

  const database = options.database ?? (await openDatabase(config));
  const ctx = createContext(config, database.db, options.now);
  if (!options.database) await startUp(database, ctx, options);
  app.decorate('ctx', ctx);
  if (!options.database) app.addHook('onClose', () => database.close());

  await registerPlugins(app, config);
  await registerFeatures(app, config, database.kind);

  if (options.serveWeb !== false) {
    const root = config.webDist ?? fileURLToPath(new URL('../../web/dist', import.meta.url));
    await app.register(spaPlugin, { root });
  }

  return app;
}

function serverOptions(config: Config, options: BuildOptions): FastifyServerOptions {
  return {
    logger: options.logger ?? {
      level: config.logLevel,
      ...(options.logStream ? { stream: options.logStream } : {}),
      ...(!options.logStream && config.logFormat === 'pretty'
        ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } }
        : {}),
      ...loggerRedaction,
    },
    // A hop count trusts the nearest n proxies (Fastify's runtime accepts numbers; its types do not).
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (
            (hops: number) => (_address: string, hop: number) =>
              hop < hops
          )(config.trustProxy)
        : config.trustProxy,
    bodyLimit: 1024 * 1024,
    // An incoming X-Request-Id (a proxy's) is kept only when it is a plain token of 8-64
    // characters; anything else gets a fresh id. Fastify's requestIdHeader would take the header
    // as it comes and never ask genReqId, so genReqId reads it itself (found by an outside test:
    // a forged id went into the logs and the 500 problem's detail).
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID_RE.test(incoming) ? incoming : randomUUID();
    },
    // One validator for every route: a builder, not setValidatorCompiler. A plugin that calls
    // addSchema gets its validator rebuilt from the root's builder, which would otherwise be
    // Fastify's default Ajv (type coercion: "3" accepted for an integer).
    schemaController: { compilersFactory: { buildValidator: typeBoxValidatorBuilder } },
    // Room for a 128-character Idempotency-Key in a path; the route schemas set the real limits.
    routerOptions: { maxParamLength: 200 },
    // The router's own refusals (a malformed URL, a too long path segment) as problem+json too.
    // They run before any hook (no onRequest, no onSend): the security headers and the request id
    // that the hooks give every other answer are set here.
    // What Node's HTTP parser refuses, as problem+json, logged without the request's raw bytes.
    clientErrorHandler,
    frameworkErrors: (err, request, reply) => {
      reply.headers(securityHeaders(config.publicBaseUrl, answersApi(request)));
      reply.header('x-request-id', request.id);
      return frameworkProblem(err, request, reply);
    },
  };
}

/** Migrations, platform admin, demo data: once, under a lock shared by every instance. */
async function startUp(
  database: DatabaseHandle,
  ctx: AppContext,
  options: BuildOptions,
): Promise<void> {
  const print = options.print ?? ((line: string) => console.log(line));
  const steps = [...startupSteps(ctx.config), ...(options.startupSteps ?? [])];
  try {
    await runStartup(database, ctx, steps, print);
  } catch (err) {
    await database.close();
    throw err;
  }
}

async function registerPlugins(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(errorsPlugin);
  await app.register(securityPlugin);
  await app.register(textCheckPlugin);
  await app.register(cookie, { secret: config.sessionSecret });
  await app.register(swaggerPlugin);
  await app.register(secretResponsesPlugin);
  await app.register(authPlugin);
}

/** Features, one line each: every route module is registered here. */
async function registerFeatures(
  app: FastifyInstance,
  config: Config,
  databaseKind: DatabaseHandle['kind'],
): Promise<void> {
  await app.register(drainPlugin);
  await app.register(healthRoutes(databaseKind));
  await app.register(authRoutes, { prefix: '/api/v1' });
  await app.register(securityRoutes, { prefix: '/api/v1' });
  await app.register(passkeyRoutes, { prefix: '/api/v1' });
  await app.register(passkeyLoginRoutes, { prefix: '/api/v1' });
  await app.register(ownSessionRoutes, { prefix: '/api/v1' });
  await app.register(policyRoutes, { prefix: '/api/v1' });
  await app.register(adminLinksRoutes, { prefix: '/api/v1' });
  await app.register(institutionsRoutes, { prefix: '/api/v1' });
  await app.register(studentsRoutes, { prefix: '/api/v1' });
  await app.register(accountsRoutes, { prefix: '/api/v1' });
  await app.register(historyRoutes, { prefix: '/api/v1' });
  await app.register(eventsRoutes, { prefix: '/api/v1' });
  await app.register(apiKeysRoutes, { prefix: '/api/v1' });
  await app.register(exportsRoutes, { prefix: '/api/v1' });
  await app.register(importsRoutes, { prefix: '/api/v1' });
  await app.register(syncRoutes, { prefix: '/api/v1' });
  await app.register(coAccountsRoutes, { prefix: '/api/v1' });
  await app.register(activationRoutes, { prefix: '/api/v1' });
  await app.register(portalRoutes, { prefix: '/api/v1' });
  await app.register(picturesRoutes, { prefix: '/api/v1' });
  await app.register(appsRoutes, { prefix: '/api/v1' });
  await app.register(platformAppsRoutes, { prefix: '/api/v1' });
  await app.register(lifecycleRoutes, { prefix: '/api/v1' });
  await app.register(erasureRoutes, { prefix: '/api/v1' });
  await app.register(accessRoutes, { prefix: '/api/v1' });
  await app.register(jobsRoutes, { prefix: '/api/v1' });
  await app.register(mailSender);
  await app.register(jobsPlugin, { jobs: periodicJobs(config) });
  await app.register(oidcPlugin);
  await app.register(interactionLoginRoutes);
  await app.register(appSignInInfoRoutes, { prefix: '/api/v1' });
}
