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

export const CreatedApiKeySchema = Type.Object({
  ...ApiKeySchema.properties,
  token: Type.String({ description: 'The key itself. Shown once: store it now.' }),
});

export type ApiKey = Static<typeof ApiKeySchema>;
export type CreateApiKeyBody = Static<typeof CreateApiKeyBodySchema>;
