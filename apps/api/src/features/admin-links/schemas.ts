import { Type, type Static } from '@fastify/type-provider-typebox';
import { DateTime } from '../../schemas/common.js';

const locale = (description: string) =>
  Type.Union([Type.Literal('nl'), Type.Literal('fr'), Type.Literal('en')], { description });

export const PasswordResetBodySchema = Type.Object(
  {
    email: Type.String({
      minLength: 1,
      maxLength: 254,
      description: 'The e-mail address the admin logs in with',
    }),
    locale: Type.Optional(locale("Language of the mail and of the answer's text")),
  },
  { additionalProperties: false },
);

export const PasswordResetAnswerSchema = Type.Object(
  {
    status: Type.Literal('accepted'),
    message: Type.String({ description: 'The same text whether or not the address is known' }),
  },
  { $id: 'PasswordResetAnswer' },
);

export const PasswordLinkQuerySchema = Type.Object(
  {
    locale: Type.Optional(locale('Language of the password rule messages (else Accept-Language)')),
  },
  { additionalProperties: false },
);

export const PasswordLinkInfoSchema = Type.Object(
  {
    purpose: Type.Union([Type.Literal('invite'), Type.Literal('reset')], {
      description:
        'invite: a school invited a new admin, who sets a first password; reset: the admin asked for a new password',
    }),
    email: Type.String({ description: 'The address the admin logs in with' }),
    name: Type.String(),
    schoolName: Type.Union([Type.String(), Type.Null()], {
      description: 'The school that sent the invitation; null for a reset',
    }),
    expiresAt: DateTime,
  },
  { $id: 'PasswordLinkInfo' },
);

export const JoinLinkInfoSchema = Type.Object(
  {
    email: Type.String({ description: 'The address of the invited user (who logs in with it)' }),
    schoolName: Type.String({ description: 'The school that asks the user to join it' }),
    role: Type.Union([Type.Literal('admin'), Type.Literal('helpdesk')]),
    expiresAt: DateTime,
  },
  { $id: 'JoinLinkInfo' },
);

export const SetPasswordBodySchema = Type.Object(
  { password: Type.String({ maxLength: 1000 }) },
  { additionalProperties: false },
);

export type PasswordResetBody = Static<typeof PasswordResetBodySchema>;
export type PasswordLinkInfo = Static<typeof PasswordLinkInfoSchema>;
export type JoinLinkInfo = Static<typeof JoinLinkInfoSchema>;
