import { Type, type Static } from '@fastify/type-provider-typebox';
import {
  Email,
  IsoDate,
  NullableOneOf,
  NullableText,
  OneOf,
  Page,
  Paging,
  Uuid,
} from '../../schemas/common.js';
import {
  AccountSchema,
  AccountTypeSchema,
  STATUS_DESCRIPTION,
  StatusSchema,
} from '../../schemas/account.js';
import { CoAccountSchema } from '../co-accounts/index.js';

// No control characters in anything that ends up on a card or in a file.
const TEXT = '^[^\\u0000-\\u001f\\u007f-\\u009f]*$';
const Name = Type.String({ minLength: 1, maxLength: 100, pattern: TEXT });
const OptionalText = (max: number) =>
  Type.Union([Type.String({ maxLength: max, pattern: TEXT }), Type.Null()]);
export const Stamnummer = Type.String({
  minLength: 1,
  maxLength: 20,
  pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]*$',
  description: 'The school administration number of the student (stamnummer)',
});
export const GenderSchema = Type.Union(
  [Type.Literal('M'), Type.Literal('V'), Type.Literal('X'), Type.Null()],
  {
    description: 'M, V (vrouw) or X',
  },
);

// Nullable fields and closed sets as type checks, not anyOfs: see NullableText.
export const StudentSchema = Type.Object(
  {
    id: Uuid,
    stamnummer: Type.String(),
    firstName: Type.String(),
    lastName: Type.String(),
    group: Type.String({ description: 'Administratieve groep' }),
    officialFirstName: NullableText(),
    officialLastName: NullableText(),
    gender: NullableOneOf(['M', 'V', 'X'], { description: 'M, V (vrouw) or X' }),
    birthDate: NullableText({ format: 'date', description: 'YYYY-MM-DD' }),
    enrolledUntil: NullableText({ format: 'date', description: 'YYYY-MM-DD' }),
    parentEmails: Type.Array(Type.String()),
    locale: NullableOneOf(['nl', 'fr', 'en']),
    status: OneOf(['none', 'active', 'inactive', 'blocked'], { description: STATUS_DESCRIPTION }),
    accountType: NullableOneOf(['basic', 'advanced']),
    username: NullableText(),
    lastLoginAt: NullableText({ format: 'date-time' }),
  },
  { $id: 'Student' },
);

export const StudentDetailSchema = Type.Object(
  {
    ...StudentSchema.properties,
    account: Type.Union([AccountSchema, Type.Null()]),
    coAccounts: Type.Array(CoAccountSchema),
    keepUntil: Type.Union([IsoDate, Type.Null()], {
      description:
        '"Bewaren tot": the data are kept at least until this day, even after the grace period',
    }),
  },
  { $id: 'StudentDetail' },
);

export const SortField = Type.Union(
  ['stamnummer', 'firstName', 'lastName', 'group', 'status', 'type'].map((s) => Type.Literal(s)),
);

export const StudentFilterSchema = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        maxLength: 100,
        description: 'Stamnummer (exact or prefix), voornaam or naam; case- and accent-insensitive',
      }),
    ),
    group: Type.Optional(
      Type.String({ maxLength: 100, description: 'Administratieve groep (exact)' }),
    ),
    status: Type.Optional(StatusSchema),
    type: Type.Optional(Type.Union([AccountTypeSchema, Type.Literal('none')])),
  },
  { additionalProperties: false },
);

export const ListStudentsQuerySchema = Type.Object(
  {
    ...StudentFilterSchema.properties,
    sort: Type.Optional(SortField),
    order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
    ...Paging,
    cursor: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 2000,
        description:
          'The `nextCursor` of the previous page (same filter, sort and order): opens the page after it, ' +
          'as fast as the first page however deep it is. Takes precedence over `page`.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const StudentPageSchema = Type.Object({
  ...Page(Type.Ref('Student')).properties,
  nextCursor: NullableText({
    description:
      'Pass as `cursor` to get the next page (keyset paging: deep pages cost what the first ' +
      'one does); null on the last page. A page reached by cursor that is full may be the last ' +
      'one: its nextCursor then opens an empty page (with a null nextCursor). Opaque and bound ' +
      'to its list: the school, the filter, the sort and the order.',
  }),
});

export const GroupSchema = Type.Object(
  { name: Type.String(), count: Type.Integer() },
  { $id: 'Group' },
);

const studentFields = {
  firstName: Name,
  lastName: Name,
  group: Type.Optional(Type.String({ maxLength: 100, pattern: TEXT })),
  officialFirstName: Type.Optional(OptionalText(100)),
  officialLastName: Type.Optional(OptionalText(100)),
  gender: Type.Optional(GenderSchema),
  birthDate: Type.Optional(Type.Union([IsoDate, Type.Null()])),
  enrolledUntil: Type.Optional(Type.Union([IsoDate, Type.Null()])),
  parentEmails: Type.Optional(
    Type.Array(Email, { maxItems: 4, description: 'Registered parent e-mails, slot 1..n' }),
  ),
  locale: Type.Optional(
    Type.Union([Type.Literal('nl'), Type.Literal('fr'), Type.Literal('en'), Type.Null()]),
  ),
};

export const CreateStudentBodySchema = Type.Object(
  { stamnummer: Stamnummer, ...studentFields },
  { additionalProperties: false },
);
export const UpsertStudentBodySchema = Type.Object(studentFields, { additionalProperties: false });
export const PatchStudentBodySchema = Type.Partial(Type.Object(studentFields), {
  additionalProperties: false,
  minProperties: 1,
});

export type Student = Static<typeof StudentSchema>;
export type StudentDetail = Static<typeof StudentDetailSchema>;
export type StudentFilter = Static<typeof StudentFilterSchema>;
export type ListStudentsQuery = Static<typeof ListStudentsQuerySchema>;
export type CreateStudentBody = Static<typeof CreateStudentBodySchema>;
export type UpsertStudentBody = Static<typeof UpsertStudentBodySchema>;
export type PatchStudentBody = Static<typeof PatchStudentBodySchema>;
