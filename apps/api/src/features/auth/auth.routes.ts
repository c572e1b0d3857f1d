import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DEVICE_COOKIE } from '../../platform/security/index.js';
import { NoContent, ProblemRef, sessionOnly } from '../../schemas/common.js';
import { LoginBodySchema, MeSchema } from './schemas.js';
import * as service from './service.js';
import { COOKIE_NAMES, destroySession } from './sessions.js';

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in as a school or platform admin (sets an HttpOnly session cookie)',
        description:
          'Every refusal is the same 401. A success also sets the device cookie `sl_device`: failures from a ' +
          'browser that holds one for this address count against that browser only. After 10 failures of ' +
          'untrusted clients for one e-mail address (known or not) untrusted clients wait 1, 2, 4 … at most ' +
          '15 minutes (429 with Retry-After); an untrusted client address is limited to 100 failures per ' +
          '10 minutes. See SECURITY.md.',
        body: LoginBodySchema,
        response: { 200: MeSchema, 400: ProblemRef, 401: ProblemRef, 429: ProblemRef },
      },
    },
    async (request, reply) => {
      const { token, deviceCookie, me } = await service.login(
        app.ctx,
        request.body.email,
        request.body.password,
        { ip: request.ip, deviceCookie: request.cookies[DEVICE_COOKIE] },
      );
      app.setSessionCookie(reply, 'admin', token);
      app.setDeviceCookie(reply, deviceCookie);
      return me;
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'End the admin session', response: { 204: NoContent } } },
    async (request, reply) => {
      const token = request.cookies[COOKIE_NAMES.admin];
      if (token) await destroySession(app.ctx, token);
      app.clearSessionCookie(reply, 'admin');
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags: ['auth'],
        summary: 'The logged-in admin and the schools they can work in',
        security: sessionOnly,
        response: { 200: MeSchema, 401: ProblemRef },
      },
    },
    async (request) => service.me(app.ctx, request.actor!.id!),
  );
};
