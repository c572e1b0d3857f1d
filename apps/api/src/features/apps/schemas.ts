import { Type, type Static } from '@fastify/type-provider-typebox';
import { DateTime, IdParams, Uuid } from '../../schemas/common.js';

// Learning apps ("Leerplatformen") as the HTTP contract shows them. A school sees its own apps and
// every platform app (with whether it switched it on); the platform admin sees platform apps.

const Uri = Type.String({ minLength: 1, maxLength: 2000 });

export const AudienceSchema = Type.Union(
  [Type.Literal('students'), Type.Literal('parents'), Type.Literal('both')],
  { description: 'Who may sign in: students, parents (co-accounts) or both' },
);

export const AppUsageSchema = Type.Object(
  {
    lastSignInAt: Type.Union([DateTime, Type.Null()]),
    users30d: Type.Integer({ description: 'Distinct people who signed in in the last 30 days' }),
  },
  { $id: 'AppUsage' },
);

export const LearningAppSchema = Type.Object(
  {
    id: Uuid,
    clientId: Type.String({ description: 'The OpenID Connect client_id' }),
    name: Type.String(),
    logoUrl: Type.Union([Type.String(), Type.Null()], {
      description: 'data: URL of the logo (PNG, JPEG or WebP), or null',
    }),
    redirectUris: Type.Array(Type.String()),
    postLogoutRedirectUris: Type.Array(Type.String()),
    launchUrl: Type.Union([Type.String(), Type.Null()], {
      description: 'Where the launchpad sends a person (initiate_login_uri); null starts the flow',
    }),
    audience: AudienceSchema,
    groups: Type.Union([Type.Array(Type.String()), Type.Null()], {
      description: 'Administrative groups allowed; null for every group',
    }),
    clientType: Type.Union([Type.Literal('confidential'), Type.Literal('public')]),
    secretCreatedAt: Type.Union([DateTime, Type.Null()]),
    subjectType: Type.Union([Type.Literal('pairwise'), Type.Literal('public')]),
    requiresConsent: Type.Boolean({
      description:
        'People confirm what the app receives before their first sign-in. Switching it on for an app in use ' +
        "ends the app's sign-ins made without consent (provider sessions, grants, refresh tokens): everyone is asked " +
        'at their next sign-in.',
    }),
    platform: Type.Boolean({ description: 'Registered by the platform admin for every school' }),
    disabled: Type.Boolean({ description: 'Switched off by whoever registered it' }),
    enabled: Type.Boolean({
      description:
        'People of this school can use it now: not disabled and, for a platform app, switched on',
    }),
    usage: AppUsageSchema,
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { $id: 'LearningApp' },
);

export const CreatedLearningAppSchema = Type.Object({
  ...LearningAppSchema.properties,
  clientSecret: Type.Optional(
    Type.String({ description: 'Confidential apps only. Shown once: store it now.' }),
  ),
});

export const AppSecretSchema = Type.Object({
  clientSecret: Type.String({ description: 'The new secret. Shown once; the old one stops now.' }),
  secretCreatedAt: DateTime,
});

const appFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  logoUrl: Type.Union([Type.String({ maxLength: 100_000 }), Type.Null()], {
    description: 'data:image/png|jpeg|webp;base64,… at most 64 KB; null removes the logo',
  }),
  redirectUris: Type.Array(Uri, {
    minItems: 1,
    maxItems: 10,
    description: 'Exact redirect URIs: https, or http only on localhost',
  }),
  postLogoutRedirectUris: Type.Array(Uri, { maxItems: 10 }),
  launchUrl: Type.Union([Uri, Type.Null()]),
  audience: AudienceSchema,
  groups: Type.Union([
    Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 200 }),
    Type.Null(),
  ]),
  subjectType: Type.Union([Type.Literal('pairwise'), Type.Literal('public')], {
    description:
      'pairwise: a person has an own id (sub) per app; all redirect URIs must then be on one host. public: the same id everywhere. Fixed once anyone signed in to the app (409).',
  }),
  requiresConsent: Type.Boolean(),
};

export const CreateAppBodySchema = Type.Object(
  {
    name: appFields.name,
    logoUrl: Type.Optional(appFields.logoUrl),
    redirectUris: appFields.redirectUris,
    postLogoutRedirectUris: Type.Optional(appFields.postLogoutRedirectUris),
    launchUrl: Type.Optional(appFields.launchUrl),
    audience: appFields.audience,
    groups: Type.Optional(appFields.groups),
    clientType: Type.Union([Type.Literal('confidential'), Type.Literal('public')], {
      description: 'confidential: a client secret (server-side app); public: PKCE only',
    }),
    subjectType: Type.Optional(appFields.subjectType),
    requiresConsent: Type.Optional(appFields.requiresConsent),
  },
  { additionalProperties: false },
);

export const PatchAppBodySchema = Type.Object(
  {
    name: Type.Optional(appFields.name),
    logoUrl: Type.Optional(appFields.logoUrl),
    redirectUris: Type.Optional(appFields.redirectUris),
    postLogoutRedirectUris: Type.Optional(appFields.postLogoutRedirectUris),
    launchUrl: Type.Optional(appFields.launchUrl),
    audience: Type.Optional(appFields.audience),
    groups: Type.Optional(appFields.groups),
    subjectType: Type.Optional(appFields.subjectType),
    requiresConsent: Type.Optional(appFields.requiresConsent),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const SwitchAppBodySchema = Type.Object(
  { enabled: Type.Boolean() },
  { additionalProperties: false },
);

export const AppEventSchema = Type.Object(
  {
    id: Type.String(),
    kind: Type.String({
      description:
        'created, updated, secret_rotated, disabled, enabled, deleted, switched_on, switched_off',
    }),
    actor: Type.Object({ kind: Type.String(), name: Type.Union([Type.String(), Type.Null()]) }),
    detail: Type.Record(Type.String(), Type.Unknown()),
    createdAt: DateTime,
  },
  { $id: 'AppEvent' },
);

export const AppParams = IdParams('iid', 'appId');
export const PlatformAppParams = IdParams('appId');

export type LearningApp = Static<typeof LearningAppSchema>;
export type CreateAppBody = Static<typeof CreateAppBodySchema>;
export type PatchAppBody = Static<typeof PatchAppBodySchema>;
export type AppEvent = Static<typeof AppEventSchema>;

export const LaunchpadSchema = Type.Object(
  {
    apps: Type.Array(
      Type.Object({
        id: Uuid,
        name: Type.String(),
        logoUrl: Type.Union([Type.String(), Type.Null()]),
        url: Type.String({
          description:
            "Where the tile leads: the app's launch URL with `iss` (third-party initiated login), or the app's own address",
        }),
      }),
    ),
    child: Type.Union(
      [
        Type.Object({
          firstName: Type.String(),
          status: Type.String({ description: 'active, inactive, blocked or none' }),
          activeSince: Type.Union([DateTime, Type.Null()]),
          lastLoginAt: Type.Union([DateTime, Type.Null()]),
        }),
        Type.Null(),
      ],
      { description: "For a parent: the child's account; null for a student" },
    ),
  },
  { $id: 'Launchpad' },
);
export type Launchpad = Static<typeof LaunchpadSchema>;

export const StudentAppUseSchema = Type.Object(
  {
    appId: Type.Union([Uuid, Type.Null()], { description: 'null when the app was deleted since' }),
    name: Type.String({ description: "The app's name now (or at the last sign-in, if deleted)" }),
    logoUrl: Type.Union([Type.String(), Type.Null()]),
    role: Type.Union([Type.Literal('student'), Type.Literal('parent')], {
      description: 'Who signed in: the student, or a parent through a co-account',
    }),
    lastSignInAt: DateTime,
    signIns: Type.Integer({ minimum: 1, description: 'Sign-ins in the history' }),
  },
  { $id: 'StudentAppUse' },
);
export type StudentAppUse = Static<typeof StudentAppUseSchema>;
