import { Type, type Static } from '@fastify/type-provider-typebox';
import { DateTime, Email, Paging, Uuid } from '../../schemas/common.js';

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
      'not_registered: no e-mail; registered: e-mail known; invited: link sent; active: password set; revoked: access withdrawn by the school',
  },
);

export const CoAccountSchema = Type.Object(
  {
    slot: Type.Integer({ minimum: 1 }),
    email: Type.Union([Type.String(), Type.Null()], {
      description: 'The e-mail registered for this slot (students.parentEmails[slot - 1])',
    }),
    holderEmail: Type.Union([Type.String(), Type.Null()], {
      description:
        'Active or revoked co-accounts: the address the co-account belongs to (the parent activated it with ' +
        'this address, or an admin last registered it on this slot). When it differs from `email` (the ' +
        "school's list moved another address onto the slot, or removed it), the parent still logs in, but no " +
        'link to set a new password goes out for this slot until an admin confirms the registered address ' +
        'with PUT …/co-accounts/{slot} (the holder is told by mail). Null for other states.',
    }),
    state: CoAccountStateSchema,
    invitedAt: Type.Union([DateTime, Type.Null()]),
    activatedAt: Type.Union([DateTime, Type.Null()]),
    lastLoginAt: Type.Union([DateTime, Type.Null()]),
    passwordChangedAt: Type.Union([DateTime, Type.Null()]),
    agreementVersion: Type.Union([Type.String(), Type.Null()]),
    agreementAcceptedAt: Type.Union([DateTime, Type.Null()]),
    revokedAt: Type.Union([DateTime, Type.Null()]),
  },
  { $id: 'CoAccount' },
);

export const SlotParamsSchema = Type.Object(
  {
    iid: Type.String({ maxLength: 64 }),
    sid: Type.String({ maxLength: 64 }),
    slot: Type.Integer({ minimum: 1, maximum: 10 }),
  },
  { additionalProperties: false },
);

export const RegisterBodySchema = Type.Object({ email: Email }, { additionalProperties: false });

export const OverviewQuerySchema = Type.Object(
  {
    group: Type.Optional(
      Type.String({ maxLength: 100, description: 'Administratieve groep (exact)' }),
    ),
    ...Paging,
  },
  { additionalProperties: false },
);

const StateCounts = Type.Object({
  notRegistered: Type.Integer(),
  registered: Type.Integer(),
  invited: Type.Integer(),
  active: Type.Integer(),
  revoked: Type.Integer(),
});

export const CoAccountOverviewSchema = Type.Object(
  {
    groups: Type.Array(
      Type.Object({
        group: Type.String(),
        students: Type.Integer({ description: 'Students with an active account' }),
        withActiveCoAccount: Type.Integer(),
        slots: StateCounts,
        awaitingInvitation: Type.Integer({
          description:
            'Slots with a registered e-mail and no open link (never invited, or the link expired): what POST /institutions/{iid}/co-accounts/invitations would mail',
        }),
      }),
      {
        description:
          'Every group of the school (with an active account), regardless of the group filter',
      },
    ),
    items: Type.Array(
      Type.Object({
        studentId: Uuid,
        firstName: Type.String(),
        lastName: Type.String(),
        group: Type.String(),
        username: Type.String(),
        coAccounts: Type.Array(CoAccountSchema),
      }),
      { description: 'Students with an active account and no active co-account yet' },
    ),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  },
  { $id: 'CoAccountOverview' },
);

export const InviteAllBodySchema = Type.Object(
  {
    group: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'Only this group (exact)' }),
    ),
    expectedCount: Type.Integer({
      minimum: 0,
      maximum: 100_000,
      description:
        'How many mails the caller expects to send (the awaitingInvitation shown to the admin). A different count answers 409 and sends nothing.',
    }),
  },
  { additionalProperties: false },
);

export const InviteAllAnswerSchema = Type.Object(
  { sent: Type.Integer({ description: 'Activation mails queued' }) },
  { $id: 'CoAccountInvitations' },
);

// Public activation flow

export const LocaleQuerySchema = Type.Object(
  {
    locale: Type.Optional(Type.Union([Type.Literal('nl'), Type.Literal('fr'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);

export const ActivationRequestBodySchema = Type.Object(
  {
    username: Type.String({
      minLength: 1,
      maxLength: 200,
      description: "The child's username, without a domain",
    }),
    email: Type.String({
      minLength: 1,
      maxLength: 254,
      description: 'The e-mail address given at enrolment',
    }),
    locale: Type.Optional(
      Type.Union([Type.Literal('nl'), Type.Literal('fr'), Type.Literal('en')], {
        description: 'Language of the mail',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ActivationRequestAnswerSchema = Type.Object(
  {
    status: Type.Literal('accepted'),
    message: Type.String(),
  },
  { $id: 'ActivationRequestAnswer' },
);

export const ActivationInfoSchema = Type.Object(
  {
    childFirstName: Type.String(),
    schoolName: Type.String(),
    reset: Type.Boolean({
      description: 'The co-account is active already: the link sets a new password',
    }),
    agreement: Type.Object({
      version: Type.String(),
      locale: Type.String(),
      title: Type.String(),
      text: Type.String(),
    }),
    helpdesk: Type.Object({
      email: Type.Union([Type.String(), Type.Null()]),
      phone: Type.Union([Type.String(), Type.Null()]),
    }),
    expiresAt: DateTime,
  },
  { $id: 'ActivationInfo' },
);

export const ActivateBodySchema = Type.Object(
  {
    acceptAgreement: Type.Boolean({ description: 'Must be true' }),
    password: Type.String({ maxLength: 1000 }),
    agreementVersion: Type.Optional(
      Type.String({ maxLength: 100, description: 'The version shown; checked when sent' }),
    ),
  },
  { additionalProperties: false },
);

export const ActivatedSchema = Type.Object(
  {
    username: Type.String({
      description: "The child's username: log in with it and the new password",
    }),
    loginUrl: Type.String(),
  },
  { $id: 'Activated' },
);

export const HelpdeskQuerySchema = Type.Object(
  { school: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);

export const HelpdeskSchema = Type.Object(
  {
    schoolName: Type.String(),
    email: Type.Union([Type.String(), Type.Null()]),
    phone: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'SchoolHelpdesk' },
);

export type CoAccount = Static<typeof CoAccountSchema>;
export type CoAccountState = Static<typeof CoAccountStateSchema>;
export type CoAccountOverview = Static<typeof CoAccountOverviewSchema>;
export type ActivationInfo = Static<typeof ActivationInfoSchema>;
