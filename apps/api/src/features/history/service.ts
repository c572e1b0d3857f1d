import type { Actor, AppContext } from '../../context.js';
import type { Database } from '../../db/database.js';
import { assertId, notFound } from '../../platform/errors/index.js';
import * as repo from './repository.js';
import type { AccountEvent, EventKind } from './schemas.js';

export function actorColumns(actor: Actor) {
  return {
    actor_kind: actor.kind,
    actor_id: actor.id,
    actor_name: actor.kind === 'api_key' ? `API-sleutel: ${actor.name}` : actor.name,
  };
}

/** Records events; detail never carries a secret. */
export function record(
  db: Database,
  actor: Actor,
  institutionId: string,
  entries: Array<{ studentId: string; kind: EventKind; detail?: Record<string, unknown> }>,
  at?: Date,
) {
  const who = actorColumns(actor);
  return repo.insertEvents(
    db,
    entries.map((e) => ({
      institution_id: institutionId,
      student_id: e.studentId,
      kind: e.kind,
      ...who,
      detail: JSON.stringify(e.detail ?? {}),
      ...(at ? { created_at: at } : {}),
    })),
  );
}

/**
 * Credentials of these students left the system (a file, or the result screen again): one
 * `exported` event each, with the same detail (the format and where from).
 */
export function recordExported(
  db: Database,
  actor: Actor,
  institutionId: string,
  studentIds: string[],
  detail: Record<string, unknown>,
  at?: Date,
) {
  return record(
    db,
    actor,
    institutionId,
    studentIds.map((studentId) => ({ studentId, kind: 'exported' as const, detail })),
    at,
  );
}

export async function history(
  ctx: AppContext,
  iid: string,
  sid: string,
  page: number,
  pageSize: number,
) {
  assertId(sid, 'Student');
  const student = await repo.findStudentId(ctx.db, iid, sid);
  if (!student) throw notFound('Student');
  const [rows, total] = await Promise.all([
    repo.listEvents(ctx.db, iid, sid, pageSize, (page - 1) * pageSize),
    repo.countEvents(ctx.db, iid, sid),
  ]);
  const items: AccountEvent[] = rows.map((r) => ({
    id: String(r.id),
    kind: r.kind,
    actor: { kind: r.actor_kind as AccountEvent['actor']['kind'], name: r.actor_name },
    detail: r.detail,
    createdAt: r.created_at.toISOString(),
  }));
  return { items, total, page, pageSize };
}
