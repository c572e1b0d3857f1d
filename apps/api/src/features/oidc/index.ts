// The door of the OpenID Connect provider for other features.
export { rotateSigningKeys } from './keys.js';
export { PAGE_STYLE_HASH } from './pages.js';
export {
  destroyForAccount as endAppSignIns,
  destroyForStudent as endAppSignInsOfStudent,
<<<<<<< HEAD
  destroyForClient as endSignInsToApp,
=======
  countExpired as countExpiredProviderRows,
  purgeExpired as purgeExpiredProviderRows,
>>>>>>> 00907dd (Periodic jobs: one scheduler per API instance, each job claimed once per period by a lease row (scheduled_jobs); purge jobs for sessions, provider rows, links, throttles, outbox, idempotency keys and import previews with RETENTION_*_DAYS; GET /platform/jobs status; pnpm job <name> [--dry-run])
} from './repository.js';

/** The provider's account id of a student (slot null) or of a parent's co-account slot. */
export const oidcAccountId = (studentId: string, slot: number | null) =>
  slot === null ? `s.${studentId}` : `p.${studentId}.${slot}`;
