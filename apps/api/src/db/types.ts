import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

// Row types of the database (snake_case). API shapes live in each feature's schemas.ts.
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
/** `date` columns travel as 'YYYY-MM-DD' strings (parsers set in database.ts). */
type DateString = ColumnType<string | null, string | null | undefined, string | null>;

export interface InstitutionsTable {
  id: Generated<string>;
  name: string;
  locale: Generated<string>;
  co_account_slots: Generated<number>;
  picture_password_length: Generated<number>;
  temporary_password_days: Generated<number>;
  helpdesk_email: string | null;
  helpdesk_phone: string | null;
  /** numeric(2, 1): pg and PGlite return it as a string */
  print_offset_x_mm: Generated<string | number>;
  print_offset_y_mm: Generated<string | number>;
  advanced_from_age: Generated<number>;
  basic_password_kind: Generated<'picture' | 'word'>;
  personal_url_base: string | null;
  require_second_factor: Generated<boolean>;
  grace_period_days: Generated<number>;
  created_at: Timestamp;
}

export interface AdminUsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string | null;
  is_platform_admin: Generated<boolean>;
  created_at: Timestamp;
  last_login_at: NullableTimestamp;
}

export type Role = 'admin' | 'helpdesk';

export interface MembershipsTable {
  admin_user_id: string;
  institution_id: string;
  role: Role;
  created_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  kind: 'admin' | 'portal';
  admin_user_id: string | null;
  student_id: string | null;
  co_account_slot: number | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  /** When this session's admin last proved the second factor (login or step-up). */
  second_factor_at: NullableTimestamp;
  user_agent: string | null;
}

export interface ApiKeysTable {
  id: Generated<string>;
  institution_id: string;
  name: string;
  prefix: string;
  token_hash: string;
  scope: 'read' | 'read-write';
  created_by: string | null;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  /** Requests per minute; null: the installation's default. */
  rate_limit_per_minute: number | null;
}

export interface StudentsTable {
  id: Generated<string>;
  institution_id: string;
  stamnummer: string;
  first_name: string;
  last_name: string;
  group_name: Generated<string>;
  official_first_name: string | null;
  official_last_name: string | null;
  gender: string | null;
  birth_date: DateString;
  enrolled_until: DateString;
  /** The enrolment end the change feed announced (the feed-enrolment-ends job). */
  feed_ended_on: DateString;
  parent_emails: ColumnType<string[], string[] | undefined, string[]>;
  locale: string | null;
  keep_until: DateString;
  search_text: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Set by a trigger (change feed): the transaction of the last relevant write, and its kind. */
  change_xid: Generated<string | null>;
  change_kind: Generated<string | null>;
}

export interface UsernamesTable {
  username: string;
  institution_id: string;
  student_id: string | null;
  issued_at: Timestamp;
  released_at: NullableTimestamp;
}

export type AccountType = 'basic' | 'advanced';
export type PasswordKind = 'picture' | 'word' | 'temporary' | 'own';

export interface AccountsTable {
  student_id: string;
  institution_id: string;
  username: string;
  type: AccountType;
  password_kind: PasswordKind;
  password_hash: string;
  secret_enc: string | null;
  must_change: Generated<boolean>;
  temporary_expires_at: NullableTimestamp;
  email: string | null;
  blocked_at: NullableTimestamp;
  blocked_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_login_at: NullableTimestamp;
  /** Set by a trigger (change feed): the transaction of the last relevant write, and its kind. */
  change_xid: Generated<string | null>;
  change_kind: Generated<string | null>;
}

export interface AccountEventsTable {
  id: Generated<string>;
  institution_id: string;
  /** Null once the student is erased: the event stays, under its pseudonym. */
  student_id: string | null;
  /** Set when the student is erased: random, one per erased student, names no one. */
  pseudonym: ColumnType<string | null, string | null | undefined, string | null>;
  kind: string;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Timestamp;
}

export interface BatchesTable {
  id: Generated<string>;
  institution_id: string;
  student_ids: string[];
  basic_count: number;
  advanced_count: number;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  created_at: Timestamp;
}

export interface IdempotencyKeysTable {
  institution_id: string;
  key: string;
  request_hash: string;
  state: 'processing' | 'done';
  progress_done: Generated<number>;
  progress_total: Generated<number>;
  response_status: number | null;
  response_enc: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  /** The holder of a "processing" key; only it may renew, record progress or finish. */
  lease_id: string | null;
  lease_expires_at: NullableTimestamp;
}

export type CoAccountState = 'registered' | 'invited' | 'active' | 'revoked';

export interface CoAccountsTable {
  student_id: string;
  slot: number;
  institution_id: string;
  email: string | null;
  password_hash: string | null;
  state: CoAccountState;
  invited_at: NullableTimestamp;
  activated_at: NullableTimestamp;
  password_changed_at: NullableTimestamp;
  agreement_version: string | null;
  agreement_accepted_at: NullableTimestamp;
  last_login_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A school's invitation to an existing user to join it (accepted through a mailed link). */
export interface AdminJoinInvitationsTable {
  id: Generated<string>;
  institution_id: string;
  admin_user_id: string;
  /** As the inviting school typed it. */
  email: string;
  name: string;
  role: Role;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TokensTable {
  id: Generated<string>;
  token_hash: string;
  purpose: string;
  /** Null only for an admin's reset link (not tied to a school). */
  institution_id: string | null;
  /** The admin an invitation or reset link is for (absent on co-account links). */
  admin_user_id: ColumnType<string | null, string | null | undefined, string | null>;
  student_id: string | null;
  slot: number | null;
  email: string | null;
  failed_attempts: Generated<number>;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface OutboxTable {
  id: Generated<string>;
  template: string;
  recipient: string;
  message_enc: string | null;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  locked_until: NullableTimestamp;
  lease_id: string | null;
  last_error: string | null;
  logged_at: NullableTimestamp;
  sent_at: NullableTimestamp;
  failed_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface LoginThrottlesTable {
  key: string;
  failures: Generated<number>;
  lockouts: Generated<number>;
  window_started_at: Timestamp;
  last_failure_at: Timestamp;
  locked_until: NullableTimestamp;
}

export interface RequestWindowsTable {
  key: string;
  window_started_at: Timestamp;
  used: number;
  lease: number;
}

export interface ImportsTable {
  id: Generated<string>;
  institution_id: string;
  source: 'upload' | 'api';
  status: 'previewed' | 'committed' | 'superseded';
  file_name: string | null;
  file_size: number | null;
  format: string;
  encoding: string | null;
  delimiter: string | null;
  sheet_name: string | null;
  header_row: number | null;
  row_count: Generated<number>;
  columns: ColumnType<unknown[], string | undefined, string>;
  counts: ColumnType<Record<string, number>, string, string>;
  fingerprint: string | null;
  leavers: 'end' | 'keep' | null;
  leavers_end_date: DateString;
  summary: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  created_at: Timestamp;
  committed_at: NullableTimestamp;
  committed_by_kind: string | null;
  committed_by_name: string | null;
}

export interface ImportItemsTable {
  import_id: string;
  seq: number;
  kind: 'create' | 'update' | 'unchanged' | 'leaving' | 'error';
  row_number: number | null;
  stamnummer: string | null;
  student_id: string | null;
  data: ColumnType<Record<string, unknown>, string, string>;
}

/** Moved by a commit-time trigger whenever a student or account of the school changes. */
export interface DataVersionsTable {
  institution_id: string;
  /** int8, read as a string by both drivers. */
  version: ColumnType<string, never, never>;
}

/** Everything oidc-provider stores, one row per (model, id). */
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

export interface AppEventsTable {
  id: Generated<string>;
  app_id: string;
  institution_id: string | null;
  kind: string;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Timestamp;
}

/** A periodic job: when it is due, its lease while running, its last run (platform/jobs). */
export interface ScheduledJobsTable {
  name: string;
  next_run_at: Timestamp;
  lease_id: string | null;
  lease_until: NullableTimestamp;
  last_started_at: NullableTimestamp;
  last_finished_at: NullableTimestamp;
  last_duration_ms: number | null;
  last_counts: ColumnType<Record<string, number> | null, string | null, string | null>;
  last_error: string | null;
  runs: Generated<number>;
  failures: Generated<number>;
}

export interface AdminTotpTable {
  admin_user_id: string;
  secret_sealed: string;
  confirmed_at: NullableTimestamp;
  /** The last accepted RFC 6238 time step: a code of that step or earlier is refused. */
  last_step: number | null;
  created_at: Timestamp;
}

export interface AdminRecoveryCodesTable {
  id: Generated<string>;
  admin_user_id: string;
  code_hash: string;
  used_at: NullableTimestamp;
  created_at: Timestamp;
}

/** Between the password and the second factor: no session, only what finishing the login needs. */
export interface LoginPendingTable {
  id: string;
  admin_user_id: string;
  setup: Generated<boolean>;
  attempts: Generated<number>;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** Something that happened to an admin's second factors (used recovery code, reset, …). */
export interface AdminSecurityEventsTable {
  id: Generated<string>;
  admin_user_id: string;
  kind: string;
  actor_id: string | null;
  actor_name: string | null;
  institution_id: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Timestamp;
}

/** A WebAuthn credential (passkey) of an admin. */
export interface AdminPasskeysTable {
  id: Generated<string>;
  admin_user_id: string;
  credential_id: string;
  public_key: string;
  /** bigint: pg and PGlite return it as a string */
  counter: ColumnType<string, number | string | undefined, number | string>;
  transports: ColumnType<string[], string | undefined, string>;
  device_type: string;
  backed_up: boolean;
  name: string;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
}

/** A WebAuthn challenge: single use (deleted when used), short-lived, bound to what asked it. */
export interface WebauthnChallengesTable {
  challenge: string;
  purpose: string;
  binding: string | null;
  admin_user_id: string | null;
  expires_at: Timestamp;
}

export interface PlatformSettingsTable {
  id: Generated<boolean>;
  require_second_factor: Generated<boolean>;
}

/** An erased student in the change feed: the id, nothing personal. */
export interface StudentTombstonesTable {
  student_id: string;
  institution_id: string;
  change_xid: Generated<string>;
  erased_at: Date;
}

export interface DB {
  institutions: InstitutionsTable;
  admin_users: AdminUsersTable;
  memberships: MembershipsTable;
  admin_join_invitations: AdminJoinInvitationsTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  students: StudentsTable;
  student_tombstones: StudentTombstonesTable;
  usernames: UsernamesTable;
  accounts: AccountsTable;
  account_events: AccountEventsTable;
  batches: BatchesTable;
  idempotency_keys: IdempotencyKeysTable;
  co_accounts: CoAccountsTable;
  tokens: TokensTable;
  outbox: OutboxTable;
  login_throttles: LoginThrottlesTable;
  request_windows: RequestWindowsTable;
  imports: ImportsTable;
  import_items: ImportItemsTable;
  data_versions: DataVersionsTable;
  oidc_models: OidcModelsTable;
  oidc_keys: OidcKeysTable;
  apps: AppsTable;
  app_institutions: AppInstitutionsTable;
  app_events: AppEventsTable;
  scheduled_jobs: ScheduledJobsTable;
  admin_totp: AdminTotpTable;
  admin_recovery_codes: AdminRecoveryCodesTable;
  login_pending: LoginPendingTable;
  platform_settings: PlatformSettingsTable;
  admin_security_events: AdminSecurityEventsTable;
  admin_passkeys: AdminPasskeysTable;
  webauthn_challenges: WebauthnChallengesTable;
}

export type AppRow = Selectable<AppsTable>;

export type InstitutionRow = Selectable<InstitutionsTable>;
export type StudentRow = Selectable<StudentsTable>;
export type NewStudent = Insertable<StudentsTable>;
export type StudentUpdate = Updateable<StudentsTable>;
export type AccountRow = Selectable<AccountsTable>;
export type CoAccountRow = Selectable<CoAccountsTable>;
