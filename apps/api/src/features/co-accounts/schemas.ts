import { Type, type Static } from '@fastify/type-provider-typebox';
import { DateTime } from '../../schemas/common.js';

export const CoAccountStateSchema = Type.Union(
  [
    Type.Literal('not_registered'),
    Type.Literal('registered'),
    Type.Literal('invited'),
    Type.Literal('active'),
    Type.Literal('revoked'),
  ],
  {
    description:
      'not_registered: no e-mail; registered: e-mail known; invited: link sent; active: password set',
  },
);

export const CoAccountSchema = Type.Object(
  {
    slot: Type.Integer({ minimum: 1 }),
    email: Type.Union([Type.String(), Type.Null()]),
    state: CoAccountStateSchema,
    invitedAt: Type.Union([DateTime, Type.Null()]),
    activatedAt: Type.Union([DateTime, Type.Null()]),
    lastLoginAt: Type.Union([DateTime, Type.Null()]),
  },
  { $id: 'CoAccount' },
);

export type CoAccount = Static<typeof CoAccountSchema>;
