import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IidParams, IidSidParams, institutionErrors, ProblemRef } from '../../schemas/common.js';
import {
  CreateStudentBodySchema,
  GroupSchema,
  ListStudentsQuerySchema,
  PatchStudentBodySchema,
  Stamnummer,
  StudentDetailSchema,
  StudentPageSchema,
  StudentSchema,
  UpsertStudentBodySchema,
} from './schemas.js';
import { StudentListCache } from './list-cache.js';
import * as service from './service.js';
import { schoolRoutes, type RoutesApp } from '../../plugins/route-options.js';

export const studentsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(StudentSchema);
  const lists = new StudentListCache(app.ctx.config.listCacheBytes);

  listRoutes(app, lists);
  addRoutes(app);
  studentRoutes(app);
};

/** The school's students, a page at a time, and its groups. */
function listRoutes(app: RoutesApp, lists: StudentListCache) {
  const schoolRoute = schoolRoutes(app, 'students');

  app.get(
    '/institutions/:iid/students',
    schoolRoute('read', {
      summary: 'Enrolled students, filtered, sorted and paged',
      description:
        'Paging: `page` (from 1) and `pageSize` (1-500, default 50), or keyset paging with `cursor` set to the ' +
        "previous answer's `nextCursor` (same filter, sort and order; null on the last page; a cursor of another " +
        'list or a tampered one answers 400 validation_failed). A page past the last answers 200 with `items: []` and ' +
        'the real `total`.\n\nOrder: `sort` (default `lastName`) in `order` (default `asc`), empty values last, ties ' +
        'broken by last name, first name and id: the order is total and the same on every request, so while the ' +
        'list does not change every student is on exactly one page. Following `nextCursor` never repeats or skips ' +
        'a student that did not change while paging (page numbers can shift when students are added). Names and ' +
        'groups sort as people read them (ICU collation: accents and case are secondary). `sort=stamnummer` puts ' +
        'all-digit stamnummers in numeric order (2 before 10, leading zeros do not count) and other stamnummers ' +
        'after them in text order.',
      params: IidParams,
      querystring: ListStudentsQuerySchema,
      response: { 200: StudentPageSchema, ...institutionErrors },
    }),
    async (request, reply) => {
      // The page is JSON (UTF-8 bytes) already, written by PostgreSQL and list.ts in the schema's
      // fields and order (list-body.test.ts holds it byte for byte to the schema's serializer).
      const body = await lists.page(
        app.ctx,
        request.institutionId,
        request.query,
        request.dataVersion,
      );
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );

  app.get(
    '/institutions/:iid/groups',
    schoolRoute('read', {
      summary: 'Administrative groups with their number of students',
      params: IidParams,
      response: { 200: Type.Array(GroupSchema), ...institutionErrors },
    }),
    async (request) => service.groups(app.ctx, request.institutionId),
  );
}

/** Adding a student, and creating or updating one by stamnummer (the sync). */
function addRoutes(app: RoutesApp) {
  const schoolRoute = schoolRoutes(app, 'students');

  app.post(
    '/institutions/:iid/students',
    schoolRoute('write', {
      summary: 'Add a student',
      params: IidParams,
      body: CreateStudentBodySchema,
      response: { 201: StudentDetailSchema, ...institutionErrors, 409: ProblemRef },
    }),
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.create(app.ctx, request.institutionId, request.actor!, request.body)),
  );

  // The old path (…/students/by-stamnummer/…) stays as an undocumented alias: it is ambiguous
  // next to …/students/{sid}/account, but integrations written against it keep working.
  for (const [path, hide] of [
    ['/institutions/:iid/students-by-stamnummer/:stamnummer', false],
    ['/institutions/:iid/students/by-stamnummer/:stamnummer', true],
  ] as const)
    app.put(
      path,
      schoolRoute('write', {
        hide,
        summary: 'Create or update a student by stamnummer (idempotent sync)',
        params: Type.Object(
          { iid: Type.String({ maxLength: 64 }), stamnummer: Stamnummer },
          { additionalProperties: false },
        ),
        body: UpsertStudentBodySchema,
        response: { 200: StudentDetailSchema, 201: StudentDetailSchema, ...institutionErrors },
      }),
      async (request, reply) => {
        const { created, student } = await service.upsert(
          app.ctx,
          request.institutionId,
          request.actor!,
          request.params.stamnummer,
          request.body,
        );
        return reply.status(created ? 201 : 200).send(student);
      },
    );
}

/** One student: read and change. */
function studentRoutes(app: RoutesApp) {
  const schoolRoute = schoolRoutes(app, 'students');

  app.get(
    '/institutions/:iid/students/:sid',
    schoolRoute('read', {
      summary: 'A student: enrolment and official data, account and co-accounts',
      params: IidSidParams,
      response: { 200: StudentDetailSchema, ...institutionErrors },
    }),
    async (request) => service.detail(app.ctx, request.institutionId, request.params.sid),
  );

  app.patch(
    '/institutions/:iid/students/:sid',
    schoolRoute('write', {
      summary: 'Change enrolment data of a student',
      params: IidSidParams,
      body: PatchStudentBodySchema,
      response: { 200: StudentDetailSchema, ...institutionErrors },
    }),
    async (request) =>
      service.patch(
        app.ctx,
        request.institutionId,
        request.actor!,
        request.params.sid,
        request.body,
      ),
  );
}
