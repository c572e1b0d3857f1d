import type { Migration } from 'kysely/migration';
import * as initial from './2026-11-23T09-00-initial.js';
import * as batches from './2026-11-23T10-00-batches-idempotency.js';
import * as coAccounts from './2026-11-23T11-00-co-accounts.js';
import * as imports from './2026-11-23T11-30-imports.js';
import * as studentListIndexes from './2026-11-23T12-00-student-list-indexes.js';
import * as dataVersions from './2026-11-23T13-00-data-versions.js';
import * as nameCollation from './2026-11-23T13-30-name-collation.js';
import * as adminPasswordLinks from './2026-11-23T14-00-admin-password-links.js';
import * as printSettings from './2026-12-02T04-40-print-settings.js';
import * as outboxLease from './2026-12-02T05-20-outbox-lease.js';
import * as adminJoinInvitations from './2026-12-02T06-00-admin-join-invitations.js';
import * as openidConnect from './2026-12-02T06-20-openid-connect.js';
import * as appConsent from './2026-12-02T07-34-app-consent.js';
import * as idempotencyLease from './2026-12-02T07-50-idempotency-lease.js';
import * as accountDefaults from './2026-12-02T08-08-account-defaults.js';
import * as searchPunctuation from './2026-12-02T08-21-search-punctuation.js';
import * as oidcAccountIndex from './2026-12-02T13-00-oidc-account-index.js';
import * as secondFactor from './2026-12-02T13-36-second-factor.js';
import * as scheduledJobs from './2026-12-02T14-30-scheduled-jobs.js';
import * as secondFactorEventsPasskeys from './2026-12-02T16-20-second-factor-events-passkeys.js';
import * as erasure from './2026-12-03T07-55-erasure.js';
import * as apiKeyRateLimit from './2026-12-03T08-30-api-key-rate-limit.js';
import * as changeFeed from './2026-12-03T09-10-change-feed.js';
import * as feedErasures from './2026-12-03T09-40-feed-erasures.js';
import * as feedEnrolmentEnds from './2026-12-03T09-50-feed-enrolment-ends.js';
import * as requestWindows from './2026-12-03T13-30-request-windows.js';
import * as endRecordedOn from './2026-12-04T19-40-end-recorded-on.js';
import * as idempotencyStudents from './2026-12-04T19-45-idempotency-students.js';
import * as sessionPasswordsShown from './2026-12-07T16-00-session-passwords-shown.js';
import * as sessionPasswordConfirmed from './2026-12-08T09-00-session-password-confirmed.js';
import * as gracePeriod from './2026-12-02T16-40-grace-period.js';

// Explicit list (no directory scan) so the same migrations run from src, dist and jest.
export const migrations: Record<string, Migration> = {
  '2026-11-23T09-00-initial': initial,
  '2026-11-23T10-00-batches-idempotency': batches,
  '2026-11-23T11-00-co-accounts': coAccounts,
  '2026-11-23T11-30-imports': imports,
  '2026-11-23T12-00-student-list-indexes': studentListIndexes,
  '2026-11-23T13-00-data-versions': dataVersions,
  '2026-11-23T13-30-name-collation': nameCollation,
  '2026-11-23T14-00-admin-password-links': adminPasswordLinks,
  '2026-12-02T04-40-print-settings': printSettings,
  '2026-12-02T05-20-outbox-lease': outboxLease,
  '2026-12-02T06-00-admin-join-invitations': adminJoinInvitations,
  '2026-12-02T06-20-openid-connect': openidConnect,
  '2026-12-02T07-34-app-consent': appConsent,
  '2026-12-02T07-50-idempotency-lease': idempotencyLease,
  '2026-12-02T08-08-account-defaults': accountDefaults,
  '2026-12-02T08-21-search-punctuation': searchPunctuation,
  '2026-12-02T13-00-oidc-account-index': oidcAccountIndex,
  '2026-12-02T13-36-second-factor': secondFactor,
  '2026-12-02T14-30-scheduled-jobs': scheduledJobs,
  '2026-12-02T16-20-second-factor-events-passkeys': secondFactorEventsPasskeys,
  '2026-12-02T16-40-grace-period': gracePeriod,
  '2026-12-03T07-55-erasure': erasure,
  '2026-12-03T08-30-api-key-rate-limit': apiKeyRateLimit,
  '2026-12-03T09-10-change-feed': changeFeed,
  '2026-12-03T09-40-feed-erasures': feedErasures,
  '2026-12-03T09-50-feed-enrolment-ends': feedEnrolmentEnds,
  '2026-12-03T13-30-request-windows': requestWindows,
  '2026-12-04T19-40-end-recorded-on': endRecordedOn,
  '2026-12-04T19-45-idempotency-students': idempotencyStudents,
  '2026-12-07T16-00-session-passwords-shown': sessionPasswordsShown,
  '2026-12-08T09-00-session-password-confirmed': sessionPasswordConfirmed,
};
