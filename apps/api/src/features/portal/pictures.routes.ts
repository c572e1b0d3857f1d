import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DEFAULT_GRID, pictureById } from '@schoolloket/core';
import { readPicturePng } from '@schoolloket/core/node';
import { notFound } from '../../platform/errors/index.js';
import { ProblemRef } from '../../schemas/common.js';
import { PictureSchema } from './schemas.js';

// The login grid: picture ids are stable and each has exactly one PNG, the same file that is
// printed on the cards, so the images can be cached for a long time.
const CACHE = 'public, max-age=604800';

export const picturesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const grid = DEFAULT_GRID.map((id) => {
    const picture = pictureById(id)!;
    return { id, names: { ...picture.names }, imageUrl: `/api/v1/pictures/${id}.png` };
  });

  app.get(
    '/pictures',
    {
      schema: {
        tags: ['portal'],
        summary:
          'The picture grid, in its fixed order (picture passwords are sequences of these ids)',
        response: { 200: Type.Array(PictureSchema) },
      },
    },
    async (_request, reply) => reply.header('cache-control', 'public, max-age=3600').send(grid),
  );

  app.get(
    '/pictures/:id.png',
    {
      schema: {
        tags: ['portal'],
        summary: 'The PNG of one picture',
        params: Type.Object(
          { id: Type.String({ maxLength: 40, pattern: '^[a-z0-9_-]+$' }) },
          { additionalProperties: false },
        ),
        response: {
          200: {
            description: 'PNG image, 64×64',
            content: { 'image/png': { schema: Type.String({ format: 'binary' }) } },
          },
          400: ProblemRef,
          404: ProblemRef,
        },
      },
    },
    async (request, reply) => {
      const png = await readPicturePng(request.params.id);
      if (!png) throw notFound('Picture');
      return reply.type('image/png').header('cache-control', CACHE).send(Buffer.from(png));
    },
  );
};
