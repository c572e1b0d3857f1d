import { afterAll, beforeAll } from '@jest/globals';
import { createInstitution } from './factories.js';
import { createTestApp, type TestApp } from './harness.js';

// The portal tests' world: one app per file with the school Basisschool Het Anker.

/** Starts the app and the school before the file's tests (filled in by then), closes it after. */
export function portalSchool() {
  const w = {} as { t: TestApp; iid: string };
  beforeAll(async () => {
    w.t = await createTestApp();
    w.iid = (await createInstitution(w.t.ctx, { name: 'Basisschool Het Anker' })).id;
  });
  afterAll(() => w.t.close());
  return {
    get t() {
      return w.t;
    },
    get iid() {
      return w.iid;
    },
    login: (body: Record<string, unknown>, agent = w.t.request()) =>
      agent.post('/api/v1/portal/login').send(body),
    /** A student's history, oldest first. */
    events: (sid: string) =>
      w.t.db
        .selectFrom('account_events')
        .selectAll()
        .where('student_id', '=', sid)
        .orderBy('id')
        .execute(),
  };
}
