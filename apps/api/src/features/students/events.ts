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

type Position = typeof START;

const encode = (p: Position) => Buffer.from(`e1:${p.xid}.${p.ord}.${p.id}`).toString('base64url');

function decode(cursor: string): Position {
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(cursor)
    ? Buffer.from(cursor, 'base64url').toString('utf8')
    : '';
  const m = text.startsWith('e1:') ? POSITION_RE.exec(text.slice(3)) : null;
  // A transaction id is an xid8: twenty digits may be past its largest value, which PostgreSQL
  // refuses (found by an outside test: a 500 for a cursor made up by hand).
  if (!m || BigInt(m[1]!) > XID8_MAX)
    throw new AppError(
      'validation_failed',
      {
        nl: 'Deze cursor komt niet van de wijzigingsfeed: begin zonder `after` of gebruik de laatste `nextCursor`.',
        fr: 'Ce curseur ne vient pas du flux des modifications : commencez sans `after` ou utilisez le dernier `nextCursor`.',
        en: 'This cursor does not come from the change feed: start without `after` or use the last `nextCursor`.',
      },
      [{ path: 'querystring.after', message: 'not a cursor of this feed' }],
    );
  return { xid: m[1]!, ord: Number(m[2]), id: m[3]! };
}

export async function changeFeed(
  ctx: AppContext,
  iid: string,
  query: { after?: string; limit?: number },
): Promise<EventPage> {
  const from = query.after === undefined ? START : decode(query.after);
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
    nextCursor: encode(next),
    hasMore: rows.length > limit,
  };
}
