import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  IidParams,
  institutionErrors,
  ProblemRef,
  sessionOnly,
  sessionOrKey,
} from '../../schemas/common.js';
import {
  AdminParamsSchema,
  AdminSchema,
  CreateAdminBodySchema,
  CreateInstitutionBodySchema,
  InstitutionSchema,
  PatchInstitutionBodySchema,
} from './schemas.js';
import * as service from './service.js';
import { schoolRoutes, type RoutesApp } from '../../plugins/route-options.js';

export const institutionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  collectionRoutes(app);
  oneSchoolRoutes(app);
  adminRoutes(app);
  invitationRoute(app);
};

/** The schools the caller can work in, and creating one. */
function collectionRoutes(app: RoutesApp) {
  app.get(
    '/institutions',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags: ['institutions'],
        summary: 'Schools the caller can work in',
        security: sessionOnly,
        response: { 200: Type.Array(InstitutionSchema), 401: ProblemRef },
      },
    },
    async (request) => service.list(app.ctx, request.actor!),
  );

  app.post(
    '/institutions',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags: ['institutions'],
        summary: 'Create a school (platform admin)',
        security: sessionOnly,
        body: CreateInstitutionBodySchema,
        response: { 201: InstitutionSchema, 400: ProblemRef, 401: ProblemRef, 403: ProblemRef },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.create(app.ctx, request.actor!, request.body)),
  );
}

/** One school and its settings: read and change. */
function oneSchoolRoutes(app: RoutesApp) {
  const schoolRoute = schoolRoutes(app, 'institutions', sessionOnly);

  app.get(
    '/institutions/:iid',
    schoolRoute('read', {
      summary: 'A school and its settings',
      security: sessionOrKey,
      params: IidParams,
      response: { 200: InstitutionSchema, ...institutionErrors },
    }),
    async (request) => service.get(app.ctx, request.institutionId),
  );

  app.patch(
    '/institutions/:iid',
    schoolRoute('manage', {
      summary: 'Change school settings',
      params: IidParams,
      body: PatchInstitutionBodySchema,
      response: { 200: InstitutionSchema, ...institutionErrors },
    }),
    async (request) => service.patch(app.ctx, request.institutionId, request.body),
  );
}

/** A school's admins and helpdesk users: the list, and adding one. */
function adminRoutes(app: RoutesApp) {
  const schoolRoute = schoolRoutes(app, 'institutions', sessionOnly);

  app.get(
    '/institutions/:iid/admins',
    schoolRoute('manage', {
      summary: 'Admins and helpdesk users of a school',
      params: IidParams,
      response: { 200: Type.Array(AdminSchema), ...institutionErrors },
    }),
    async (request) => service.listAdmins(app.ctx, request.institutionId),
  );

  app.post(
    '/institutions/:iid/admins',
    {
      ...schoolRoute('manage', {
        summary: 'Add an admin or helpdesk user to a school',
        description:
          'A new e-mail address becomes a new user of this school with this name; without `password` that user is ' +
          'pending (invitationPending) and an invitation is mailed in the same transaction: a link to set a password, ' +
          "valid for 7 days, in the school's language. The address of someone who already has a user but is not a " +
          'member here (an admin of another school) is not added and nothing about them is revealed: they are mailed ' +
          'a link to accept joining (7 days), and the answer has the same shape and values as for a new address ' +
          '(the id is that of the invitation, which the list shows as pending until accepted). A member of this ' +
          'school gets the role; while pending, a fresh invitation. `password` is for platform admins only (403 ' +
          'otherwise). Resend with POST /institutions/{iid}/admins/{id}/invitation. At most 5 link mails per ' +
          'recipient per hour (invitations, join invitations and password resets together) and 30 invitation ' +
          'mails per school per hour: over either, 429 with Retry-After and nothing is added or sent.',
        params: IidParams,
        body: CreateAdminBodySchema,
        response: { 201: AdminSchema, ...institutionErrors, 429: ProblemRef },
      }),
      preHandler: app.requireRecentFactor,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.addAdmin(app.ctx, request.institutionId, request.body, request.actor!)),
  );
}

/** A fresh invitation link for a user who has not set a password yet. */
function invitationRoute(app: RoutesApp) {
  const schoolRoute = schoolRoutes(app, 'institutions', sessionOnly);

  app.post(
    '/institutions/:iid/admins/:userId/invitation',
    {
      ...schoolRoute('manage', {
        summary: 'Mail a fresh invitation link to a user who has not set a password yet',
        description:
          "Valid for 7 days, in the school's language; earlier links of the user stop working. 404 for a user " +
          'who is not a member of this school, 409 when the user has a password already. Like adding an admin, ' +
          'it needs a second factor done within 15 minutes by an admin who has one (403 step_up_required). ' +
          'At most 5 link mails per recipient per hour (invitations, join invitations and password resets ' +
          'together) and 30 invitation mails per school per hour: over either, 429 with Retry-After and nothing is sent.',
        params: AdminParamsSchema,
        response: { 202: AdminSchema, ...institutionErrors, 409: ProblemRef, 429: ProblemRef },
      }),
      preHandler: app.requireRecentFactor,
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          await service.resendInvitation(app.ctx, request.institutionId, request.params.userId),
        ),
  );
}
