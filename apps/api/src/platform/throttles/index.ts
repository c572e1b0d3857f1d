export {
  ACTIVATION_IP_POLICY,
  ADMIN_IP_POLICY,
  ADMIN_RESET_IP_POLICY,
  IP_POLICY,
  activationIpKey,
  adminIpKey,
  adminKey,
  adminResetIpKey,
  clearName,
  linkKey,
  PASSKEY_OPTIONS_IP_POLICY,
  passkeyOptionsIpKey,
  LEASE_SHARE,
  leaseRequests,
  lockedUntil,
  purgeRequestWindows,
  purgeStaleThrottles,
  SCHOOL_INVITATION_POLICY,
  schoolInvitationsKey,
  windowAdmit,
} from './repository.js';
export { admitFromAddress } from './address-window.js';
export { IN_FLIGHT_POLICY, takeSlots } from './in-flight.js';
export type { SlotLimit } from './in-flight.js';
export {
  admit,
  admitted,
  guarded,
  portalGate,
  refused,
  release,
  trustBrowserIfContested,
} from './service.js';
export type { Gate, GateSpec } from './service.js';
