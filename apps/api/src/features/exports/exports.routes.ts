import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { readFile } from 'node:fs/promises';
import { IdParams, IidParams, institutionErrors, ProblemRef } from '../../schemas/common.js';
import { narrowsSelection } from '../students/index.js';
import { ExportPool } from './export-pool.js';
import {
  ExportQuerySchema,
  FileResponse,
  LettersBodySchema,
  PreviewBodySchema,
  ReprintBodySchema,
  ReprintPreviewSchema,
} from './schemas.js';
import type { ExportFile } from './files.js';
import * as service from './service.js';
import { readSpooled, removeSpooled } from './spool.js';
import { schoolRoutes, type RoutesApp } from '../../plugins/route-options.js';

function sendFile(reply: FastifyReply, file: ExportFile) {
  // The client went away while the file was built (a whole school takes seconds): nothing to
  // send it to. Sent anyway, the stream met a closed socket before its first byte and Fastify
  // answered that with the error handler, a 500 logged as an error (found by an outside test).
  if (reply.raw.destroyed) {
    removeSpooled(file.file);
    reply.log.info(
      { export: { bytes: file.file.size } },
      'export not sent: the client closed the connection while it was built',
    );
    return reply.hijack();
  }
  reply.log.info(
    {
      export: {
        bytes: file.file.size,
        buildMs: Math.round(file.built.ms),
        threadId: file.built.threadId,
      },
    },
    'export built',
  );
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('cache-control', 'no-store')
    .header('content-length', String(file.file.size))
    .send(readSpooled(file.file));
}

const fileHeaders = {
  'Content-Disposition': Type.String({
    description: 'attachment; filename="…": the name to save the file under',
  }),
};

const fileResponses = {
  200: {
    description: 'The file',
    headers: fileHeaders,
    content: {
      'application/zip': { schema: FileResponse },
      'application/pdf': { schema: FileResponse },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: FileResponse },
    },
  },
  // The export worker is busy with too many files, or a file did not fit its time or memory.
  503: ProblemRef,
};

/** The file's answer with a header that counts the selected students the file leaves out. */
function fileLeavingOut(header: string, description: string) {
  return {
    ...fileResponses[200],
    headers: { ...fileHeaders, [header]: Type.Integer({ minimum: 0, description }) },
  };
}

/** Sends the file with the count its answer (fileLeavingOut) declares in `header`. */
function sendFileLeavingOut(
  reply: FastifyReply,
  header: string,
  { file, skipped }: { file: ExportFile; skipped: number },
) {
  reply.header(header.toLowerCase(), String(skipped));
  return sendFile(reply, file);
}

export const exportsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Files are built in a worker thread: a 10,000-account ZIP is over 10 s of CPU.
  const pool = new ExportPool({
    onError: (err) => app.log.error({ err }, 'export worker failed outside an export'),
  });
  app.addHook('onClose', () => pool.close());

  fontRoute(app);
  batchExportRoute(app, pool);
  reprintRoutes(app, pool);
  lettersRoute(app, pool);
};

/** The fonts the PDFs embed, so the dashboard renders its card preview with the same core code. */
function fontRoute(app: RoutesApp) {
  app.get(
    '/fonts/:name',
    {
      schema: {
        tags: ['exports'],
        summary: 'A font embedded in the PDFs (DejaVu Sans; for the card preview in the browser)',
        params: Type.Object(
          {
            name: Type.Union([
              Type.Literal('regular.ttf'),
              Type.Literal('bold.ttf'),
              Type.Literal('mono.ttf'),
            ]),
          },
          { additionalProperties: false },
        ),
        response: {
          200: { description: 'TrueType font', content: { 'font/ttf': { schema: FileResponse } } },
          400: ProblemRef,
        },
      },
    },
    async (request, reply) => {
      const key = request.params.name.replace('.ttf', '') as 'regular' | 'bold' | 'mono';
      const { exportFontPaths } = await import('@schoolloket/core/node');
      const data = await readFile(exportFontPaths()[key]);
      return reply
        .header('content-type', 'font/ttf')
        .header('cache-control', 'public, max-age=86400')
        .send(data);
    },
  );
}

/** The files of a creation batch. */
function batchExportRoute(app: RoutesApp, pool: ExportPool) {
  const schoolRoute = schoolRoutes(app, 'exports');

  app.get(
    '/institutions/:iid/batches/:bid/export',
    schoolRoute('support', {
      summary: 'Download the files of a creation batch (ZIP by default)',
      description:
        'A batch of more than 50 students needs a second factor done within 15 minutes (403 step_up_required), except for ' +
        'the admin who made it during the hour after. A smaller one counts, as a reprint does, against the 50 passwords a ' +
        'session may show again without a recent factor. API keys are not asked.',
      params: IdParams('iid', 'bid'),
      querystring: ExportQuerySchema,
      response: { ...fileResponses, ...institutionErrors, 409: ProblemRef },
    }),
    async (request, reply) =>
      sendFile(
        reply,
        await service.batchExport(
          app.ctx,
          pool,
          request.institutionId,
          request.params.bid,
          request.actor!,
          request.query.format ?? 'zip',
          request.query,
        ),
      ),
  );
}

/** Reprinting cards for a selection, and what such a reprint would contain. */
function reprintRoutes(app: RoutesApp, pool: ExportPool) {
  const schoolRoute = schoolRoutes(app, 'exports');

  app.post(
    '/institutions/:iid/exports/preview',
    schoolRoute('support', {
      summary: 'What a reprint of this selection would contain, and who cannot be reprinted',
      params: IidParams,
      body: PreviewBodySchema,
      response: { 200: ReprintPreviewSchema, ...institutionErrors, 413: ProblemRef },
    }),
    async (request) => service.reprintPreview(app.ctx, request.institutionId, request.body),
  );

  app.post(
    '/institutions/:iid/exports',
    schoolRoute('support', {
      summary: 'Reprint cards for a selection (only accounts whose password is still retrievable)',
      description:
        'Accounts whose password the student has changed cannot be reprinted: they are left out, and their number is in the ' +
        'X-Not-Reprintable header (POST …/exports/preview lists them).\n\nThe whole school (no filter that leaves anyone ' +
        'out) or more than 50 students in one reprint need a second factor done within 15 minutes when the admin has ' +
        'one: 403 step_up_required otherwise (API keys are not asked). Smaller reprints count: without a recent factor a ' +
        'session shows at most 50 passwords again since its last factor, then it is asked for the factor too.',
      params: IidParams,
      body: ReprintBodySchema,
      response: {
        ...fileResponses,
        200: fileLeavingOut(
          'X-Not-Reprintable',
          'How many selected students got no card (see the preview for why)',
        ),
        ...institutionErrors,
        413: ProblemRef,
        422: ProblemRef,
      },
    }),
    async (request, reply) => {
      // The whole school's passwords in one file: a sensitive action (step-up). Whole by what
      // the filter selects, not by how it is written (`{"q":" "}` is no filter either); a
      // selection of more than a class, however written, too (MASS_EXPORT, in service.ts).
      const { studentIds, filter } = request.body;
      if (!studentIds && !narrowsSelection(filter)) await app.requireRecentFactor(request);
      return sendFileLeavingOut(
        reply,
        'X-Not-Reprintable',
        await service.reprint(app.ctx, pool, request.institutionId, request.actor!, request.body),
      );
    },
  );
}

/** The parent letters with the co-account activation steps. */
function lettersRoute(app: RoutesApp, pool: ExportPool) {
  const schoolRoute = schoolRoutes(app, 'exports');

  app.post(
    '/institutions/:iid/letters',
    schoolRoute('support', {
      summary: 'Parent letters (PDF, one page per student) with the co-account activation steps',
      description:
        'Students without an account get no letter (their parents have no username to use): they are left out, and their number is in the X-Skipped-No-Account header.',
      params: IidParams,
      body: LettersBodySchema,
      response: {
        200: fileLeavingOut(
          'X-Skipped-No-Account',
          'How many selected students got no letter: they have no account',
        ),
        ...institutionErrors,
        413: ProblemRef,
        422: ProblemRef,
      },
    }),
    async (request, reply) =>
      sendFileLeavingOut(
        reply,
        'X-Skipped-No-Account',
        await service.letters(app.ctx, pool, request.institutionId, request.actor!, request.body),
      ),
  );
}
