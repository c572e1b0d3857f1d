export { type Locale, LOCALES, DEFAULT_LOCALE } from './locale.js';
export { foldForSearch, foldToAscii, type FoldResult } from './fold.js';
export {
  USERNAME_MAX,
  USERNAME_MIN,
  type UsernameError,
  canonicalUsername,
  INVISIBLE,
  typedUsername,
  validateUsername,
  parseUsername,
  isCanonicalValidUsername,
} from './rules.js';
export { usernameBase, type UsernameBase, type UsernameReviewReason } from './username-base.js';
export {
  usernameCandidate,
  usernameCandidatePrefix,
  usernameCounterOf,
  resolveUsername,
  type ResolveUsernameOptions,
  UsernameExhaustedError,
} from './candidates.js';
export { usernameMessages, usernameReviewMessages } from './messages.js';
