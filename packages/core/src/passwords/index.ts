export { type PasswordError, passwordMessages, startsUnsafely } from './errors.js';
export { isCommonPassword, COMMON_PASSWORD_COUNT } from './common.js';
export {
  TEMPORARY_ALPHABET,
  TEMPORARY_LENGTH,
  TEMPORARY_MAX,
  generateTemporaryPassword,
  validateTemporaryPassword,
} from './temporary.js';
export {
  WORD_PASSWORD_DIGITS,
  WORD_PASSWORD_LAYOUTS,
  type WordPasswordLayout,
  generateWordPassword,
  validateWordPassword,
} from './word.js';
export { WORDS } from './words.js';
export {
  PICTURE_GRID_SIZE_DEFAULT,
  PICTURE_LENGTH_DEFAULT,
  PICTURE_LENGTH_MAX,
  PICTURE_LENGTH_MIN,
  generatePicturePassword,
  validatePicturePassword,
} from './picture.js';
export {
  OWN_PASSWORD_MAX,
  OWN_PASSWORD_MIN,
  type PasswordOwnerContext,
  checkParentPassword,
  checkStudentPassword,
} from './own.js';
export { type PasswordKind, passwordEntropyBits, passwordSpaceSize } from './entropy.js';
