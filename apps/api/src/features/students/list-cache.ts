import { LRUCache } from 'lru-cache';
import type { AppContext } from '../../context.js';
import * as repo from './repository.js';
import type { ListStudentsQuery } from './schemas.js';
import * as service from './service.js';

/**
 * The serialized student pages of this process, keyed by school, query, today's date and the
 * school's data version. The version (data_versions, moved at COMMIT by a trigger whenever a
 * student or account of the school changes) is read before the page, so a page is never served
 * for a version it is older than: every instance sees a write as soon as it is committed, with
 * no invalidation messages between instances. A hit costs one primary-key read instead of the
 * page and count queries.
 */
export class StudentListCache {
  readonly #pages: LRUCache<string, string> | null;

  constructor(maxBytes: number) {
    this.#pages =
      maxBytes > 0
        ? new LRUCache<string, string>({ maxSize: maxBytes, sizeCalculation: (v) => v.length })
        : null;
  }

  /** The page as JSON text; `serialize` is the route's response serializer. */
  async page(
    ctx: AppContext,
    iid: string,
    query: ListStudentsQuery,
    serialize: (page: Awaited<ReturnType<typeof service.list>>) => string,
  ): Promise<string> {
    if (!this.#pages) return serialize(await service.list(ctx, iid, query));
    const version = await repo.dataVersion(ctx.db, iid);
    const key = `${iid} ${version} ${service.today(ctx)} ${canonical(query)}`;
    const hit = this.#pages.get(key);
    if (hit !== undefined) return hit;
    const body = serialize(await service.list(ctx, iid, query));
    this.#pages.set(key, body);
    return body;
  }
}

function canonical(query: ListStudentsQuery): string {
  return JSON.stringify(Object.entries(query).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
