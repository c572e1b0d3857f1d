import { USERNAME_MAX, isCanonicalValidUsername } from './rules.js';

// String(Number.MAX_SAFE_INTEGER).length: the longest counter a candidate can carry.
const MAX_COUNTER_DIGITS = 16;

/** Thrown when every candidate tried was taken; the API turns it into a "type a username" error. */
export class UsernameExhaustedError extends Error {
  readonly code = 'username_exhausted';
  constructor(
    readonly base: string,
    readonly startAt: number,
    readonly tries: number,
  ) {
    super(`No free username for base "${base}" after ${tries} tries from counter ${startAt}`);
    this.name = 'UsernameExhaustedError';
  }
}

function assertBase(base: string): void {
  if (!isCanonicalValidUsername(base)) {
    throw new TypeError(`Not a valid canonical username base: ${JSON.stringify(base)}`);
  }
}

function assertCounter(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new RangeError(`${what} must be a positive safe integer, got ${n}`);
  }
}

/**
 * The n-th candidate: `base`, `base2`, `base3`, … The base is cut so the whole stays within
 * USERNAME_MAX; a separator left at the end of the cut is dropped, so a cut after "lukasz." gives
 * "lukasz12", never "lukasz.12".
 */
export function usernameCandidate(base: string, n: number): string {
  assertBase(base);
  assertCounter(n, 'Counter');
  if (n === 1) return base;
  const suffix = String(n);
  const head = base.slice(0, USERNAME_MAX - suffix.length).replace(/[._-]+$/, '');
  return head + suffix;
}

/**
 * A prefix shared by every candidate of `base`, for one `LIKE prefix%` query that prefetches the
 * taken names (escape `_` and `%` in it: `_` is a legal username character).
 */
export function usernameCandidatePrefix(base: string): string {
  assertBase(base);
  return base.slice(0, USERNAME_MAX - MAX_COUNTER_DIGITS).replace(/[._-]+$/, '');
}

/**
 * Which counter of `base` produced `candidate`, or null. Lets the API start after the highest
 * counter already issued instead of probing from 1.
 */
export function usernameCounterOf(base: string, candidate: string): number | null {
  assertBase(base);
  if (candidate === base) return 1;
  const digits = /[0-9]+$/.exec(candidate)?.[0] ?? '';
  // A base that itself ends in digits makes the split ambiguous ("jan2" + "2" vs "jan" + "22").
  for (let i = 0; i < digits.length; i += 1) {
    const suffix = digits.slice(i);
    if (suffix.startsWith('0') || suffix.length > MAX_COUNTER_DIGITS) continue;
    const n = Number(suffix);
    if (n >= 2 && Number.isSafeInteger(n) && usernameCandidate(base, n) === candidate) return n;
  }
  return null;
}

export interface ResolveUsernameOptions {
  /** First counter to try (1 = the bare base). After a unique violation, pass `counter + 1`. */
  startAt?: number;
  /** Candidates tried before giving up with UsernameExhaustedError. */
  maxTries?: number;
}

/**
 * First free candidate from `startAt` on. `isTaken` must look at every username ever issued
 * (the never-reused registry). Between the check and the insert another transaction can win: the
 * database's unique index decides, and the caller retries with `startAt: counter + 1` on 23505.
 */
export async function resolveUsername(
  base: string,
  isTaken: (candidate: string) => Promise<boolean>,
  opts: ResolveUsernameOptions = {},
): Promise<{ username: string; counter: number }> {
  assertBase(base);
  const startAt = opts.startAt ?? 1;
  const maxTries = opts.maxTries ?? 1000;
  assertCounter(startAt, 'startAt');
  assertCounter(maxTries, 'maxTries');
  for (let i = 0; i < maxTries; i += 1) {
    const counter = startAt + i;
    if (!Number.isSafeInteger(counter)) break;
    const username = usernameCandidate(base, counter);
    if (!(await isTaken(username))) return { username, counter };
  }
  throw new UsernameExhaustedError(base, startAt, maxTries);
}
