import type { ColumnType, Generated } from 'kysely';
import type { ActorColumns, NullableTimestamp, Timestamp } from './table-columns.js';

// The identity provider and the learning apps.

export interface OidcModelsTable {
  model: string;
  id: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  grant_id: string | null;
  uid: string | null;
  expires_at: NullableTimestamp;
  consumed_at: NullableTimestamp;
}

export interface OidcKeysTable {
  kid: string;
  state: 'current' | 'next' | 'retired';
  /** The private JWK, sealed with CREDENTIALS_KEY (associated data: the kid). */
  sealed_jwk: string;
  created_at: Timestamp;
  retired_at: NullableTimestamp;
}

export interface AppsTable {
  id: Generated<string>;
  client_id: string;
  /** null: a platform app that schools switch on in app_institutions. */
  institution_id: string | null;
  name: string;
  logo_url: string | null;
  redirect_uris: ColumnType<string[], string, string>;
  post_logout_redirect_uris: ColumnType<string[], string, string>;
  launch_url: string | null;
  for_students: boolean;
  for_parents: boolean;
  /** Administrative groups allowed; null = every group. */
  groups: ColumnType<string[] | null, string | null, string | null>;
  confidential: boolean;
  secret_hash: string | null;
  secret_created_at: NullableTimestamp;
  subject_type: 'pairwise' | 'public';
  disabled: boolean;
  /** A consent screen before a person's first sign-in (otherwise the school's decision stands). */
  requires_consent: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AppInstitutionsTable {
  app_id: string;
  institution_id: string;
  created_at: Timestamp;
}

export interface AppEventsTable extends ActorColumns {
  id: Generated<string>;
  app_id: string;
  institution_id: string | null;
  kind: string;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Timestamp;
}

/** A periodic job: when it is due, its lease while running, its last run (platform/jobs). */
