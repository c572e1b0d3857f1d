import { Type, type Static } from '@fastify/type-provider-typebox';
import { DateTime, Email, IdParams, Uuid } from '../../schemas/common.js';

export const LocaleSchema = Type.Union([
  Type.Literal('nl'),
  Type.Literal('fr'),
  Type.Literal('en'),
]);

const settings = {
  locale: LocaleSchema,
  coAccountSlots: Type.Integer({
    minimum: 1,
    maximum: 4,
    description: 'Co-account slots per student',
  }),
  picturePasswordLength: Type.Integer({ minimum: 4, maximum: 8 }),
  temporaryPasswordDays: Type.Integer({
    minimum: 1,
    maximum: 365,
    description: 'Days a temporary password stays valid',
  }),
  gracePeriodDays: Type.Integer({
    minimum: 0,
    maximum: 3650,
    description:
      "Days a student's data stay after the enrolment ended (the account is inactive meanwhile); after them names, birth date, parent e-mails, credentials and co-accounts are erased and the history becomes pseudonymous. The username stays reserved",
  }),
  helpdeskEmail: Type.Union([Email, Type.Null()]),
  helpdeskPhone: Type.Union([Type.String({ maxLength: 40 }), Type.Null()]),
  printOffsetXMm: Type.Number({
    minimum: -5,
    maximum: 5,
    description:
      "Printer offset for cards and stickers, mm to the right (negative: to the left), rounded to 0.1 mm; the calibration sheet tells the value for the school's printer",
  }),
  advancedFromAge: Type.Integer({
    minimum: 6,
    maximum: 18,
    description:
      'Account creation proposes an advanced account for students who turn this age or older in the current calendar year (basic below it, and when the birth date is unknown)',
  }),
  basicPasswordKind: Type.Union([Type.Literal('picture'), Type.Literal('word')], {
    description: 'Password kind proposed for a new basic account',
  }),
  personalUrlBase: Type.Union(
    [
      Type.String({
        maxLength: 200,
        pattern: '^https?://[^\\s?#]+$',
        description:
          "Base of the personal URL printed on cards: <base>/<username>. An http(s) URL without query or fragment that leads to this installation's /u/ page",
      }),
      Type.Null(),
    ],
    { description: 'null: PUBLIC_BASE_URL + /u' },
  ),
  printOffsetYMm: Type.Number({
    minimum: -5,
    maximum: 5,
    description: 'Printer offset for cards and stickers, mm down (negative: up), rounded to 0.1 mm',
  }),
};

export const InstitutionSchema = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    ...settings,
    createdAt: DateTime,
  },
  { $id: 'Institution' },
);

export const CreateInstitutionBodySchema = Type.Object(
  {
    name: Type.String({ minLength: 2, maxLength: 200 }),
    ...Type.Partial(Type.Object(settings)).properties,
  },
  { additionalProperties: false },
);

export const PatchInstitutionBodySchema = Type.Partial(
  Type.Object(
    { name: Type.String({ minLength: 2, maxLength: 200 }), ...settings },
    { additionalProperties: false },
  ),
  { additionalProperties: false, minProperties: 1 },
);

export const AdminSchema = Type.Object(
  {
    id: Uuid,
    email: Email,
    name: Type.String(),
    role: Type.Union([Type.Literal('admin'), Type.Literal('helpdesk')]),
    invitationPending: Type.Boolean({ description: 'No password set yet' }),
    lastLoginAt: Type.Union([DateTime, Type.Null()]),
  },
  { $id: 'Admin' },
);

export const CreateAdminBodySchema = Type.Object(
  {
    email: Email,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    role: Type.Union([Type.Literal('admin'), Type.Literal('helpdesk')]),
    password: Type.Optional(Type.String({ minLength: 10, maxLength: 128 })),
  },
  { additionalProperties: false },
);

export const AdminParamsSchema = IdParams('iid', 'userId');

export type Institution = Static<typeof InstitutionSchema>;
export type CreateInstitutionBody = Static<typeof CreateInstitutionBodySchema>;
export type PatchInstitutionBody = Static<typeof PatchInstitutionBodySchema>;
export type Admin = Static<typeof AdminSchema>;
export type CreateAdminBody = Static<typeof CreateAdminBodySchema>;
