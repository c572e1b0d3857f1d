import type { ColumnType, Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from './table-columns.js';

// Jobs, the admins' second factor, platform settings and the tombstones of erased students.

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
