import type { Database } from '../../db/database.js';
import { AppError } from '../errors/index.js';
import { newToken, tokenHash } from '../security/index.js';
import { consumeToken, countTokenFailure } from './repository.js';

// One-time links (co-account activation, admin invitation, join and reset): a 256-bit token that
// only the mail holds, stored as its hash in `tokens`; single use; dead after MAX_LINK_FAILURES
// rejected passwords. Each feature finds its own open links and configures the rest here.

/** Rejected passwords a link survives (stops using one link as an oracle for other passwords). */
export const MAX_LINK_FAILURES = 10;

const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

export interface OneTimeLinks {
  /** A fresh token for the mail and the hash to store. */
  issue(): { token: string; hash: string };
  /** The hash to look a link up by; a token of the wrong shape is an invalid link. */
  hashOf(token: string): string;
  /** The answer to every link that cannot be used (the same whatever the reason). */
  invalid(): AppError;
  /** Counts a rejected password; the link dies at MAX_LINK_FAILURES. */
  fail(db: Database, id: string, now: Date): Promise<void>;
  /** The single-use guarantee: of concurrent submits exactly one consumes; the others are invalid. */
  consume(trx: Database, id: string, now: Date): Promise<void>;
}

export function oneTimeLinks(invalidMessage: string): OneTimeLinks {
  const invalid = () => new AppError('link_invalid', invalidMessage);
  return {
    issue() {
      const token = newToken();
      return { token, hash: tokenHash(token) };
    },
    hashOf(token) {
      if (!TOKEN_RE.test(token)) throw invalid();
      return tokenHash(token);
    },
    invalid,
    async fail(db, id, now) {
      await countTokenFailure(db, id, MAX_LINK_FAILURES, now);
    },
    async consume(trx, id, now) {
      if (!(await consumeToken(trx, id, now))) throw invalid();
    },
  };
}
