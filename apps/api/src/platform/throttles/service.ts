import type { AppContext } from '../../context.js';
import { AppError } from '../errors/index.js';
import type { DeviceRealm } from '../security/index.js';
import {
  clearName,
  DEVICE_POLICY,
  deviceKey,
  hasFailures,
  IP_POLICY,
  ipKey,
  LINK_POLICY,
  lockedUntil,
  usernameKey,
} from './repository.js';
import { IN_FLIGHT_POLICY, takeSlots } from './in-flight.js';
import {
  lockStands,
  releaseName,
  releaseWindow,
  reserveName,
  reserveWindow,
} from './reservations.repository.js';

/** The 429 of a running lock, with the seconds until it ends (the error handler sets Retry-After). */
export function tooMany(until: Date, now: Date): AppError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new AppError(
    'too_many_requests',
    `Too many failed attempts. Try again in ${
      seconds < 60 ? `${seconds} second(s)` : `${Math.ceil(seconds / 60)} minute(s)`
    }.`,
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

/**
 * Who is knocking: a trusted device or one-time link (its counter key) or an untrusted client
 * (null).
 */
export interface Gate extends GateSpec {
  device: string | null;
  /** A one-time link: its refusals count against the name too (without being held by its lock). */
  link: boolean;
  /** The attempt reserved by admit, until refused, admitted or release settles it. */
  readonly hold: Hold;
}

interface Hold {
  /** The lock this attempt starts on its device or name counter if it fails. */
  startsLock: Date | null;
  /** The address window the attempt was counted in (untrusted clients only). */
  window: Date | null;
  settled: boolean;
  /** Frees the in-process check slots. */
  free: () => void;
}

/** An attempt over the queue of checks in flight: the same 429, try again in a second. */
const busy = (now: Date) => tooMany(new Date(now.getTime() + 1000), now);

/**
 * Lets an attempt through or throws the 429 that holds it, and reserves it: the attempt counts as
 * a failure from now on, atomically with the lock check (reservations.repository.ts), so parallel
 * attempts cannot outrun the count; refused, admitted or release settle it. A browser with a valid
 * device cookie for this name is held only by its own lock; once that runs it is treated as
 * untrusted (OWASP), and untrusted clients are held by the name's and the address's locks. Checks
 * in flight are capped per device, or per name and per address (in-flight.ts): an attempt over
 * the cap waits its turn before it is counted; over the queue it gets the same 429.
 * Prefer `guarded`, which settles the attempt whatever happens.
 */
export async function admit(
  ctx: AppContext,
  spec: GateSpec,
  cookie: string | undefined,
  link?: string,
): Promise<Gate> {
  // A valid one-time link (its counter key) is trusted like a device cookie, in its place.
  const newest = link ? undefined : ctx.devices.valid(spec.realm, spec.name, cookie, ctx.now())[0];
  const trusted = link
    ? { key: link, policy: LINK_POLICY }
    : newest
      ? { key: deviceKey(newest.nonce), policy: DEVICE_POLICY }
      : null;
  if (trusted) {
    const gate = await admitTrusted(ctx, spec, trusted, link);
    if (gate) return gate;
  }
  return admitUntrusted(ctx, spec);
}

/**
 * The device's or link's own counter: its gate, or null once its lock runs (the attempt is then
 * judged as an untrusted client's).
 */
async function admitTrusted(
  ctx: AppContext,
  spec: GateSpec,
  trusted: { key: string; policy: typeof DEVICE_POLICY },
  link: string | undefined,
): Promise<Gate | null> {
  const { key } = trusted;
  const free = await takeSlots([{ key, limit: IN_FLIGHT_POLICY.perName }]);
  if (!free) throw busy(ctx.now());
  // The time after any wait in the queue: the lock check and the count are of now.
  const now = ctx.now();
  const held = await reserveName(ctx.db, key, now, trusted.policy).catch((err: unknown) => {
    free();
    throw err;
  });
  if (held)
    return {
      ...spec,
      device: key,
      link: !!link,
      hold: { ...held, window: null, settled: false, free },
    };
  free();
  return null;
}

/** The name's and the address's counters: the gate, or the 429 of whichever holds. */
async function admitUntrusted(ctx: AppContext, spec: GateSpec): Promise<Gate> {
  // The name's place first: one name's flood (even with the right password, which is never
  // counted) then holds at most its own few places in the address's queue, so it cannot fill
  // that queue and hold up the rest of a school behind one address.
  const free = await takeSlots([
    { key: spec.nameKey, limit: IN_FLIGHT_POLICY.perName },
    { key: spec.ipKey, limit: IN_FLIGHT_POLICY.perAddress },
  ]);
  if (!free) throw busy(ctx.now());
  const now = ctx.now();
  let window: Date | null = null;
  try {
    window = await reserveWindow(ctx.db, spec.ipKey, spec.ipPolicy, now);
    const held = window ? await reserveName(ctx.db, spec.nameKey, now) : null;
    if (window && held)
      return {
        ...spec,
        device: null,
        link: false,
        hold: { ...held, window, settled: false, free },
      };
    if (window) {
      const reserved = window;
      window = null;
      await releaseWindow(ctx.db, spec.ipKey, spec.ipPolicy, reserved);
    }
    const lock = await lockedUntil(ctx.db, [spec.nameKey, spec.ipKey], now);
    throw lock ? tooMany(lock, now) : busy(now);
  } catch (err) {
    // The place in the address window goes back if the name could not be reserved (the
    // database away): otherwise errors on a busy morning would fill the school's window.
    if (window)
      await releaseWindow(ctx.db, spec.ipKey, spec.ipPolicy, window).catch(() => undefined);
    free();
    throw err;
  }
}

/**
 * The reserved attempt was a failure: it stays counted, against the device or against the name
 * and the address. Returns the lock it started, if any and if it still stands, and whom it holds:
 * one attempt starts each lock, so a caller recording it records each lock once.
 */
export async function refused(
  ctx: AppContext,
  gate: Gate,
): Promise<{ until: Date; scope: 'device' | 'untrusted' } | null> {
  gate.hold.settled = true;
  if (gate.link) {
    // A trusted link's refusal is a failure of the name as well (untrusted logins' lock sees it),
    // counted now; a lock that already runs holds the name anyway.
    const named = await reserveName(ctx.db, gate.nameKey, ctx.now());
    if (named?.startsLock && (await lockStands(ctx.db, gate.nameKey, named.startsLock)))
      return { until: named.startsLock, scope: 'untrusted' };
  }
  const until = gate.hold.startsLock;
  if (!until || !(await lockStands(ctx.db, gate.device ?? gate.nameKey, until))) return null;
  return { until, scope: gate.device ? 'device' : 'untrusted' };
}

/**
 * A successful login: forgets the failures it was counted under, gives back its place in the
 * address window, and returns the device cookie value that makes this browser trusted for the
 * name and credential.
 */
export async function admitted(
  ctx: AppContext,
  gate: Gate,
  cred: string,
  cookie: string | undefined,
): Promise<string> {
  gate.hold.settled = true;
  await clearName(ctx.db, gate.device ?? gate.nameKey);
  if (gate.hold.window) await releaseWindow(ctx.db, gate.ipKey, gate.ipPolicy, gate.hold.window);
  return ctx.devices.issue(gate.realm, gate.name, cred, cookie, ctx.now());
}

/**
 * Ends an attempt: unless refused or admitted settled it, it was no failure (a right current
 * password, a pending second factor, an error before the check), so its reservation is given
 * back; the check slots are freed in any case.
 */
export async function release(ctx: AppContext, gate: Gate): Promise<void> {
  const { hold } = gate;
  try {
    if (hold.settled) return;
    hold.settled = true;
    // Both are tried, and neither failure replaces the check's own answer (a right password
    // answered 500 because the database went away afterwards); a count not given back stays a
    // failure, the safe side.
    await Promise.allSettled([
      releaseName(ctx.db, gate.device ?? gate.nameKey, hold.startsLock),
      hold.window ? releaseWindow(ctx.db, gate.ipKey, gate.ipPolicy, hold.window) : undefined,
    ]);
  } finally {
    hold.free();
  }
}

/**
 * A browser that proved something other than a password (a valid one-time link: the registered
 * mailbox) while untrusted clients are failing for the name: the device cookie value that trusts
 * it for the name and credential, so that its logins are not held by a stranger's lock. Null
 * when nobody is failing for the name (its first login then sets the cookie as usual).
 */
export async function trustBrowserIfContested(
  ctx: AppContext,
  spec: GateSpec,
  cred: string,
  cookie: string | undefined,
): Promise<string | null> {
  const now = ctx.now();
  if (!(await hasFailures(ctx.db, spec.nameKey, now))) return null;
  return ctx.devices.issue(spec.realm, spec.name, cred, cookie, now);
}

/**
 * admit, then `check` with the gate, then release: the attempt is settled whatever happens. With
 * `link`, the counter key of a valid one-time link, the attempt is trusted as a device would be.
 */
export async function guarded<T>(
  ctx: AppContext,
  spec: GateSpec,
  cookie: string | undefined,
  check: (gate: Gate) => Promise<T>,
  link?: string,
): Promise<T> {
  const gate = await admit(ctx, spec, cookie, link);
  try {
    return await check(gate);
  } finally {
    await release(ctx, gate);
  }
}

/** The gate of a portal username: login, password change, co-account passwords. */
export const portalGate = (username: string, ip: string): GateSpec => ({
  realm: 'portal',
  name: username,
  nameKey: usernameKey(username),
  ipKey: ipKey(ip),
  ipPolicy: IP_POLICY,
});
