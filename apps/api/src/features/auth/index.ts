export {
  deleteAdminSessions,
  deleteOtherAdminSessions,
  deleteOtherSessions,
  deleteFamilySessions,
  deleteSlotSessions,
  deleteStudentSessions,
  findAdminByEmail,
  findAdminById,
  findApiKeyByHash,
  findMembershipRole,
  markSecondFactor,
  spendPasswordsShown,
  touchApiKey,
} from './repository.js';
export {
  COOKIE_NAMES,
  SESSION_LIMITS,
  alive as aliveSession,
  createSession,
  destroySession,
  purgeEndedSessions,
  resolveAdminAccess,
  resolveSession,
} from './sessions.js';
export type { SessionKind } from './sessions.js';
export { confirmPassword } from './password-confirmation.js';
