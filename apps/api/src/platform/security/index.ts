export {
  DEVICE_COOKIE,
  DEVICE_COOKIE_PATH,
  LEGACY_DEVICE_COOKIE_PATHS,
  deviceCookieCopies,
  deviceCookieFromHeader,
  DEVICE_VALID_DAYS,
  DeviceCookies,
} from './device-cookies.js';
export type { DeviceRealm } from './device-cookies.js';
export { loggerRedaction } from './log-redaction.js';
export { PasswordHasher } from './password-hasher.js';
export { SecretBox } from './secret-box.js';
export { newToken, tokenHash } from './tokens.js';
export { hashInput } from './password-input.js';
export { weakPasswordError } from './password-strength.js';
