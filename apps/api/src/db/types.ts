import type { Insertable, Selectable, Updateable } from 'kysely';
import type {
  InstitutionsTable,
  AdminUsersTable,
  MembershipsTable,
  SessionsTable,
  ApiKeysTable,
  StudentsTable,
  UsernamesTable,
  AccountsTable,
  AccountEventsTable,
  BatchesTable,
  CoAccountsTable,
  AdminJoinInvitationsTable,
  TokensTable,
} from './tables-people.js';
import type {
  IdempotencyKeysTable,
  OutboxTable,
  LoginThrottlesTable,
  RequestWindowsTable,
  ImportsTable,
  ImportItemsTable,
  DataVersionsTable,
} from './tables-platform.js';
import type {
  OidcModelsTable,
  OidcKeysTable,
  AppsTable,
  AppInstitutionsTable,
  AppEventsTable,
} from './tables-apps.js';
import type {
  ScheduledJobsTable,
  AdminTotpTable,
  AdminRecoveryCodesTable,
  LoginPendingTable,
  AdminSecurityEventsTable,
  AdminPasskeysTable,
  WebauthnChallengesTable,
  PlatformSettingsTable,
  StudentTombstonesTable,
} from './tables-security.js';

// Row types of the database (snake_case), one file per area (tables-*.ts); API shapes live in
// each feature's schemas.ts.
export type * from './tables-people.js';
export type * from './tables-platform.js';
export type * from './tables-apps.js';
export type * from './tables-security.js';

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
