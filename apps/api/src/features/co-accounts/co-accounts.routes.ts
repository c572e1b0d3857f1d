import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IidParams, IidSidParams, institutionErrors, ProblemRef } from '../../schemas/common.js';
import { SMALL_BODY, schoolRoutes, type RoutesApp } from '../../plugins/route-options.js';
import {
  CoAccountOverviewSchema,
  CoAccountSchema,
  InviteAllAnswerSchema,
  InviteAllBodySchema,
  OverviewQuerySchema,
  RegisterBodySchema,
  SlotParamsSchema,
} from './schemas.js';
import { inviteAll } from './bulk-invitations.js';
import * as service from './service.js';

// Admin side of co-accounts: the parent slots of one student, and the school-wide overview.
export const coAccountsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  slotRoutes(app);
  slotInvitationRoute(app);
  schoolWideRoutes(app);
};

/** A student's slots: the list, registering or changing an e-mail, revoking. */
function slotRoutes(app: RoutesApp) {
  const schoolRoute = schoolRoutes(app, 'co-accounts');

  app.get(
    '/institutions/:iid/students/:sid/co-accounts',
    schoolRoute('read', {
      summary: "A student's co-account slots with their state",
      params: IidSidParams,
      response: { 200: Type.Array(CoAccountSchema), ...institutionErrors },
    }),
    async (request) => service.list(app.ctx, request.institutionId, request.params.sid),
  );

  app.put(
    '/institutions/:iid/students/:sid/co-accounts/:slot',
    schoolRoute('write', {
      summary: 'Register or change the e-mail of a slot',
      description:
        'Writes students.parentEmails[slot - 1]. An active co-account keeps its password; links sent earlier stop working; ' +
        'a revoked slot becomes registered again. Slots are filled in order.',
      params: SlotParamsSchema,
      body: RegisterBodySchema,
      response: { 200: CoAccountSchema, ...institutionErrors, 409: ProblemRef, 422: ProblemRef },
    }),
    async (request) =>
      service.register(
        app.ctx,
        request.institutionId,
        request.params.sid,
        request.params.slot,
        request.body.email,
        request.actor!,
      ),
  );

  app.delete(
    '/institutions/:iid/students/:sid/co-accounts/:slot',
    schoolRoute('write', {
      summary: 'Revoke a co-account',
      description:
        'Removes the password, ends its sessions and voids open links. The e-mail stays on record; PUT it again to allow a new activation.',
      params: SlotParamsSchema,
      response: { 200: CoAccountSchema, ...institutionErrors },
    }),
    async (request) =>
      service.revoke(
        app.ctx,
        request.institutionId,
        request.params.sid,
        request.params.slot,
        request.actor!,
      ),
  );
}

/** Mailing one slot its activation link. */
function slotInvitationRoute(app: RoutesApp) {
  const schoolRoute = schoolRoutes(app, 'co-accounts');

  app.post(
    '/institutions/:iid/students/:sid/co-accounts/:slot/invitation',
    schoolRoute('support', {
      summary: 'Mail the activation link to the registered e-mail (helpdesk may resend)',
      description:
        'For an active co-account the link sets a new password. Earlier links of the slot stop working.',
      params: SlotParamsSchema,
      response: { 202: CoAccountSchema, ...institutionErrors, 409: ProblemRef },
    }),
    async (request, reply) => {
      const result = await service.invite(
        app.ctx,
        request.institutionId,
        request.params.sid,
        request.params.slot,
        request.actor!,
      );
      return reply.status(202).send(result);
    },
  );
}

/** The school-wide overview, and inviting every slot that waits for a link. */
function schoolWideRoutes(app: RoutesApp) {
  const schoolRoute = schoolRoutes(app, 'co-accounts');

  app.get(
    '/institutions/:iid/co-accounts/overview',
    schoolRoute('read', {
      summary: 'Co-account states per group, and the students whose parents have not activated yet',
      params: IidParams,
      querystring: OverviewQuerySchema,
      response: { 200: CoAccountOverviewSchema, ...institutionErrors },
    }),
    async (request) => service.overview(app.ctx, request.institutionId, request.query),
  );
  app.post(
    '/institutions/:iid/co-accounts/invitations',
    {
      ...schoolRoute('write', {
        summary:
          'Mail the activation link to every co-account that waits for one (school or group)',
        description:
          'Every slot with a registered e-mail and no open link (never invited, or its link expired) of a student with an active account. ' +
          'A mass mailing: `expectedCount` must equal the number that would be sent (`awaitingInvitation` of the overview), otherwise 409 and nothing is sent. ' +
          'Slots whose link is still open are skipped, so repeating the call does not mail anyone twice.',
        params: IidParams,
        body: InviteAllBodySchema,
        response: { 202: InviteAllAnswerSchema, ...institutionErrors, 409: ProblemRef },
      }),
      bodyLimit: SMALL_BODY,
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await inviteAll(app.ctx, request.institutionId, request.body, request.actor!)),
  );
}
