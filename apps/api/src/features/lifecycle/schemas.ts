import { Type, type Static } from '@fastify/type-provider-typebox';
import { IsoDate, Uuid } from '../../schemas/common.js';

export const PreviewQuerySchema = Type.Object(
  {
    date: Type.Optional(
      Type.String({
        format: 'date',
        description:
          'What will have happened by the end of this day (YYYY-MM-DD, today or later, at most 5 years ahead). Default: the next end of a school year (30 June)',
      }),
    ),
  },
  { additionalProperties: false },
);

const Person = {
  studentId: Uuid,
  firstName: Type.String(),
  lastName: Type.String(),
  group: Type.String(),
};

export const EndingAccountSchema = Type.Object({
  ...Person,
  stamnummer: Type.String(),
  username: Type.String(),
  enrolledUntil: IsoDate,
  blocked: Type.Boolean(),
});

export const StoppingCoAccountSchema = Type.Object({
  ...Person,
  username: Type.String(),
  slot: Type.Integer(),
  state: Type.Union([Type.Literal('registered'), Type.Literal('invited'), Type.Literal('active')]),
  email: Type.Union([Type.String(), Type.Null()]),
});

export const ErasureSchema = Type.Object({
  ...Person,
  stamnummer: Type.String(),
  username: Type.Union([Type.String(), Type.Null()]),
  enrolledUntil: IsoDate,
  keepUntil: Type.Union([IsoDate, Type.Null()]),
  eraseOn: Type.String({
    format: 'date',
    description: 'The last day the data are kept (YYYY-MM-DD); they are erased the day after',
  }),
});

export const GroupCountsSchema = Type.Object({
  group: Type.String(),
  ending: Type.Integer(),
  coAccounts: Type.Integer(),
  erasures: Type.Integer(),
});

export const LifecyclePreviewSchema = Type.Object(
  {
    today: IsoDate,
    date: IsoDate,
    gracePeriodDays: Type.Integer(),
    counts: Type.Object({
      ending: Type.Integer(),
      coAccounts: Type.Integer(),
      erasures: Type.Integer(),
    }),
    groups: Type.Array(GroupCountsSchema, { description: 'Per group, sorted by group' }),
    ending: Type.Array(EndingAccountSchema, {
      description: 'Accounts whose enrolment ends by the date: inactive the day after',
    }),
    coAccounts: Type.Array(StoppingCoAccountSchema, {
      description: 'Co-accounts of those accounts: they stop with them',
    }),
    erasures: Type.Array(ErasureSchema, {
      description: 'Students whose grace period is over by the date: their data are erased',
    }),
  },
  { $id: 'LifecyclePreview' },
);

export type PreviewQuery = Static<typeof PreviewQuerySchema>;
export type LifecyclePreview = Static<typeof LifecyclePreviewSchema>;

/** Text a person types, without control characters (a NUL byte is refused with 400). */
const Typed = (max: number, description: string) =>
  Type.String({
    minLength: 1,
    maxLength: max,
    pattern: '^[^\\u0000-\\u001f\\u007f]*$',
    description,
  });

export const KeepBodySchema = Type.Object(
  {
    keepUntil: Type.Union([IsoDate, Type.Null()], {
      description:
        'Keep the data at least until this day (today or later, at most 5 years ahead), e.g. for a student who may return; null: the grace period alone decides',
    }),
  },
  { additionalProperties: false },
);

export const KeepAnswerSchema = Type.Object(
  {
    studentId: Uuid,
    keepUntil: Type.Union([IsoDate, Type.Null()]),
    eraseOn: Type.Union([IsoDate, Type.Null()], {
      description:
        'The last day the data are kept (erased the day after); null while the enrolment has no end',
    }),
  },
  { $id: 'KeepAnswer' },
);

export const EraseBodySchema = Type.Object(
  {
    confirmation: Typed(
      200,
      "The student's stamnummer, or first and last name, typed by the admin as confirmation",
    ),
  },
  { additionalProperties: false },
);

export const ErasureAnswerSchema = Type.Object(
  {
    studentId: Uuid,
    pseudonym: Type.String({
      description: 'Names the erased student in the pseudonymous history from now on',
    }),
    erasedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'ErasureAnswer' },
);

export type KeepBody = Static<typeof KeepBodySchema>;

const When = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const Day = Type.Union([IsoDate, Type.Null()]);
const Text = Type.Union([Type.String(), Type.Null()]);
const Credentials = Type.Array(Type.String(), {
  description:
    'Which credentials exist (e.g. "password_hash", "sealed_secret"), never their values',
});

export const PersonalDataSchema = Type.Object(
  {
    generatedAt: Type.String({ format: 'date-time' }),
    school: Type.Object({ id: Uuid, name: Type.String() }),
    student: Type.Object({
      id: Uuid,
      stamnummer: Type.String(),
      firstName: Type.String(),
      lastName: Type.String(),
      officialFirstName: Text,
      officialLastName: Text,
      gender: Text,
      birthDate: Day,
      group: Type.String(),
      enrolledUntil: Day,
      keepUntil: Day,
      parentEmails: Type.Array(Type.String()),
      locale: Text,
      createdAt: Type.String({ format: 'date-time' }),
      updatedAt: Type.String({ format: 'date-time' }),
    }),
    account: Type.Union([
      Type.Object({
        username: Type.String(),
        type: Type.String(),
        passwordKind: Type.String(),
        credentials: Credentials,
        mustChangePassword: Type.Boolean(),
        temporaryExpiresAt: When,
        email: Text,
        blockedAt: When,
        blockedReason: Text,
        createdAt: Type.String({ format: 'date-time' }),
        updatedAt: Type.String({ format: 'date-time' }),
        lastLoginAt: When,
      }),
      Type.Null(),
    ]),
    usernames: Type.Array(
      Type.Object({ username: Type.String(), issuedAt: When, releasedAt: When }),
      { description: 'Every username issued to this student (the registry keeps them for good)' },
    ),
    coAccounts: Type.Array(
      Type.Object({
        slot: Type.Integer(),
        email: Text,
        state: Type.String(),
        credentials: Credentials,
        invitedAt: When,
        activatedAt: When,
        passwordChangedAt: When,
        agreementVersion: Text,
        agreementAcceptedAt: When,
        lastLoginAt: When,
        revokedAt: When,
        createdAt: When,
      }),
    ),
    sessions: Type.Array(
      Type.Object({
        person: Type.String({ description: '"student" or "parent <slot>"' }),
        createdAt: When,
        lastSeenAt: When,
        expiresAt: When,
        userAgent: Text,
      }),
      { description: 'Portal sessions (the session secret itself is never stored)' },
    ),
    links: Type.Array(
      Type.Object({
        purpose: Type.String(),
        slot: Type.Union([Type.Integer(), Type.Null()]),
        email: Text,
        createdAt: When,
        expiresAt: When,
        usedAt: When,
        revokedAt: When,
      }),
      {
        description:
          'Activation and reset links mailed for the co-accounts (their tokens are stored hashed)',
      },
    ),
    appSignIns: Type.Array(
      Type.Object({ person: Type.String(), clientId: Text, expiresAt: When }),
      {
        description: 'Grants of the identity provider: apps this student or a parent signed in to',
      },
    ),
    history: Type.Array(
      Type.Object({
        kind: Type.String(),
        actor: Type.Object({ kind: Type.String(), name: Text }),
        detail: Type.Record(Type.String(), Type.Unknown()),
        createdAt: Type.String({ format: 'date-time' }),
      }),
    ),
    elsewhere: Type.Array(Type.String(), {
      description:
        'Where copies may also be for a while, with how long they stay (mails in the outbox, import previews, sealed idempotent answers)',
    }),
  },
  { $id: 'PersonalData' },
);

export type PersonalData = Static<typeof PersonalDataSchema>;
