import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { AppError } from '../../platform/errors/index.js';
import * as repo from './repository.js';
import type { EventPage } from './events.schemas.js';

// The change feed: students and accounts created, changed, deactivated, in the order their
// transactions ended, behind an opaque cursor (a position, not a time: no clock skew, no gaps).

const START = { xid: '0', ord: 0, id: '00000000-0000-0000-0000-000000000000' };
const POSITION_RE =
  /^(\d{1,20})\.([01])\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

const XID8_MAX = 2n ** 64n - 1n;
const TAG = 16;

type Position = typeof START;

/**
 * A cursor is its position and an HMAC over the school and the position, under a key derived
 * from SESSION_SECRET (the same in every instance): a cursor of one school's feed used on
 * another's, or one made up by hand, is refused instead of silently skipping or repeating
 * changes. Cursors of the first version (`e1:`, the position alone) are still taken, so a tool
 * that stored one before the upgrade goes on where it was; its next cursor is sealed.
 */
export class FeedCursors {
  readonly #key: Buffer;

  constructor(secret: string) {
    this.#key = createHmac('sha256', secret).update('schoolloket change feed cursor').digest();
  }

  encode(iid: string, p: Position): string {
    const text = `e2:${p.xid}.${p.ord}.${p.id}:`;
    return Buffer.concat([Buffer.from(text, 'latin1'), this.#tag(iid, text)]).toString('base64url');
  }

  /** The position a cursor holds; `legacy`: a first-version cursor, whose position is unsigned. */
  decode(iid: string, cursor: string): Position & { legacy?: true } {
    const raw = /^[A-Za-z0-9_-]{1,200}$/.test(cursor)
      ? Buffer.from(cursor, 'base64url')
      : Buffer.alloc(0);
    // Only the text we write: Node's decoder ignores a last character's unused bits.
    const canonical = raw.toString('base64url') === cursor;
    const legacy = raw.toString('latin1');
    if (canonical && legacy.startsWith('e1:'))
      return { ...position(legacy.slice(3)), legacy: true };
    const text = raw.subarray(0, -TAG).toString('latin1');
    const tag = raw.subarray(-TAG);
    if (
      canonical &&
      raw.length > TAG &&
      text.startsWith('e2:') &&
      text.endsWith(':') &&
      timingSafeEqual(tag, this.#tag(iid, text))
    )
      return position(text.slice(3, -1));
    return notACursor();
  }

  #tag(iid: string, text: string): Buffer {
    return createHmac('sha256', this.#key).update(`${iid}\u0000${text}`).digest().subarray(0, TAG);
  }
}

function position(text: string): Position {
  const m = POSITION_RE.exec(text);
  // A transaction id is an xid8: twenty digits may be past its largest value, which PostgreSQL
  // refuses (found by an outside test: a 500 for a cursor made up by hand).
  if (!m || BigInt(m[1]!) > XID8_MAX) return notACursor();
  return { xid: m[1]!, ord: Number(m[2]), id: m[3]! };
}

function notACursor(): never {
  throw new AppError(
    'validation_failed',
    {
      nl: 'Deze cursor komt niet van de wijzigingsfeed van deze school: begin zonder `after` of gebruik de laatste `nextCursor`.',
      fr: 'Ce curseur ne vient pas du flux des modifications de cette école : commencez sans `after` ou utilisez le dernier `nextCursor`.',
      en: "This cursor does not come from this school's change feed: start without `after` or use the last `nextCursor`.",
    },
    [{ path: 'querystring.after', message: "not a cursor of this school's feed" }],
  );
}

const cursorsBySecret = new Map<string, FeedCursors>();

function feedCursors(secret: string): FeedCursors {
  let cursors = cursorsBySecret.get(secret);
  if (!cursors) {
    cursors = new FeedCursors(secret);
    cursorsBySecret.set(secret, cursors);
  }
  return cursors;
}

export async function changeFeed(
  ctx: AppContext,
  iid: string,
  query: { after?: string; limit?: number },
): Promise<EventPage> {
  const cursors = feedCursors(ctx.config.sessionSecret);
  const decoded = query.after === undefined ? START : cursors.decode(iid, query.after);
  // A first-version cursor carries no signature: one made up past the database's transactions
  // would come back signed, past every change to come (found by an outside test).
  if ('legacy' in decoded && BigInt(decoded.xid) >= (await repo.nextTransactionId(ctx.db)))
    notACursor();
  const from = { xid: decoded.xid, ord: decoded.ord, id: decoded.id };
  const limit = query.limit ?? 100;
  const rows = await repo.changesAfter(ctx.db, iid, from, limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const next = last
    ? { xid: last.xid, ord: last.entity === 'student' ? 0 : 1, id: last.student_id }
    : from;
  return {
    items: page.map((r) => ({
      entity: r.entity,
      change: (r.change ?? 'changed') as 'created' | 'changed' | 'deactivated' | 'erased',
      studentId: r.student_id,
      ...(r.change === 'erased'
        ? {}
        : r.entity === 'student'
          ? {
              student: {
                stamnummer: r.stamnummer!,
                firstName: r.first_name!,
                lastName: r.last_name!,
                group: r.group_name,
                enrolledUntil: r.enrolled_until,
              },
            }
          : {
              account: {
                username: r.username!,
                type: r.type as 'basic' | 'advanced',
                blocked: !!r.blocked,
              },
            }),
    })),
    nextCursor: cursors.encode(iid, next),
    hasMore: rows.length > limit,
  };
}
