// Account shapes shared by the students and accounts features.
import { Type, type Static } from '@fastify/type-provider-typebox';
import { DateTime, Uuid } from './common.js';

export const AccountTypeSchema = Type.Union([Type.Literal('basic'), Type.Literal('advanced')]);
export const PasswordKindSchema = Type.Union([
  Type.Literal('picture'),
  Type.Literal('word'),
  Type.Literal('temporary'),
  Type.Literal('own'),
]);
export const STATUS_DESCRIPTION =
  'none = Geen account, active = Actief, inactive = Inactief (enrolment ended), blocked = Geblokkeerd';
export const StatusSchema = Type.Union(
  [Type.Literal('none'), Type.Literal('active'), Type.Literal('inactive'), Type.Literal('blocked')],
  { description: STATUS_DESCRIPTION },
);

export const AccountSchema = Type.Object(
  {
    studentId: Uuid,
    username: Type.String(),
    type: AccountTypeSchema,
    passwordKind: PasswordKindSchema,
    status: StatusSchema,
    mustChangePassword: Type.Boolean(),
    temporaryExpiresAt: Type.Union([DateTime, Type.Null()]),
    reprintable: Type.Boolean({ description: 'The password can still be printed on a card' }),
    email: Type.Union([Type.String(), Type.Null()]),
    blockedAt: Type.Union([DateTime, Type.Null()]),
    blockedReason: Type.Union([Type.String(), Type.Null()]),
    createdAt: DateTime,
    lastLoginAt: Type.Union([DateTime, Type.Null()]),
  },
  { $id: 'Account' },
);

export type Account = Static<typeof AccountSchema>;
export type AccountStatus = Static<typeof StatusSchema>;
