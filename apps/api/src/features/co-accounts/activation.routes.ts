import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LinkTokenParams, ProblemRef } from '../../schemas/common.js';
import { localeOf, requestClient, requestLocale } from '../../plugins/request-client.js';
import {
  LINK_ROUTE,
  linkPageHeaders,
  SMALL_BODY,
  type RoutesApp,
} from '../../plugins/route-options.js';
import * as activation from './activation.service.js';
import { requestActivation } from './activation-request.js';
import {
  ActivateBodySchema,
  ActivatedSchema,
  ActivationInfoSchema,
  ActivationRequestAnswerSchema,
  ActivationRequestBodySchema,
  HelpdeskQuerySchema,
  HelpdeskSchema,
  LocaleQuerySchema,
} from './schemas.js';
import * as service from './service.js';

// Public side of co-accounts: a parent activates (or resets) with the child's username and the
// registered e-mail, then sets a password through the mailed link. No session is involved.
export const activationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  activationRequestRoute(app);
  activationPageRoute(app);
  activateRoute(app);
  helpdeskRoute(app);
};

/** Asking for a link with the child's username and the registered e-mail. */
function activationRequestRoute(app: RoutesApp) {
  app.post(
    '/co-accounts/activation-requests',
    {
      bodyLimit: SMALL_BODY,
      schema: {
        tags: ['co-accounts'],
        summary: 'Ask for an activation (or new password) link',
        description:
          'Always 202 with the same body. Only when the e-mail matches (ASCII case-insensitively) an e-mail the school registered ' +
          "for the child is a link mailed, to the stored address. Also the 'forgot password' flow of co-accounts.",
        body: ActivationRequestBodySchema,
        response: {
          202: ActivationRequestAnswerSchema,
          400: ProblemRef,
          413: ProblemRef,
          429: ProblemRef,
        },
      },
    },
    async (request, reply) => {
      const answer = await requestActivation(
        app.ctx,
        request.body,
        request.ip,
        request.log,
        requestLocale(request),
      );
      return reply.status(202).header('cache-control', 'no-store').send(answer);
    },
  );
}

/** What the page behind a mailed link shows. */
function activationPageRoute(app: RoutesApp) {
  app.get(
    '/co-accounts/activation/:token',
    {
      ...LINK_ROUTE,
      schema: {
        tags: ['co-accounts'],
        summary:
          "What the activation page shows: the child's first name, the school and the user agreement",
        params: LinkTokenParams,
        querystring: LocaleQuerySchema,
        response: { 200: ActivationInfoSchema, 410: ProblemRef },
      },
    },
    async (request, reply) => {
      linkPageHeaders(reply);
      return activation.activationInfo(app.ctx, request.params.token, localeOf(request));
    },
  );
}

/** Setting the password through the mailed link. */
function activateRoute(app: RoutesApp) {
  app.post(
    '/co-accounts/activation/:token',
    {
      ...LINK_ROUTE,
      bodyLimit: SMALL_BODY,
      schema: {
        tags: ['co-accounts'],
        summary:
          'Accept the agreement and set the co-account password (the link then stops working)',
        description:
          "Does not log in: the parent logs in afterwards with the child's username and this password. A confirmation mail follows. " +
          "A password that another credential of the child (the child's, another parent's) already opens is refused without " +
          'saying why (`password_not_allowed`) and counts as a failed login for the username. The link proves the ' +
          'registered mailbox, so a lock of the username does not hold it until it has refused a password twice ' +
          '(then 429 while the username is locked). While untrusted clients are failing for the username, a success ' +
          "also sets the device cookie `sl_device` for the child's username and this co-account, so that the " +
          "parent's logins from this browser are not held by a stranger's lock. A credential's new passwords are " +
          'compared with the rest of the family at most 30 times a day (then 429 with Retry-After).',
        params: LinkTokenParams,
        querystring: LocaleQuerySchema,
        body: ActivateBodySchema,
        response: {
          200: ActivatedSchema,
          400: ProblemRef,
          410: ProblemRef,
          413: ProblemRef,
          422: ProblemRef,
          429: ProblemRef,
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const { deviceCookie, ...answer } = await activation.activate(
        app.ctx,
        request.params.token,
        request.body,
        localeOf(request),
        requestClient(request),
      );
      if (deviceCookie) app.setDeviceCookie(reply, deviceCookie);
      return answer;
    },
  );
}

/** The school's helpdesk contact for the public page. */
function helpdeskRoute(app: RoutesApp) {
  app.get(
    '/co-accounts/helpdesk',
    {
      schema: {
        tags: ['co-accounts'],
        summary:
          "A school's helpdesk contact, for the public activation page (?school= from the parent letter)",
        querystring: HelpdeskQuerySchema,
        response: { 200: HelpdeskSchema, 404: ProblemRef },
      },
    },
    async (request) => service.helpdesk(app.ctx, request.query.school),
  );
}
