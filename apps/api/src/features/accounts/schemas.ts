import { Type, type Static } from '@fastify/type-provider-typebox';
import { DateTime, OneOf, Uuid, WarningCodeSchema } from '../../schemas/common.js';
import { AccountSchema, AccountTypeSchema, PasswordKindSchema } from '../../schemas/account.js';
import { StudentFilterSchema } from '../students/index.js';

export {
  AccountSchema,
  AccountTypeSchema,
  PasswordKindSchema,
  StatusSchema,
  type Account,
  type AccountStatus,
} from '../../schemas/account.js';

const PictureIds = Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 8 });
const Username = Type.String({ minLength: 1, maxLength: 60 });
const PasswordText = Type.String({ minLength: 1, maxLength: 128 });
export const BasicKindSchema = Type.Union([Type.Literal('picture'), Type.Literal('word')]);

export const WarningSchema = Type.Object({
  code: WarningCodeSchema,
  message: Type.String({ description: 'In Dutch (the dashboard shows its own text per code)' }),
});

export const AccountItemSchema = Type.Object(
  {
    studentId: Uuid,
    stamnummer: Type.Optional(Type.String()),
    firstName: Type.Optional(Type.String()),
    lastName: Type.Optional(Type.String()),
    group: Type.Optional(Type.String()),
    username: Type.Union([Type.String(), Type.Null()], {
      description: 'null when no username could be derived',
    }),
    type: AccountTypeSchema,
    passwordKind: PasswordKindSchema,
    password: Type.Optional(Type.String()),
    pictures: Type.Optional(Type.Array(Type.String(), { description: 'Picture ids in order' })),
    warnings: Type.Optional(Type.Array(WarningSchema)),
  },
  { $id: 'AccountItem' },
);

export const ProposalBodySchema = Type.Object(
  {
    studentIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 5000 })),
    filter: Type.Optional(StudentFilterSchema),
    type: Type.Optional(
      Type.Union([Type.Literal('basic'), Type.Literal('advanced')], {
        description:
          "Type for every student; left out, each student gets the type the school's advancedFromAge proposes for the birth date",
      }),
    ),
    passwordKind: Type.Optional(
      Type.Union([Type.Literal('picture'), Type.Literal('word')], {
        description: "Kind for the basic accounts; left out, the school's basicPasswordKind",
      }),
    ),
  },
  { additionalProperties: false },
);

export const CreateItemSchema = Type.Object(
  {
    studentId: Uuid,
    type: AccountTypeSchema,
    passwordKind: Type.Optional(Type.Union([BasicKindSchema, Type.Literal('temporary')])),
    username: Type.Optional(Username),
    password: Type.Optional(PasswordText),
    pictures: Type.Optional(PictureIds),
  },
  { additionalProperties: false },
);

export const CreateAccountsBodySchema = Type.Object(
  { items: Type.Array(CreateItemSchema, { minItems: 1 }) },
  { additionalProperties: false },
);

export const BatchResultSchema = Type.Object(
  {
    batchId: Uuid,
    counts: Type.Object({ basic: Type.Integer(), advanced: Type.Integer() }),
    items: Type.Array(AccountItemSchema),
  },
  { $id: 'BatchResult' },
);

export const ProgressSchema = Type.Object({
  state: OneOf(['pending', 'processing', 'done'], {
    description:
      '`pending`: no request with this key is known (yet): the POST has not registered, or its ' +
      'answer expired after 24 h, or no POST used the key; `processing`: it runs; `done`: the POST ' +
      'answered (send it again with the same key and body to read the answer)',
  }),
  done: Type.Integer({ description: 'Rows done so far' }),
  total: Type.Integer({ description: 'Rows of the request (0 while pending)' }),
  batchId: Type.Optional(
    Type.String({
      format: 'uuid',
      description:
        'When `done` and the creation succeeded: the batch it made (GET …/batches/{bid}/credentials shows it ' +
        'again, as after a reload of the page that sent it)',
    }),
  ),
});

export const PatchAccountBodySchema = Type.Object(
  {
    username: Type.Optional(Username),
    type: Type.Optional(AccountTypeSchema),
    passwordKind: Type.Optional(BasicKindSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const NewPasswordBodySchema = Type.Object(
  {
    passwordKind: Type.Optional(Type.Union([BasicKindSchema, Type.Literal('temporary')])),
    password: Type.Optional(PasswordText),
    pictures: Type.Optional(PictureIds),
  },
  { additionalProperties: false },
);

export const AccountWithSecretSchema = Type.Object(
  {
    account: AccountSchema,
    password: Type.Optional(
      Type.String({ description: 'Only when a new password was set by this request' }),
    ),
    pictures: Type.Optional(Type.Array(Type.String())),
  },
  { $id: 'AccountWithSecret' },
);

export const BlockBodySchema = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);

export const BatchSchema = Type.Object(
  {
    id: Uuid,
    createdAt: DateTime,
    createdBy: Type.Union([Type.String(), Type.Null()]),
    counts: Type.Object({ basic: Type.Integer(), advanced: Type.Integer() }),
    items: Type.Array(AccountItemSchema, {
      description: 'Without passwords: those come only in the creation answer and in exports',
    }),
  },
  { $id: 'Batch' },
);

export type AccountItem = Static<typeof AccountItemSchema>;
export type ProposalBody = Static<typeof ProposalBodySchema>;
export type CreateItem = Static<typeof CreateItemSchema>;
export type BatchResult = Static<typeof BatchResultSchema>;
export type PatchAccountBody = Static<typeof PatchAccountBodySchema>;
export type NewPasswordBody = Static<typeof NewPasswordBodySchema>;
export type Warning = Static<typeof WarningSchema>;

export const UsernameCheckBodySchema = Type.Object(
  {
    usernames: Type.Array(Type.String({ maxLength: 60 }), {
      minItems: 1,
      maxItems: 5000,
      description: 'The names of a bulk review, in row order',
    }),
  },
  { additionalProperties: false },
);

export const UsernameCheckSchema = Type.Object(
  {
    username: Type.String({ description: 'Canonical form (trimmed, NFKC, lowercase)' }),
    status: Type.Union(
      [
        Type.Literal('free'),
        Type.Literal('invalid'),
        Type.Literal('taken'),
        Type.Literal('duplicate'),
      ],
      {
        description:
          'invalid: breaks the username rules; taken: ever issued (usernames are never reused, in any school); duplicate: also in another row of this list',
      },
    ),
    code: Type.Optional(Type.String({ description: 'With invalid: which rule' })),
    row: Type.Optional(
      Type.Integer({ description: 'With duplicate: the other row (1-based) with the same name' }),
    ),
    message: Type.Optional(Type.String()),
  },
  { $id: 'UsernameCheck' },
);

export type UsernameCheck = Static<typeof UsernameCheckSchema>;
