import { LRUCache } from 'lru-cache';
import type { AppContext } from '../../context.js';
import * as repo from './repository.js';
import type { ListStudentsQuery } from './schemas.js';
import * as list from './list.js';
import * as service from './service.js';

/**
 * The serialized student pages of this process (their UTF-8 bytes; LIST_CACHE_MB counts bytes),
 * keyed by school, query, today's date and the school's data version. The version (data_versions,
 * moved at COMMIT by a trigger whenever a student or account of the school changes) is read before
 * the page, so a page is never served for a version it is older than: every instance sees a write
 * as soon as it is committed, with no invalidation messages between instances. A hit costs one
 * primary-key read instead of the page and count queries.
 *
 * The totals are kept the same way, per filter (not per page or sort), even when the page cache
 * is off (LIST_CACHE_MB=0): a page that is not cached costs the version read and the page query,
 * and the count runs once per filter, version and date. The count reads the version in its own
 * snapshot and is kept under that version, so a kept total is exact: never an estimate, and a
 * rolled-back transaction moves neither. Today's date is part of the key because "active" and
 * "inactive" depend on it (an enrolment ending moves students without any write).
 */
export class StudentListCache {
  readonly #pages: LRUCache<string, Buffer> | null;
  readonly #totals = new LRUCache<string, number>({ max: 10_000 });

  constructor(maxBytes: number) {
    this.#pages =
      maxBytes > 0
        ? new LRUCache<string, Buffer>({ maxSize: maxBytes, sizeCalculation: entrySize })
        : null;
  }

  /**
   * The page as JSON, in UTF-8 bytes (kept as such: a hit is written without encoding it again).
   * `knownVersion` is the school's data version when the request already read it (with its API
   * key, before anything of the list); otherwise it is read here, first.
   */
  async page(
    ctx: AppContext,
    iid: string,
    query: ListStudentsQuery,
    knownVersion?: string | null,
  ): Promise<Buffer> {
    const version = knownVersion ?? (await repo.dataVersion(ctx.db, iid));
    const day = service.today(ctx);
    const pageKey = this.#pages ? `${iid} ${version} ${day} ${canonical(query)}` : '';
    const hit = this.#pages?.get(pageKey);
    if (hit !== undefined) return hit;
    // What the total depends on: the school and the filter (not the sort or the page), as the
    // list's cursors name them.
    const filter = list.cursorList(iid, query);
    const kept = this.#totals.get(`${version} ${day} ${filter}`);
    const { body, counted } = await list.list(ctx, iid, query, day, kept, filter);
    if (counted) this.#totals.set(`${counted.version} ${day} ${filter}`, counted.total);
    this.#pages?.set(pageKey, body);
    return body;
  }
}

/**
 * What a kept page costs: its bytes (in memory of their own, see list.ts ownBytes), its key (two
 * bytes a character in the worst case) and the entry's own objects (the Buffer, the key's string
 * and the LRU's slots, ~200 bytes): a flood of distinct empty searches is held to LIST_CACHE_MB
 * too, not only large pages.
 */
export function entrySize(body: Buffer, key: string): number {
  return body.byteLength + 2 * key.length + 256;
}

function canonical(query: ListStudentsQuery): string {
  return JSON.stringify(Object.entries(query).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
