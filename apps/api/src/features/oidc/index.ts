// The door of the OpenID Connect provider for other features.
export { rotateSigningKeys } from './keys.js';
export { PAGE_STYLE_HASH } from './pages.js';
export {
  destroyForAccount as endAppSignIns,
  destroyForStudent as endAppSignInsOfStudent,
  destroyForClient as endSignInsToApp,
} from './revocation.repository.js';
export {
  countExpired as countExpiredProviderRows,
  purgeExpired as purgeExpiredProviderRows,
} from './repository.js';

/** The provider's account id of a student (slot null) or of a parent's co-account slot. */
export const oidcAccountId = (studentId: string, slot: number | null) =>
  slot === null ? `s.${studentId}` : `p.${studentId}.${slot}`;
