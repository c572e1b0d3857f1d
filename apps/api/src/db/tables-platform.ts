import type { ColumnType, Generated } from 'kysely';
import type { ActorColumns, DateString, NullableTimestamp, Timestamp } from './table-columns.js';

// Infrastructure: idempotency, one-time links, mail outbox, throttles, imports, data versions.

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
  /** The students the stored answer names; an erasure of one of them deletes the row. */
  student_ids: string[] | null;
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

export interface ImportsTable extends ActorColumns {
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
