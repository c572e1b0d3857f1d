import { Type, type Static } from '@fastify/type-provider-typebox';
import { DateTime, Uuid } from '../../schemas/common.js';

export const ApiKeySchema = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    scope: Type.Union([Type.Literal('read'), Type.Literal('read-write')]),
    prefix: Type.String({ description: 'First characters of the key, to recognise it' }),
    createdAt: DateTime,
    lastUsedAt: Type.Union([DateTime, Type.Null()]),
    rateLimitPerMinute: Type.Integer({
      description:
        'Requests per minute this key may make (its own limit, or the installation default of API_KEY_RATE_LIMIT_PER_MINUTE, 600)',
    }),
    rateLimitIsDefault: Type.Boolean({ description: 'True when the key has no limit of its own' }),
  },
  { $id: 'ApiKey' },
);

export const CreateApiKeyBodySchema = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 100,
      pattern: '^[^\\u0000-\\u001f\\u007f-\\u009f]*$',
    }),
    scope: Type.Union([Type.Literal('read'), Type.Literal('read-write')]),
  },
  { additionalProperties: false },
);

export const UpdateApiKeyBodySchema = Type.Object(
  {
    rateLimitPerMinute: Type.Union([Type.Integer({ minimum: 1, maximum: 100000 }), Type.Null()], {
      description: 'Requests per minute for this key; null goes back to the installation default',
    }),
  },
  { additionalProperties: false },
);

export const CreatedApiKeySchema = Type.Object({
  ...ApiKeySchema.properties,
  token: Type.String({ description: 'The key itself. Shown once: store it now.' }),
});

export type ApiKey = Static<typeof ApiKeySchema>;
export type CreateApiKeyBody = Static<typeof CreateApiKeyBodySchema>;
export type UpdateApiKeyBody = Static<typeof UpdateApiKeyBodySchema>;
