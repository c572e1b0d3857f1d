import type { ColumnType, Generated } from 'kysely';
import type { ActorColumns, DateString, NullableTimestamp, Timestamp } from './table-columns.js';

// Schools, admins, students, their accounts and co-accounts, and the history.

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
  /** Passwords shown or printed again without a recent factor since the last one (policy.ts). */
  passwords_shown: Generated<number>;
  /** When this session last confirmed the admin's password ("sudo mode", see policy.ts). */
  password_confirmed_at: NullableTimestamp;
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
  /**
   * The day (Brussels) the current enrolled_until was written; the grace period before erasure
   * counts from the later of the two (null: from the end alone).
   */
  end_recorded_on: DateString;
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

export interface AccountEventsTable extends ActorColumns {
  id: Generated<string>;
  institution_id: string;
  /** Null once the student is erased: the event stays, under its pseudonym. */
  student_id: string | null;
  /** Set when the student is erased: random, one per erased student, names no one. */
  pseudonym: ColumnType<string | null, string | null | undefined, string | null>;
  kind: string;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Timestamp;
}

export interface BatchesTable extends ActorColumns {
  id: Generated<string>;
  institution_id: string;
  student_ids: string[];
  basic_count: number;
  advanced_count: number;
  created_at: Timestamp;
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
