import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ProblemSchema } from '../schemas/common.js';
import { finishDocument, type OpenApiDocument } from './openapi-document.js';

export default fp(async function openapi(app: FastifyInstance) {
  app.addSchema(ProblemSchema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Schoolloket API',
        version: '1.0.0',
        description:
          'Student login accounts and parent co-accounts for schools. Errors are application/problem+json. ' +
          'Authenticate with an admin session cookie (POST /api/v1/auth/login) or a school API key ' +
          '(Authorization: Bearer followed by the key).',
        contact: {
          name: 'Schoolloket',
          url: 'https://schoolloket.be',
          email: 'support@schoolloket.be',
        },
        license: { name: 'Proprietary', identifier: 'LicenseRef-Schoolloket' },
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'School API key' },
          adminSession: { type: 'apiKey', in: 'cookie', name: 'sl_admin' },
          portalSession: { type: 'apiKey', in: 'cookie', name: 'sl_portal' },
        },
      },
      tags: [
        { name: 'operations', description: 'Health and documentation' },
        { name: 'auth', description: 'Admin sessions' },
        { name: 'institutions', description: 'Schools, their admins and settings' },
        { name: 'students', description: 'Enrolled students' },
        { name: 'accounts', description: 'Student login accounts' },
        { name: 'exports', description: 'Cards, stickers, Excel and letters' },
        { name: 'co-accounts', description: 'Parent co-accounts' },
        { name: 'portal', description: 'Student and parent login' },
        { name: 'imports', description: 'Student list imports' },
        {
          name: 'lifecycle',
          description: 'The end of the school year, the grace period and erasure',
        },
        { name: 'apps', description: 'Learning apps that sign people in (OpenID Connect clients)' },
      ],
    },
    transformObject: (generated) =>
      'openapiObject' in generated
        ? (finishDocument(
            generated.openapiObject as OpenApiDocument,
          ) as typeof generated.openapiObject)
        : generated.swaggerObject,
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
});
