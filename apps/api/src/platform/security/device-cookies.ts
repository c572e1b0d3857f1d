import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// Device cookies (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): a browser that
// logged in successfully for a login name and credential holds a signed entry for it. Its later
// failures for that name count against the device only, so a stranger's (or a child's) failures
// elsewhere never lock it out. One cookie holds the entries of every name used in that browser
// (a family computer: a child and both parents, several children); an entry names neither the
// login name nor the school in clear — it is recognised by recomputing its signature for the
// name being tried.
//
// Entry: `<cred>.<day>.<nonce>.<sig>`; cred `s` (student), `p<slot>` (parent) or `a` (admin), day
// = days since 1970 when issued (base 36), nonce 128 bits, sig = the first 144 bits of
// HMAC-SHA-256(key, realm|name|cred|day|nonce) with a key derived from SESSION_SECRET.

export type DeviceRealm = 'portal' | 'admin';

export const DEVICE_COOKIE = 'sl_device';
/**
 * One cookie for every login that reads it: the portal's and the admins' (under /api/v1/) and the
 * login inside an app sign-in (POST /oidc/interaction/<uid>/login, confined to the interaction's
 * path by the provider's cookie). HttpOnly, so the pages it is also sent to cannot read it.
 */
export const DEVICE_COOKIE_PATH = '/';
/**
 * Where earlier versions kept it. A copy there is read with the current one wherever the browser
 * sends it (deviceCookieFromHeader), and expired by a write on a request that brought both
 * (two copies in the Cookie header, under that path), so no entry is lost on the way to the one
 * cookie: a lone copy may be either, and stays until the next login there.
 */
export const LEGACY_DEVICE_COOKIE_PATHS = ['/api/v1/'] as const;
export const DEVICE_VALID_DAYS = 180;
/**
 * A shared family computer (the child, two parents, a sibling or two), or a class computer that
 * a whole class and its teacher log in on (found by an outside test: with ten entries, the
 * eleventh pupil on a class computer pushed out a child whose username a stranger then kept
 * locked). The newest first: on a computer shared by more people, the longest unused drop out.
 */
export const MAX_ENTRIES = 40;
/** The longest value MAX_ENTRIES entries make (57 characters an entry, and the separators). */
const MAX_VALUE = MAX_ENTRIES * 58;

const DAY_MS = 86_400_000;
const ENTRY_RE = /^(s|p[1-9]|a)\.([0-9a-z]{1,6})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{24})$/;

/**
 * The device cookie as the browser sent it: every copy in the Cookie header (the current one and
 * those of earlier paths, the more specific path first) merged, each entry once, at most
 * MAX_ENTRIES; undefined when there is none.
 */
export function deviceCookieFromHeader(header: string | undefined): string | undefined {
  const entries: string[] = [];
  for (const value of deviceCookieCopies(header)) {
    if (value.length > MAX_VALUE) continue;
    for (const entry of value.split('~'))
      if (entry && !entries.includes(entry) && entries.length < MAX_ENTRIES) entries.push(entry);
  }
  return entries.length ? entries.join('~') : undefined;
}

/** The values of every device cookie in a Cookie header (one per path it was set at). */
export function deviceCookieCopies(header: string | undefined): string[] {
  const values: string[] = [];
  for (const pair of header?.split(';') ?? []) {
    const eq = pair.indexOf('=');
    if (eq >= 0 && pair.slice(0, eq).trim() === DEVICE_COOKIE)
      values.push(pair.slice(eq + 1).trim());
  }
  return values;
}

export interface DeviceEntry {
  cred: string;
  day: number;
  nonce: string;
  raw: string;
}

export class DeviceCookies {
  private readonly key: Buffer;

  constructor(sessionSecret: string) {
    this.key = createHmac('sha256', sessionSecret).update('schoolloket device cookie v1').digest();
  }

  private sign(realm: DeviceRealm, name: string, cred: string, day: string, nonce: string) {
    return createHmac('sha256', this.key)
      .update(`${realm}|${name}|${cred}|${day}|${nonce}`)
      .digest()
      .subarray(0, 18)
      .toString('base64url');
  }

  /** Every well-formed entry of a cookie value, unverified (at most MAX_ENTRIES). */
  parse(value: string | undefined): Array<DeviceEntry & { dayText: string; sig: string }> {
    if (!value || value.length > MAX_VALUE) return [];
    const out = [];
    for (const raw of value.split('~').slice(0, MAX_ENTRIES)) {
      const m = ENTRY_RE.exec(raw);
      if (!m) continue;
      out.push({
        cred: m[1]!,
        dayText: m[2]!,
        day: parseInt(m[2]!, 36),
        nonce: m[3]!,
        sig: m[4]!,
        raw,
      });
    }
    return out;
  }

  /** The entries of the cookie that were issued for this realm and name and are still valid. */
  valid(realm: DeviceRealm, name: string, value: string | undefined, now: Date): DeviceEntry[] {
    const today = Math.floor(now.getTime() / DAY_MS);
    return this.parse(value).filter((e) => {
      if (today - e.day > DEVICE_VALID_DAYS || e.day > today + 1) return false;
      const expected = Buffer.from(this.sign(realm, name, e.cred, e.dayText, e.nonce));
      const given = Buffer.from(e.sig);
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
  }

  /**
   * The cookie value after a successful login: a fresh entry for this name and credential first,
   * the entry it replaces dropped, the others (other names, other people) kept.
   */
  issue(
    realm: DeviceRealm,
    name: string,
    cred: string,
    value: string | undefined,
    now: Date,
  ): string {
    const replaced = new Set(
      this.valid(realm, name, value, now)
        .filter((e) => e.cred === cred)
        .map((e) => e.raw),
    );
    const day = Math.floor(now.getTime() / DAY_MS).toString(36);
    const nonce = randomBytes(16).toString('base64url');
    const entry = `${cred}.${day}.${nonce}.${this.sign(realm, name, cred, day, nonce)}`;
    const kept = this.parse(value)
      .filter((e) => !replaced.has(e.raw))
      .map((e) => e.raw);
    return [entry, ...kept].slice(0, MAX_ENTRIES).join('~');
  }
}
