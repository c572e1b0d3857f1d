import { Type, type Static } from '@fastify/type-provider-typebox';
import { DateTime, Page, Paging } from '../../schemas/common.js';

export const EVENT_KINDS = [
  'created',
  'username_changed',
  'password_regenerated',
  'type_changed',
  'blocked',
  'unblocked',
  'first_password_change',
  'password_changed',
  'email_added',
  'login',
  'login_locked',
  'co_account_registered',
  'co_account_invited',
  'co_account_activated',
  'co_account_revoked',
  'card_printed',
  'exported',
  'letter_printed',
  'enrolment_changed',
  'app_login',
  'app_consent_granted',
  'app_consent_declined',
  'keep_until_changed',
  'access_exported',
  'erased',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const ActorKindSchema = Type.Union(
  ['admin', 'api_key', 'student', 'parent', 'system'].map((k) => Type.Literal(k)),
);

export const AccountEventSchema = Type.Object(
  {
    id: Type.String(),
    kind: Type.String({ description: `One of ${EVENT_KINDS.join(', ')}` }),
    actor: Type.Object({ kind: ActorKindSchema, name: Type.Union([Type.String(), Type.Null()]) }),
    detail: Type.Record(Type.String(), Type.Unknown()),
    createdAt: DateTime,
  },
  { $id: 'AccountEvent' },
);

export const HistoryQuerySchema = Type.Object({ ...Paging }, { additionalProperties: false });
export const HistoryPageSchema = Page(AccountEventSchema);

export type AccountEvent = Static<typeof AccountEventSchema>;
