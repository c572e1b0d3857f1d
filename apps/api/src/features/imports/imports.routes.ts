import {
  Type,
  TypeBoxValidatorCompiler,
  type FastifyPluginAsyncTypebox,
} from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import type { FastifySchemaCompiler } from 'fastify';
import { IidParams, institutionErrors, ProblemRef } from '../../schemas/common.js';
import {
  ColumnsProblemSchema,
  ImportDetailSchema,
  ImportIdParams,
  ImportItemPageSchema,
  ImportItemSchema,
  ImportItemsQuerySchema,
  ImportListQuerySchema,
  ImportMappingSchema,
  ImportPageSchema,
  ImportSummarySchema,
  UploadBodySchema,
} from './schemas.js';
import { CommitBodySchema, CommitSummarySchema } from './commit-schemas.js';
import { commit } from './commit.js';
import { preview } from './preview.js';
import { PARSE_POOL_OPTIONS, ParsePool } from './parse-pool.js';
import * as views from './views.js';
import { readUpload } from './upload.js';
import { schoolRoutes, type RoutesApp } from '../../plugins/route-options.js';

// The multipart body is read by readUpload (streamed, size-capped); its schema only documents it.
const documentedBodyOnly: FastifySchemaCompiler<unknown> = (route) =>
  route.httpPart === 'body'
    ? () => true
    : TypeBoxValidatorCompiler(route as Parameters<typeof TypeBoxValidatorCompiler>[0]);

export const importsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(CommitSummarySchema);
  app.addSchema(ImportMappingSchema);
  app.addSchema(ColumnsProblemSchema);
  app.addSchema(ImportItemSchema);
  app.addSchema(ImportSummarySchema);
  // Uploaded files are read in a worker thread: a 20,000-row workbook is seconds of CPU.
  const pool = new ParsePool({
    ...PARSE_POOL_OPTIONS,
    onError: (err) => app.log.error({ err }, 'parse worker failed outside a file'),
  });
  app.addHook('onClose', () => pool.close());

  // Multipart bodies are accepted by the upload alone: the plugin's per-request hooks (a close
  // listener and a clean-up after every answer) stay off every other route.
  await app.register(async (upload) => {
    await upload.register(multipart, {
      limits: { fileSize: 5 * 1024 * 1024, files: 1, fields: 10 },
    });
    uploadRoute(upload, pool);
  });
  readRoutes(app);
  commitRoute(app);
};

/** Uploading a file: read in the parse pool's worker thread, stored as a preview. */
function uploadRoute(app: RoutesApp, pool: ParsePool) {
  const schoolRoute = schoolRoutes(app, 'imports');

  app.post(
    '/institutions/:iid/imports',
    {
      ...schoolRoute('write', {
        summary: 'Upload a student list (CSV or XLSX) and get a preview; nothing is applied',
        description:
          'Detects delimiter, encoding, header row and columns. Unknown required columns answer 422 ' +
          'columns_unrecognised with the columns found (resubmit with `mapping`). Row errors are part ' +
          'of the preview and block the commit. Older previews of the school are superseded. An XLSX ' +
          'is refused with 413 zip_limits when a part unpacks past what a student list needs ' +
          '(16 MB a sheet, 8 MB of shared strings, 4 MB any other part, 24 MB in all). Previews are ' +
          'read a few at a time per server; when too many wait, 503 previews_busy with Retry-After. ' +
          'The file is read in a worker thread, so other requests are answered meanwhile (when it runs ' +
          'out of time or memory: 503 preview_failed with Retry-After, nothing stored).',
        consumes: ['multipart/form-data'],
        params: IidParams,
        body: UploadBodySchema,
        response: {
          201: ImportDetailSchema,
          ...institutionErrors,
          413: ProblemRef,
          415: ProblemRef,
          503: ProblemRef,
          422: Type.Union([Type.Ref('ImportColumnsProblem'), ProblemRef], {
            description:
              'columns_unrecognised (ImportColumnsProblem: the columns found, to resubmit with a mapping) or empty_file',
          }),
        },
      }),
      validatorCompiler: documentedBodyOnly,
    },
    async (request, reply) => {
      const upload = await readUpload(request);
      const result = await preview(app.ctx, request.actor!, request.institutionId, upload, pool);
      return reply.status(201).send(result);
    },
  );
}

/** The school's imports: the list, one import, and its planned changes and row errors. */
function readRoutes(app: RoutesApp) {
  const schoolRoute = schoolRoutes(app, 'imports');

  app.get(
    '/institutions/:iid/imports',
    schoolRoute('read', {
      summary: 'Last imports and API syncs of the school (newest first): who, when, counts, status',
      params: IidParams,
      querystring: ImportListQuerySchema,
      response: { 200: ImportPageSchema, ...institutionErrors },
    }),
    async (request) =>
      views.list(
        app.ctx,
        request.institutionId,
        request.query.page ?? 1,
        request.query.pageSize ?? 20,
      ),
  );

  app.get(
    '/institutions/:iid/imports/:importId',
    schoolRoute('read', {
      summary: 'An import: columns, counts, first row errors, commit summary',
      params: ImportIdParams,
      response: { 200: ImportDetailSchema, ...institutionErrors },
    }),
    async (request) => views.detail(app.ctx, request.institutionId, request.params.importId),
  );

  app.get(
    '/institutions/:iid/imports/:importId/items',
    schoolRoute('read', {
      summary: 'The planned changes and row errors of an import, by kind, paged',
      params: ImportIdParams,
      querystring: ImportItemsQuerySchema,
      response: { 200: ImportItemPageSchema, ...institutionErrors },
    }),
    async (request) =>
      views.items(app.ctx, request.institutionId, request.params.importId, request.query),
  );
}

/** Applying a preview. */
function commitRoute(app: RoutesApp) {
  const schoolRoute = schoolRoutes(app, 'imports');

  app.post(
    '/institutions/:iid/imports/:importId/commit',
    {
      ...schoolRoute('write', {
        summary: 'Apply a preview, all or nothing; committing again answers the same summary',
        description:
          "409 preview_stale when the school's students changed since the preview or a newer preview " +
          'exists; 422 import_has_errors when the file had row errors.',
        params: ImportIdParams,
        body: CommitBodySchema,
        response: {
          200: ImportDetailSchema,
          ...institutionErrors,
          409: ProblemRef,
          422: ProblemRef,
        },
      }),
      // A commit without a body uses the defaults.
      preValidation: async (request) => {
        if (request.body === undefined) request.body = {};
      },
    },
    async (request) =>
      commit(app.ctx, request.actor!, request.institutionId, request.params.importId, request.body),
  );
}
