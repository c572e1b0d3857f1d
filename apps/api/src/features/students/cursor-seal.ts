import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/**
 * The student list's cursors, sealed: AES-256-GCM under a key derived from SESSION_SECRET (the
 * same in every instance), with the list a cursor belongs to (school and filter) as associated
 * data. A cursor answers for its own list only, a tampered one opens nothing, and the names it
 * carries do not show in URLs and access logs.
 *
 * Sealing is deterministic, as in SIV: the nonce is the HMAC of the list and the cursor's content
 * under a second key, so two different cursors get different nonces (96 bits: a collision is not
 * to be expected before some 2^40 cursors) and one position of one list always gets the same
 * cursor. Equal cursors thus show only that they are equal, which they are; and a cursor is
 * sealed once, then taken from a small memo, and one that opened is not opened again. Page 1 is
 * asked again after every change of the school's data and every cursor of an integration that
 * polls comes back the same, so each of those requests does no cryptography: the cipher objects
 * cost a request some 20–60 µs of the event loop's time on this machine type (`pnpm bench list`).
 */
export class CursorSeal {
  readonly #enc: Buffer;
  readonly #mac: Buffer;
  /** list + NUL + content → cursor; and list + NUL + cursor → content (only cursors that opened). */
  readonly #sealed = new LRUCache<string, string>({ max: 4096 });
  readonly #opened = new LRUCache<string, string>({ max: 4096 });

  constructor(secret: string) {
    const key = createHmac('sha256', secret).update('schoolloket student list cursor').digest();
    this.#enc = createHmac('sha256', key).update('seal').digest();
    this.#mac = createHmac('sha256', key).update('nonce').digest();
  }

  /**
   * The cursor of `content` (JSON text) in `list` (JSON text naming the school and filter). A
   * JSON text holds no raw U+0000, so the memo's keys are unambiguous.
   */
  seal(list: string, content: string): string {
    const memo = `${list}\u0000${content}`;
    let cursor = this.#sealed.get(memo);
    if (cursor === undefined) {
      const nonce = createHmac('sha256', this.#mac).update(memo).digest().subarray(0, NONCE);
      const cipher = createCipheriv('aes-256-gcm', this.#enc, nonce);
      cipher.setAAD(Buffer.from(list));
      const sealed = Buffer.concat([cipher.update(content, 'utf8'), cipher.final()]);
      cursor = Buffer.concat([nonce, cipher.getAuthTag(), sealed]).toString('base64url');
      this.#sealed.set(memo, cursor);
    }
    return cursor;
  }

  /** The content a cursor was sealed with for `list`, or null: not of this list, or not ours. */
  open(list: string, cursor: string): string | null {
    const memo = `${list}\u0000${cursor}`;
    const known = this.#opened.get(memo);
    if (known !== undefined) return known;
    // Only the text we write: Node's decoder skips characters outside the alphabet and ignores
    // padding and a last character's unused bits, so `<cursor>!!`, `<cursor>=` or a cursor in
    // standard base64 would open too (found by an outside test), each a new entry of the memo.
    if (!BASE64URL.test(cursor)) return null;
    const raw = Buffer.from(cursor, 'base64url');
    if (raw.length <= NONCE + TAG || raw.toString('base64url') !== cursor) return null;
    let content: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#enc, raw.subarray(0, NONCE));
      decipher.setAAD(Buffer.from(list));
      decipher.setAuthTag(raw.subarray(NONCE, NONCE + TAG));
      content = Buffer.concat([
        decipher.update(raw.subarray(NONCE + TAG)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      return null;
    }
    this.#opened.set(memo, content);
    return content;
  }
}

const NONCE = 12;
const TAG = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const seals = new Map<string, CursorSeal>();

/** The seal of this SESSION_SECRET (one per process and secret). */
export function cursorSeal(secret: string): CursorSeal {
  let seal = seals.get(secret);
  if (!seal) {
    seal = new CursorSeal(secret);
    seals.set(secret, seal);
  }
  return seal;
}
