import { Type } from '@fastify/type-provider-typebox';
import type { RoutesApp } from '../../plugins/route-options.js';
import type { FastifyRequest, FastifySchema, onRequestHookHandler } from 'fastify';
import { IidParams, NoContent, ProblemRef, sessionOnly } from '../../schemas/common.js';
import {
  AppEventSchema,
  AppParams,
  AppSecretSchema,
  CreateAppBodySchema,
  CreatedLearningAppSchema,
  LearningAppSchema,
  PatchAppBodySchema,
  PlatformAppParams,
} from './schemas.js';
import * as service from './service.js';

// The routes that manage apps the same way for both owners: a school (/institutions/{iid}/apps)
// and the platform (/platform/apps). Each owner says where, who may, and what each route does
// there; the handlers and the answers are the same.

type ErrorResponses = Readonly<Record<number, typeof ProblemRef>>;

export interface AppAdmin {
  /** The collection's URL: `/institutions/:iid/apps` or `/platform/apps`. */
  path: string;
  /** The collection's params (none on the platform). */
  params?: typeof IidParams;
  appParams: typeof AppParams | typeof PlatformAppParams;
  /** Checked before each route (a plugin-wide hook may check instead). */
  onRequest?: onRequestHookHandler;
  listErrors: ErrorResponses;
  errors: ErrorResponses;
  summaries: Record<'list' | 'create' | 'get' | 'patch' | 'remove' | 'secret' | 'history', string>;
  owner: (request: FastifyRequest) => service.Owner;
}

/**
 * Registrars of the shared routes, in three parts so that each owner places its own routes
 * between them in the order its API reference lists them.
 */
export function appAdminRoutes(app: RoutesApp, where: AppAdmin) {
  return {
    /** List and register. */
    collection() {
      collectionRoutes(app, where);
    },

    /** Read, change, delete one app and give it a new client secret. */
    item() {
      oneAppRoutes(app, where);
      secretRoute(app, where);
    },

    history() {
      historyRoute(app, where);
    },
  };
}

/** The options of a route on the collection or on one app, as the owner says. */
function routeOptions(where: AppAdmin) {
  const hooks = where.onRequest ? { onRequest: where.onRequest } : {};
  // A fresh tags array for each route: a shared one would come out as a YAML alias.
  const docs = () => ({ tags: ['apps'], security: sessionOnly });
  return {
    collectionRoute: <S extends FastifySchema>(schema: S) => ({
      ...hooks,
      schema: { ...docs(), ...(where.params && { params: where.params }), ...schema },
    }),
    itemRoute: <S extends FastifySchema>(schema: S) => ({
      ...hooks,
      schema: { ...docs(), params: where.appParams, ...schema },
    }),
  };
}

/** The owner's apps: the list, and registering one. */
function collectionRoutes(app: RoutesApp, where: AppAdmin) {
  const { path, owner, errors, summaries } = where;
  const { collectionRoute } = routeOptions(where);

  app.get(
    path,
    collectionRoute({
      summary: summaries.list,
      response: { 200: Type.Array(LearningAppSchema), ...where.listErrors },
    }),
    async (request) => service.list(app.ctx, owner(request)),
  );

  app.post(
    path,
    collectionRoute({
      summary: summaries.create,
      body: CreateAppBodySchema,
      response: { 201: CreatedLearningAppSchema, ...errors },
    }),
    async (request, reply) =>
      reply
        .status(201)
        .header('cache-control', 'no-store')
        .send(await service.create(app.ctx, owner(request), request.actor!, request.body)),
  );
}

/** One app: reading, changing and deleting it. */
function oneAppRoutes(app: RoutesApp, where: AppAdmin) {
  const { path, owner, errors, summaries } = where;
  const { itemRoute } = routeOptions(where);

  app.get(
    `${path}/:appId`,
    itemRoute({ summary: summaries.get, response: { 200: LearningAppSchema, ...errors } }),
    async (request) => service.get(app.ctx, owner(request), request.params.appId),
  );

  app.patch(
    `${path}/:appId`,
    itemRoute({
      summary: summaries.patch,
      body: PatchAppBodySchema,
      response: { 200: LearningAppSchema, ...errors, 409: ProblemRef },
    }),
    async (request) =>
      service.patch(app.ctx, owner(request), request.actor!, request.params.appId, request.body),
  );

  app.delete(
    `${path}/:appId`,
    itemRoute({ summary: summaries.remove, response: { 204: NoContent, ...errors } }),
    async (request, reply) => {
      await service.remove(app.ctx, owner(request), request.actor!, request.params.appId);
      return reply.status(204).send(null);
    },
  );
}

/** A new client secret for one app (shown once). */
function secretRoute(app: RoutesApp, where: AppAdmin) {
  const { owner, errors, summaries } = where;
  app.post(
    `${where.path}/:appId/secret`,
    routeOptions(where).itemRoute({
      summary: summaries.secret,
      response: { 200: AppSecretSchema, ...errors, 409: ProblemRef },
    }),
    async (request, reply) =>
      reply
        .header('cache-control', 'no-store')
        .send(
          await service.rotateSecret(app.ctx, owner(request), request.actor!, request.params.appId),
        ),
  );
}

/** One app's history as the owner sees it. */
function historyRoute(app: RoutesApp, where: AppAdmin) {
  app.get(
    `${where.path}/:appId/history`,
    routeOptions(where).itemRoute({
      summary: where.summaries.history,
      response: { 200: Type.Array(AppEventSchema), ...where.errors },
    }),
    async (request) => service.history(app.ctx, where.owner(request), request.params.appId),
  );
}
