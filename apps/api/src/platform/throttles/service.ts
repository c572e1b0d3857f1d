import type { AppContext } from '../../context.js';
import { AppError } from '../errors/index.js';
import type { DeviceRealm } from '../security/index.js';
import {
  clearName,
  DEVICE_POLICY,
  deviceKey,
  IP_POLICY,
  ipKey,
  lockedUntil,
  nameFailure,
  usernameKey,
  windowHit,
} from './repository.js';

/** The 429 of a running lock, with the seconds until it ends (the error handler sets Retry-After). */
export function tooMany(until: Date, now: Date): AppError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new AppError(
    'too_many_requests',
    `Too many failed attempts. Try again in ${Math.ceil(seconds / 60)} minute(s).`,
    undefined,
    { retryAfterSeconds: seconds },
  );
}

export interface GateSpec {
  realm: DeviceRealm;
  /** The canonical login name the device cookie is signed for. */
  name: string;
  /** Counter of the untrusted clients of this name. */
  nameKey: string;
  /** Counter of the untrusted clients of this address. */
  ipKey: string;
  ipPolicy: { windowMs: number; maxFailures: number };
}

/** Who is knocking: a trusted device (its counter key) or an untrusted client (null). */
export interface Gate extends GateSpec {
  device: string | null;
}

/**
 * Lets an attempt through or throws the 429 that holds it. A browser with a valid device cookie
 * for this name is held only by its own lock; once that runs it is treated as untrusted (OWASP),
 * and untrusted clients are held by the name's and the address's locks.
 */
export async function admit(
  ctx: AppContext,
  spec: GateSpec,
  cookie: string | undefined,
): Promise<Gate> {
  const now = ctx.now();
  const newest = ctx.devices.valid(spec.realm, spec.name, cookie, now)[0];
  if (newest) {
    const key = deviceKey(newest.nonce);
    if (!(await lockedUntil(ctx.db, [key], now))) return { ...spec, device: key };
  }
  const lock = await lockedUntil(ctx.db, [spec.nameKey, spec.ipKey], now);
  if (lock) throw tooMany(lock, now);
  return { ...spec, device: null };
}

/**
 * Counts a refused attempt where the gate says: against the device, or against the name and the
 * address. Returns the lock it started, if any, and whom it holds.
 */
export async function refused(
  ctx: AppContext,
  gate: Gate,
): Promise<{ until: Date; scope: 'device' | 'untrusted' } | null> {
  const now = ctx.now();
  if (gate.device) {
    const until = await nameFailure(ctx.db, gate.device, now, DEVICE_POLICY);
    return until ? { until, scope: 'device' } : null;
  }
  const until = await nameFailure(ctx.db, gate.nameKey, now);
  await windowHit(ctx.db, gate.ipKey, gate.ipPolicy, now);
  return until ? { until, scope: 'untrusted' } : null;
}

/**
 * A successful login: forgets the failures it was counted under and returns the device cookie
 * value that makes this browser trusted for the name and credential.
 */
export async function admitted(
  ctx: AppContext,
  gate: Gate,
  cred: string,
  cookie: string | undefined,
): Promise<string> {
  await clearName(ctx.db, gate.device ?? gate.nameKey);
  return ctx.devices.issue(gate.realm, gate.name, cred, cookie, ctx.now());
}

/** The gate of a portal username: login, password change, co-account passwords. */
export const portalGate = (username: string, ip: string): GateSpec => ({
  realm: 'portal',
  name: username,
  nameKey: usernameKey(username),
  ipKey: ipKey(ip),
  ipPolicy: IP_POLICY,
});
