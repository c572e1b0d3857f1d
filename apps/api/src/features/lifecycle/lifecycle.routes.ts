import type { Locale } from '@schoolloket/core';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IidParams, institutionErrors } from '../../schemas/common.js';
import { getById } from '../institutions/index.js';
import { previewXlsx } from './preview-xlsx.js';
import { LifecyclePreviewSchema, PreviewQuerySchema } from './schemas.js';
import * as service from './service.js';
import { schoolRoutes, type RoutesApp } from '../../plugins/route-options.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const lifecycleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  previewRoute(app);
  previewXlsxRoute(app);
};

/** The dry run of the end of the school year. */
function previewRoute(app: RoutesApp) {
  const schoolRoute = schoolRoutes(app, 'lifecycle');

  app.get(
    '/institutions/:iid/lifecycle/preview',
    schoolRoute('read', {
      summary:
        'Dry run of the end of the school year: who ends, which co-accounts stop, who is erased (changes nothing)',
      params: IidParams,
      querystring: PreviewQuerySchema,
      response: { 200: LifecyclePreviewSchema, ...institutionErrors },
    }),
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return service.preview(app.ctx, request.institutionId, request.query);
    },
  );
}

/** The same dry run as an Excel file. */
function previewXlsxRoute(app: RoutesApp) {
  const schoolRoute = schoolRoutes(app, 'lifecycle');

  app.get(
    '/institutions/:iid/lifecycle/preview/xlsx',
    schoolRoute('read', {
      summary: 'The same dry run as an Excel file (one row per account, co-account and erasure)',
      params: IidParams,
      querystring: Type.Object(
        {
          ...PreviewQuerySchema.properties,
          locale: Type.Optional(
            Type.Union([Type.Literal('nl'), Type.Literal('fr'), Type.Literal('en')], {
              description: "Language of the sheet; default the school's",
            }),
          ),
        },
        { additionalProperties: false },
      ),
      response: {
        200: {
          description: 'The file',
          headers: {
            'Content-Disposition': Type.String({
              description:
                'attachment; filename="schooljaar-<date>.xlsx": the name to save it under',
            }),
          },
          content: { [XLSX_TYPE]: { schema: Type.String({ format: 'binary' }) } },
        },
        ...institutionErrors,
      },
    }),
    async (request, reply) => {
      const iid = request.institutionId;
      const preview = await service.preview(app.ctx, iid, request.query);
      const school = await getById(app.ctx.db, iid);
      const locale = (request.query.locale ?? school.locale ?? 'nl') as Locale;
      const file = await previewXlsx(preview, locale, app.ctx.now());
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', `attachment; filename="schooljaar-${preview.date}.xlsx"`)
        .header('cache-control', 'no-store')
        .send(Buffer.from(file));
    },
  );
}
