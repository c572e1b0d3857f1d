import type { Locale } from '@schoolloket/core';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Retention } from '../../config.js';
import { IidSidParams, institutionErrors, sessionOnly } from '../../schemas/common.js';
import { getById } from '../institutions/index.js';
import { personalData } from './access.js';
import { personalRecord } from './access-pdf.js';

import { PersonalDataSchema } from './schemas.js';
import { schoolRoutes, type RoutesApp } from '../../plugins/route-options.js';

// The access right: one student's data and its co-accounts', as JSON and as a readable PDF.
// Admins only; every download is an account event; nothing is cached on the way.
const LocaleQuery = Type.Object(
  {
    locale: Type.Optional(
      Type.Union([Type.Literal('nl'), Type.Literal('fr'), Type.Literal('en')], {
        description: "Language of the PDF; default the school's",
      }),
    ),
  },
  { additionalProperties: false },
);

async function recordPdf(
  data: Parameters<typeof personalRecord>[0],
  locale: Locale,
  retention: Retention,
  now: Date,
) {
  // Loaded on first use: the export entry and the fonts are heavy and most processes never need them.
  const { buildRecordPdf } = await import('@schoolloket/core/export');
  const { deflatePdfStream, loadExportAssets, withExportFontsFor } =
    await import('@schoolloket/core/node');
  const doc = personalRecord(data, locale, retention);
  const assets = await withExportFontsFor(await loadExportAssets(), JSON.stringify(doc));
  return buildRecordPdf(doc, { assets, now, deflate: deflatePdfStream });
}

export const accessRoutes: FastifyPluginAsyncTypebox = async (app) => {
  personalDataJsonRoute(app);
  personalDataPdfRoute(app);
};

/** The student's data as a JSON download. */
function personalDataJsonRoute(app: RoutesApp) {
  const schoolRoute = schoolRoutes(app, 'lifecycle', sessionOnly);

  app.get(
    '/institutions/:iid/students/:sid/personal-data',
    schoolRoute('manage', {
      summary:
        'Everything held on one student and its co-accounts (the access right), as a JSON download; recorded in the history. Credentials are named, never given',
      params: IidSidParams,
      response: {
        200: {
          description: 'The data',
          headers: {
            'Content-Disposition': Type.String({
              description: 'attachment; filename="gegevens-<stamnummer>.json"',
            }),
          },
          content: { 'application/json': { schema: PersonalDataSchema } },
        },
        ...institutionErrors,
      },
    }),
    async (request, reply) => {
      const data = await personalData(
        app.ctx,
        request.institutionId,
        request.params.sid,
        request.actor!,
        'json',
      );
      return reply
        .header('cache-control', 'no-store')
        .header(
          'content-disposition',
          `attachment; filename="gegevens-${encodeURIComponent(data.student.stamnummer)}.json"`,
        )
        .send(data);
    },
  );
}

/** The same data as a readable PDF, in the asked or the school's language. */
function personalDataPdfRoute(app: RoutesApp) {
  const schoolRoute = schoolRoutes(app, 'lifecycle', sessionOnly);

  app.get(
    '/institutions/:iid/students/:sid/personal-data/pdf',
    schoolRoute('manage', {
      summary: 'The same data as a readable PDF; recorded in the history',
      params: IidSidParams,
      querystring: LocaleQuery,
      response: {
        200: {
          description: 'The file',
          headers: {
            'Content-Disposition': Type.String({
              description: 'attachment; filename="gegevens-<stamnummer>.pdf"',
            }),
          },
          content: { 'application/pdf': { schema: Type.String({ format: 'binary' }) } },
        },
        ...institutionErrors,
      },
    }),
    async (request, reply) => {
      const iid = request.institutionId;
      const data = await personalData(app.ctx, iid, request.params.sid, request.actor!, 'pdf');
      const school = await getById(app.ctx.db, iid);
      const locale = (request.query.locale ?? school.locale ?? 'nl') as Locale;
      const file = await recordPdf(data, locale, app.ctx.config.retention, app.ctx.now());
      return reply
        .header('content-type', 'application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="gegevens-${encodeURIComponent(data.student.stamnummer)}.pdf"`,
        )
        .header('cache-control', 'no-store')
        .send(Buffer.from(file));
    },
  );
}
