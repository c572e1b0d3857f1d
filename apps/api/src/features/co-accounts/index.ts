export {
  collidesWithFamily,
  newPasswordError,
  passwordRuleError,
  studentHashInput,
} from './credentials.js';
export { loginName, mailPasswordSet, parentActor } from './parent.js';
export {
  findRow,
  findSubjectByStudentId,
  findSubjectByUsername,
  listRows,
  revokeTokens,
  setLastLogin,
} from './repository.js';
export type { SubjectRow } from './repository.js';
export { CoAccountSchema } from './schemas.js';
export { coAccountsFor } from './service.js';
export { registeredEmail } from './slots.js';
