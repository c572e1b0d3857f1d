export { factorRequired, methodsOf } from './policy.js';
export type { FactorMethod } from './policy.js';
export { beginTotp, linkTotp, verifyTotp } from './totp.js';
export type { TotpSetup } from './totp.js';
export { TotpSetupSchema } from './schemas.js';
export {
  assertMayShowPasswords,
  assertRecentFactor,
  MASS_EXPORT,
  PASSWORD_CONFIRMATION_MS,
  STEP_UP_MS,
} from './policy.js';
export {
  normaliseRecoveryCode,
  regenerateRecoveryCodes,
  remainingRecoveryCodes,
  useRecoveryCode,
} from './recovery.js';
export { assertionOptions, passkeyOwner, refusedPasskey, verifyAssertion } from './webauthn.js';
export { PasskeyAssertionBodySchema, PasskeyRequestOptionsSchema } from './passkey-schemas.js';
export type { PasskeyAssertionBody } from './passkey-schemas.js';
