import { Type, type Static } from '@fastify/type-provider-typebox';
import { Email } from '../../schemas/common.js';

export const PortalLoginBodySchema = Type.Object(
  {
    username: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'Trimmed, NFKC, lowercased before lookup',
    }),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    pictures: Type.Optional(
      Type.Array(Type.String({ maxLength: 40 }), {
        minItems: 1,
        maxItems: 12,
        description: 'Picture ids in the order clicked',
      }),
    ),
  },
  { additionalProperties: false, description: 'Send either password or pictures.' },
);

export const PortalLoginResultSchema = Type.Object(
  {
    role: Type.Union([Type.Literal('student'), Type.Literal('parent')]),
    slot: Type.Optional(
      Type.Integer({ minimum: 1, description: 'The co-account slot, for parents' }),
    ),
    mustChangePassword: Type.Boolean(),
  },
  { $id: 'PortalLoginResult' },
);

export const PortalMeSchema = Type.Object(
  {
    role: Type.Union([Type.Literal('student'), Type.Literal('parent')]),
    slot: Type.Union([Type.Integer(), Type.Null()]),
    username: Type.String({ description: "The student's username (parents log in with it too)" }),
    firstName: Type.String({ description: "The student's first name" }),
    lastName: Type.String(),
    schoolName: Type.String(),
    accountType: Type.Union([Type.Literal('basic'), Type.Literal('advanced')]),
    mustChangePassword: Type.Boolean(),
    canChangePassword: Type.Boolean(),
    canSetEmail: Type.Boolean(),
    email: Type.Union([Type.String(), Type.Null()], {
      description: "The student's own e-mail, or the parent's registered e-mail",
    }),
    locale: Type.Union([Type.Literal('nl'), Type.Literal('fr'), Type.Literal('en')]),
  },
  { $id: 'PortalMe' },
);

export const ChangePasswordBodySchema = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 1000 }),
    newPassword: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);

export const SetEmailBodySchema = Type.Object({ email: Email }, { additionalProperties: false });

export const PictureSchema = Type.Object(
  {
    id: Type.String(),
    names: Type.Object({ nl: Type.String(), fr: Type.String(), en: Type.String() }),
    imageUrl: Type.String({ description: 'PNG, the same image as on the printed cards' }),
  },
  { $id: 'Picture' },
);

export type PortalLoginBody = Static<typeof PortalLoginBodySchema>;
export type PortalLoginResult = Static<typeof PortalLoginResultSchema>;
export type PortalMe = Static<typeof PortalMeSchema>;
