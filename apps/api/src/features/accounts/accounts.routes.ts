import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  IdParams,
  IidParams,
  IidSidParams,
  institutionErrors,
  ProblemRef,
} from '../../schemas/common.js';
import {
  AccountItemSchema,
  AccountSchema,
  AccountWithSecretSchema,
  BatchResultSchema,
  BatchSchema,
  BlockBodySchema,
  CreateAccountsBodySchema,
  NewPasswordBodySchema,
  PatchAccountBodySchema,
  ProgressSchema,
  ProposalBodySchema,
  UsernameCheckBodySchema,
  UsernameCheckSchema,
} from './schemas.js';
import { IDEMPOTENCY_KEY_PATTERN } from '../../platform/idempotency/index.js';
import { proposals } from './proposals.js';
import { createAccounts, creationProgress } from './bulk-create.js';
import { detail, newPassword, patch, setBlocked } from './account.js';
import { batch, batchCredentials } from './batch.js';
import { checkUsernames } from './username-check.js';
import { schoolRoutes, type RoutesApp } from '../../plugins/route-options.js';

const IdempotencyKey = Type.String({
  minLength: 8,
  maxLength: 128,
  pattern: IDEMPOTENCY_KEY_PATTERN,
  description:
    'Retry-safe key, 8-128 characters of A-Z a-z 0-9 _ . : - (a UUID fits), per school: the same key with ' +
    'the same body gets the same answer for 24 h; with another body 422 idempotency_key_reused; while the ' +
    'first request runs 409 with Retry-After and `progress`',
  examples: ['bulk-2026-09-01-1a'],
});
const IdempotencyHeaders = Type.Object({ 'idempotency-key': Type.Optional(IdempotencyKey) });

export const accountsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(AccountItemSchema);
  app.addSchema(UsernameCheckSchema);

  reviewRoutes(app);
  creationRoutes(app);
  accountRoutes(app);
  blockRoutes(app);
  batchRoutes(app);
};

/** The bulk review's proposals and username checks (both write nothing). */
function reviewRoutes(app: RoutesApp) {
  const schoolRoute = schoolRoutes(app, 'accounts');

  app.post(
    '/institutions/:iid/account-proposals',
    schoolRoute('write', {
      summary: 'Proposed usernames and passwords for a selection (writes nothing)',
      params: IidParams,
      body: ProposalBodySchema,
      response: {
        200: Type.Object({ items: Type.Array(Type.Ref('AccountItem')) }),
        ...institutionErrors,
        413: ProblemRef,
      },
    }),
    async (request) => proposals(app.ctx, request.institutionId, request.body),
  );

  app.post(
    '/institutions/:iid/username-checks',
    schoolRoute('write', {
      summary: 'Check the usernames of a bulk review before saving (writes nothing)',
      description:
        'Per name, in the order sent: invalid, taken (ever issued, in any school: usernames are never reused), duplicate ' +
        '(also in another row of the list) or free. Nothing is reserved: the creation checks again.',
      params: IidParams,
      body: UsernameCheckBodySchema,
      response: {
        200: Type.Object({ items: Type.Array(Type.Ref('UsernameCheck')) }),
        ...institutionErrors,
        413: ProblemRef,
      },
    }),
    async (request) => checkUsernames(app.ctx, request.body.usernames),
  );
}

/** Creating accounts (one or many, all or nothing) and polling a running creation. */
function creationRoutes(app: RoutesApp) {
  const schoolRoute = schoolRoutes(app, 'accounts');

  app.post(
    '/institutions/:iid/accounts',
    {
      ...schoolRoute('write', {
        summary: 'Create one or many accounts, all or nothing',
        description:
          'Every row is checked first; one bad row answers 422 with all row errors and writes nothing. Usernames left out are derived ' +
          'from the names (voornaam.naam, with a counter when taken); passwords left out are generated. The passwords are returned ' +
          'only here and in exports. Send an Idempotency-Key to retry safely and to poll progress: while the first request ' +
          'with the key still works the answer is 409 with Retry-After; if that request died, a retry with the same key and ' +
          'body takes over once its 30-second lease lapsed. 503 with Retry-After when the database is busy; nothing was changed. ' +
          'A student not in this school, or erased while the request ran, answers 404 with `student_not_found` on its row ' +
          '(`errors[].path` body.items.N.studentId); nothing is written.',
        params: IidParams,
        headers: IdempotencyHeaders,
        body: CreateAccountsBodySchema,
        response: {
          201: BatchResultSchema,
          ...institutionErrors,
          409: ProblemRef,
          413: ProblemRef,
          503: ProblemRef,
          422: ProblemRef,
        },
      }),
      bodyLimit: 4 * 1024 * 1024,
    },
    async (request, reply) => {
      const { status, body } = await createAccounts(
        app.ctx,
        request.institutionId,
        request.actor!,
        request.body.items,
        request.headers['idempotency-key'],
      );
      reply.header('cache-control', 'no-store');
      return reply.status(status as 201).send(body);
    },
  );

  app.get(
    '/institutions/:iid/account-requests/:key',
    schoolRoute('write', {
      summary: 'Progress of a running account creation, by its Idempotency-Key',
      description:
        'Poll this (about once a second) while the POST with the same key runs. A poll that overtakes its ' +
        'own POST answers `pending` (not 404); `done` means the POST answered: its answer comes with the ' +
        'POST, or again by repeating the POST with the same key and body within 24 h.',
      params: Type.Object(
        { iid: Type.String({ maxLength: 64 }), key: IdempotencyKey },
        { additionalProperties: false },
      ),
      response: { 200: ProgressSchema, ...institutionErrors },
    }),
    async (request) => creationProgress(app.ctx, request.institutionId, request.params.key),
  );
}

/** One student's account: read, change, a new password. */
function accountRoutes(app: RoutesApp) {
  const schoolRoute = schoolRoutes(app, 'accounts');

  app.get(
    '/institutions/:iid/students/:sid/account',
    schoolRoute('read', {
      summary: 'Account of a student',
      params: IidSidParams,
      response: { 200: AccountSchema, ...institutionErrors },
    }),
    async (request) => detail(app.ctx, request.institutionId, request.params.sid),
  );

  app.patch(
    '/institutions/:iid/students/:sid/account',
    schoolRoute('write', {
      summary: 'Change username (the old one stays reserved), type or password kind',
      description:
        'A change of type or password kind sets a new password, returned once in this answer.',
      params: IidSidParams,
      body: PatchAccountBodySchema,
      response: { 200: AccountWithSecretSchema, ...institutionErrors, 422: ProblemRef },
    }),
    // No cache-control here: every answer of the API is no-store (plugins/security.ts).
    async (request) =>
      patch(app.ctx, request.institutionId, request.params.sid, request.actor!, request.body),
  );

  app.post(
    '/institutions/:iid/students/:sid/account/password',
    schoolRoute('support', {
      summary: 'Set a new password (generated, or typed by the admin); returned once',
      params: IidSidParams,
      body: NewPasswordBodySchema,
      response: { 200: AccountWithSecretSchema, ...institutionErrors, 422: ProblemRef },
    }),
    // No cache-control here: every answer of the API is no-store (plugins/security.ts).
    async (request) =>
      newPassword(app.ctx, request.institutionId, request.params.sid, request.actor!, request.body),
  );
}

/** Blocking and unblocking one student's account. */
function blockRoutes(app: RoutesApp) {
  const schoolRoute = schoolRoutes(app, 'accounts');

  for (const [action, blocked] of [
    ['block', true],
    ['unblock', false],
  ] as const) {
    app.post(
      `/institutions/:iid/students/:sid/account/${action}`,
      {
        ...schoolRoute('write', {
          summary: blocked ? 'Block the account (and its co-accounts)' : 'Unblock the account',
          params: IidSidParams,
          body: BlockBodySchema,
          response: { 200: AccountSchema, ...institutionErrors },
        }),
        // The body (a reason) is optional: a bare POST counts as {}; a JSON null is no body of
        // this route (400, found by an outside test: it blocked the account).
        preValidation: async (request) => {
          if (request.body === undefined) request.body = {};
        },
      },
      async (request) =>
        setBlocked(
          app.ctx,
          request.institutionId,
          request.params.sid,
          request.actor!,
          blocked,
          request.body.reason,
        ),
    );
  }
}

/** A creation batch, without and with the passwords that can still be printed. */
function batchRoutes(app: RoutesApp) {
  const schoolRoute = schoolRoutes(app, 'accounts');

  app.get(
    '/institutions/:iid/batches/:bid',
    schoolRoute('read', {
      summary: 'A creation batch and its accounts (without passwords)',
      params: IdParams('iid', 'bid'),
      response: { 200: BatchSchema, ...institutionErrors },
    }),
    async (request) => batch(app.ctx, request.institutionId, request.params.bid),
  );

  app.get(
    '/institutions/:iid/batches/:bid/credentials',
    schoolRoute('support', {
      summary: 'A creation batch with the passwords that can still be printed (the result screen)',
      description:
        'The same rule as reprinting cards: basic passwords, and temporary ones the student has not changed yet. A password ' +
        'the student chose is never returned; such a row comes without one. Each account shown is recorded as exported.\n\n' +
        'A batch of more than 50 students needs a second factor done within 15 minutes (403 step_up_required), except for ' +
        'the admin who made it during the hour after. A smaller one counts, as a reprint does, against the 50 passwords a ' +
        'session may show again without a recent factor. API keys are not asked.',
      params: IdParams('iid', 'bid'),
      response: { 200: BatchResultSchema, ...institutionErrors },
    }),
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return batchCredentials(app.ctx, request.institutionId, request.params.bid, request.actor!);
    },
  );
}
