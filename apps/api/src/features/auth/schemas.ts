import { Type, type Static } from '@fastify/type-provider-typebox';
import { Email, Uuid } from '../../schemas/common.js';

export const LoginBodySchema = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

export const MembershipSchema = Type.Object({
  institutionId: Uuid,
  name: Type.String(),
  role: Type.Union([Type.Literal('admin'), Type.Literal('helpdesk')]),
});

export const MeSchema = Type.Object(
  {
    id: Uuid,
    email: Email,
    name: Type.String(),
    isPlatformAdmin: Type.Boolean(),
    institutions: Type.Array(MembershipSchema, {
      description:
        'Schools the admin can work in; platform admins see every school with role admin',
    }),
  },
  { $id: 'Me' },
);

export type Me = Static<typeof MeSchema>;
export type LoginBody = Static<typeof LoginBodySchema>;

export const SecondFactorPendingSchema = Type.Object(
  {
    secondFactor: Type.Object({
      methods: Type.Array(Type.Union([Type.Literal('passkey'), Type.Literal('totp')]), {
        description: 'The factors the admin can finish the login with',
      }),
      setupRequired: Type.Boolean({
        description:
          'A second factor is required and none is set up: set one up (POST /auth/login/totp/setup) before anything else',
      }),
    }),
  },
  { $id: 'SecondFactorPending' },
);

export const TotpCodeBodySchema = Type.Object(
  { code: Type.String({ pattern: '^[0-9]{6}$', description: 'The 6-digit code of the app' }) },
  { additionalProperties: false },
);

export const RecoveryCodeBodySchema = Type.Object(
  {
    code: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'One of the recovery codes (xxxx-xxxx-xxxx; case, spaces and hyphens ignored)',
      examples: ['k7mq-2vxa-9d4h'],
    }),
  },
  { additionalProperties: false },
);
