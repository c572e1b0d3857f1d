import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  IdParams,
  IidParams,
  institutionErrors,
  NoContent,
  sessionOnly,
} from '../../schemas/common.js';
import {
  ApiKeySchema,
  CreateApiKeyBodySchema,
  CreatedApiKeySchema,
  UpdateApiKeyBodySchema,
} from './schemas.js';
import * as service from './service.js';
import { schoolRoutes } from '../../plugins/route-options.js';

const KeyParams = IdParams('iid', 'keyId');

export const apiKeysRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const schoolRoute = schoolRoutes(app, 'institutions', sessionOnly);

  app.get(
    '/institutions/:iid/api-keys',
    schoolRoute('manage', {
      summary: 'API keys of a school (without the keys themselves)',
      params: IidParams,
      response: { 200: Type.Array(ApiKeySchema), ...institutionErrors },
    }),
    async (request) => service.list(app.ctx, request.institutionId),
  );

  app.post(
    '/institutions/:iid/api-keys',
    {
      ...schoolRoute('manage', {
        summary: 'Create an API key for a third-party tool (shown once)',
        params: IidParams,
        body: CreateApiKeyBodySchema,
        response: { 201: CreatedApiKeySchema, ...institutionErrors },
      }),
      preHandler: app.requireRecentFactor,
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return reply
        .status(201)
        .send(await service.create(app.ctx, request.institutionId, request.actor!, request.body));
    },
  );

  app.patch(
    '/institutions/:iid/api-keys/:keyId',
    schoolRoute('manage', {
      summary: "Set an API key's request limit (per minute)",
      description:
        'Every key may make a number of requests per minute (default: API_KEY_RATE_LIMIT_PER_MINUTE, 600), ' +
        'counted across all instances; over it the key gets 429 with Retry-After. `null` goes back to the default.',
      params: KeyParams,
      body: UpdateApiKeyBodySchema,
      response: { 200: ApiKeySchema, ...institutionErrors },
    }),
    async (request) =>
      service.update(app.ctx, request.institutionId, request.params.keyId, request.body),
  );

  app.delete(
    '/institutions/:iid/api-keys/:keyId',
    schoolRoute('manage', {
      summary: 'Revoke an API key',
      params: KeyParams,
      response: { 204: NoContent, ...institutionErrors },
    }),
    async (request, reply) => {
      await service.revoke(app.ctx, request.institutionId, request.params.keyId);
      return reply.status(204).send(null);
    },
  );
};
