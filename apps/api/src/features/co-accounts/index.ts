export {
  collidesWithFamily,
  newPasswordError,
  passwordRuleError,
  studentHashInput,
} from './credentials.js';
export { loginName, mailPasswordSet, parentActor } from './parent.js';
export {
  activeHolders,
  coAccountOf,
  findRow,
  findSessionSubject,
  findSubjectByStudentId,
  findSubjectByUsername,
  listRows,
  subjectOf,
  revokeTokens,
  setLastLogin,
} from './repository.js';
export type { SessionSubjectRow, SubjectRow } from './repository.js';
export { CoAccountSchema } from './schemas.js';
export { coAccountsFor } from './service.js';
export { keepHoldersInPlace, registeredEmail, type Holder } from './slots.js';
